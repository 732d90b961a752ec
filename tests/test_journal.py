"""The journal beside a save: durable batches, torn tails, damage, rebuilding the TOML file, and
saves held to the limits of play."""

from __future__ import annotations

import errno
import os
import re
import shutil
import stat
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import tomli_w

from sammenspil.deck import toml_text
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.demo import play_round
from sammenspil.game.events import PlayerJoined
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import fold, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.saves import (
    MAX_EVENTS,
    MAX_SAVE_BYTES,
    Round,
    SaveError,
    journal_path,
    list_saves,
    load_round,
    read_save,
)
from sammenspil.saves import journal as journal_module
from sammenspil.saves import round as round_module
from sammenspil.scoring.report import ScoreReport, score_table

ROOT = Path(__file__).resolve().parents[1]
T0 = datetime(2024, 5, 17, 9, 30, tzinfo=UTC)


@cache
def deck() -> Deck:
    loaded, _warnings = load_deck(ROOT / "decks" / "coherence.en.toml")
    return loaded


def ticking(start: datetime = T0) -> Callable[[], datetime]:
    times: Iterator[datetime] = (start + timedelta(seconds=i) for i in range(10**9))
    return lambda: next(times)


def scorer(table: Table) -> ScoreReport:
    return score_table(table)


def new_round(folder: Path, **kwargs: Any) -> Round:
    kwargs.setdefault("table_name", "Table 1")
    kwargs.setdefault("seed", 5)
    kwargs.setdefault("clock", ticking())
    return Round.create(deck(), saves_dir=folder, **kwargs)


def submit_all(round_: Round, *commands: c.Command) -> None:
    for command in commands:
        out = round_.submit(command)
        assert not isinstance(out, Refusal), out


def lobby(folder: Path, **kwargs: Any) -> Round:
    """A round in the lobby: every batch is in the journal, none yet in the TOML file."""
    round_ = new_round(folder, **kwargs)
    submit_all(
        round_,
        c.Join(player="ann"),
        c.Join(player="ben"),
        c.ChooseRole(player="ann", role="state"),
        c.Join(player="cay"),
    )
    return round_


def fresh(round_: Round) -> Table:
    meta = round_.save.meta
    return new_table(
        round_.save.deck,
        table_id=meta.id,
        name=meta.table,
        seed=meta.seed,
        **meta.settings.model_dump(),
    )


def toml_events(path: Path) -> int:
    return len(tomllib.loads(path.read_text("utf-8")).get("events", []))


def record_starts(data: bytes) -> list[int]:
    """The byte offset where each journal record starts."""
    return [0, *(i + 1 for i, byte in enumerate(data[:-1]) if byte == ord("\n"))]


def copy_round(round_: Round, folder: Path, journal: bytes) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / round_.path.name
    shutil.copyfile(round_.path, path)
    journal_path(path).write_bytes(journal)
    return path


# --- durable, or nothing changed ---------------------------------------------------------------


def test_a_failed_write_changes_nothing_and_the_next_one_replays(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = new_round(tmp_path)
    submit_all(round_, c.Join(player="ann"))
    table, save = round_.table, round_.save
    files = (round_.path.read_bytes(), journal_path(round_.path).read_bytes())

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdatasync", full)
    with pytest.raises(OSError, match="No space left"):
        round_.submit(c.Join(player="ben"))
    assert round_.table is table and round_.save is save  # nothing changed in memory...
    assert (
        round_.path.read_bytes(),
        journal_path(round_.path).read_bytes(),
    ) == files  # ...or on disk
    monkeypatch.undo()

    # The same command again is accepted (no "ben joined twice"), and the round replays.
    submit_all(round_, c.Join(player="ben"), c.ChooseRole(player="ben", role="region"))
    loaded = load_round(round_.path)
    assert loaded.table == round_.table
    assert [e.event for e in loaded.save.events] == [e.event for e in round_.save.events]
    assert [e.seq for e in loaded.save.events] == [1, 2, 3]


def test_a_refused_batch_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    round_ = lobby(tmp_path)
    before = journal_path(round_.path).read_bytes()
    table = round_.table
    with pytest.raises(Exception, match="ann"):
        round_.record([PlayerJoined(player="ann")])  # does not apply: ann sits at the table
    monkeypatch.setattr(round_module, "MAX_EVENTS", len(round_.save.events))
    with pytest.raises(SaveError, match="at most 4"):
        round_.record([PlayerJoined(player="dan")])
    assert round_.table is table
    assert journal_path(round_.path).read_bytes() == before


def test_batches_go_to_the_journal_and_the_toml_file_at_phase_changes(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    data = journal_path(round_.path).read_bytes()
    assert len(record_starts(data)) == 1 + 4  # a header, then one record per accepted command
    assert data.endswith(b"\n")
    assert toml_events(round_.path) == 0
    submit_all(round_, c.ChooseRole(player="ben", role="region"), c.Start(player="ann"))
    assert toml_events(round_.path) == len(round_.save.events) == round_.table.version
    # The journal is kept after a checkpoint: a reader's TOML and journal always fit together.
    assert journal_path(round_.path).read_bytes().startswith(data)
    submit_all(round_, c.Leave(player="cay"))
    assert toml_events(round_.path) < len(round_.save.events)
    round_.close()
    assert toml_events(round_.path) == len(round_.save.events)
    assert load_round(round_.path).table == round_.table


def test_with_closes_the_round_and_brings_the_toml_file_up_to_date(tmp_path: Path) -> None:
    with new_round(tmp_path) as round_:
        submit_all(round_, c.Join(player="ann"))
        assert toml_events(round_.path) == 0
    assert toml_events(round_.path) == 1


def test_a_failed_checkpoint_keeps_the_batch_and_is_tried_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = lobby(tmp_path)
    submit_all(round_, c.ChooseRole(player="ben", role="region"))

    def refuse(path: Path, text: str) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(round_module, "write_atomic", refuse)
    submit_all(round_, c.Start(player="ann"))  # accepted: the batch is in the journal
    assert round_.checkpoint_problem is not None and "Input/output" in round_.checkpoint_problem
    assert round_.table.phase is Phase.RANK
    assert toml_events(round_.path) == 0
    assert load_round(round_.path).table == round_.table
    monkeypatch.undo()
    ranking = c.SubmitRanking(player="ann", order=list(round_.table.problems))
    submit_all(round_, ranking)
    assert round_.checkpoint_problem is None
    assert toml_events(round_.path) == len(round_.save.events)


# --- torn and damaged journals -----------------------------------------------------------------


def test_a_journal_torn_at_every_byte_of_its_last_record_loads_the_batches_before(
    tmp_path: Path,
) -> None:
    round_ = lobby(tmp_path / "live")
    data = journal_path(round_.path).read_bytes()
    last = record_starts(data)[-1]
    before = len(round_.save.events) - 1  # the last command made one event
    expected = fold(fresh(round_), [e.event for e in round_.save.events[:before]])
    path = copy_round(round_, tmp_path / "copy", b"")
    journal = journal_path(path)
    for cut in range(last, len(data)):
        journal.write_bytes(data[:cut])
        loaded = load_round(path)
        assert len(loaded.save.events) == before, cut
        assert loaded.table == expected, cut
        assert journal.read_bytes() == data[:cut]  # a reader writes nothing
    # A damaged last record (whole, but its checksum fails) is a torn one too.
    damaged = data[:-3] + bytes([data[-3] ^ 0x01]) + data[-2:]
    journal.write_bytes(damaged)
    assert len(load_round(path).save.events) == before


def test_taking_a_round_over_cuts_the_torn_record_and_goes_on(tmp_path: Path) -> None:
    round_ = lobby(tmp_path / "live")
    data = journal_path(round_.path).read_bytes()
    whole = record_starts(data)[-1]
    for tidy in (True, False):
        path = copy_round(round_, tmp_path / f"tidy-{tidy}", data[:-7])
        taken = load_round(path, tidy=tidy, clock=ticking(T0 + timedelta(hours=1)))
        if tidy:
            assert journal_path(path).read_bytes() == data[:whole]
        # The next batch follows the last whole record, not the torn bytes.
        submit_all(taken, c.Join(player="dee"))
        again = load_round(path)
        assert again.table == taken.table
        assert [e.event.player for e in again.save.events if isinstance(e.event, PlayerJoined)] == [
            "ann",
            "ben",
            "dee",
        ]


def test_a_damaged_record_before_the_last_is_a_located_error(tmp_path: Path) -> None:
    round_ = lobby(tmp_path / "live")
    data = journal_path(round_.path).read_bytes()
    starts = record_starts(data)
    middle = starts[2] + 20  # inside the JSON of the second batch, third line
    for damaged in (
        data[:middle] + bytes([data[middle] ^ 0x20]) + data[middle + 1 :],
        data[:middle] + data[middle + 1 :],  # a byte missing: the length no longer matches
    ):
        path = copy_round(round_, tmp_path / "copy", damaged)
        with pytest.raises(SaveError) as caught:
            load_round(path)
        message = str(caught.value)
        assert message.startswith(f"{journal_path(path)}:3: journal record 3 is damaged"), message
        assert "\n" not in message


def test_a_journal_of_another_round_or_with_a_gap_is_refused(tmp_path: Path) -> None:
    round_ = lobby(tmp_path / "live")
    data = journal_path(round_.path).read_bytes()
    other = lobby(tmp_path / "other")
    # Another round's journal beside this save.
    path = copy_round(round_, tmp_path / "swapped", journal_path(other.path).read_bytes())
    with pytest.raises(SaveError, match=r":1: this journal belongs to round '[a-z0-9]+', not to"):
        load_round(path)
    # A journal that starts after the save ends: events are missing.
    events = round_.save.events
    gap = journal_module.header_record(round_.save.meta.id) + journal_module.batch_record(
        events[2:]
    )
    path = copy_round(round_, tmp_path / "gap", gap)
    with pytest.raises(
        SaveError, match=r"\.journal:2: events\[2\]: the journal goes on from event 3"
    ):
        load_round(path)
    # Sequence numbers that jump inside the journal.
    jump = data + journal_module.batch_record([events[0].model_copy(update={"seq": 9})])
    path = copy_round(round_, tmp_path / "jump", jump)
    jump_with_more = jump + journal_module.batch_record(events[:1])
    journal_path(path).write_bytes(jump_with_more)
    with pytest.raises(SaveError, match=r"\.journal:6: events\[8\]: sequence number 9 where 5"):
        load_round(path)


def test_the_journal_ahead_of_the_toml_file_rebuilds_it(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    files = (round_.path.read_bytes(), journal_path(round_.path).read_bytes())
    assert toml_events(round_.path) == 0
    loaded = load_round(round_.path, scorer=scorer)
    assert loaded.table == round_.table
    assert loaded.save.events == round_.save.events
    assert loaded.save.players == round_.save.players
    assert loaded.save.meta.updated == round_.save.events[-1].at
    assert (round_.path.read_bytes(), journal_path(round_.path).read_bytes()) == files
    assert read_save(round_.path)[0].events == []  # read_save is the TOML file alone

    taken = load_round(round_.path, tidy=True)  # the owner folds the journal into the TOML file
    assert toml_events(round_.path) == 4
    assert journal_path(round_.path).read_bytes() == files[1]
    on_file = tomllib.loads(round_.path.read_text("utf-8"))
    assert [p["name"] for p in on_file["players"]] == ["ann", "ben", "cay"]
    assert taken.table == round_.table
    assert load_round(round_.path).save.events == round_.save.events


def test_an_old_save_without_a_journal_loads_and_goes_on(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    round_.close()
    journal_path(round_.path).unlink()  # as a save written before journals existed
    old = load_round(round_.path, tidy=True, clock=ticking(T0 + timedelta(hours=1)))
    assert old.table == round_.table
    submit_all(old, c.Join(player="dee"))
    data = journal_path(old.path).read_bytes()
    assert b'"seq":5' in data and b'"seq":4' not in data  # the journal starts where the save ends
    end = play_round(old.table, old.submit)
    assert end.phase is Phase.SCORED
    again = load_round(old.path)
    assert again.table == end
    assert [e.seq for e in again.save.events] == list(range(1, len(again.save.events) + 1))


def test_a_round_played_to_the_end_reloads_with_its_result(tmp_path: Path) -> None:
    round_ = new_round(tmp_path, scorer=scorer)
    play_round(round_.table, round_.submit)
    on_file = tomllib.loads(round_.path.read_text("utf-8"))
    assert on_file["meta"]["phase"] == "scored"  # the lock is a phase change: a checkpoint
    assert len(on_file["events"]) == round_.table.version
    loaded = load_round(round_.path)
    assert loaded.table == round_.table
    assert loaded.save.result == round_.save.result == score_table(round_.table)


def test_another_writer_since_the_load_is_refused(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    first = load_round(round_.path)
    second = load_round(round_.path)
    submit_all(first, c.Join(player="dee"))
    with pytest.raises(SaveError, match="written by another process"):
        second.submit(c.Join(player="eve"))
    assert load_round(round_.path).table == first.table


# --- the limits of play ------------------------------------------------------------------------


def _save_text(round_: Round, change: Callable[[dict[str, Any]], None]) -> str:
    round_.close()
    data = tomllib.loads(round_.path.read_text("utf-8"))
    change(data)
    return tomli_w.dumps(data)


def _line_of(text: str, needle: str) -> int:
    return next(i + 1 for i, line in enumerate(text.split("\n")) if needle in line)


def _played_to_a_reaction(folder: Path) -> Round:
    """Two roles ranked, one remedy placed and endorsed: every kind of text a round holds."""
    round_ = new_round(folder)
    submit_all(round_, c.Join(player="ann"), c.Join(player="ben"))
    submit_all(round_, c.ChooseRole(player="ann", role="state"))
    submit_all(round_, c.ChooseRole(player="ben", role="region"), c.Start(player="ann"))
    problems = list(round_.table.problems)
    submit_all(round_, c.SubmitRanking(player="ann", order=problems, argument="first"))
    submit_all(round_, c.SubmitRanking(player="ben", order=problems))
    while round_.table.phase is not Phase.RESPOND:
        submit_all(round_, c.Advance(player="ann"))
    remedy = round_.table.hands["state"][0]
    submit_all(
        round_,
        c.PlaceRemedy(
            player="ann", remedy=remedy, problem=problems[0], argument="it fits this problem well"
        ),
        c.Endorse(player="ben", placement="p1", comment="ok"),
    )
    return round_


@pytest.mark.parametrize(
    ("where", "value", "message"),
    [
        (
            ("meta", "table"),
            "Bord \x1b]0;PWNED\x07",
            "meta.table: the table name contains a control character (\\x1b)",
        ),
        (
            ("meta", "app_version"),
            "1.0\x1b[31m",
            "meta.app_version: the id contains a control character (\\x1b)",
        ),
        (
            ("player_joined", "player"),
            "a\u202eb",
            "events[{i}].player: the name contains a control character (\\u202e)",
        ),
        (
            ("players", "name"),
            "x" * 33,
            "players[1].name: the name is too long (33 characters; at most 32)",
        ),
        (
            ("remedy_placed", "argument"),
            "y" * 1001,
            "events[{i}].argument: the argument is too long (1001 characters; at most 1000)",
        ),
        (
            ("placement_reacted", "comment"),
            "z\x9b2J",
            "events[{i}].comment: the comment contains a control character (\\x9b)",
        ),
        (
            ("remedy_placed", "placement"),
            "p1\x1b[2J",
            "events[{i}].placement: the id contains a control character (\\x1b)",
        ),
    ],
    ids=["table", "version", "event player", "player name", "argument", "comment", "placement id"],
)
def test_texts_in_a_save_are_held_to_the_rules_of_play(
    tmp_path: Path, where: tuple[str, str], value: str, message: str
) -> None:
    round_ = _played_to_a_reaction(tmp_path / "live")
    kind, key = where
    index = next((i for i, e in enumerate(round_.save.events) if e.event.type == kind), 0)

    def change(data: dict[str, Any]) -> None:
        if kind == "meta":
            data["meta"][key] = value
        elif kind == "players":
            data["players"][1][key] = value
        else:
            data["events"][index][key] = value

    text = _save_text(round_, change)
    path = tmp_path / "edited.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        load_round(path)
    said = str(caught.value)
    match = re.match(re.escape(str(path)) + r":(\d+): (.*)$", said)
    assert match, said
    assert match.group(2) == message.format(i=index)
    if kind == "meta":
        assert int(match.group(1)) == _line_of(text, f"{key} = ")
    else:
        blocks = [i + 1 for i, line in enumerate(text.split("\n")) if line == f"[[{kind}]]"]
        if kind != "players":
            blocks = [i + 1 for i, line in enumerate(text.split("\n")) if line == "[[events]]"]
        start = blocks[1 if kind == "players" else index]
        assert start <= int(match.group(1)) <= start + 12, (said, start)
    assert "\x1b" not in said and "\u202e" not in said and "\x9b" not in said


def test_texts_in_the_journal_are_held_to_the_same_rules(tmp_path: Path) -> None:
    round_ = lobby(tmp_path / "live")
    events = round_.save.events
    bad = events[0].model_copy(
        update={"seq": 5, "event": PlayerJoined.model_construct(player="\x1b[2Jeve")}
    )
    data = journal_path(round_.path).read_bytes()
    path = copy_round(
        round_,
        tmp_path / "copy",
        data + journal_module.batch_record([bad]) + journal_module.batch_record([]),
    )
    with pytest.raises(SaveError) as caught:
        load_round(path)
    assert str(caught.value) == (
        f"{journal_path(path)}:6: events[4].player: the name contains a control character (\\x1b)"
    )


def never_parsed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make parsing a save fail the test: what follows must be refused before the parser."""

    def parse(_text: str) -> dict[str, object]:
        raise AssertionError("the save reached the TOML parser")

    monkeypatch.setattr(toml_text, "loads", parse)


def test_a_huge_save_is_refused_at_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    round_ = lobby(tmp_path / "live")
    round_.close()
    text = round_.path.read_text("utf-8")
    text = text.replace('player = "ann"\n', f'player = "ann"\nargument = "{"a" * 60_000_000}"\n', 1)
    path = tmp_path / "huge.toml"
    path.write_text(text, encoding="utf-8")
    never_parsed(monkeypatch)
    with pytest.raises(SaveError) as caught:
        load_round(path)
    assert str(caught.value) == (
        f"{path}: is larger than {MAX_SAVE_BYTES:,} bytes; a save file is at most that"
    )
    monkeypatch.undo()  # the round's own save is parsed; its journal is refused by its size
    big = journal_path(round_.path)
    with big.open("ab") as handle:
        handle.truncate(MAX_SAVE_BYTES + 10)
    with pytest.raises(SaveError, match=r"\.journal: is larger than"):
        load_round(round_.path)


def test_a_save_with_too_many_events_is_refused_before_it_is_replayed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = lobby(tmp_path / "live")
    round_.close()
    text = round_.path.read_text("utf-8").split("[[events]]")[0]
    one = '[[events]]\nseq = 1\nat = 2024-05-17T09:30:00Z\ntype = "phase_changed"\nphase = "rank"\n'
    path = tmp_path / "long.toml"
    path.write_text(text + one * (MAX_EVENTS + 1), encoding="utf-8")
    never_parsed(monkeypatch)  # counted and refused before it is parsed
    with pytest.raises(SaveError) as caught:
        load_round(path)
    line = len(text.split("\n")) + 5 * MAX_EVENTS  # the 20,001st event's first line
    assert str(caught.value) == (
        f"{path}:{line}: events: more than 20,000 events; a save holds at most 20,000"
    )
    # Written in another form, the events are counted once the file is parsed.
    monkeypatch.undo()
    inline = ['{seq = 1, at = 2024-05-17T09:30:00Z, type = "phase_changed", phase = "rank"}']
    array = "events = [\n" + ",\n".join(inline * (MAX_EVENTS + 1)) + "\n]"
    path.write_text(text.replace("format = 1\n", f"format = 1\n{array}\n", 1), "utf-8")
    with pytest.raises(SaveError, match=r"events: 20,001 events; a save holds at most 20,000$"):
        load_round(path)


def test_a_device_or_a_pipe_is_not_a_journal(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    journal = journal_path(round_.path)
    journal.unlink()
    journal.symlink_to("/dev/zero")
    with pytest.raises(SaveError, match=r"\.journal: is a device, not a journal$"):
        load_round(round_.path)
    journal.unlink()
    os.mkfifo(journal)
    with pytest.raises(SaveError, match=r"\.journal: is a pipe, not a journal$"):
        load_round(round_.path)


# --- listing and permissions -------------------------------------------------------------------


def test_list_saves_recomputes_the_total_and_marks_a_stored_one_that_differs(
    tmp_path: Path,
) -> None:
    honest = new_round(tmp_path, table_name="Honest", scorer=scorer)
    play_round(honest.table, honest.submit)
    edited = new_round(tmp_path, table_name="Edited", scorer=scorer, seed=6)
    play_round(edited.table, edited.submit)
    true_total = score_table(edited.table).total
    assert true_total is not None
    text = _save_text(edited, lambda d: d["result"].update(total=99.9))
    edited.path.write_text(text, encoding="utf-8")
    listed = {s.meta.table: s for s in list_saves(tmp_path, scorer=scorer) if s.meta}
    assert listed["Edited"].total == pytest.approx(true_total)
    assert listed["Edited"].stored_total == 99.9
    assert listed["Edited"].total_differs is True
    assert listed["Honest"].total == listed["Honest"].stored_total
    assert listed["Honest"].total_differs is False
    # Without a scorer the listing can only repeat what the file says.
    plain = {s.meta.table: s for s in list_saves(tmp_path) if s.meta}
    assert plain["Edited"].total == 99.9 and plain["Edited"].total_differs is False


def test_list_saves_sees_the_journal(tmp_path: Path) -> None:
    round_ = lobby(tmp_path)
    [summary] = list_saves(tmp_path)
    assert summary.players == 3
    assert summary.meta is not None and summary.meta.updated == round_.save.events[-1].at


@pytest.mark.parametrize(("umask", "mode"), [(0o022, 0o644), (0o077, 0o600), (0o002, 0o664)])
def test_saves_and_journals_follow_the_umask(tmp_path: Path, umask: int, mode: int) -> None:
    old = os.umask(umask)
    try:
        round_ = lobby(tmp_path)
        submit_all(round_, c.ChooseRole(player="ben", role="region"), c.Start(player="ann"))
    finally:
        os.umask(old)
    assert stat.S_IMODE(round_.path.stat().st_mode) == mode
    assert stat.S_IMODE(journal_path(round_.path).stat().st_mode) == mode


@pytest.mark.parametrize(
    ("form", "what"),
    [('argument = "{}"', "a line longer"), ('argument = """\n{}"""', "a string longer")],
    ids=["one line", "multi-line string"],
)
def test_a_long_text_within_the_size_limit_is_refused_before_parsing(
    tmp_path: Path, form: str, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = lobby(tmp_path / "live")
    round_.close()
    text = round_.path.read_text("utf-8")
    body = ("x" * 99 + "\n") * 100_000 if "\n" in form else "x" * 10_000_000
    text = text.replace('player = "ann"\n', 'player = "ann"\n' + form.format(body) + "\n", 1)
    line = _line_of(text, "argument = ")
    path = tmp_path / "long-text.toml"
    path.write_text(text, encoding="utf-8")
    never_parsed(monkeypatch)  # the TOML parser would take seconds
    with pytest.raises(SaveError) as caught:
        load_round(path)
    assert str(caught.value) == (
        f"{path}:{line}: {what} than 16,384 characters; no text in a save is that long"
    )


def test_a_new_round_does_not_inherit_a_stale_journal(tmp_path: Path) -> None:
    first = lobby(tmp_path, round_id="abcdef123456")
    first.close()
    again = new_round(tmp_path, round_id=first.save.meta.id)  # the same file name
    assert again.path == first.path
    assert not journal_path(again.path).exists()
    assert load_round(again.path).save.events == []


def test_a_round_that_outgrows_a_save_keeps_its_toml_file_loadable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    round_ = lobby(tmp_path)
    submit_all(round_, c.ChooseRole(player="ben", role="region"))
    monkeypatch.setattr(round_module, "MAX_SAVE_BYTES", round_.path.stat().st_size + 100)
    submit_all(round_, c.Start(player="ann"))  # accepted; the checkpoint would be too big
    assert round_.checkpoint_problem is not None
    assert "outgrown a save" in round_.checkpoint_problem
    assert toml_events(round_.path) == 0  # the old file stands, and the journal has the rest
    assert load_round(round_.path).table == round_.table
    with pytest.raises(SaveError, match="outgrown a save"):
        round_.close()


def test_the_commands_read_rounds_whose_journal_is_ahead(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from sammenspil.cli import main

    def run(*args: str) -> str:
        result = CliRunner().invoke(main, list(args), catch_exceptions=False)
        assert result.exit_code == 0, result.output
        return result.output

    finished = new_round(tmp_path, table_name="Finished", scorer=scorer)
    play_round(finished.table, finished.submit)
    midway = _played_to_a_reaction(tmp_path)  # its TOML file stops at the last phase change
    assert toml_events(midway.path) < len(midway.save.events)
    files = {p: p.read_bytes() for p in tmp_path.iterdir()}

    listing = run("saves", "--saves", str(tmp_path))
    assert "respond" in listing and "Finished" in listing
    assert f"events so far: {len(midway.save.events)}" in run("resume", str(midway.path))
    assert "Total" in run("score", str(midway.path))
    assert "it fits this problem well" in run("export", str(midway.path))
    assert "A: " in run("compare", str(finished.path), str(midway.path))
    assert {p: p.read_bytes() for p in tmp_path.iterdir()} == files  # readers write nothing
