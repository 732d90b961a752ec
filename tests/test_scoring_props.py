"""Properties of the score over many rounds: bounded, blind to card and role names, and the same
after a save and a load.
"""

from __future__ import annotations

import tempfile
from datetime import UTC, datetime
from pathlib import Path
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game.demo import play_round
from sammenspil.game.events import Event
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import handle, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.saves import Round, load_round
from sammenspil.scoring.report import ScoreReport, score_table
from scoring_support import (
    random_round,
    refold,
    rename_deck,
    rename_event,
    standard_play,
    tiny_deck,
)

DECKS = Path(__file__).resolve().parent.parent / "decks"
BUNDLED = {path.name: load_deck(path)[0] for path in sorted(DECKS.glob("*.toml"))}
ALL_DECKS = {**BUNDLED, "tiny.en": tiny_deck("en"), "tiny.da": tiny_deck("da")}

FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])

seeds = st.integers(min_value=0, max_value=2**63 - 1)
players = st.integers(min_value=1, max_value=12)
deck_names = st.sampled_from(sorted(ALL_DECKS))


def demo_round(deck: Deck, seed: int, count: int) -> tuple[Table, list[Event]]:
    """The scripted demo players, logging every event as a save would."""
    table = new_table(deck, table_id="demo", name="Demo", seed=seed)
    log: list[Event] = []
    state = {"table": table}

    def submit(command):  # type: ignore[no-untyped-def]
        result = handle(state["table"], command)
        if isinstance(result, Refusal):
            return result
        state["table"], events = result
        log.extend(events)
        return state["table"]

    return play_round(table, submit, players=count), log


def assert_bounded(report: ScoreReport) -> None:
    for h in report.heuristics:
        assert h.score is None or 0.0 <= h.score <= 100.0, (h.name, h.score)
    assert report.total is None or 0.0 <= report.total <= 100.0


@FAST
@given(deck=deck_names, seed=seeds, count=players)
def test_random_rounds_score_within_0_and_100(deck: str, seed: int, count: int) -> None:
    table, _ = random_round(ALL_DECKS[deck], seed, count)
    report = score_table(table)
    assert_bounded(report)
    assert report.total is not None  # every role ranks, so deliberation always applies


@FAST
@given(deck=st.sampled_from(sorted(BUNDLED)), seed=seeds, count=players)
def test_demo_rounds_score_within_0_and_100(deck: str, seed: int, count: int) -> None:
    table, _ = demo_round(BUNDLED[deck], seed, count)
    assert table.phase is Phase.SCORED
    assert_bounded(score_table(table))


@st.composite
def renamings(draw: st.DrawFn, deck: Deck) -> dict[str, dict[str, str]]:
    """A bijection per kind of card: a shuffle of the deck's own ids, or all new ones."""
    out: dict[str, dict[str, str]] = {}
    for kind, cards in (
        ("role", deck.roles),
        ("problem", deck.problems),
        ("remedy", deck.remedies),
        ("dilemma", deck.dilemmas),
    ):
        ids = [card.id for card in cards]
        if draw(st.booleans()):
            new = draw(st.permutations(ids))
        else:
            new = [f"{kind}-x{i}" for i in draw(st.permutations(range(len(ids))))]
        out[kind] = dict(zip(ids, new, strict=True))
    return out


def check_renaming_keeps_scores(table: Table, log: list[Event], mapping: dict) -> None:
    deck = rename_deck(table.deck, mapping)
    renamed = refold(table, deck, [rename_event(event, mapping) for event in log])
    # the renamed round really is the same round under other names
    assert renamed.problems == [mapping["problem"][p] for p in table.problems]
    assert len(renamed.live_placements()) == len(table.live_placements())
    before, after = score_table(table), score_table(renamed)
    assert before.same_scores(after) == []
    assert after.joint == [mapping["problem"][p] for p in before.joint]
    for a, b in zip(before.heuristics, after.heuristics, strict=True):
        assert a.details == b.details, a.name


@FAST
@given(data=st.data(), deck=deck_names, seed=seeds, count=players)
def test_renaming_cards_and_roles_changes_no_score(
    data: st.DataObject, deck: str, seed: int, count: int
) -> None:
    table, log = random_round(ALL_DECKS[deck], seed, count)
    check_renaming_keeps_scores(table, log, data.draw(renamings(table.deck)))


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), deck=st.sampled_from(sorted(BUNDLED)), seed=seeds, count=players)
def test_renaming_keeps_the_scores_of_demo_rounds(
    data: st.DataObject, deck: str, seed: int, count: int
) -> None:
    table, log = demo_round(BUNDLED[deck], seed, count)
    check_renaming_keeps_scores(table, log, data.draw(renamings(table.deck)))


def test_renaming_the_standard_round_against_its_tie_breaks() -> None:
    """The standard round's joint ranking rests on two ties (see scoring_support); giving each
    tied pair the other's id, and the roles each other's, must change no number at all."""
    play = standard_play()
    mapping = {
        "role": {"state": "region", "region": "municipality", "municipality": "state"},
        "problem": {"handover": "silos", "silos": "handover", "rules": "goals", "goals": "rules"},
        "remedy": {r.id: f"r-{r.id}" for r in play.table.deck.remedies},
        "dilemma": {"levels": "speed", "speed": "levels"},
    }
    check_renaming_keeps_scores(play.table, play.log, mapping)
    renamed = score_table(
        refold(
            play.table,
            rename_deck(play.table.deck, mapping),
            [rename_event(e, mapping) for e in play.log],
        )
    )
    assert renamed.joint == ["silos", "handover", "goals", "rules"]
    assert renamed.get("coverage").lines == play.score().get("coverage").lines


FIXED = datetime(2025, 3, 1, 9, 30, tzinfo=UTC)


def _store(table: Table) -> ScoreReport:
    return score_table(table)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(deck=st.sampled_from(sorted(BUNDLED)), seed=seeds, count=st.integers(1, 8))
def test_a_saved_and_loaded_round_scores_the_same(deck: str, seed: int, count: int) -> None:
    # fsync makes every event cost a disk flush; durability is the save tests' business
    with tempfile.TemporaryDirectory() as folder, mock.patch("os.fsync"):
        round_ = Round.create(
            BUNDLED[deck],
            table_name="Bord 1",
            seed=seed,
            saves_dir=Path(folder),
            round_id="abcd1234",
            clock=lambda: FIXED,
            scorer=_store,
        )
        table = play_round(round_.table, round_.submit, players=count)
        loaded = load_round(round_.path)
        assert loaded.table == table
        before, after = score_table(table), score_table(loaded.table)
        assert before.same_scores(after) == []
        assert before == after  # lines and suggestions too
        stored = ScoreReport.model_validate(loaded.save.result)
        assert stored.same_scores(after) == []
        assert stored.total == after.total


PLACEMENT_HEURISTICS = ("coverage", "focus", "pace", "culture", "simplicity")


@FAST
@given(deck=deck_names, seed=seeds, count=players)
def test_nothing_placed_past_respond_scores_zero_not_na(deck: str, seed: int, count: int) -> None:
    table, _ = random_round(ALL_DECKS[deck], seed, count)
    if table.live_placements():
        return
    report = score_table(table)
    # A round locked straight after the reveal never had a respond phase to pass.
    had_respond = table.locked_from in (Phase.RESPOND, Phase.DILEMMAS)
    for name in PLACEMENT_HEURISTICS:
        found = report.get(name)
        assert found is not None, name
        if had_respond:
            assert found.score == 0.0, (name, found)
        else:
            assert found.score is None, (name, found)


WORDS = st.sampled_from(
    ["we", "the", "citizen", "handover", "silos", "borgeren", "kommunerne", "lorem", "pilot", "x"]
)
TEXTS = st.lists(st.lists(WORDS, max_size=9).map(" ".join), min_size=1, max_size=12)


@FAST
@given(texts=TEXTS, language=st.sampled_from(["en", "da"]))
def test_a_copy_of_an_earlier_text_never_counts_as_argued(texts: list[str], language: str) -> None:
    from sammenspil.scoring.substantive import Judge, Said, Vocabulary

    deck = tiny_deck(language)
    judge = Judge(Vocabulary(deck), deck.rules.argument_min_words)
    again = Judge(Vocabulary(deck), deck.rules.argument_min_words)
    seen: set[str] = set()
    for text in texts:
        verdict = judge.judge(text, ("handover", "pilot"))
        assert verdict == again.judge(text, ("handover", "pilot"))  # the same texts, the same
        if text in seen:
            assert verdict is not Said.ARGUED, text
        seen.add(text)
