"""The quick path of the text rule answers exactly as the character-by-character rule does."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from sammenspil.game.text import first_unsafe, printable, unsafe_char

# Every kind of character the rule speaks of, often: controls, bidi marks, line breaks, tabs,
# no-break spaces, private-use, unassigned and surrogate code points, and plain letters.
SPECIAL = st.sampled_from(
    [
        "\x1b",
        "\x07",
        "\x9b",
        "\n",
        "\r",
        "\t",
        "\u00a0",
        "\u2028",
        "\u202e",
        "\u2066",
        "\u200e",
        "\ue000",
        "\U000e0001",
        "\u0378",
        "\ud800",
        "æ",
        "a",
        " ",
    ]
)
TEXT = st.lists(st.one_of(SPECIAL, st.characters()), max_size=40).map("".join)


@given(TEXT, st.booleans())
def test_first_unsafe_is_the_first_character_the_rule_refuses(text: str, multiline: bool) -> None:
    slow = next((ch for ch in text if unsafe_char(ch, multiline=multiline)), None)
    assert first_unsafe(text, multiline=multiline) == slow


@given(TEXT, st.booleans())
def test_printable_shows_every_refused_character_as_an_escape(text: str, multiline: bool) -> None:
    shown = printable(text, multiline=multiline)
    assert first_unsafe(shown, multiline=multiline) is None
    if first_unsafe(text, multiline=multiline) is None:
        assert shown == text
