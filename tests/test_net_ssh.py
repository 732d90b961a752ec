"""The SSH front door with asyncssh clients on loopback: logins, refusals, the app on its pty.

The app each session runs is tests/ssh_child.py (the launcher parameter), which says hello on
fd 3 and writes what it heard and what its terminal is; the tests read that from the channel.
Every wait is bounded; every server and child a test starts is stopped by its fixture.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from pathlib import Path

import asyncssh
import pytest

from net_support import english_deck, open_fds
from sammenspil.host.principal import Principal
from sammenspil.host.view import Presence
from sammenspil.net import table_server
from sammenspil.net.protocol import PROTOCOL_VERSION
from sammenspil.net.ssh_front import (
    END_GRACE,
    TERMINAL_RESET,
    Limits,
    SSHFront,
    default_launcher,
)
from sammenspil.net.table_server import TableServer

CODE = "K7PX2M"
CHILD = str(Path(__file__).with_name("ssh_child.py"))
WAIT = 5.0
HOST_KEY = asyncssh.generate_private_key("ssh-ed25519")
FACILITATOR_KEY = asyncssh.generate_private_key("ssh-ed25519")


def child_at(table: str | None) -> Callable[[Principal], list[str]]:
    return lambda principal: [sys.executable, CHILD, *([table] if table else [])]


class Clock:
    """A clock the test moves by hand, for the lockout."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@dataclass
class Door:
    tables: TableServer
    front: SSHFront
    clock: Clock

    @property
    def port(self) -> int:
        return self.front.port

    async def connect(
        self, name: str = "Ann", code: str = CODE, **options: object
    ) -> asyncssh.SSHClientConnection:
        options.setdefault("client_keys", None)
        return await asyncio.wait_for(
            asyncssh.connect(
                "127.0.0.1",
                self.port,
                username=name,
                password=code,
                known_hosts=None,
                agent_path=None,
                **options,
            ),
            WAIT,
        )

    async def terminal(
        self, conn: asyncssh.SSHClientConnection, size: tuple[int, int] = (90, 20)
    ) -> asyncssh.SSHClientProcess[bytes]:
        return await conn.create_process(term_type="xterm-256color", term_size=size, encoding=None)

    def pids(self) -> list[int]:
        return [s.reaper.pid for s in self.front.sessions if s.reaper is not None]


async def open_door(
    tmp_path: Path,
    limits: Limits,
    launcher: Callable[[Principal], list[str]],
    reserved: tuple[str, ...] = (),
) -> Door:
    tables = TableServer(tmp_path / "saves")
    tables.open_table("Table 1", english_deck(), seed=3)
    clock = Clock()
    keys = asyncssh.import_authorized_keys(FACILITATOR_KEY.export_public_key().decode())
    front = SSHFront(
        tables,
        code=CODE,
        host_key=HOST_KEY,
        authorized_keys=keys,
        launcher=launcher,
        limits=limits,
        clock=clock,
        reserved=reserved,
    )
    await front.start("127.0.0.1", 0)
    return Door(tables, front, clock)


@pytest.fixture
async def door(tmp_path: Path, request: pytest.FixtureRequest) -> AsyncIterator[Door]:
    limits = getattr(request, "param", Limits())
    opened = await open_door(tmp_path, limits, child_at("Table 1"))
    try:
        yield opened
    finally:
        await opened.front.close()
        opened.tables.close()


async def read_until(proc: asyncssh.SSHClientProcess[bytes], word: bytes) -> bytes:
    """What the channel shows up to and including ``word``; fails after WAIT seconds."""
    seen = b""
    async with asyncio.timeout(WAIT):
        while word not in seen:
            chunk = await proc.stdout.read(4096)
            if not chunk:
                raise AssertionError(f"the session ended before {word!r}: {seen!r}")
            seen += chunk
    return seen


async def eventually(check: Callable[[], bool], what: str, within: float = WAIT) -> None:
    deadline = time.monotonic() + within
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not in time: {what}")
        await asyncio.sleep(0.01)


def gone(pid: int) -> bool:
    return not Path(f"/proc/{pid}").exists()


# --- a player comes in ------------------------------------------------------------------------


async def test_the_join_code_opens_a_session_wired_to_the_table(door: Door) -> None:
    async with await door.connect("Ann", code=" k7px2m ") as conn:  # case and spaces forgiven
        proc = await door.terminal(conn)
        screen = await read_until(proc, b"READY")
        assert b"heard welcome as Ann facilitator False" in screen
        # The pty is the app's controlling terminal, its size and TERM the client's, no COLUMNS.
        assert (
            b"size 90x20 term xterm-256color colorterm truecolor ctty True columns None" in screen
        )
        table = door.tables.host("Table 1")
        assert table is not None and table.presence()["Ann"] is Presence.CONNECTED
        proc.stdin.write(b"abc")
        assert b"got abc" in await read_until(proc, b"got")
        proc.change_terminal_size(120, 40)
        assert b"resized 120x40" in await read_until(proc, b"resized")
        proc.stdin.write(b"q")
        result = await asyncio.wait_for(proc.wait(), WAIT)
        assert result.exit_status == 3  # the app's own exit status ends the session
    await eventually(lambda: not door.front.sessions, "the session is forgotten")


async def test_the_doors_own_app_may_say_hello_after_the_hello_timeout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A crowd of apps starting on a busy machine says hello late; the door's own are not cut."""
    monkeypatch.setattr(table_server, "HELLO_TIMEOUT", 0.2)
    slow = lambda principal: [sys.executable, CHILD, "--slow", "0.8", "Table 1"]  # noqa: E731
    opened = await open_door(tmp_path, Limits(), slow)
    try:
        async with await opened.connect("Ann") as conn:
            proc = await opened.terminal(conn)
            assert b"heard welcome as Ann" in await read_until(proc, b"READY")
            proc.stdin.write(b"q")
            await asyncio.wait_for(proc.wait(), WAIT)
    finally:
        await opened.front.close()
        opened.tables.close()


async def test_a_key_from_the_authorized_keys_makes_a_facilitator(door: Door) -> None:
    async with await door.connect("Tove", code="wrong", client_keys=[FACILITATOR_KEY]) as conn:
        proc = await door.terminal(conn)
        assert b"heard welcome as Tove facilitator True" in await read_until(proc, b"READY")
        proc.stdin.write(b"q")
        await asyncio.wait_for(proc.wait(), WAIT)
    # The same name with the join code is a player: the flag comes from the key alone.
    async with await door.connect(
        "Tove2", client_keys=[asyncssh.generate_private_key("ssh-ed25519")]
    ) as conn:
        proc = await door.terminal(conn)
        assert b"facilitator False" in await read_until(proc, b"READY")
        proc.stdin.write(b"q")
        await asyncio.wait_for(proc.wait(), WAIT)


async def test_a_colorterm_the_client_sends_is_passed_on_and_a_strange_one_is_not(
    door: Door,
) -> None:
    for sent, seen in (("24bit", b"colorterm 24bit"), ("\x1b]0;x", b"colorterm truecolor")):
        async with await door.connect("Ann") as conn:
            proc = await conn.create_process(
                term_type="xterm", term_size=(80, 24), encoding=None, env={"COLORTERM": sent}
            )
            assert seen in await read_until(proc, b"READY")
            proc.stdin.write(b"q")
            await asyncio.wait_for(proc.wait(), WAIT)


def test_the_stand_in_app_speaks_this_protocol() -> None:
    text = (Path(__file__).parent / "ssh_child.py").read_text("utf-8")
    assert f"PROTOCOL = {PROTOCOL_VERSION}\n" in text


def test_the_default_launcher_runs_the_player_app_or_the_console() -> None:
    assert default_launcher(Principal(name="Ann"))[1:] == [
        "-m",
        "sammenspil.tui.remote_main",
        "--fd",
        "3",
    ]
    assert default_launcher(Principal(name="Tove", facilitator=True))[2] == (
        "sammenspil.tui.console_main"
    )


# --- who is kept out --------------------------------------------------------------------------


async def test_the_ciphers_are_aes_not_chacha20_which_asyncssh_runs_slowly(door: Door) -> None:
    """The server encrypts every frame for every screen: AES-GCM for asyncssh's client (its
    first choice that the server offers), AES-CTR with a SHA-2 HMAC for a client that prefers
    it (as OpenSSH's does), and a client that offers only chacha20-poly1305 is refused."""
    async with await door.connect() as conn:
        assert conn.get_extra_info("send_cipher") == "aes256-gcm@openssh.com"
    openssh_order = ["chacha20-poly1305@openssh.com", "aes128-ctr", "aes128-gcm@openssh.com"]
    macs = ["umac-64-etm@openssh.com", "hmac-sha2-256-etm@openssh.com"]
    async with await door.connect(encryption_algs=openssh_order, mac_algs=macs) as conn:
        assert conn.get_extra_info("send_cipher") == "aes128-ctr"
        assert conn.get_extra_info("send_mac") == "hmac-sha2-256-etm@openssh.com"
    with pytest.raises(asyncssh.KeyExchangeFailed):
        await door.connect(encryption_algs=["chacha20-poly1305@openssh.com"])


async def test_a_wrong_code_is_refused(door: Door) -> None:
    with pytest.raises(asyncssh.PermissionDenied):
        await door.connect("Ann", code="K7PX2N")
    assert not door.front.sessions


@pytest.mark.parametrize("door", [Limits(failed_logins=3, lockout=60.0)], indirect=True)
async def test_repeated_wrong_codes_lock_the_address_out_for_a_while(door: Door) -> None:
    for _ in range(3):
        with pytest.raises(asyncssh.PermissionDenied):
            await door.connect("Ann", code="WRONG1")
    # Now even the right code is refused, with the reason.
    with pytest.raises(asyncssh.DisconnectError, match="too many wrong join codes"):
        await door.connect("Ann")
    door.clock.now += 61
    async with await door.connect("Ann"):
        pass
    # Once its connections are closed and its failures old, nothing is kept about the address.
    await eventually(lambda: not door.front._addresses, "the address is forgotten")


@pytest.mark.parametrize("door", [Limits(per_address=2)], indirect=True)
async def test_connections_per_address_are_bounded(door: Door) -> None:
    async with await door.connect("Ann"), await door.connect("Bo"):
        with pytest.raises(asyncssh.DisconnectError, match="too many connections"):
            await door.connect("Cy")
    await eventually(lambda: not door.front._connections, "the connections are counted down")
    async with await door.connect("Cy"):
        pass


@pytest.mark.parametrize("door", [Limits(sessions=1)], indirect=True)
async def test_sessions_over_the_total_get_a_line(door: Door) -> None:
    async with await door.connect("Ann") as ann, await door.connect("Bo") as bo:
        first = await door.terminal(ann)
        await read_until(first, b"READY")
        second = await door.terminal(bo)
        assert b"The server is full (1 sessions)" in await read_until(second, b"\n")
        assert (await asyncio.wait_for(second.wait(), WAIT)).exit_status == 1


async def test_exec_sftp_and_forwarding_are_refused(door: Door) -> None:
    async with await door.connect("Ann") as conn:
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.create_process("cat /etc/passwd")
        with pytest.raises((asyncssh.ChannelOpenError, asyncssh.SFTPError)):
            await conn.start_sftp_client()
        with pytest.raises(asyncssh.ChannelOpenError):
            await conn.open_connection("127.0.0.1", door.port)
        with pytest.raises(asyncssh.ChannelListenError):
            await conn.forward_remote_port("127.0.0.1", 0, "127.0.0.1", door.port)
    assert not door.front.sessions


async def test_a_session_without_a_terminal_gets_a_line(door: Door) -> None:
    async with await door.connect("Ann") as conn:
        proc = await conn.create_process(encoding=None)  # a shell, but no pty
        result = await asyncio.wait_for(proc.wait(), WAIT)
        assert result.exit_status == 1
        assert isinstance(result.stdout, bytes)
        assert result.stdout.startswith(b"Sammenspil needs a terminal")
        assert f"ssh -p {door.port} Ann@127.0.0.1".encode() in result.stdout
        assert result.stdout.count(b"\n") == 1


async def refused(door: Door, name: str) -> bytes:
    """The line a session under ``name`` is refused with (exit status 1)."""
    async with await door.connect(name) as conn:
        proc = await door.terminal(conn)
        result = await asyncio.wait_for(proc.wait(), WAIT)
    assert result.exit_status == 1
    assert isinstance(result.stdout, bytes)
    return result.stdout


@pytest.mark.parametrize(
    ("name", "why"),
    [(" Ann", b"spaces"), ("A" * 40, b"too long"), ("", b"cannot be empty")],
)
async def test_a_bad_name_gets_a_line_naming_the_fix(door: Door, name: str, why: bytes) -> None:
    line = await refused(door, name)
    assert why in line
    assert f"ssh -p {door.port} othername@127.0.0.1".encode() in line
    assert b"\x1b" not in line  # the name is shown escaped, never sent as a control code
    assert line.count(b"\n") == 1
    assert not door.front.sessions


@pytest.mark.parametrize("name", ["facilitator", "Facilitator"])
async def test_the_consoles_name_is_refused_at_the_door(tmp_path: Path, name: str) -> None:
    """The console sits at every table as 'facilitator': a player of that name was refused at
    the table, told to connect again under the same name, which could never work."""
    opened = await open_door(tmp_path, Limits(), child_at("Table 1"), reserved=("facilitator",))
    try:
        line = await refused(opened, name)
        assert f"'{name}' is the name of the facilitator's console".encode() in line
        assert f"ssh -p {opened.port} othername@127.0.0.1".encode() in line
        assert not opened.front.sessions
    finally:
        await opened.front.close()
        opened.tables.close()


async def test_a_connected_name_is_refused_until_the_facilitator_allows_a_take_over(
    door: Door,
) -> None:
    async with await door.connect("Ann") as first:
        old = await door.terminal(first)
        await read_until(old, b"READY")
        [old_pid] = door.pids()
        async with await door.connect("Ann") as second:
            refused = await door.terminal(second)
            result = await asyncio.wait_for(refused.wait(), WAIT)
            assert result.exit_status == 1
            assert isinstance(result.stdout, bytes)
            assert b"Ann is already connected" in result.stdout
            assert b"othername@127.0.0.1" in result.stdout
            assert b"let you take over" in result.stdout
        door.tables.allow_takeover("Ann")
        async with await door.connect("Ann") as third:
            new = await door.terminal(third)
            assert b"heard welcome as Ann" in await read_until(new, b"READY")
            await eventually(lambda: gone(old_pid), "the old app has ended", within=1.5)
            assert b"taken over by a new connection" in await read_until(old, b"taken over")
            await asyncio.wait_for(first.wait_closed(), WAIT)
            assert door.front.live_names == ["Ann"]
            table = door.tables.host("Table 1")
            assert table is not None and table.presence()["Ann"] is Presence.CONNECTED
            new.stdin.write(b"q")
            await asyncio.wait_for(new.wait(), WAIT)
    # The permission was used up: the name is guarded again.
    assert not door.tables.take_over("Ann")


# --- connections that drop --------------------------------------------------------------------


async def test_an_abrupt_disconnect_ends_the_app_and_keeps_the_seat(door: Door) -> None:
    conn = await door.connect("Ann")
    proc = await door.terminal(conn)
    await read_until(proc, b"READY")
    [pid] = door.pids()
    conn.abort()  # no SSH goodbye: the TCP connection just ends
    await eventually(lambda: gone(pid), "the app has ended", within=1.0)
    table = door.tables.host("Table 1")
    assert table is not None
    await eventually(lambda: table.presence()["Ann"] is Presence.AWAY, "the seat is away")
    assert "Ann" in table.table.players  # presence only: the seat is still there
    await eventually(lambda: not door.front.sessions, "the session is forgotten")


async def test_thirty_abrupt_disconnects_leave_no_process_and_no_fd(door: Door) -> None:
    # One round first, so that whatever asyncio and asyncssh open once is open before counting.
    async def once() -> int:
        conn = await door.connect("Ann")
        proc = await door.terminal(conn)
        await read_until(proc, b"READY")
        [pid] = door.pids()
        conn.abort()
        return pid

    pid = await once()
    await eventually(lambda: gone(pid) and not door.front.sessions, "the first app has ended")
    await eventually(lambda: not door.front._tasks, "its table connection has closed")
    before = open_fds()
    pids = [await once() for _ in range(30)]
    await eventually(lambda: all(gone(p) for p in pids), "every app has ended")
    await eventually(
        lambda: not door.front.sessions and not door.front._tasks and not door.front._connections,
        "every session, table connection and SSH connection is closed",
    )
    await eventually(lambda: open_fds() <= before, f"no fd left open: {open_fds() - before}")
    table = door.tables.host("Table 1")
    assert table is not None and table.presence() == {"Ann": Presence.AWAY}


@pytest.mark.parametrize("door", [Limits(idle_timeout=0.3)], indirect=True)
async def test_a_session_without_input_is_ended_and_the_seat_kept(door: Door) -> None:
    async with await door.connect("Ann") as conn:
        proc = await door.terminal(conn)
        await read_until(proc, b"READY")
        [pid] = door.pids()
        # The player's terminal is put back to its main screen, then told why.
        told = await read_until(proc, b"to your seat")
        assert b"\x1b[?1049l" in told
        assert b"disconnected after 0 minutes without a key pressed" in told
        async with asyncio.timeout(WAIT):
            await conn.wait_closed()
    await eventually(lambda: gone(pid), "the idle app has ended", within=1.5)
    table = door.tables.host("Table 1")
    assert table is not None
    await eventually(lambda: table.presence()["Ann"] is Presence.AWAY, "the seat is away")


async def test_closing_the_front_door_ends_every_session(door: Door) -> None:
    async with await door.connect("Ann") as conn:
        proc = await door.terminal(conn)
        await read_until(proc, b"READY")
        [pid] = door.pids()
        started = time.monotonic()
        await door.front.close()
        assert time.monotonic() - started < 2.0
        assert gone(pid)
        with pytest.raises((asyncssh.DisconnectError, OSError, asyncio.TimeoutError)):
            await door.connect("Bo")


async def test_an_app_that_does_not_quit_is_ended_after_a_grace_and_the_terminal_put_back(
    tmp_path: Path,
) -> None:
    hung = await open_door(tmp_path, Limits(), lambda principal: [sys.executable, CHILD, "--deaf"])
    try:
        async with await hung.connect("Ann") as conn:
            proc = await hung.terminal(conn)
            await read_until(proc, b"READY")
            [pid] = hung.pids()
            started = time.monotonic()
            await hung.front.close()
            took = time.monotonic() - started
            assert END_GRACE <= took < 2.0  # asked to quit first, then hung up and killed
            assert gone(pid)
            told = await read_until(proc, b"every move is saved")
            assert told.endswith(
                TERMINAL_RESET + b"the workshop server is stopping; every move is saved\r\n"
            )
    finally:
        hung.tables.close()


async def test_an_app_that_cannot_start_gets_a_line_and_guards_no_name(tmp_path: Path) -> None:
    opened = await open_door(tmp_path, Limits(), lambda principal: ["/nonexistent/app"])
    try:
        for _ in range(2):  # twice: the first failure left the name free
            async with await opened.connect("Ann") as conn:
                proc = await opened.terminal(conn)
                result = await asyncio.wait_for(proc.wait(), WAIT)
                assert result.exit_status == 1
                assert isinstance(result.stdout, bytes)
                assert result.stdout.startswith(b"The game could not be started here (")
        assert not opened.front.sessions and not opened.front.live_names
    finally:
        await opened.front.close()
        opened.tables.close()
