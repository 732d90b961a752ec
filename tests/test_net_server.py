"""The table server over raw sockets: what goes on the wire, and what a bad client cannot do.

Each test reads and writes the bytes a player's app would (tests/net_support.py serves the
other end of a socketpair as a named principal), so redaction is checked on the wire itself.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from net_support import Raw, ServerThread, english_deck, started, steer
from sammenspil.game.state import Phase
from sammenspil.host.view import Presence
from sammenspil.net.protocol import MAX_LINE
from sammenspil.net.remote import Watch
from sammenspil.net.table_server import TableServer, workshop_day
from sammenspil.saves import SaveError
from sammenspil.tui.console_app import WatchConsole
from tui_support import table_at

SECRET = "zebrafinch argument that only the state may read before the reveal of rankings"
ARGUMENT = "the region and the municipality must share this problem of the citizens"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    yield from started(tmp_path / "saves", "Table 1")


def send(raw: Raw, ident: int, command: dict[str, Any]) -> dict[str, Any]:
    """Send a command and read up to its result (updates before it are kept in ``received``)."""
    raw.send({"type": "send", "id": ident, "command": {"player": "", **command}})
    return raw.until(lambda m: m["type"] == "result" and m["id"] == ident)


def seated(served: ServerThread, *names_roles: tuple[str, str]) -> dict[str, Raw]:
    raws = {}
    for name, role in names_roles:
        raw = Raw(served.attach(name))
        assert raw.hello("Table 1")["type"] == "welcome"
        assert send(raw, 1, {"type": "choose_role", "role": role})["version"] is not None
        raws[name] = raw
    return raws


def close_all(*raws: Raw) -> None:
    for raw in raws:
        raw.close()


def test_a_hello_without_a_table_lists_the_tables(served: ServerThread) -> None:
    ann = Raw(served.attach("Ann"))
    send_ok = seated(served, ("Bo", "region"))
    listing = ann.hello(None)
    assert listing["type"] == "tables"
    [table] = listing["tables"]
    assert (table["name"], table["phase"]) == ("Table 1", "lobby")
    assert [(s["name"], s["role"], s["presence"]) for s in table["seats"]] == [
        ("Bo", "region", "connected")
    ]
    # The same connection may then join.
    assert ann.hello("Table 1")["type"] == "welcome"
    close_all(ann, *send_ok.values())


def test_the_command_names_no_one_the_socket_does(served: ServerThread) -> None:
    raws = seated(served, ("Ann", "state"), ("Bo", "region"))
    ann = raws["Ann"]
    # Ann claims to be Bo: the server writes Ann's name in, so Bo's role is untouched.
    result = send(ann, 2, {"type": "choose_role", "player": "Bo", "role": "municipality"})
    assert result["version"] is not None
    players = served.server.host("Table 1").table.players  # type: ignore[union-attr]
    assert (players["Ann"].role, players["Bo"].role) == ("municipality", "region")
    close_all(*raws.values())


def test_another_roles_ranking_is_not_on_the_wire_before_the_reveal(
    served: ServerThread,
) -> None:
    raws = seated(served, ("Ann", "state"), ("Bo", "region"), ("Cy", "municipality"))
    ann, bo, cy = raws["Ann"], raws["Bo"], raws["Cy"]
    assert steer(served, "start")["version"] is not None
    problems = ann.until(lambda m: m["type"] == "update" and m["view"]["table"]["phase"] == "rank")[
        "view"
    ]["table"]["problems"]
    assert send(ann, 3, {"type": "submit_ranking", "order": problems, "argument": SECRET})[
        "version"
    ]
    before = bo.until(lambda m: m["type"] == "update" and "state" in m["view"]["submitted"])
    assert before["view"]["table"]["phase"] == "rank"
    assert SECRET.encode() not in bytes(bo.received)
    assert SECRET.encode() in bytes(ann.received)  # the author sees their own ranking
    # Once all have ranked, the reveal sends it to everyone: the check above could fail.
    backwards = list(reversed(problems))
    assert send(bo, 2, {"type": "submit_ranking", "order": backwards, "argument": ARGUMENT})[
        "version"
    ]
    assert SECRET.encode() not in bytes(cy.received) + bytes(bo.received)
    assert send(cy, 2, {"type": "submit_ranking", "order": problems, "argument": ARGUMENT})[
        "version"
    ]
    bo.until(lambda m: m["type"] == "update" and m["view"]["table"]["phase"] == "reveal")
    assert SECRET.encode() in bytes(bo.received)
    close_all(*raws.values())


@pytest.mark.parametrize(
    "bad",
    [
        b"\x1b[31mnot json at all\n",
        b'{"type": "shout", "text": "hello"}\n',
        b'{"type": "send", "id": 1}\n',
        b'{"type": "hello", "protocol": 99, "table": "Table 1"}\n',
        b"x" * (10 * 1024 * 1024) + b"\n",
    ],
    ids=["garbage", "unknown", "incomplete", "other-protocol", "10MB-line"],
)
def test_a_bad_line_cuts_that_connection_off_and_the_table_goes_on(
    served: ServerThread, bad: bytes
) -> None:
    raws = seated(served, ("Ann", "state"))
    mallory = Raw(served.attach("Mallory"))

    def push() -> None:  # the server stops reading at MAX_LINE: the rest may not fit anywhere
        with contextlib.suppress(OSError):
            mallory.sock.sendall(bad)

    pusher = threading.Thread(target=push, daemon=True)
    pusher.start()
    error = mallory.next()
    assert error["type"] == "error"
    assert "\x1b" not in error["message"]
    assert mallory.at_eof()
    pusher.join(timeout=5)
    if len(bad) > MAX_LINE:
        assert str(MAX_LINE) in error["message"]
    # The table, and the other player, go on.
    moved = send(raws["Ann"], 2, {"type": "choose_role", "role": "municipality"})
    assert moved["version"] is not None
    bo = Raw(served.attach("Bo"))
    assert bo.hello("Table 1")["type"] == "welcome"
    assert send(bo, 1, {"type": "choose_role", "role": "region"})["version"] is not None
    assert "Mallory" not in served.server.host("Table 1").table.players  # type: ignore[union-attr]
    close_all(mallory, bo, *raws.values())


def test_a_command_before_a_hello_is_cut_off(served: ServerThread) -> None:
    raw = Raw(served.attach("Ann"))
    raw.send({"type": "send", "id": 1, "command": {"type": "start", "player": "Ann"}})
    assert raw.next()["type"] == "error"
    assert raw.at_eof()
    raw.close()


def test_an_unknown_table_is_an_error_not_a_new_table(served: ServerThread) -> None:
    raw = Raw(served.attach("Ann"))
    answer = raw.hello("Table 9")
    assert answer["type"] == "error" and "Table 9" in answer["message"]
    assert raw.at_eof()
    assert served.server.names == ["Table 1"]
    raw.close()


def test_a_dropped_connection_keeps_the_seat_and_fires_no_reveal(served: ServerThread) -> None:
    raws = seated(served, ("Ann", "state"), ("Bo", "region"), ("Cy", "municipality"))
    ann, bo, cy = raws["Ann"], raws["Bo"], raws["Cy"]
    assert steer(served, "start")["version"] is not None
    host = served.server.host("Table 1")
    assert host is not None
    problems = list(host.table.problems)
    for raw in (ann, bo):
        assert send(raw, 3, {"type": "submit_ranking", "order": problems, "argument": ARGUMENT})[
            "version"
        ]
    version = host.table.version
    cy.close()  # abruptly, mid-ranking
    ann.until(lambda m: m["type"] == "update" and m["view"]["presence"].get("Cy") == "away")
    assert host.presence()["Cy"] is Presence.AWAY
    assert host.table.phase is Phase.RANK
    assert host.table.version == version  # presence is not a move
    assert host.table.players["Cy"].role == "municipality"
    # Back again: the same seat and role, and the ranking finishes the phase.
    again = Raw(served.attach("Cy"))
    welcome = again.hello("Table 1")
    assert welcome["view"]["role"] == "municipality"
    assert send(again, 1, {"type": "submit_ranking", "order": problems, "argument": ARGUMENT})[
        "version"
    ]
    assert host.table.phase is Phase.REVEAL
    close_all(ann, bo, again)


def test_a_second_name_with_other_flags_is_refused(served: ServerThread) -> None:
    raws = seated(served, ("Ann", "state"))
    fake = Raw(served.attach("Ann", facilitator=True))
    answer = fake.hello("Table 1")
    assert answer["type"] == "error" and "Ann" in answer["message"]
    assert fake.at_eof()
    close_all(fake, *raws.values())


def test_a_slow_reader_holds_up_nobody(served: ServerThread) -> None:
    raws = seated(served, ("Ann", "state"), ("Bo", "region"))
    sleepy = Raw(served.attach("Sy", spectator=True))
    assert sleepy.hello("Table 1")["type"] == "welcome"
    sleepy.sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    # Sy reads nothing while Ann and Bo swap roles many times over.
    for i in range(40):
        role = ("state", "region")[i % 2]
        send(raws["Bo"], 10 + i, {"type": "choose_role", "role": ("region", "state")[i % 2]})
        send(raws["Ann"], 10 + i, {"type": "choose_role", "role": role})
    # Sy then catches up: the newest view arrives, the intermediate ones may not.
    host = served.server.host("Table 1")
    assert host is not None
    latest = host.table.version
    seen = sleepy.until(lambda m: m["type"] == "update" and m["view"]["table"]["version"] == latest)
    assert seen["view"]["spectator"] is True
    close_all(sleepy, *raws.values())


def test_a_restarted_server_has_its_unfinished_tables_back(tmp_path: Path) -> None:
    saves = tmp_path / "saves"
    first = TableServer(saves)
    first.open_table("Table 1", english_deck(), seed=7)
    first.open_table("Table 2", english_deck(), seed=8)
    running = ServerThread(first)
    ann = Raw(running.attach("Ann"))
    ann.hello("Table 2")
    assert send(ann, 1, {"type": "choose_role", "role": "state"})["version"] is not None
    version = first.host("Table 2").table.version  # type: ignore[union-attr]
    ann.close()
    running.stop()
    # No close(): as if killed. The journal holds every acknowledged move.
    second = TableServer(saves)
    assert second.load() == []
    assert sorted(second.names) == ["Table 1", "Table 2"]
    host = second.host("Table 2")
    assert host is not None
    assert host.table.version == version
    assert host.presence() == {"Ann": Presence.AWAY}
    running = ServerThread(second)
    back = Raw(running.attach("Ann"))
    assert back.hello("Table 2")["view"]["role"] == "state"
    back.close()
    running.stop()
    second.close()


def test_hostile_text_is_refused_or_travels_as_plain_data(served: ServerThread) -> None:
    raws = seated(served, ("Ann", "state"), ("Bo", "region"), ("Cy", "municipality"))
    ann, bo, cy = raws["Ann"], raws["Bo"], raws["Cy"]
    assert steer(served, "start")["version"] is not None
    problems = served.server.host("Table 1").table.problems  # type: ignore[union-attr]
    escape = "we \x1b[2J\x1b]0;pwned\x07 clear the screen of everyone"
    refused = send(ann, 3, {"type": "submit_ranking", "order": problems, "argument": escape})
    assert refused["refusal"]["code"] == "bad_text"
    markup = "[bold red]we[/] share [link=http://x]this[/link] problem [/] together"
    for i, raw in enumerate((ann, bo, cy)):
        argument = markup if raw is ann else ARGUMENT
        ranked = send(
            raw, 4 + i, {"type": "submit_ranking", "order": problems, "argument": argument}
        )
        assert ranked["version"] is not None
    seen = bo.until(lambda m: m["type"] == "update" and m["view"]["table"]["phase"] == "reveal")
    assert seen["view"]["table"]["rankings"]["state"]["argument"] == markup
    for raw in (ann, bo, cy):
        assert b"\x1b" not in bytes(raw.received)
    close_all(*raws.values())


def test_a_server_with_a_smaller_message_limit_cuts_a_longer_line(tmp_path: Path) -> None:
    server = TableServer(tmp_path / "saves", max_line=8192)
    server.open_table("Table 1", english_deck(), seed=7)
    running = ServerThread(server)
    ann = Raw(running.attach("Ann"))
    assert ann.hello("Table 1")["type"] == "welcome"
    long = "word " * 2000  # a 10 KB argument: over this server's 8 KB
    command = {"type": "choose_role", "player": "", "role": long}
    ann.send({"type": "send", "id": 1, "command": command})
    error = ann.until(lambda m: m["type"] == "error")
    assert "8192" in error["message"] and ann.at_eof()
    ann.close()
    bo = Raw(running.attach("Bo"))  # the table goes on
    assert bo.hello("Table 1")["type"] == "welcome"
    bo.close()
    running.stop()
    server.close()


def a_workshop_stopped(tmp_path: Path) -> Path:
    """The saves folder of a workshop stopped today: Table 1 played to the end and locked (the
    three players of ``table_at``), Table 2 open and unplayed."""
    played = table_at(tmp_path, Phase.SCORED)
    for client in played.clients.values():
        client.close()
    played.host.close()
    saves = tmp_path / "saves"
    first = TableServer(saves, deck=english_deck())
    first.open_table("Table 2", english_deck(), seed=8)
    first.close()
    return saves


def test_a_restarted_server_has_the_workshops_scored_tables_back_locked(tmp_path: Path) -> None:
    server = TableServer(a_workshop_stopped(tmp_path), deck=english_deck())
    assert server.load(scored_since=workshop_day()) == []
    assert server.names == ["Table 1", "Table 2"]
    assert server.playing == ["Table 2"]
    scored = server.overview().tables[0]
    assert (scored.name, scored.phase, scored.total is not None) == ("Table 1", "scored", True)
    with pytest.raises(SaveError, match="already a table named 'Table 1'"):
        server.open_table("Table 1", english_deck())  # its name stays taken
    running = ServerThread(server)
    try:
        newcomer = Raw(running.attach("Dy"))
        assert newcomer.hello("Table 1")["type"] == "error"  # nobody joins a locked table
        ann = Raw(running.attach("Ann"))
        welcome = ann.hello("Table 1")  # her seat: she sees how it ended
        assert welcome["view"]["table"]["phase"] == "scored"
        again = send(ann, 1, {"type": "choose_role", "role": "region"})
        assert again.get("refusal") is not None  # and plays no more
        close_all(newcomer, ann)
        # The facilitator's workshop report (the console's w) covers the scored table too.
        console = WatchConsole(Watch(running.attach("Fie", facilitator=True)))
        page = Path(console.write_report()).read_text(encoding="utf-8")
        console.watch.close()
        saves = sorted(server.saves_dir.glob("*.toml"))
        assert all(path.name in page for path in saves), [p.name for p in saves]
    finally:
        running.stop()
        server.close()


def test_tables_scored_before_the_workshop_day_stay_in_the_folder_unhosted(
    tmp_path: Path,
) -> None:
    server = TableServer(a_workshop_stopped(tmp_path), deck=english_deck())
    tomorrow = workshop_day(datetime.now(UTC) + timedelta(days=1))
    assert server.load(scored_since=tomorrow) == []
    assert server.names == server.playing == ["Table 2"]
    server.close()


def test_an_unfinished_table_wins_over_a_scored_one_of_the_same_name(tmp_path: Path) -> None:
    saves = a_workshop_stopped(tmp_path)
    TableServer(saves / "later").open_table("Table 1", english_deck(), seed=9).close()
    [reopened] = (saves / "later").glob("*.toml")
    reopened.rename(saves / ("zz-" + reopened.name))  # read after the scored one
    server = TableServer(saves, deck=english_deck())
    [line] = server.load(scored_since=workshop_day())
    assert "table 'Table 1' is scored and played again; not hosted" in line
    assert sorted(server.names) == sorted(server.playing) == ["Table 1", "Table 2"]
    server.close()


def test_the_workshop_day_starts_at_local_midnight() -> None:
    noon = datetime(2026, 11, 29, 12, 0, tzinfo=UTC)
    day = workshop_day(noon)
    assert day <= noon < day + timedelta(days=1)
    assert (day.hour, day.minute, day.second, day.microsecond) == (0, 0, 0, 0)
    assert day.utcoffset() == noon.astimezone().utcoffset()
