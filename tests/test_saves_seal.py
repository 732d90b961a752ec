"""The seal on a save, and the listing that reads a sealed save's header instead of replaying it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from sammenspil.deck.loader import load_deck
from sammenspil.game import events as e
from sammenspil.game.demo import play_round
from sammenspil.game.state import Phase, Table
from sammenspil.saves import Round, SaveSummary, journal_path, list_saves, load_round, read_save
from sammenspil.saves import listing as listing_module
from sammenspil.saves.journal import last_seq
from sammenspil.saves.seal import SEAL_PREFIX, seal, sealed_body
from sammenspil.scoring.report import ScoreReport, score_table

ROOT = Path(__file__).resolve().parents[1]


def scorer(table: Table) -> ScoreReport:
    return score_table(table)


def played(folder: Path, name: str = "Played", seed: int = 3) -> Round:
    deck, _ = load_deck(ROOT / "decks" / "coherence.en.toml")
    round_ = Round.create(deck, table_name=name, seed=seed, saves_dir=folder, scorer=scorer)
    play_round(round_.table, round_.submit)
    round_.close()
    return round_


def replayed(folder: Path) -> list[SaveSummary]:
    """The listing as it was before the seal: every save replayed."""
    real = listing_module._from_seal
    listing_module._from_seal = lambda path, scorer: None  # type: ignore[assignment]
    try:
        return list_saves(folder, scorer=scorer)
    finally:
        listing_module._from_seal = real


def never_replayed(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: Any, **kwargs: Any) -> Round:
        raise AssertionError("the listing replayed a sealed save")

    monkeypatch.setattr(listing_module, "load_round", refuse)


# --- the seal ----------------------------------------------------------------------------------


def test_a_seal_holds_for_the_text_it_was_made_for_and_for_nothing_else() -> None:
    body = 'format = 1\n\n[meta]\ntable = "Bord"\n'
    sealed = seal(body)
    assert sealed.startswith(SEAL_PREFIX) and sealed.endswith(body)
    assert sealed_body(sealed) == body
    assert sealed_body(sealed.replace("Bord", "Bort")) is None  # an edit below the seal
    assert sealed_body(sealed.replace(SEAL_PREFIX, SEAL_PREFIX + "0", 1)) is None
    assert sealed_body(body) is None  # never sealed
    assert sealed_body(sealed.split("\n")[0]) is None  # the seal line alone


def test_a_save_is_written_sealed_and_reads_as_before(tmp_path: Path) -> None:
    round_ = played(tmp_path)
    text = round_.path.read_text("utf-8")
    assert sealed_body(text) is not None
    save, _ = read_save(round_.path)
    assert save == round_.save
    assert load_round(round_.path).table == round_.table


# --- the listing from the header ---------------------------------------------------------------


def test_a_sealed_save_is_listed_from_its_header_as_the_replay_would_list_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    played(tmp_path, "Scored", seed=3)
    lobby = Round.create(
        load_round(next(tmp_path.glob("*.toml"))).save.deck,
        table_name="Waiting",
        seed=4,
        saves_dir=tmp_path,
    )
    lobby.record([e.PlayerJoined(player="ann"), e.PlayerJoined(player="eve", spectator=True)])
    lobby.close()  # the file holds every event, so the journal adds nothing
    before = replayed(tmp_path)
    never_replayed(monkeypatch)
    after = list_saves(tmp_path, scorer=scorer)
    assert after == before
    by_table = {s.meta.table: s for s in after if s.meta}
    assert by_table["Scored"].meta is not None and by_table["Scored"].meta.phase is Phase.SCORED
    assert by_table["Scored"].total is not None
    assert by_table["Waiting"].players == 1 and by_table["Waiting"].total is None


def test_an_edited_header_breaks_the_seal_and_the_save_is_replayed(tmp_path: Path) -> None:
    round_ = played(tmp_path)
    text = round_.path.read_text("utf-8")
    round_.path.write_text(text.replace('phase = "scored"', 'phase = "lobby"', 1), "utf-8")
    [summary] = list_saves(tmp_path, scorer=scorer)
    assert summary.meta is not None and summary.meta.phase is Phase.SCORED  # the replay's


def test_an_edited_score_is_not_sealed_again_when_the_round_is_loaded_and_written(
    tmp_path: Path,
) -> None:
    round_ = played(tmp_path)
    true_total = score_table(round_.table).total
    text = round_.path.read_text("utf-8").split("\n", 1)[1]  # without the seal: hand-edited
    edited = text.replace(f"total = {true_total!r}", "total = 99.9", 1)
    assert edited != text
    round_.path.write_text(edited, "utf-8")
    loaded = load_round(round_.path, scorer=scorer)
    assert loaded.save.result is not None and loaded.save.result.total == true_total
    loaded.write()
    [summary] = list_saves(tmp_path, scorer=scorer)
    assert summary.total == true_total and summary.stored_total == true_total


def test_journal_events_the_file_does_not_hold_yet_are_replayed(tmp_path: Path) -> None:
    deck, _ = load_deck(ROOT / "decks" / "coherence.en.toml")
    round_ = Round.create(deck, table_name="Live", seed=1, saves_dir=tmp_path)
    round_.record([e.PlayerJoined(player="ann")])  # in the journal only: no phase change
    assert sealed_body(round_.path.read_text("utf-8")) is not None
    [summary] = list_saves(tmp_path)
    assert summary.players == 1
    assert summary.meta is not None and summary.meta.updated == round_.save.events[-1].at
    round_.close()


def test_an_unsealed_save_from_before_the_seal_is_replayed(tmp_path: Path) -> None:
    round_ = played(tmp_path)
    round_.path.write_text(round_.path.read_text("utf-8").split("\n", 1)[1], "utf-8")
    [summary] = list_saves(tmp_path, scorer=scorer)
    [expected] = replayed(tmp_path)
    assert summary == expected and summary.total is not None


def test_a_stored_score_under_other_rules_is_recomputed_not_shown(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = played(tmp_path)
    assert round_.save.result is not None
    monkeypatch.setattr(ScoreReport, "current", property(lambda self: False))
    calls: list[Table] = []

    def counting(table: Table) -> ScoreReport:
        calls.append(table)
        return score_table(table)

    [summary] = list_saves(tmp_path, scorer=counting)
    assert calls and summary.total == round_.save.result.total


# --- the journal's last record -------------------------------------------------------------------


def test_last_seq_reads_the_end_of_the_journal(tmp_path: Path) -> None:
    deck, _ = load_deck(ROOT / "decks" / "coherence.en.toml")
    round_ = Round.create(deck, table_name="Live", seed=1, saves_dir=tmp_path)
    journal = journal_path(round_.path)
    assert last_seq(journal) == 0  # none yet
    round_.record([e.PlayerJoined(player="ann"), e.PlayerJoined(player="ben")])
    round_.record([e.PlayerJoined(player="cay")])
    assert last_seq(journal) == 3
    with journal.open("ab") as torn:
        torn.write(b"12 0000")
    assert last_seq(journal) is None  # torn: only the whole read can say
    round_.close()
