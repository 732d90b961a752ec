"""The web door on a real Unix socket: logins checked as on SSH, then the table protocol.

Each test opens the door beside a real SSH front door (sharing its live names) and talks to it
as the browser visitor's app does: a ``login`` line, then ``hello``. Every wait is bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import stat
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import asyncssh
import pytest

from net_support import english_deck
from sammenspil.host.view import Presence
from sammenspil.net.protocol import PROTOCOL_VERSION
from sammenspil.net.ssh_front import Limits, SSHFront
from sammenspil.net.table_server import TableServer
from sammenspil.net.web_door import MAX_TRIES, WebDoor

CODE = "K7PX2M"
WAIT = 5.0
CHILD = str(Path(__file__).with_name("ssh_child.py"))
HOST_KEY = asyncssh.generate_private_key("ssh-ed25519")


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Doors:
    tables: TableServer
    front: SSHFront
    web: WebDoor
    clock: Clock


class Visitor:
    """One app's connection to the web door, read and written as lines of JSON."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    async def send(self, message: dict[str, Any]) -> None:
        self.writer.write(json.dumps(message).encode() + b"\n")
        await self.writer.drain()

    async def next(self) -> dict[str, Any] | None:
        line = await asyncio.wait_for(self.reader.readline(), WAIT)
        return json.loads(line) if line else None

    async def login(
        self, name: str, code: str = CODE, address: str | None = None
    ) -> dict[str, Any] | None:
        await self.send({"type": "login", "name": name, "code": code, "address": address})
        return await self.next()

    async def join(self, table: str = "Table 1") -> dict[str, Any] | None:
        await self.send({"type": "hello", "protocol": PROTOCOL_VERSION, "table": table})
        return await self.next()

    async def close(self) -> None:
        self.writer.close()
        with_timeout = asyncio.wait_for(self.writer.wait_closed(), WAIT)
        with contextlib.suppress(ConnectionError, TimeoutError):
            await with_timeout


@pytest.fixture
async def doors(tmp_path: Path) -> AsyncIterator[Doors]:
    tables = TableServer(tmp_path / "saves")
    tables.open_table("Table 1", english_deck(), seed=3)
    clock = Clock()
    limits = Limits(failed_logins=3, failed_login_window=60, lockout=120)
    front = SSHFront(
        tables,
        code=CODE,
        host_key=HOST_KEY,
        limits=limits,
        clock=clock,
        launcher=lambda principal: [sys.executable, CHILD, "Table 1"],
    )
    await front.start("127.0.0.1", 0)
    web = WebDoor(tables, code=CODE, live=front.live, limits=limits, clock=clock)
    await web.start(tmp_path)
    try:
        yield Doors(tables, front, web, clock)
    finally:
        await web.close()
        await front.close()
        tables.close()


async def visit(doors: Doors) -> Visitor:
    reader, writer = await asyncio.open_unix_connection(str(doors.web.path))
    return Visitor(reader, writer)


async def eventually(check: Any, what: str) -> None:
    async with asyncio.timeout(WAIT):
        while not check():
            await asyncio.sleep(0.01)


async def test_the_door_is_a_socket_in_a_folder_only_the_server_user_can_enter(
    doors: Doors,
) -> None:
    assert doors.web.folder is not None
    assert stat.S_IMODE(doors.web.folder.stat().st_mode) == 0o700
    assert stat.S_ISSOCK(doors.web.path.stat().st_mode)
    folder = doors.web.folder
    await doors.web.close()
    assert not folder.exists()


async def test_a_good_login_is_then_served_as_that_player(doors: Doors) -> None:
    visitor = await visit(doors)
    assert await visitor.login("Ann", " k7px2m ") == {"type": "logged_in", "name": "Ann"}
    welcome = await visitor.join()
    assert welcome is not None and welcome["type"] == "welcome"
    assert welcome["view"]["viewer"] == "Ann"
    table = doors.tables.host("Table 1")
    assert table is not None and table.presence()["Ann"] is Presence.CONNECTED
    assert list(doors.front.live) == ["Ann"]
    await visitor.close()
    await eventually(lambda: "Ann" not in doors.front.live, "the name is free again")


async def test_a_wrong_code_is_refused_and_the_visitor_may_try_again(doors: Doors) -> None:
    visitor = await visit(doors)
    refused = await visitor.login("Ann", "WRONG1")
    assert refused == {
        "type": "error",
        "message": "That is not the join code. Look at the facilitator's screen and try again.",
    }
    assert await visitor.login("Ann") == {"type": "logged_in", "name": "Ann"}
    await visitor.close()


async def test_a_bad_name_is_refused_with_why(doors: Doors) -> None:
    visitor = await visit(doors)
    refused = await visitor.login(" Ann")
    assert refused is not None and refused["type"] == "error"
    assert refused["message"].startswith("' Ann' cannot be your name at the table: ")
    bidi = await visitor.login("A\u202enn")
    assert bidi is not None and bidi["type"] == "error"
    assert "\u202e" not in bidi["message"]
    assert "Ann" not in doors.front.live
    await visitor.close()


async def test_wrong_codes_lock_the_web_door_for_a_while(doors: Doors) -> None:
    visitor = await visit(doors)
    for _ in range(3):
        refused = await visitor.login("Ann", "WRONG1")
        assert refused is not None and "not the join code" in refused["message"]
    locked = await visitor.login("Ann")  # the right code, but too late
    assert locked == {
        "type": "error",
        "message": "too many wrong join codes; try again in 120 seconds",
    }
    doors.clock.now += 121
    assert await visitor.login("Ann") == {"type": "logged_in", "name": "Ann"}
    await visitor.close()


async def test_the_lockout_is_per_browser_address_when_the_login_names_one(
    doors: Doors,
) -> None:
    visitor = await visit(doors)
    for _ in range(3):
        refused = await visitor.login("Ann", "WRONG1", address="10.0.0.7")
        assert refused is not None and "not the join code" in refused["message"]
    locked = await visitor.login("Ann", address="10.0.0.7")
    assert locked is not None and locked["message"].startswith("too many wrong join codes")
    other = await visit(doors)  # another laptop in the room
    assert await other.login("Bo", address="10.0.0.8") == {"type": "logged_in", "name": "Bo"}
    nameless = await visit(doors)  # no address: the shared budget, not locked
    assert await nameless.login("Cy") == {"type": "logged_in", "name": "Cy"}
    doors.clock.now += 121
    assert await visitor.login("Ann", address="10.0.0.7") == {"type": "logged_in", "name": "Ann"}
    assert doors.web._budgets == {}  # nothing kept once the lockout is over
    for each in (visitor, other, nameless):
        await each.close()


async def test_tries_on_one_connection_are_bounded(doors: Doors) -> None:
    visitor = await visit(doors)
    for _ in range(MAX_TRIES):
        refused = await visitor.login("", CODE)
        assert refused is not None and refused["type"] == "error"
    last = await visitor.next()
    assert last == {
        "type": "error",
        "message": "too many tries; reload the page to start again",
    }
    assert await visitor.next() is None  # closed


async def test_a_line_that_is_no_login_ends_the_connection_with_a_line(doors: Doors) -> None:
    visitor = await visit(doors)
    await visitor.send({"type": "hello", "protocol": PROTOCOL_VERSION, "table": None})
    answer = await visitor.next()
    assert answer is not None and answer["type"] == "error"
    assert answer["message"].startswith("not a login: ")
    assert await visitor.next() is None


async def test_a_name_live_on_ssh_is_refused_on_the_web_until_a_take_over(
    doors: Doors,
) -> None:
    async with asyncssh.connect(
        "127.0.0.1",
        doors.front.port,
        username="Ann",
        password=CODE,
        known_hosts=None,
        agent_path=None,
        client_keys=None,
    ) as conn:
        ssh = await conn.create_process(term_type="xterm", encoding=None)
        await eventually(lambda: "Ann" in doors.front.live, "the SSH session holds the name")
        visitor = await visit(doors)
        refused = await visitor.login("Ann")
        assert refused is not None and refused["type"] == "error"
        assert refused["message"].startswith("Ann is already connected.")
        doors.tables.allow_takeover("Ann")
        assert await visitor.login("Ann") == {"type": "logged_in", "name": "Ann"}
        result = await asyncio.wait_for(ssh.wait(), WAIT)
        assert isinstance(result.stdout, bytes)
        assert b"taken over by a new connection" in result.stdout
        welcome = await visitor.join()
        assert welcome is not None and welcome["type"] == "welcome"
        await visitor.close()


async def test_a_web_name_is_taken_over_by_a_new_web_login(doors: Doors) -> None:
    first = await visit(doors)
    assert await first.login("Ann") == {"type": "logged_in", "name": "Ann"}
    assert (await first.join()) is not None
    second = await visit(doors)
    refused = await second.login("Ann")
    assert refused is not None and refused["message"].startswith("Ann is already connected.")
    doors.tables.allow_takeover("Ann")
    assert await second.login("Ann") == {"type": "logged_in", "name": "Ann"}
    async with asyncio.timeout(WAIT):  # the first connection ends
        while await first.next() is not None:
            pass
    welcome = await second.join()
    assert welcome is not None and welcome["view"]["viewer"] == "Ann"
    table = doors.tables.host("Table 1")
    assert table is not None
    await eventually(
        lambda: table.presence()["Ann"] is Presence.CONNECTED, "Ann is still connected"
    )
    await second.close()
    await first.close()
