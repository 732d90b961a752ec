"""The one rule for whether a text argues (``scoring.substantive``): players' own wording passes
in both languages; filler, lorem ipsum, repeats and templates with card titles slotted in do not.
The examples are the ones docs/scoring.md gives for the threshold.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import cycle
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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
    words,
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


# --- masking titles ------------------------------------------------------------------------------


def titles_pattern_mask(deck: Deck, text: str) -> str:
    """The masking as it was written first: one alternation of every title, longest first."""
    titles = [p.title for p in deck.problems] + [r.title for r in deck.remedies]
    titles += [t for d in deck.dilemmas for t in (d.question, d.left, d.right)]
    titles += [role.name for role in deck.roles]
    phrases = sorted(
        {r"\W+".join(map(re.escape, ws)) for t in titles if (ws := words(t))},
        key=len,
        reverse=True,
    )
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(phrases) + r")(?!\w)")
    return pattern.sub(" xxcardxx ", text.casefold())


def deck_titled(titles: list[str]) -> Deck:
    """The English deck with every title, question, pole and role name taken from ``titles``."""
    base = bundled("en")
    pick = cycle(titles)
    return base.model_copy(
        update={
            "problems": [p.model_copy(update={"title": next(pick)}) for p in base.problems[:3]],
            "remedies": [r.model_copy(update={"title": next(pick)}) for r in base.remedies[:3]],
            "dilemmas": [
                d.model_copy(update={"question": next(pick), "left": next(pick)})
                for d in base.dilemmas[:2]
            ],
            "roles": [r.model_copy(update={"name": next(pick)}) for r in base.roles],
        }
    )


WORDS = st.sampled_from(["ab", "abc", "b", "Æble", "STRASSE", "straße", "x1", "İd", "_u", "ab_c"])
SEPARATORS = st.sampled_from([" ", "-", ", ", "1", "_", "\n", "\u0307", "'", ""])
PHRASES = st.lists(st.tuples(WORDS, SEPARATORS), min_size=1, max_size=4).map(
    lambda parts: "".join(w + s for w, s in parts)
)


@settings(max_examples=300, deadline=None)
@given(titles=st.lists(PHRASES, min_size=1, max_size=6), text=PHRASES | st.text(max_size=40))
def test_titles_are_masked_as_the_one_pattern_of_every_title_masked_them(
    titles: list[str], text: str
) -> None:
    deck = deck_titled(titles)
    vocabulary = Vocabulary(deck)
    for said in (text, " ".join(titles), f"{text} {titles[0]}.{text}"):
        assert vocabulary._mask_titles(said.casefold()) == titles_pattern_mask(deck, said)


def test_masking_the_bundled_decks_own_texts_is_unchanged() -> None:
    for language in ("da", "en"):
        deck = bundled(language)
        vocabulary = Vocabulary(deck)
        texts = [f"{p.title} {p.text}" for p in deck.problems]
        texts += [f"{r.title}: {r.text} ({r.title.upper()})" for r in deck.remedies]
        for text in texts:
            assert vocabulary._mask_titles(text.casefold()) == titles_pattern_mask(deck, text)
            assert " xxcardxx " in vocabulary._mask_titles(text.casefold())
