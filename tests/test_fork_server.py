"""The fork server's request protocol, bad input first, then real forked apps behind the SSH door.

The protocol tests drive a ``ForkServer`` in this process one packet at a time (``receive``):
none of those packets may reach a fork. The others start the real fork server
(``tui/fork_main.py``) through ``ForkStarter``, as ``serve`` does, and read the forked apps'
/proc: their descriptors, session, terminal, signals and environment. Every wait is bounded and
every process started is stopped and checked gone.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import asyncssh
import pyte
import pytest

from net_support import english_deck, open_fds, ready_starter
from sammenspil.net.fork_client import ForkedApp, ForkStarter, ForkUnavailable
from sammenspil.net.fork_server import (
    MAX_MESSAGE,
    BadPacket,
    Failed,
    ForkServer,
    StartRequest,
    control_pair,
    decode_report,
    encode,
)
from sammenspil.net.pty_child import RESET_SIGNALS
from sammenspil.net.ssh_front import SSHFront, launcher_in
from sammenspil.net.table_server import TableServer

CODE = "K7PX2M"
HOST_KEY = asyncssh.generate_private_key("ssh-ed25519")
WAIT = 20.0  # the fork server imports for about half a second; a busy machine takes longer


def never_run(request: StartRequest) -> int:
    raise AssertionError("a bad request reached a fork")


@pytest.fixture
def pair() -> Iterator[tuple[socket.socket, ForkServer]]:
    ours, theirs = control_pair()
    ours.settimeout(2.0)
    server = ForkServer(theirs, never_run)
    try:
        yield ours, server
    finally:
        ours.close()
        theirs.close()
        os.close(server._wake_r)
        os.close(server._wake_w)


def answer(ours: socket.socket) -> Failed:
    report = decode_report(ours.recv(MAX_MESSAGE))
    assert isinstance(report, Failed)
    return report


def request(request_id: int = 7) -> bytes:
    return encode(
        StartRequest(id=request_id, kind="player", lang="en", term="xterm", colorterm="truecolor")
    )


# --- bad input: one log line, an answer, no fork, the server goes on -----------------------------


def test_a_garbage_packet_gets_a_failure_and_one_log_line(
    pair: tuple[socket.socket, ForkServer], caplog: pytest.LogCaptureFixture
) -> None:
    ours, server = pair
    caplog.set_level(logging.WARNING, logger="sammenspil.net.fork_server")
    ours.send(b"\x00not json\x1b[31m")
    assert server.receive()
    failed = answer(ours)
    assert failed.id is None
    assert "bad request" in failed.error
    [record] = caplog.records
    assert "\x1b" not in record.getMessage()
    # The server goes on: a well-formed request without descriptors is answered by its id.
    ours.send(request(7))
    assert server.receive()
    assert answer(ours) == Failed(id=7, error="a request with 0 descriptors, not 2")


def test_a_packet_longer_than_the_bound_is_cut_by_the_kernel_and_refused(
    pair: tuple[socket.socket, ForkServer],
) -> None:
    ours, server = pair
    r, w = os.pipe()
    try:
        long = b'{"id": 3, "pad": "' + b"x" * (4 * MAX_MESSAGE) + b'"}'
        socket.send_fds(ours, [long], [r, w])
        assert server.receive()
    finally:
        os.close(r)
        os.close(w)
    failed = answer(ours)
    assert failed.error == f"a request longer than {MAX_MESSAGE} bytes"


def test_too_many_descriptors_or_the_wrong_kind_are_refused_and_none_is_kept(
    pair: tuple[socket.socket, ForkServer],
) -> None:
    ours, server = pair
    before = open_fds()
    r, w = os.pipe()
    extra = os.dup(r)
    try:
        socket.send_fds(ours, [request(1)], [r, w, extra])
        assert server.receive()
        assert answer(ours).id == 1
        socket.send_fds(ours, [request(2)], [r, w])  # two pipes: no terminal, no socket
        assert server.receive()
        assert answer(ours) == Failed(
            id=2, error="a request whose descriptors are not a terminal and a socket"
        )
    finally:
        for fd in (r, w, extra):
            os.close(fd)
    assert open_fds() == before  # every descriptor received was closed again


def test_a_request_is_refused_while_another_thread_runs(
    pair: tuple[socket.socket, ForkServer],
) -> None:
    ours, server = pair
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    master, slave = os.openpty()
    a, b = socket.socketpair()
    try:
        socket.send_fds(ours, [request(4)], [slave, b.fileno()])
        assert server.receive()
        failed = answer(ours)
        assert failed.id == 4 and "threads are running" in failed.error
    finally:
        stop.set()
        thread.join()
        for fd in (master, slave):
            os.close(fd)
        a.close()
        b.close()


def test_a_request_of_an_unknown_kind_or_terminal_is_refused(
    pair: tuple[socket.socket, ForkServer],
) -> None:
    ours, server = pair
    bad = json.dumps(
        {"type": "start", "id": 9, "kind": "shell", "lang": "en", "term": "x", "colorterm": ""}
    )
    ours.send(bad.encode())
    assert server.receive()
    failed = answer(ours)
    assert failed.id == 9 and failed.error.startswith("a bad request: kind:")


def test_the_end_of_the_control_socket_ends_the_server(
    pair: tuple[socket.socket, ForkServer],
) -> None:
    ours, server = pair
    ours.close()
    assert not server.receive()


def test_an_unreadable_report_is_a_bad_packet() -> None:
    with pytest.raises(BadPacket, match="type"):
        decode_report(b'{"type": "shell"}')
    with pytest.raises(BadPacket):
        decode_report(b"\xff")


# --- real forked apps -----------------------------------------------------------------------------


class Door:
    def __init__(self, tables: TableServer, front: SSHFront, starter: ForkStarter) -> None:
        self.tables = tables
        self.front = front
        self.starter = starter

    async def terminal(
        self, name: str
    ) -> tuple[asyncssh.SSHClientConnection, asyncssh.SSHClientProcess[bytes]]:
        conn = await asyncssh.connect(
            "127.0.0.1",
            self.front.port,
            username=name,
            password=CODE,
            known_hosts=None,
            agent_path=None,
            client_keys=None,
        )
        proc = await conn.create_process(
            term_type="xterm-256color", term_size=(90, 26), encoding=None
        )
        return conn, proc


@pytest.fixture
async def door(tmp_path: Path) -> AsyncIterator[Door]:
    tables = TableServer(tmp_path / "saves")
    tables.open_table("Table 1", english_deck(), seed=3)
    starter = await ready_starter()
    front = SSHFront(
        tables, code=CODE, host_key=HOST_KEY, launcher=launcher_in("en"), starter=starter
    )
    await front.start("127.0.0.1", 0)
    try:
        yield Door(tables, front, starter)
    finally:
        await front.close()
        server = starter.pid
        await starter.close()
        tables.close()
        assert server is None or not Path(f"/proc/{server}").exists()


async def read_until(proc: asyncssh.SSHClientProcess[bytes], word: bytes) -> bytes:
    seen = b""
    async with asyncio.timeout(WAIT):
        while word not in seen:
            chunk = await proc.stdout.read(65536)
            assert chunk, f"the session ended before {word!r}: {seen[-500:]!r}"
            seen += chunk
    return seen


def proc_status(pid: int) -> dict[str, str]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return dict(line.split(":\t", 1) for line in lines if ":\t" in line)


def fd_targets(pid: int) -> dict[int, str]:
    folder = Path(f"/proc/{pid}/fd")
    found = {}
    for entry in folder.iterdir():
        try:
            found[int(entry.name)] = os.readlink(entry)
        except FileNotFoundError:  # closed while we looked
            continue
    return found


def signal_set(mask: str) -> set[int]:
    bits = int(mask, 16)
    return {n + 1 for n in range(64) if bits >> n & 1}


async def test_a_forked_app_is_set_up_as_a_plain_one_and_inherits_nothing(door: Door) -> None:
    conn, proc = await door.terminal("Ann")
    async with conn:
        # The first frame already lists the tables: the forked app asked before it drew, so it
        # never says it is asking.
        first = await read_until(proc, b"Table 1")
        assert b"Asking the server" not in first
        [session] = door.front.sessions
        assert isinstance(session.reaper, ForkedApp)
        app = session.reaper.pid
        server = door.starter.pid
        assert server is not None
        assert proc_status(server)["Threads"] == "1"  # nothing for a fork to copy mid-lock

        fds = fd_targets(app)
        tty = fds[0]
        assert tty.startswith("/dev/pts/") and fds[1] == fds[2] == tty
        assert fds[3].startswith("socket:")
        servers_own = set(fd_targets(server).values())
        for number, target in fds.items():  # beyond 0-3 only what the app's event loop opened
            if number > 3:
                assert target not in servers_own, f"fd {number} of the fork server leaked"
                assert target.startswith(("socket:", "anon_inode:", "pipe:")), target

        stat = Path(f"/proc/{app}/stat").read_text().rsplit(")", 1)[1].split()
        session_id, tty_nr = int(stat[3]), int(stat[4])
        assert session_id == app  # a session of its own
        assert tty_nr == os.stat(tty).st_rdev  # the pty is its controlling terminal
        status = proc_status(app)
        assert signal_set(status["SigBlk"]) == set()
        assert not signal_set(status["SigIgn"]) & {int(s) for s in RESET_SIGNALS}
        # A resize reaches it (SIGWINCH through the controlling terminal): it redraws at the new
        # size, which is below the game's least.
        screen = pyte.Screen(70, 20)
        stream = pyte.ByteStream(screen)
        proc.change_terminal_size(70, 20)
        try:
            async with asyncio.timeout(WAIT):
                while "too small" not in "".join(screen.display):
                    stream.feed(await proc.stdout.read(65536))
        except TimeoutError:
            raise AssertionError("\n".join(screen.display)) from None
        proc.stdin.write(b"\x11")  # ctrl+q: the app quits, the session ends with its status
        result = await asyncio.wait_for(proc.wait(), WAIT)
        assert result.exit_status == 0
    assert not Path(f"/proc/{app}").exists()  # reaped by the fork server, reported


CHILD_REPORT = """
import json, os, socket, sys
from sammenspil.net.fork_server import StartRequest, become_app

os.environ["COLUMNS"], os.environ["LINES"] = "80", "24"
master, slave = os.openpty()
ours, theirs = socket.socketpair()
keep = socket.socket()  # a socket of the parent's own, as the control socket is
pid = os.fork()
if pid == 0:
    request = StartRequest(id=1, kind="player", lang="da", term="tmux-256color", colorterm="")
    become_app(request, slave, theirs.fileno(), keep=(keep,))
    report = {
        "env": {k: os.environ.get(k) for k in ("TERM", "COLORTERM", "COLUMNS", "LINES")},
        "fds": sorted(int(n) for n in os.listdir("/proc/self/fd")),
        "session": os.getsid(0) == os.getpid(),
        "ctty": os.tcgetpgrp(0) == os.getpid(),
        "stdout_tty": sys.stdout.isatty(),
        "line_buffered": sys.stdout.line_buffering and sys.stderr.line_buffering,
    }
    socket.socket(fileno=3).sendall(json.dumps(report).encode())
    os._exit(0)
os.close(slave)
theirs.close()
print(ours.makefile().read())
os.waitpid(pid, 0)
"""


def test_a_child_gets_the_sessions_terminal_environment_and_only_fds_0_to_3(
    tmp_path: Path,
) -> None:
    import subprocess
    import sys

    env = {**os.environ, "PYTHONPATH": str(Path(__file__).parents[1] / "src")}
    done = subprocess.run(
        [sys.executable, "-c", CHILD_REPORT], capture_output=True, text=True, env=env, timeout=30
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    # /proc/PID/environ shows only the environment a process was exec'd with, so the child
    # says what it has itself.
    assert report["env"] == {
        "TERM": "tmux-256color",
        "COLORTERM": "",
        "COLUMNS": None,
        "LINES": None,
    }
    # 0-2 the terminal, 3 the socket; the listing's own descriptor is the only other one.
    assert len(report["fds"]) == 5 and report["fds"][:4] == [0, 1, 2, 3]
    assert report["session"] and report["ctty"]
    assert report["stdout_tty"] and report["line_buffered"]


async def test_killing_the_fork_server_leaves_players_playing_and_new_ones_joining(
    door: Door,
) -> None:
    conn, proc = await door.terminal("Ann")
    async with conn:
        await read_until(proc, b"Table 1")
        [session] = door.front.sessions
        assert isinstance(session.reaper, ForkedApp)
        app = session.reaper.pid
        first = door.starter.pid
        assert first is not None
        os.kill(first, signal.SIGKILL)
        async with asyncio.timeout(WAIT):
            while door.starter.ready or door.starter.pid == first:
                await asyncio.sleep(0.01)
        # Ann's app goes on: a key still reaches it, and it redraws.
        proc.stdin.write(b"\r")  # join the highlighted table
        await read_until(proc, b"Waiting for the facilitator")
        # A new player still gets in (the plain way, or from the restarted fork server).
        conn2, proc2 = await door.terminal("Bo")
        async with conn2:
            await read_until(proc2, b"Table 1")
            proc2.stdin.write(b"\x11")
            assert (await asyncio.wait_for(proc2.wait(), WAIT)).exit_status == 0
        async with asyncio.timeout(WAIT):  # started again, after a short pause
            while not door.starter.ready:
                await asyncio.sleep(0.02)
        assert door.starter.starts == 2
        # Ann's app outlived its parent; its end is still known, status and all.
        proc.stdin.write(b"\x11")
        result = await asyncio.wait_for(proc.wait(), WAIT)
        assert result.exit_status == 0  # the serve side adopted and reaped it itself
    assert not Path(f"/proc/{app}").exists()  # no zombie left anywhere
    assert not Path(f"/proc/{first}").exists()


# --- a fork server that cannot help: every session still starts ----------------------------------

CHILD = str(Path(__file__).with_name("ssh_child.py"))

STUCK = """
import os, socket, sys, time
control = socket.socket(fileno=3)
control.send(b'{"type": "ready", "pid": %d, "seconds": 0.1}' % os.getpid())
time.sleep(60)  # takes requests, answers none
"""


SLOW = """
import json, os, socket, sys, time
control = socket.socket(fileno=3)
control.send(b'{"type": "ready", "pid": %d, "seconds": 0.1}' % os.getpid())
while data := control.recv(4096):  # answers every request, one each 0.15 s: busy, not stuck
    time.sleep(0.15)
    request = json.loads(data)
    control.send(json.dumps({"type": "failed", "id": request["id"], "error": "busy"}).encode())
"""


async def test_a_slow_fork_server_that_goes_on_answering_is_waited_for_not_killed() -> None:
    """A crowd starving the fork server of processor time slows its answers; only silence
    means stuck (a crowd of 60 had it killed, and every later session start plainly)."""
    starter = ForkStarter(dict(os.environ), argv=[sys.executable, "-c", SLOW], answer_timeout=0.3)
    starter.open()
    ptys = [os.openpty() for _ in range(5)]
    pairs = [socket.socketpair() for _ in range(5)]
    try:
        async with asyncio.timeout(WAIT):
            while not starter.ready:
                await asyncio.sleep(0.02)
        server = starter.pid

        async def ask(i: int) -> str:
            try:
                await starter.start(
                    kind="player",
                    lang="en",
                    term="xterm",
                    colorterm="",
                    slave=ptys[i][1],
                    sock=pairs[i][1].fileno(),
                )
            except ForkUnavailable as exc:
                return str(exc)
            return "started"

        # The fifth answer comes 0.75 s after its request, more than twice the timeout.
        answers = await asyncio.gather(*(ask(i) for i in range(5)))
        assert answers == ["busy"] * 5
        assert starter.pid == server and starter.starts == 1 and starter.ready
    finally:
        await starter.close()
        for master, slave in ptys:
            os.close(master)
            os.close(slave)
        for a, b in pairs:
            a.close()
            b.close()


async def plain_door(tmp_path: Path, starter: ForkStarter) -> tuple[SSHFront, TableServer]:
    tables = TableServer(tmp_path / "saves")
    tables.open_table("Table 1", english_deck(), seed=3)
    starter.open()
    front = SSHFront(
        tables,
        code=CODE,
        host_key=HOST_KEY,
        launcher=lambda principal: [sys.executable, CHILD, "Table 1"],
        starter=starter,
    )
    await front.start("127.0.0.1", 0)
    return front, tables


async def session_output(front: SSHFront, name: str) -> bytes:
    async with await asyncssh.connect(
        "127.0.0.1",
        front.port,
        username=name,
        password=CODE,
        known_hosts=None,
        agent_path=None,
        client_keys=None,
    ) as conn:
        proc = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
        seen = await read_until(proc, b"READY")
        proc.stdin.write(b"q")
        assert (await asyncio.wait_for(proc.wait(), WAIT)).exit_status == 3
    return seen


async def test_a_fork_server_that_cannot_start_is_retried_with_pauses_and_sessions_start_plainly(
    tmp_path: Path,
) -> None:
    starter = ForkStarter(
        dict(os.environ), argv=[sys.executable, "-c", "raise SystemExit(1)"], restart_delays=[0.05]
    )
    front, tables = await plain_door(tmp_path, starter)
    try:
        assert b"heard welcome as Ann" in await session_output(front, "Ann")
        async with asyncio.timeout(WAIT):
            while starter.starts < 3:
                await asyncio.sleep(0.02)
        assert not starter.ready
    finally:
        await front.close()
        await starter.close()
        tables.close()
    assert starter.pid is not None and not Path(f"/proc/{starter.pid}").exists()


async def test_a_stuck_fork_server_is_replaced_and_its_session_starts_plainly(
    tmp_path: Path,
) -> None:
    starter = ForkStarter(
        dict(os.environ),
        argv=[sys.executable, "-c", STUCK],
        answer_timeout=0.3,
        restart_delays=[0.05],
    )
    front, tables = await plain_door(tmp_path, starter)
    try:
        async with asyncio.timeout(WAIT):
            while not starter.ready:
                await asyncio.sleep(0.02)
        stuck = starter.pid
        assert stuck is not None
        assert b"heard welcome as Ann" in await session_output(front, "Ann")
        async with asyncio.timeout(WAIT):  # killed, and another started
            while Path(f"/proc/{stuck}").exists() or starter.starts < 2:
                await asyncio.sleep(0.02)
    finally:
        await front.close()
        await starter.close()
        tables.close()
    assert starter.pid is not None and not Path(f"/proc/{starter.pid}").exists()
