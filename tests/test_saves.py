"""Save files: their layout, the atomic write, resuming, broken files, names, folders, listing."""

from __future__ import annotations

import os
import re
import tempfile
import tomllib
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import platformdirs
import pydantic
import pytest
import tomli_w

from sammenspil import saves
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.demo import play_round
from sammenspil.game.events import Event, event_adapter
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import fold, new_table
from sammenspil.game.state import Phase, Settings, Table
from sammenspil.saves import (
    FORMAT,
    Meta,
    Round,
    SaveError,
    default_saves_dir,
    list_saves,
    load_round,
    read_save,
    save_filename,
    slugify,
    write_atomic,
)
from sammenspil.scoring.report import ScoreReport, score_table

ROOT = Path(__file__).resolve().parents[1]
DECK_FILES = {"da": "sammenhaeng.da.toml", "en": "coherence.en.toml"}
T0 = datetime(2024, 5, 17, 9, 30, tzinfo=UTC)
NAME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*-[a-z0-9]{1,8}\.toml$")


@cache
def deck(lang: str = "da") -> Deck:
    loaded, _warnings = load_deck(ROOT / "decks" / DECK_FILES[lang])
    return loaded


def ticking(start: datetime = T0, step: timedelta = timedelta(seconds=1)) -> Callable[[], datetime]:
    """A clock that moves on by ``step`` each time it is read."""
    times: Iterator[datetime] = (start + i * step for i in range(10**9))
    return lambda: next(times)


def scorer(table: Table) -> ScoreReport:
    return score_table(table)


def new_round(folder: Path, lang: str = "da", **kwargs: Any) -> Round:
    kwargs.setdefault("table_name", "Bord 1")
    kwargs.setdefault("seed", 11)
    kwargs.setdefault("clock", ticking())
    return Round.create(deck(lang), saves_dir=folder, **kwargs)


def played(folder: Path, lang: str = "da", **kwargs: Any) -> tuple[Round, list[int]]:
    """A demo round played to the end; also where each accepted command's events ended."""
    round_ = new_round(folder, lang, **kwargs)
    boundaries = [0]

    def submit(command: c.Command) -> Table | Refusal:
        out = round_.submit(command)
        if not isinstance(out, Refusal):
            boundaries.append(len(round_.save.events))
        return out

    play_round(round_.table, submit)
    assert round_.table.phase is Phase.SCORED
    return round_, boundaries


def events_of(round_: Round) -> list[Event]:
    return [logged.event for logged in round_.save.events]


def fresh_table(round_: Round) -> Table:
    meta = round_.save.meta
    return new_table(
        round_.save.deck,
        table_id=meta.id,
        name=meta.table,
        seed=meta.seed,
        **meta.settings.model_dump(),
    )


# --- the file --------------------------------------------------------------------------------


def test_the_save_is_toml_with_everything_needed_to_replay(tmp_path: Path) -> None:
    round_, _ = played(tmp_path, round_id="abcdef123456", table_name="Bord 1")
    path = round_.path
    assert path.parent == tmp_path
    assert path.name == "2024-05-17-bord-1-abcdef12.toml"
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == FORMAT == 1
    meta = data["meta"]
    assert meta["id"] == "abcdef123456"
    assert meta["table"] == "Bord 1"
    assert meta["seed"] == 11
    assert meta["phase"] == "scored"
    assert meta["created"] == T0
    assert meta["updated"] > meta["created"]
    assert meta["app_version"]
    assert meta["settings"] == {"anyone_advances": True}
    assert Deck.model_validate(data["deck"]) == deck("da")
    table = round_.table
    assert data["players"] == [p.model_dump() for p in table.players.values()]
    assert [p["name"] for p in data["players"]] == ["player1", "player2", "player3"]
    logged = data["events"]
    assert len(logged) == table.version
    assert [item["seq"] for item in logged] == list(range(1, len(logged) + 1))
    times = [item["at"] for item in logged]
    assert all(isinstance(at, datetime) and at.tzinfo is not None for at in times)
    assert times == sorted(times)
    replayed = [
        event_adapter.validate_python({k: v for k, v in item.items() if k not in ("seq", "at")})
        for item in logged
    ]
    assert replayed == events_of(round_)
    assert fold(fresh_table(round_), replayed) == table
    assert {item["type"] for item in logged} >= {
        "player_joined",
        "role_chosen",
        "dealt",
        "phase_changed",
        "ranking_submitted",
        "remedy_placed",
        "placement_reacted",
        "position_set",
    }
    assert "result" not in data  # no scorer, no result


def test_every_accepted_event_is_on_disk_and_refusals_write_nothing(tmp_path: Path) -> None:
    round_ = new_round(tmp_path)
    journal = saves.journal_path(round_.path)
    in_toml = lambda: len(tomllib.loads(round_.path.read_text("utf-8")).get("events", []))  # noqa: E731
    on_disk = lambda: len(load_round(round_.path).save.events)  # noqa: E731
    assert on_disk() == in_toml() == 0
    assert not journal.exists()
    assert not isinstance(round_.submit(c.Join(player="ann")), Refusal)
    assert on_disk() == 1 == round_.table.version
    assert in_toml() == 0  # in the journal; the TOML file waits for a phase change
    before = (round_.path.read_bytes(), journal.read_bytes())
    refusal = round_.submit(c.Join(player="ann"))
    assert isinstance(refusal, Refusal)
    assert refusal.code == "name_taken"
    assert (round_.path.read_bytes(), journal.read_bytes()) == before
    round_.submit(c.ChooseRole(player="ann", role="state"))
    assert on_disk() == 2 and in_toml() == 0
    round_.submit(c.Start(player="ann"))
    assert on_disk() == in_toml() == round_.table.version == 4  # the phase changed
    assert tomllib.loads(round_.path.read_text("utf-8"))["meta"]["phase"] == "rank"


# --- the atomic write ------------------------------------------------------------------------


def test_atomic_writes_leave_no_temporary_files(tmp_path: Path) -> None:
    round_, _ = played(tmp_path)
    names = [round_.path.name, saves.journal_path(round_.path).name]
    assert sorted(p.name for p in tmp_path.iterdir()) == names


def test_a_failed_write_keeps_the_old_file_and_cleans_up(tmp_path: Path) -> None:
    path = tmp_path / "round.toml"
    write_atomic(path, "format = 1\n")
    assert path.read_text(encoding="utf-8") == "format = 1\n"
    with pytest.raises(UnicodeEncodeError):
        write_atomic(path, "format = 2\n\ud800")  # a lone surrogate cannot be written
    assert path.read_text(encoding="utf-8") == "format = 1\n"
    assert [p.name for p in tmp_path.iterdir()] == ["round.toml"]
    write_atomic(path, "format = 3\næøå\n")
    assert path.read_text(encoding="utf-8") == "format = 3\næøå\n"
    assert [p.name for p in tmp_path.iterdir()] == ["round.toml"]


# --- resuming --------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_round_resumes_from_any_point_and_plays_to_the_end(tmp_path: Path, lang: str) -> None:
    full, boundaries = played(tmp_path / "full", lang, seed=0)
    events = events_of(full)
    assert len(boundaries) > 10
    phases_seen = set()
    # Every third command's end, which reaches each phase, and each point in the reveal, where
    # a role may already have used its one revision; the last boundary is the scored end.
    in_reveal = {k for k in boundaries if fold(fresh_table(full), events[:k]).phase is Phase.REVEAL}
    for k in sorted({*boundaries[1:-1:3], *in_reveal}):
        folder = tmp_path / f"cut{k}"
        half = new_round(folder, lang, seed=0, round_id=full.save.meta.id)
        half.record(events[:k])
        expected = fold(fresh_table(full), events[:k])
        loaded = load_round(half.path, clock=ticking(T0 + timedelta(hours=1)))
        table = loaded.table
        assert table == expected == half.table
        assert table.phase is expected.phase
        assert table.hands == expected.hands
        assert table.rankings == expected.rankings
        assert table.revised == expected.revised
        assert table.placements == expected.placements
        assert table.positions == expected.positions
        phases_seen.add(table.phase)
        # ... and can be played on to the end, the log continuing where it stopped.
        end = play_round(loaded.table, loaded.submit)
        assert end.phase is Phase.SCORED
        again = load_round(loaded.path)
        assert again.table == end
        assert [logged.seq for logged in again.save.events] == list(
            range(1, len(again.save.events) + 1)
        )
        assert again.save.events[k - 1].at < again.save.events[k].at  # resumed later
    assert phases_seen == {Phase.LOBBY, Phase.RANK, Phase.REVEAL, Phase.RESPOND, Phase.DILEMMAS}


def test_settings_survive_the_save(tmp_path: Path) -> None:
    round_ = new_round(tmp_path, settings=Settings(anyone_advances=False))
    for command in (
        c.Join(player="fay", facilitator=True),
        c.Join(player="ann"),
        c.ChooseRole(player="ann", role="region"),
    ):
        assert not isinstance(round_.submit(command), Refusal)
    loaded = load_round(round_.path)
    assert loaded.table.settings.anyone_advances is False
    assert loaded.table == round_.table
    refusal = loaded.submit(c.Start(player="ann"))
    assert isinstance(refusal, Refusal) and refusal.code == "not_allowed"
    assert not isinstance(loaded.submit(c.Start(player="fay")), Refusal)


# --- broken and hand-edited saves ------------------------------------------------------------


@pytest.fixture(scope="module")
def good_save(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, Round]:
    round_, _ = played(tmp_path_factory.mktemp("good"), "en", seed=3)
    return round_.path.read_text(encoding="utf-8"), round_


@pytest.fixture(scope="module")
def broken_saves(
    good_save: tuple[str, Round],
) -> dict[str, tuple[str | bytes, int | None, list[str]]]:
    return _broken(*good_save)


def _event_blocks(text: str) -> list[tuple[int, int]]:
    """The 1-based line range of each [[events]] entry (with its sub-tables)."""
    lines = text.split("\n")
    starts = [i + 1 for i, line in enumerate(lines) if line.strip() == "[[events]]"]
    ends = [*[s - 1 for s in starts[1:]], len(lines)]
    return list(zip(starts, ends, strict=True))


def _first_event(text: str, kind: str) -> int:
    data = tomllib.loads(text)
    return next(i for i, item in enumerate(data["events"]) if item["type"] == kind)


def _edit_event(text: str, index: int, edit: Callable[[str], str]) -> str:
    lines = text.split("\n")
    start, end = _event_blocks(text)[index]
    block = "\n".join(lines[start - 1 : end])
    changed = edit(block)
    assert changed != block, "the edit changed nothing"
    return "\n".join([*lines[: start - 1], changed, *lines[end:]])


def _other_roles_card(round_: Round, index: int) -> str:
    placed = round_.save.events[index].event
    dealt = next(ev.event for ev in round_.save.events if ev.event.type == "dealt")
    return next(hand[0] for role, hand in dealt.hands.items() if role != placed.role)


def _via_data(text: str, change: Callable[[dict[str, Any]], None]) -> str:
    data = tomllib.loads(text)
    change(data)
    return tomli_w.dumps(data)


def _insert_event(data: dict[str, Any], index: int, item: dict[str, Any]) -> None:
    """Insert an event and renumber, as a careful hand-editor would."""
    data["events"].insert(index, dict(item))
    for seq, event in enumerate(data["events"], start=1):
        event["seq"] = seq


def _broken(text: str, round_: Round) -> dict[str, tuple[str | bytes, int | None, list[str]]]:
    """name -> (file content, the event index whose lines the error names or None, words)."""
    placed = _first_event(text, "remedy_placed")
    ranked = _first_event(text, "ranking_submitted")
    seq_at = 4
    dealt = _first_event(text, "dealt")
    return {
        "bad event type": (
            _edit_event(text, placed, lambda b: b.replace('"remedy_placed"', '"remedy_dropped"')),
            placed,
            ["remedy_dropped", f"events[{placed}]"],
        ),
        "missing field": (
            _edit_event(text, placed, lambda b: re.sub(r"\nproblem = .*", "", b)),
            placed,
            [f"events[{placed}].problem", "required"],
        ),
        "wrong field type": (
            _edit_event(text, ranked, lambda b: re.sub(r"\nrole = .*", "\nrole = 7", b)),
            ranked,
            [f"events[{ranked}].role", "string"],
        ),
        "card not in the hand": (
            _edit_event(
                text,
                placed,
                lambda b: re.sub(
                    r'\nremedy = ".*"', f'\nremedy = "{_other_roles_card(round_, placed)}"', b
                ),
            ),
            placed,
            ["does not replay", "remedy_placed", "not in the hand"],
        ),
        "ranking of other problems": (
            _edit_event(text, ranked, lambda b: re.sub(r'(\norder = \[\n\s*)".*?"', r'\1"x"', b)),
            ranked,
            ["does not replay", "ranking_submitted", "dealt problems"],
        ),
        "dealt twice": (
            _via_data(text, lambda d: _insert_event(d, dealt + 1, d["events"][dealt])),
            None,
            ["does not replay"],
        ),
        "seq gap": (
            _edit_event(text, seq_at, lambda b: b.replace(f"seq = {seq_at + 1}", "seq = 99")),
            seq_at,
            ["sequence number 99", f"{seq_at + 1} was expected"],
        ),
        "newer format": (
            text.replace("format = 1\n", "format = 2\n", 1),
            None,
            ["format 2", "newer Sammenspil", "update"],
        ),
        "no meta": (_via_data(text, lambda d: d.pop("meta")), None, ["meta", "required"]),
        "bad deck": (
            _via_data(text, lambda d: d["deck"]["rules"].update(hand="5")),
            None,
            ["deck.rules.hand"],
        ),
        "not TOML": (
            text.replace("\nseed = 3\n", "\nseed = = 3\n", 1),
            None,
            # PATH:LINE:COLUMN, the column of the second "=".
            ["TOML syntax", f":{text.split(chr(10)).index('seed = 3') + 1}:8: not a save file"],
        ),
        "not UTF-8": (text.encode("utf-8").replace(b"Bord", b"B\xff\xferd", 1), None, ["UTF-8"]),
        "binary junk": (b"\x00\x01\x02\xff" * 100, None, ["not"]),
        "empty": ("", None, ["no format"]),
        "not a save": ('title = "a deck, perhaps"\n', None, ["no format"]),
    }


BROKEN = [
    "bad event type",
    "missing field",
    "wrong field type",
    "card not in the hand",
    "ranking of other problems",
    "dealt twice",
    "seq gap",
    "newer format",
    "no meta",
    "bad deck",
    "not TOML",
    "not UTF-8",
    "binary junk",
    "empty",
    "not a save",
]


@pytest.mark.parametrize("case", BROKEN)
def test_broken_saves_give_one_line_naming_file_and_line(
    case: str, broken_saves: dict[str, tuple[str | bytes, int | None, list[str]]], tmp_path: Path
) -> None:
    assert set(broken_saves) == set(BROKEN)
    content, event_index, words = broken_saves[case]
    path = tmp_path / "hand-edited.toml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        load_round(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(str(path)), message
    for word in words:
        assert word in message, f"{word!r} not in {message!r}"
    if event_index is not None:
        match = re.match(re.escape(str(path)) + r":(\d+): ", message)
        assert match, f"no line in {message!r}"
        start, end = _event_blocks(content)[event_index]  # type: ignore[arg-type]
        assert start <= int(match.group(1)) <= end, (message, start, end)


def test_the_newer_format_error_points_at_the_format_line(
    good_save: tuple[str, Round], tmp_path: Path
) -> None:
    text, _ = good_save
    path = tmp_path / "future.toml"
    lines = text.replace("format = 1\n", "format = 2\n", 1).split("\n")
    line = next(i + 1 for i, x in enumerate(lines) if x == "format = 2")
    path.write_text("\n".join(lines), encoding="utf-8")
    with pytest.raises(SaveError, match=rf"^{re.escape(str(path))}:{line}: .*newer Sammenspil"):
        read_save(path)


def test_folders_and_missing_files_are_save_errors(tmp_path: Path) -> None:
    folder = tmp_path / "a-folder.toml"
    folder.mkdir()
    with pytest.raises(SaveError, match="folder") as caught:
        load_round(folder)
    assert str(caught.value).startswith(str(folder))
    with pytest.raises(SaveError, match="no such file"):
        load_round(tmp_path / "missing.toml")


def test_the_good_save_still_loads(good_save: tuple[str, Round], tmp_path: Path) -> None:
    # The broken cases above are broken because of their edits, not because of the original.
    text, round_ = good_save
    path = tmp_path / "copy.toml"
    path.write_text(text, encoding="utf-8")
    assert load_round(path).table == round_.table


# --- names and folders -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("Bord/1", "bord-1"),
        ("æøå Bord", "aeoeaa-bord"),
        ("..", "table"),
        ("/", "table"),
        ("C:\\Windows\\system32", "c-windows-system32"),
        ("~/.ssh/authorized_keys", "ssh-authorized-keys"),
        ("Ærø Kommune – Bord 2", "aeroe-kommune-bord-2"),
        ("x" * 80, "x" * 40),
    ],
)
def test_table_names_never_leave_the_saves_folder(tmp_path: Path, name: str, slug: str) -> None:
    assert slugify(name) == slug
    folder = tmp_path / "saves"
    round_ = new_round(folder, table_name=name, round_id="0123456789ab")
    assert round_.path.parent == folder
    assert round_.path.resolve().parent == folder.resolve()
    assert round_.path.name == f"2024-05-17-{slug}-01234567.toml"
    assert NAME_RE.match(round_.path.name)
    assert [p.name for p in tmp_path.iterdir()] == ["saves"]
    assert [p.name for p in folder.iterdir()] == [round_.path.name]
    assert load_round(round_.path).table.name == name


def test_an_empty_table_name_is_refused_and_writes_nothing(tmp_path: Path) -> None:
    assert slugify("") == "table"
    assert slugify("!!!") == "table"
    assert slugify("nul\x00byte") == "nul-byte"  # slugify is safe even where Round refuses
    meta = Meta.model_construct(
        id="abcd1234", table="", created=T0, updated=T0, seed=1, app_version="0"
    )
    assert save_filename(meta) == "2024-05-17-table-abcd1234.toml"
    with pytest.raises(SaveError, match=r"^the table name cannot be empty$"):
        new_round(tmp_path / "saves", table_name="")
    assert not any(tmp_path.rglob("*.toml"))


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("", "the table name cannot be empty"),
        ("   \t ", "the table name cannot be empty"),
        ("x" * 81, "the table name is too long (81 characters; at most 80)"),
        ("Bord\n1", "the table name contains a control character (\\n)"),
        ("nul\x00byte", "the table name contains a control character (\\x00)"),
        ("Bord \x1b[2J1", "the table name contains a control character (\\x1b)"),
        ("Bord \u202e1", "the table name contains a control character (\\u202e)"),
    ],
)
def test_bad_table_names_are_save_errors_and_write_nothing(
    tmp_path: Path, name: str, reason: str
) -> None:
    with pytest.raises(SaveError) as caught:
        new_round(tmp_path / "saves", table_name=name)
    assert str(caught.value) == reason
    assert not any(tmp_path.rglob("*.toml"))


def test_table_names_are_stripped_and_may_be_80_characters(tmp_path: Path) -> None:
    padded = new_round(tmp_path, table_name="  Bord 7 \t", round_id="aaaa11112222")
    assert padded.save.meta.table == padded.table.name == "Bord 7"
    assert padded.path.name == "2024-05-17-bord-7-aaaa1111.toml"
    longest = "æ" * 80
    assert new_round(tmp_path, table_name=f" {longest} ").save.meta.table == longest


def test_the_default_saves_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "data"
    monkeypatch.setattr(platformdirs, "user_data_dir", lambda app: str(data / app))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    assert default_saves_dir(elsewhere) == data / "sammenspil" / "saves"

    project = tmp_path / "project"
    (project / "saves").mkdir(parents=True)
    (project / "pyproject.toml").write_text('[project]\nname = "sammenspil"\n', encoding="utf-8")
    assert default_saves_dir(project) == project / "saves"
    monkeypatch.chdir(project)
    assert default_saves_dir() == project / "saves"

    other = tmp_path / "other-project"
    (other / "saves").mkdir(parents=True)
    (other / "pyproject.toml").write_text('[project]\nname = "other"\n', encoding="utf-8")
    assert default_saves_dir(other) == data / "sammenspil" / "saves"
    monkeypatch.chdir(other)
    assert default_saves_dir() == data / "sammenspil" / "saves"

    # The repository itself is a project folder.
    assert default_saves_dir(ROOT) == ROOT / "saves"


def test_list_saves_newest_first_with_broken_files(tmp_path: Path) -> None:
    assert list_saves(tmp_path / "missing") == []
    day = timedelta(days=1)
    alpha = new_round(tmp_path, table_name="Alpha", clock=ticking(T0 + 3 * day))
    beta = new_round(tmp_path, table_name="Beta", clock=ticking(T0 + 1 * day))
    gamma = new_round(tmp_path, table_name="Gamma", clock=ticking(T0 + 2 * day))
    for name in ("ann", "ben"):
        gamma.submit(c.Join(player=name))
    gamma.submit(c.Join(player="sam", spectator=True))
    broken = tmp_path / "2024-05-30-broken-0000.toml"
    broken.write_text("format = 1\n[meta\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("not a save", encoding="utf-8")

    listed = list_saves(tmp_path)
    assert [s.meta.table if s.meta else None for s in listed] == ["Alpha", "Gamma", "Beta", None]
    assert [s.path for s in listed[:3]] == [alpha.path, gamma.path, beta.path]
    assert listed[1].players == 2  # the spectator does not count
    assert all(s.deck_id == "sammenhaeng" and s.error is None for s in listed[:3])
    assert all(s.total is None for s in listed[:3])
    bad = listed[3]
    assert bad.path == broken
    assert bad.error is not None and bad.error.startswith(str(broken))
    assert "\n" not in bad.error

    # A move in the oldest round makes it the newest.
    beta.clock = ticking(T0 + 5 * day)
    beta.submit(c.Join(player="late"))
    assert list_saves(tmp_path)[0].path == beta.path


def test_list_saves_replays_each_save(tmp_path: Path) -> None:
    round_ = new_round(tmp_path, table_name="Claims")
    for command in (
        c.Join(player="ann"),
        c.ChooseRole(player="ann", role="state"),
        c.Start(player="ann"),
    ):
        assert not isinstance(round_.submit(command), Refusal)
    assert round_.table.phase is Phase.RANK
    # [meta] says "scored", but the events only reach the ranking.
    round_.path.write_text(
        _via_data(round_.path.read_text("utf-8"), lambda d: d["meta"].update(phase="scored")),
        encoding="utf-8",
    )
    listed = list_saves(tmp_path)
    assert [(s.meta.phase if s.meta else None, s.error) for s in listed] == [(Phase.RANK, None)]

    # Events that do not replay: listed as broken with load_round's message, not as healthy.
    data = tomllib.loads(round_.path.read_text("utf-8"))
    _insert_event(data, 1, data["events"][0])  # ann joins twice
    round_.path.write_text(tomli_w.dumps(data), encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        load_round(round_.path)
    [broken] = list_saves(tmp_path)
    assert broken.meta is None
    assert broken.error == str(caught.value)
    assert "does not replay" in broken.error


def test_list_saves_orders_rounds_of_the_same_second_by_file_time(tmp_path: Path) -> None:
    same_second = lambda: T0  # noqa: E731
    names = ["Zulu", "Alpha", "Mike"]  # written in this order, all within one second
    paths = [new_round(tmp_path, table_name=n, clock=same_second).path for n in names]
    for i, path in enumerate(paths):  # the file system's clock may be coarse: spell it out
        stamp = 1_700_000_000_000_000_000 + i * 1_000_000
        os.utime(path, ns=(stamp, stamp))
    assert [s.meta.table for s in list_saves(tmp_path) if s.meta] == ["Mike", "Alpha", "Zulu"]


def test_list_saves_leaves_other_writers_temporary_files_alone(tmp_path: Path) -> None:
    round_ = new_round(tmp_path)
    in_flight = tmp_path / f".{round_.path.name}.abc123.tmp"
    in_flight.write_text("half a save", encoding="utf-8")
    assert [s.error for s in list_saves(tmp_path)] == [None]
    assert in_flight.exists()
    load_round(round_.path)  # reading leaves it too
    assert in_flight.exists()
    load_round(round_.path, tidy=True)  # taking the round over tidies up after a killed writer
    assert not in_flight.exists()


# --- reading what editors and tampering leave ------------------------------------------------


def test_a_save_with_a_byte_order_mark_loads(good_save: tuple[str, Round], tmp_path: Path) -> None:
    text, round_ = good_save
    path = tmp_path / "notepad.toml"
    path.write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    assert load_round(path).table == round_.table


def test_toml_syntax_errors_are_path_line_column(tmp_path: Path) -> None:
    path = tmp_path / "typo.toml"
    path.write_bytes(b"\xef\xbb\xbfformat = 1\n[meta]\nid = abc\n")
    with pytest.raises(SaveError) as caught:
        load_round(path)
    assert str(caught.value) == f"{path}:3:6: not a save file (TOML syntax: invalid value)"
    path.write_text('format = 1\ntable = "Bord', encoding="utf-8")  # cut off at the end
    with pytest.raises(SaveError, match=rf"^{re.escape(str(path))}:2:\d+: not a save file \("):
        load_round(path)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        ('"15"', ["events[4].seq", "integer"]),
        ("15.0", ["events[4].seq", "integer"]),
        ("true", ["events[4].seq", "integer"]),
        ("0", ["events[4].seq", "greater than or equal to 1"]),
    ],
)
def test_a_seq_must_be_a_whole_number_as_written(
    good_save: tuple[str, Round], tmp_path: Path, value: str, words: list[str]
) -> None:
    text, _ = good_save
    path = tmp_path / "seq.toml"
    edited = _edit_event(text, 4, lambda b: b.replace("seq = 5", f"seq = {value}"))
    path.write_text(edited, encoding="utf-8")
    with pytest.raises(SaveError) as caught:
        load_round(path)
    message = str(caught.value)
    match = re.match(re.escape(str(path)) + r":(\d+): ", message)
    assert match, message
    start, end = _event_blocks(edited)[4]
    assert start <= int(match.group(1)) <= end
    for word in words:
        assert word in message, message


# --- writing where we may not ----------------------------------------------------------------


def test_an_unwritable_saves_folder_is_named_not_the_temporary_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, where permissions do not bite: refuse the temporary file instead.
    def refuse(*args: Any, **kwargs: Any) -> tuple[int, str]:
        folder = kwargs.get("dir", "?")
        raise PermissionError(13, "Permission denied", f"{folder}/.x.toml.abc.tmp")

    path = tmp_path / "round.toml"
    write_atomic(path, "format = 1\n")
    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(SaveError) as caught:
        write_atomic(path, "format = 2\n")
    assert str(caught.value) == f"cannot write saves in {tmp_path}: permission denied"
    assert isinstance(caught.value, OSError)  # callers that guard writes with OSError see it
    assert path.read_text(encoding="utf-8") == "format = 1\n"
    saves_dir = tmp_path / "saves"
    with pytest.raises(SaveError, match=f"^cannot write saves in {re.escape(str(saves_dir))}:"):
        new_round(saves_dir)


# --- the result ------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_a_finished_rounds_result_matches_its_recomputation(tmp_path: Path, lang: str) -> None:
    round_, _ = played(tmp_path, lang, seed=8, scorer=scorer)
    data = tomllib.loads(round_.path.read_text(encoding="utf-8"))
    assert "result" in data
    saved = ScoreReport.model_validate(data["result"])
    assert saved.deck == deck(lang).id
    assert saved.language == lang
    assert saved.total is not None
    loaded = load_round(round_.path)
    assert loaded.save.result is not None
    assert loaded.save.result.to_toml_data() == data["result"]
    recomputed = score_table(loaded.table)
    assert saved.same_scores(recomputed) == []
    assert saved == recomputed
    summary = next(s for s in list_saves(tmp_path) if s.path == round_.path)
    assert summary.total == pytest.approx(saved.total)


def test_no_result_before_the_round_is_scored(tmp_path: Path) -> None:
    full, boundaries = played(tmp_path / "full", seed=8)
    half = new_round(tmp_path / "half", seed=8, scorer=scorer)
    half.record(events_of(full)[: boundaries[len(boundaries) // 2]])
    assert half.table.phase is not Phase.SCORED
    assert "result" not in tomllib.loads(half.path.read_text(encoding="utf-8"))
    assert load_round(half.path).save.result is None


def test_a_corrupt_result_is_a_warning_and_the_next_write_repairs_it(tmp_path: Path) -> None:
    round_, _ = played(tmp_path, seed=8, scorer=scorer)
    good = tomllib.loads(round_.path.read_text(encoding="utf-8"))["result"]
    text = round_.path.read_text(encoding="utf-8").replace(
        f"total = {good['total']!r}\n", 'total = "lots"\n', 1
    )
    assert 'total = "lots"' in text
    round_.path.write_text(text, encoding="utf-8")
    line = text.split("\n").index('total = "lots"') + 1

    with pytest.raises(pydantic.ValidationError):  # not a score, so it must not pass as one
        ScoreReport.model_validate(tomllib.loads(text)["result"])
    loaded = load_round(round_.path)
    assert loaded.table == round_.table  # everything the score comes from still loads
    assert loaded.save.result is None
    assert score_table(loaded.table) == round_.save.result
    [warning] = loaded.warnings
    assert warning.startswith(f"{round_.path}:{line}: result.total: ")
    assert "\n" not in warning and "recomputed" in warning
    [summary] = list_saves(tmp_path)
    assert summary.error is None and summary.total is None
    assert read_save(round_.path)[0].result is None

    # With a scorer the score is recomputed, and the next write stores a valid result.
    repaired = load_round(round_.path, scorer=scorer)
    assert repaired.save.result == round_.save.result
    repaired.write()
    again = load_round(round_.path)
    assert again.warnings == []
    assert again.save.result == round_.save.result
    assert load_round(round_.path).warnings == []


def test_a_result_that_is_not_a_table_is_a_warning(tmp_path: Path) -> None:
    round_, _ = played(tmp_path, seed=8, scorer=scorer)
    text = _via_data(round_.path.read_text("utf-8"), lambda d: d.update(result=5))
    round_.path.write_text(text, encoding="utf-8")
    loaded = load_round(round_.path)
    assert loaded.table == round_.table
    [warning] = loaded.warnings
    line = text.split("\n").index("result = 5") + 1
    assert warning.startswith(f"{round_.path}:{line}: result: ")


def test_a_tampered_result_is_caught_by_recomputation(tmp_path: Path) -> None:
    round_, _ = played(tmp_path, seed=8, scorer=scorer)
    text = _via_data(
        round_.path.read_text(encoding="utf-8"),
        lambda d: d["result"].update(total=d["result"]["total"] + 10),
    )
    round_.path.write_text(text, encoding="utf-8")
    loaded = load_round(round_.path)
    saved = ScoreReport.model_validate(loaded.save.result)
    assert saved.same_scores(score_table(loaded.table)) != []


def test_an_unknown_event_type_is_named_in_a_short_line(tmp_path: Path) -> None:
    round_, _ = played(tmp_path, "en", seed=3)
    text = round_.path.read_text("utf-8")
    broken = tmp_path / "unknown-event.toml"
    broken.write_text(text.replace('type = "dealt"', 'type = "exploded"', 1), "utf-8")
    with pytest.raises(SaveError) as caught:
        load_round(broken)
    message = str(caught.value)
    assert "unknown event type 'exploded'" in message
    assert len(message) < 160 and "\n" not in message
    assert message.startswith(f"{broken}:")
