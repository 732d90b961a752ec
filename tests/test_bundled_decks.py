"""The decks shipped with the program: clean under --strict, big enough to play, and the Danish
and English editions the same game in two languages."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sammenspil.deck.catalog import bundled_deck_dir, default_deck_ref
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.scoring.registry import heuristic_names

BUNDLED = sorted(bundled_deck_dir().glob("*.toml"))


def _load(path: Path) -> Deck:
    deck, warnings = load_deck(path, heuristics=heuristic_names(), strict=True)
    assert warnings == [], [w.render() for w in warnings]
    return deck


def _by_id(ref: str) -> Deck:
    decks = [d for d in map(_load, BUNDLED) if d.id == ref]
    assert len(decks) == 1, f"expected one bundled deck with id {ref!r}"
    return decks[0]


def _structure(deck: Deck) -> dict[str, Any]:
    """Everything about a deck that must not change in translation."""
    return {
        "format": deck.format,
        "version": deck.version,
        "rules": deck.rules.model_dump(),
        "scoring": deck.scoring.model_dump(),
        "roles": [r.id for r in deck.roles],
        "problems": [(p.id, p.levels, p.tags) for p in deck.problems],
        "remedies": [
            (r.id, r.addresses, r.owners, r.kind, r.pace, r.effort) for r in deck.remedies
        ],
        "dilemmas": [d.id for d in deck.dilemmas],
    }


def test_both_editions_are_bundled() -> None:
    assert len(BUNDLED) >= 2, f"no decks in {bundled_deck_dir()}"
    languages = {_load(p).language for p in BUNDLED}
    assert {"da", "en"} <= languages


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_bundled_deck_is_clean_and_big_enough(path: Path) -> None:
    deck = _load(path)
    assert len(deck.problems) >= 9
    assert len(deck.remedies) >= 18
    assert len(deck.dilemmas) >= 6
    assert [r.id for r in deck.roles] == ["state", "region", "municipality"]
    # The default deal fits, with room left to draw from.
    assert deck.rules.problems <= len(deck.problems)
    assert deck.rules.hand * len(deck.roles) <= len(deck.remedies)
    assert deck.rules.dilemmas <= len(deck.dilemmas)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_every_reference_resolves(path: Path) -> None:
    deck = _load(path)
    problem_ids = {p.id for p in deck.problems}
    role_ids = {r.id for r in deck.roles}
    for remedy in deck.remedies:
        addressed = deck.addressed_problems(remedy)
        assert addressed, f"{remedy.id} addresses nothing"
        assert addressed <= problem_ids, f"{remedy.id}: {addressed - problem_ids}"
        for ref in remedy.addresses:
            if ref.startswith("tag:"):  # every tag it names reaches at least one problem
                assert any(ref[4:] in p.tags for p in deck.problems), f"{remedy.id}: {ref}"
        assert set(remedy.owners) <= role_ids
        assert remedy.owners
    for problem in deck.problems:
        assert set(problem.levels) <= role_ids
    addressed_somewhere = set().union(*(deck.addressed_problems(r) for r in deck.remedies))
    assert addressed_somewhere == problem_ids
    for heuristic in deck.scoring.weights:
        assert heuristic in heuristic_names()


def test_danish_and_english_editions_are_the_same_game() -> None:
    da = _by_id(default_deck_ref("da"))
    en = _by_id(default_deck_ref("en"))
    assert (da.language, en.language) == ("da", "en")
    assert _structure(da) == _structure(en)
    # ...and a translation, not a copy.
    same_titles = [
        p.id for p, q in zip(da.problems, en.problems, strict=True) if p.title == q.title
    ]
    assert same_titles == []
    assert [d.question for d in da.dilemmas] != [d.question for d in en.dilemmas]


def test_a_missing_card_id_is_a_key_error_naming_it() -> None:
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    assert deck.remedy(deck.remedies[0].id) is deck.remedies[0]
    for lookup in (deck.role, deck.problem, deck.remedy, deck.dilemma):
        with pytest.raises(KeyError, match="no-such-card"):
            lookup("no-such-card")
