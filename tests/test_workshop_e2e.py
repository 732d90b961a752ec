"""A workshop end to end: the SSH front door, the real player apps and the facilitator console.

Everyone connects with asyncssh's client and a pseudo-terminal, exactly as `ssh` would; each
terminal's bytes are fed to a terminal emulator (pyte), and the test reads the screens the
people would read. Two players and a spectator join one table, the facilitator (logged in with a
key) starts and advances it, and each sees the others' moves, player text as text.

Twice: with the apps forked by the fork server (as `serve` does by default), and started plainly
(`serve --no-preload`): sessions behave the same either way. Sessions the server ends (a seat
taken over, the server stopping) leave the person's terminal as they found it, and say why.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import time
from collections.abc import AsyncIterator
from pathlib import Path

import asyncssh
import pyte
import pytest

from net_support import english_deck, ready_starter
from sammenspil.game.state import Phase
from sammenspil.i18n import t
from sammenspil.net.fork_client import ForkedApp
from sammenspil.net.ssh_front import SSHFront, launcher_in
from sammenspil.net.table_server import TableServer

CODE = "K7PX2M"
HOST_KEY = asyncssh.generate_private_key("ssh-ed25519")
FACILITATOR_KEY = asyncssh.generate_private_key("ssh-ed25519")
WAIT = 30.0  # each app is a fresh Python process; on a busy machine it may take seconds to start
SIZE = (100, 30)

MARKUP_NAME = "[b]Mal[/b]"
ARGUMENT = "values carry us [red]where[/] rules fall short"


class Terminal:
    """One person's terminal: what the session drew, as a screen of text."""

    def __init__(self, name: str, proc: asyncssh.SSHClientProcess[bytes]) -> None:
        self.name = name
        self.proc = proc
        self.screen = pyte.Screen(*SIZE)
        self.stream = pyte.ByteStream(self.screen)
        self.received = bytearray()
        self.changed = asyncio.Event()
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        while chunk := await self.proc.stdout.read(65536):
            self.received += chunk
            self.stream.feed(chunk)
            self.changed.set()

    @property
    def text(self) -> str:
        return "\n".join(line.rstrip() for line in self.screen.display)

    async def until(self, *words: str) -> str:
        """The screen once it shows every one of ``words``; fails after WAIT seconds."""
        try:
            async with asyncio.timeout(WAIT):
                while not all(word in self.text for word in words):
                    self.changed.clear()
                    await self.changed.wait()
        except TimeoutError:
            shown = f"{self.name}'s screen never showed {words}:\n{self.text}"
            raise AssertionError(shown) from None
        return self.text

    def press(self, *keys: str) -> None:
        for key in keys:
            self.proc.stdin.write(KEYS.get(key, key).encode())


KEYS = {"enter": "\r", "tab": "\t", "down": "\x1b[B", "ctrl+s": "\x13", "escape": "\x1b"}

PRIVATE_MODE = re.compile(rb"\x1b\[\?([0-9;]+)([hl])")
ON_AS_FOUND = {7, 25}
"""The private modes a terminal has on before a full-screen app starts: line wrap, cursor."""


def modes_left(received: bytes) -> dict[int, bool]:
    """Every private mode (DECSET/DECRST) the bytes touched, and whether they left it on."""
    left: dict[int, bool] = {}
    for match in PRIVATE_MODE.finditer(received):
        for mode in match[1].split(b";"):
            left[int(mode)] = match[2] == b"h"
    return left


async def ended_by_server(terminal: Terminal) -> bytes:
    """Everything the terminal received, once the server has ended its session (status 1)."""
    status = await asyncio.wait_for(terminal.proc.wait(), WAIT)
    await asyncio.wait_for(terminal.reader, WAIT)
    assert status.exit_status == 1, terminal.name
    return bytes(terminal.received)


def assert_put_back(received: bytes, reason: bytes) -> None:
    """The terminal is as it was before the app (main screen, cursor shown, mouse and the
    rest off), and the reason is written on the main screen, last."""
    left = modes_left(received)
    assert left[1049] is False and left[25] is True, left
    assert [mode for mode, on in left.items() if on and mode not in ON_AS_FOUND] == []
    last = received[received.rindex(b"\x1b[?1049l") :]
    assert reason in last, last[-300:]
    assert last.rstrip().endswith(reason), last[-300:]


def quit_by_itself(app: object) -> bool:
    """The app exited (status 0), not killed: it put its terminal back itself."""
    status = getattr(app, "status", None)
    return status is not None and os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0


class Workshop:
    def __init__(self, tables: TableServer, front: SSHFront, forked: bool) -> None:
        self.tables = tables
        self.front = front
        self.forked = forked
        self.late_imports = Path()
        self.connections: list[asyncssh.SSHClientConnection] = []
        self.terminals: list[Terminal] = []

    async def join(self, name: str, **options: object) -> Terminal:
        options.setdefault("client_keys", None)
        options.setdefault("password", CODE)
        conn = await asyncssh.connect(
            "127.0.0.1",
            self.front.port,
            username=name,
            known_hosts=None,
            agent_path=None,
            **options,
        )
        self.connections.append(conn)
        proc = await conn.create_process(term_type="xterm-256color", term_size=SIZE, encoding=None)
        terminal = Terminal(name, proc)
        self.terminals.append(terminal)
        apps = [s.reaper for s in self.front.sessions if s.principal.name == name]
        assert all(isinstance(app, ForkedApp) == self.forked for app in apps if app is not None)
        return terminal

    @property
    def table(self):  # type: ignore[no-untyped-def]
        host = self.tables.host("Table 1")
        assert host is not None
        return host.table


@pytest.fixture(params=["forked", "plain"])
async def workshop(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Workshop]:
    deck = english_deck()
    tables = TableServer(tmp_path / "saves", deck=deck)
    tables.open_table("Table 1", deck, seed=3)
    keys = asyncssh.import_authorized_keys(FACILITATOR_KEY.export_public_key().decode())
    late = tmp_path / "late"
    late.mkdir()
    starter = await ready_starter(late) if request.param == "forked" else None
    front = SSHFront(
        tables,
        code=CODE,
        host_key=HOST_KEY,
        authorized_keys=keys,
        launcher=launcher_in("en"),
        starter=starter,
    )
    await front.start("127.0.0.1", 0)
    running = Workshop(tables, front, forked=starter is not None)
    running.late_imports = late
    try:
        yield running
    finally:
        for terminal in running.terminals:
            terminal.reader.cancel()
        for conn in running.connections:
            conn.abort()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(front.close(), WAIT)
        if starter is not None:
            await starter.close()
        tables.close()


async def test_two_players_a_spectator_and_a_facilitator_play_over_ssh(
    workshop: Workshop,
) -> None:
    ann, bo = await workshop.join("Ann"), await workshop.join("Bo")
    for player in (ann, bo):
        await player.until("Table 1", "lobby")
        player.press("enter")  # join the highlighted table
        await player.until("Waiting for the facilitator")
    ann.press("enter")  # the first role: the state
    await ann.until("You are Ann, The state")
    bo.press("down", "enter")  # the second: the regions
    await bo.until("You are Bo, The regions")
    await ann.until("Bo took the role the regions")  # another player's move, live

    mal = await workshop.join(MARKUP_NAME)
    await mal.until("Table 1")
    mal.press("w")  # watch as a spectator
    await ann.until(f"{MARKUP_NAME} joined the table")  # a name with markup, as text

    fie = await workshop.join("Fie", client_keys=[FACILITATOR_KEY], password="wrong")
    await fie.until("Facilitator console", "Table 1")
    fie.press("s")  # deal
    for player in (ann, bo):
        await player.until("rank the 6 problems")
    assert workshop.table.phase is Phase.RANK

    for player in (ann, bo):
        player.press("tab")
        player.press(f"we {player.name} think this one matters most")
        player.press("ctrl+s")
    for player in (ann, bo):
        await player.until("The roles agree")  # both ranked: the reveal
    await mal.until("moved on to the reveal phase")

    fie.press("a")  # to the remedies
    await ann.until("Place card")
    ann.press("tab", "p")  # the first card of the hand, on the first problem
    await ann.until("why?", "0 of 4 words")
    ann.press(ARGUMENT)
    await ann.until("values carry us")
    ann.press("enter")
    await ann.until("(1)")  # one placement on the problem, on Ann's own screen
    [placement] = workshop.table.placements
    assert (placement.player, placement.argument) == ("Ann", ARGUMENT)
    remedy = workshop.table.deck.remedy(placement.remedy).title
    seen = await bo.until(f"Ann: {remedy}", "[red]where[/]")
    assert "values carry us [red]where[/] rules fall" in " ".join(seen.split())
    await mal.until(f"Ann: The state placed '{remedy}'")

    # Ann's laptop drops off: the seat stays, away; the same ssh line brings her back to it.
    workshop.connections[0].abort()
    host = workshop.tables.host("Table 1")
    assert host is not None
    async with asyncio.timeout(WAIT):
        while host.presence()["Ann"] != "away":
            await asyncio.sleep(0.05)
    back = await workshop.join("Ann")
    await back.until("Respond · Table 1 · Ann (The state)", "(1)")
    assert host.presence()["Ann"] == "connected"

    # Everyone quits (ctrl+q); a forked app imported nothing after the fork: the fork server's
    # preload covers every screen a session went through.
    for terminal in workshop.terminals[1:]:
        terminal.press("\x11")
        if terminal.name == "Fie":  # the console asks first
            await terminal.until("Leave the console?")
            terminal.press("y")
        status = await asyncio.wait_for(terminal.proc.wait(), WAIT)
        assert status.exit_status == 0, terminal.name
    if workshop.forked:
        reports = sorted(workshop.late_imports.iterdir())
        assert len(reports) == 4  # Bo, Mal, Fie, and Ann's second session
        for report in reports:
            assert report.read_text() == "", f"imported after the fork: {report.read_text()}"


async def test_a_seat_taken_over_puts_the_old_terminal_back_and_says_why(
    workshop: Workshop,
) -> None:
    old = await workshop.join("Ann")
    await old.until("Table 1", "lobby")
    [session] = workshop.front.sessions
    workshop.tables.allow_takeover("Ann")
    new = await workshop.join("Ann")
    received = await ended_by_server(old)
    assert_put_back(received, t("en", "ssh.taken_over").encode())
    assert quit_by_itself(session.reaper)
    await new.until("Table 1", "lobby")  # the new session goes on


async def test_stopping_the_server_puts_every_terminal_back_and_says_why(
    workshop: Workshop,
) -> None:
    ann = await workshop.join("Ann")
    fie = await workshop.join("Fie", client_keys=[FACILITATOR_KEY], password="wrong")
    await ann.until("Table 1", "lobby")
    await fie.until("Facilitator console", "Table 1")
    apps = [session.reaper for session in workshop.front.sessions]
    started = time.monotonic()
    await workshop.front.close()
    assert time.monotonic() - started < 2.0
    for terminal in (ann, fie):
        assert_put_back(await ended_by_server(terminal), t("en", "ssh.stopping").encode())
    assert all(quit_by_itself(app) for app in apps)
