"""The one rule for whether a text argues (``scoring.substantive``): players' own wording passes
in both languages; filler, lorem ipsum, repeats and templates with card titles slotted in do not.
The examples are the ones docs/scoring.md gives for the threshold.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import pytest

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.scoring.substantive import (
    NEAR_REPEAT,
    Judge,
    Said,
    Vocabulary,
    same_word,
    substantive,
)


@cache
def bundled(language: str) -> Deck:
    decks = [load_deck(Path(p))[0] for p in sorted(bundled_deck_dir().glob("*.toml"))]
    return next(d for d in decks if d.language == language)


def similarity(language: str, a: str, b: str) -> float:
    vocabulary = Vocabulary(bundled(language))
    x, y = vocabulary.shingles(a), vocabulary.shingles(b)
    return len(x & y) / len(x | y)


# --- same word ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("kommunen", "kommunerne", True),  # Danish inflection: 7 letters, 7 of 8
        ("borger", "borgerne", True),  # 6 of 6
        ("sundhed", "sundhedsvæsenet", True),  # 7 of 7
        ("regions", "region", True),  # an English plural
        ("consectetur", "consequences", False),  # lorem ipsum: only 5 letters in common
        ("standard", "standpoint", False),  # 5 letters
        ("organisation", "organisere", False),  # 7 letters, but not 3/4 of 10
    ],
)
def test_same_word(a: str, b: str, same: bool) -> None:
    assert same_word(a, b) is same


# --- near-repeats ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        (
            "en",
            "We place Secondments across authorities on The citizen is passed between "
            "authorities because it matters for all of us.",
            "We place Remove rules before writing new ones on Rules piled on rules because it "
            "matters for all of us.",
        ),
        (
            "da",
            "Vi lægger Praktikophold på tværs på Borgeren flyttes mellem myndigheder, fordi det "
            "betyder noget for os alle.",
            "Vi lægger Fjern regler, før nye skrives på Regler lægges oven på regler, fordi det "
            "betyder noget for os alle.",
        ),
    ],
)
def test_a_template_with_other_titles_slotted_in_is_a_near_repeat(
    language: str, first: str, second: str
) -> None:
    assert similarity(language, first, second) >= NEAR_REPEAT


@pytest.mark.parametrize(
    ("language", "first", "second"),
    [
        (
            "en",
            "We can start small on the handover and learn before we scale it up.",
            "We can start small with the pilot and learn what works first.",
        ),
        (
            "en",
            "This is where most cases get lost between us",
            "Most cases get lost right here, between the regions and us",
        ),
        (
            "da",
            "Vi kan starte i det små med overgangene og lære, før vi skalerer op.",
            "Vi kan starte i det små med piloten og lære, hvad der virker.",
        ),
        (
            "da",
            "Praktikophold lader vores medarbejdere se overgangen fra den anden side.",
            "Praktikophold lader regionerne se, hvordan kommunerne faktisk arbejder.",
        ),
    ],
)
def test_players_own_wording_is_not_a_repeat_even_with_a_shared_opening(
    language: str, first: str, second: str
) -> None:
    assert similarity(language, first, second) < NEAR_REPEAT


# --- the whole rule ----------------------------------------------------------------------------

REAL = {
    "en": [
        ("We can try it in two municipalities next month, with no extra money.", "pilot-first"),
        (
            "The regions would send nurses, and we would learn their side of the handover.",
            "secondments",
        ),
        ("Fewer goals from the ministry would free our leaders to steer.", "few-goals"),
    ],
    "da": [
        ("Vi kan afprøve det i to kommuner næste måned uden ekstra penge.", "pilot-first"),
        ("Regionerne sender sygeplejersker, og vi lærer deres side af overgangen.", "secondments"),
        ("Færre mål fra ministeriet giver vores ledere plads til at styre.", "few-goals"),
    ],
}


@pytest.mark.parametrize("language", ["en", "da"])
def test_realistic_arguments_pass_in_both_languages(language: str) -> None:
    deck = bundled(language)
    judge = Judge(Vocabulary(deck), deck.rules.argument_min_words)
    for text, remedy in REAL[language]:
        assert judge.judge(text, (remedy, "handover")) is Said.ARGUED, text


@pytest.mark.parametrize("language", ["en", "da"])
def test_filler_does_not_argue(language: str) -> None:
    deck = bundled(language)
    judge = Judge(Vocabulary(deck), deck.rules.argument_min_words)
    lorem = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
    assert judge.judge(lorem, ("pilot-first", "handover")) is Said.OFF_TOPIC
    assert judge.judge("we think this good", ("pilot-first", "handover")) is Said.OFF_TOPIC
    assert judge.judge("yes", ("pilot-first", "handover")) is Said.SHORT
    assert judge.judge("  ", ("pilot-first", "handover")) is Said.EMPTY
    own = REAL[language][0][0]
    assert judge.judge(own, ("pilot-first", "handover")) is Said.ARGUED
    # pasted again, or again with one word changed: said, but not argued
    assert judge.judge(own, ("pilot-first", "handover")) is Said.REPEAT
    assert judge.judge(own.replace("month", "week"), ("pilot-first",)) is Said.REPEAT


def test_naming_a_role_is_about_something() -> None:
    deck = bundled("da")
    assert substantive(
        "Det her kræver, at kommunerne og staten taler sammen først",
        about=("cyber-threat",),
        deck=deck,
    )


def test_a_ranking_argues_about_the_problems_it_puts_on_top() -> None:
    deck = bundled("en")
    text = "Doctors are scarce outside the big cities, we see it every week"
    assert substantive(text, about=("talent-shortage",), deck=deck)
    assert not substantive(text, about=("rule-thicket",), deck=deck)


def test_an_earlier_text_by_anyone_makes_a_copy_a_repeat() -> None:
    deck = bundled("en")
    text = "Doctors are scarce outside the big cities, we see it every week"
    assert not substantive(text, about=("talent-shortage",), deck=deck, earlier=[text])
