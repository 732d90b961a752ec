"""`sammenspil serve` as a trainer runs it: a subprocess on 127.0.0.1, an ephemeral port.

The players' app and the console are tests/ssh_child.py (the hidden --app and --console flags),
so these tests do not depend on the Textual apps. The host key goes to a data folder of the
test's own (XDG_DATA_HOME). Every process a test starts is stopped, every wait bounded.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import select
import shlex
import signal
import socket
import stat
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import asyncssh
import pytest
from click.testing import CliRunner

from sammenspil.cli import main
from sammenspil.cli_serve import addresses
from sammenspil.game.state import Phase
from sammenspil.net import host_key, join_code
from sammenspil.net.table_server import TableServer
from sammenspil.saves import load_round
from tui_support import table_at

ROOT = Path(__file__).resolve().parents[1]
CHILD = str(Path(__file__).with_name("ssh_child.py"))
CODE = "K7PX2M"
WAIT = 10.0
SSH_LINE = re.compile(r"ssh -p (\d+) <yourname>@127\.0\.0\.1")


def environment(tmp_path: Path) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT / "src")
    env["XDG_DATA_HOME"] = str(tmp_path / "data")
    env["XDG_STATE_HOME"] = str(tmp_path / "state")
    return env


def command(tmp_path: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "sammenspil",
        "serve",
        "--host",
        "127.0.0.1",
        "--port",
        "0",
        "--saves",
        str(tmp_path / "saves"),
        "--app",
        shlex.join([sys.executable, CHILD, "Bord 1"]),
        *extra,
    ]


class Served:
    """A headless `serve` in a subprocess, read line by line until it says how to connect."""

    argv: list[str] | None = None
    """The command to run instead of the default one (a subclass's)."""

    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.proc = subprocess.Popen(
            self.argv or command(tmp_path, "--headless", *extra),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            env=environment(tmp_path),
        )
        self.lines: list[str] = []
        self._buffer = b""
        self.port = 0
        try:
            deadline = time.monotonic() + WAIT
            while not any(line.startswith("Stop with") for line in self.lines):
                self.lines.append(self._line(deadline))
                found = SSH_LINE.search(self.lines[-1])
                if found:
                    self.port = int(found.group(1))
        except BaseException:  # never leave a server running behind a failed start
            self.kill()
            raise

    def _line(self, deadline: float) -> str:
        """The next line, read from the pipe itself (a buffered file would hide it from select)."""
        assert self.proc.stdout is not None
        fd = self.proc.stdout.fileno()
        while b"\n" not in self._buffer:
            left = max(0.0, deadline - time.monotonic())
            ready, _, _ = select.select([fd], [], [], left)
            assert ready, f"serve said nothing in time: {self.lines}"
            chunk = os.read(fd, 4096)
            assert chunk, f"serve ended: {self.lines} {self._buffer!r}"
            self._buffer += chunk
        line, self._buffer = self._buffer.split(b"\n", 1)
        return line.decode()

    def said(self, prefix: str) -> str:
        return next(line for line in self.lines if line.startswith(prefix))

    def stop(self) -> tuple[int, float]:
        """SIGTERM; the exit status and how long it took."""
        started = time.monotonic()
        self.proc.send_signal(signal.SIGTERM)
        status = self.proc.wait(timeout=WAIT)
        return status, time.monotonic() - started

    def kill(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=WAIT)
        assert self.proc.stdout is not None
        self.proc.stdout.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    running = Served(tmp_path, "--tables", "2", "--code", CODE)
    try:
        yield running
    finally:
        running.kill()


async def read_until(proc: asyncssh.SSHClientProcess[bytes], word: bytes) -> bytes:
    seen = b""
    async with asyncio.timeout(WAIT):
        while word not in seen:
            chunk = await proc.stdout.read(4096)
            assert chunk, f"the session ended before {word!r}: {seen!r}"
            seen += chunk
    return seen


async def test_serve_headless_takes_players_and_stops_on_sigterm_with_every_table_saved(
    served: Served, tmp_path: Path
) -> None:
    assert served.port > 0
    assert served.said("Join code:") == f"Join code: {CODE}"
    fingerprint = served.said("Host key:").split()[-1]
    assert fingerprint.startswith("SHA256:")
    assert served.said("Tables:") == "Tables: Bord 1, Bord 2"  # the Danish deck's names
    key = tmp_path / "data" / "sammenspil" / host_key.KEY_NAME
    assert stat.S_IMODE(key.stat().st_mode) == 0o600

    conn = await asyncssh.connect(
        "127.0.0.1",
        served.port,
        username="Ann",
        password=CODE.lower(),
        known_hosts=None,
        client_keys=None,
        agent_path=None,
    )
    async with conn:
        proc = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
        assert b"heard welcome as Ann" in await read_until(proc, b"READY")
        status, took = await asyncio.to_thread(served.stop)  # while Ann is connected
        await asyncio.wait_for(conn.wait_closed(), WAIT)
    assert status == 0
    assert took < 5.0
    saves = sorted((tmp_path / "saves").glob("*.toml"))
    rounds = {r.table.name: r for r in (load_round(path) for path in saves)}
    assert sorted(rounds) == ["Bord 1", "Bord 2"]
    assert "Ann" in rounds["Bord 1"].table.players  # her seat, saved

    # A second start: the same host key, the same tables back, none new; a random code.
    again = Served(tmp_path, "--tables", "2")
    try:
        assert again.said("Host key:").split()[-1] == fingerprint
        assert again.said("Tables:") == "Tables: Bord 1, Bord 2"
        code = again.said("Join code:").split()[-1]
        assert re.fullmatch(f"[{join_code.ALPHABET}]{{6}}", code)
        assert again.stop()[0] == 0
    finally:
        again.kill()
    assert sorted((tmp_path / "saves").glob("*.toml")) == saves


def test_a_restart_keeps_the_scored_tables_and_never_reuses_their_names(tmp_path: Path) -> None:
    played = table_at(tmp_path, Phase.SCORED)  # Table 1, played to the end and locked today
    for client in played.clients.values():
        client.close()
    played.host.close()
    first = TableServer(tmp_path / "saves")
    first.open_table("Table 2", played.table.deck, seed=8)  # unfinished
    first.close()

    again = Served(tmp_path, "--tables", "2", "--deck", "coherence")
    try:
        # The scored table is listed; two tables to play: Table 2 back, a new Table 3.
        assert again.said("Tables:") == "Tables: Table 1, Table 2, Table 3"
        assert again.stop()[0] == 0
    finally:
        again.kill()
    rounds = [load_round(path) for path in (tmp_path / "saves").glob("*.toml")]
    names = sorted(r.table.name for r in rounds)
    assert names == ["Table 1", "Table 2", "Table 3"]  # no name twice in the folder
    assert [r.table.phase for r in rounds if r.table.name == "Table 1"] == [Phase.SCORED]


@pytest.mark.parametrize(
    ("flags", "says"),
    [
        (["--code", "ab"], "sammenspil serve --code: a join code has 4 to 64 characters"),
        (["--code", "two words"], "sammenspil serve --code: a join code is letters"),
        (["--deck", "no-such-deck"], "no deck with id 'no-such-deck'"),
        (["--authorized-keys", "/dev/null"], "--authorized-keys: /dev/null: is a device"),
    ],
)
def test_bad_flags_get_one_line_and_exit_1(tmp_path: Path, flags: list[str], says: str) -> None:
    # In this process: each is refused before anything is logged, bound or opened.
    result = CliRunner().invoke(main, [*command(tmp_path, "--headless")[3:], *flags])
    assert result.exit_code == 1
    assert says in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert not (tmp_path / "saves").exists()


def test_a_limit_flag_out_of_range_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["serve", "--max-sessions", "0"])
    assert result.exit_code == 2
    assert "Invalid value for '--max-sessions'" in result.stderr


def test_a_port_in_use_gets_one_line_and_exit_1(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        argv = command(tmp_path, "--headless")
        argv[argv.index("--port") + 1] = str(port)
        result = subprocess.run(
            argv, capture_output=True, text=True, env=environment(tmp_path), timeout=WAIT
        )
    assert result.returncode == 1
    assert (
        result.stderr.strip()
        == (f"sammenspil serve: cannot listen on 127.0.0.1:{port}: address already in use")
        or "address already in use" in result.stderr.lower()
    )
    assert len(result.stderr.strip().splitlines()) == 1
    assert not list((tmp_path / "saves").glob("*.toml"))  # nothing opened before the port


def test_on_a_terminal_the_console_runs_there_and_quitting_it_stops_the_server(
    tmp_path: Path,
) -> None:
    master, slave = os.openpty()
    argv = command(tmp_path, "--code", CODE, "--console", shlex.join([sys.executable, CHILD]))
    proc = subprocess.Popen(
        argv,
        stdin=slave,
        stdout=slave,
        stderr=slave,
        env=environment(tmp_path),
        start_new_session=True,
    )
    os.close(slave)
    seen = b""
    try:
        deadline = time.monotonic() + WAIT
        while b"READY" not in seen:
            ready, _, _ = select.select([master], [], [], max(0.0, deadline - time.monotonic()))
            assert ready, f"no console in time: {seen!r}"
            seen += os.read(master, 4096)
        # The console is the child on fd 3: a facilitator's connection that lists the tables.
        assert b"heard tables Bord 1" in seen
        assert b"Join code: K7PX2M" in seen
        os.write(master, b"q")
        assert proc.wait(timeout=WAIT) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=WAIT)
        os.close(master)
    assert [load_round(p).table.name for p in (tmp_path / "saves").glob("*.toml")] == ["Bord 1"]


# --- the pieces -----------------------------------------------------------------------------------


def test_addresses_are_the_bound_one_or_every_interface() -> None:
    assert addresses("127.0.0.1") == ["127.0.0.1"]
    assert addresses("192.0.2.7") == ["192.0.2.7"]
    everywhere = addresses("0.0.0.0")
    assert everywhere
    assert everywhere == ["127.0.0.1"] or not any(a.startswith("127.") for a in everywhere)


def test_the_host_key_is_made_private_once_and_reused(tmp_path: Path) -> None:
    path = tmp_path / "data" / host_key.KEY_NAME
    first = host_key.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert host_key.fingerprint(host_key.load_or_create(path)) == host_key.fingerprint(first)
    path.chmod(0o644)  # someone loosened it: it is made private again
    host_key.load_or_create(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    path.write_text("not a key")
    with pytest.raises(host_key.HostKeyError, match="not a private key"):
        host_key.load_or_create(path)


def test_join_codes_are_easy_to_read_aloud_and_forgiving_to_type() -> None:
    codes = {join_code.new_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(len(c) == 6 and not set(c) & set("0O1IL") for c in codes)
    assert join_code.matches("K7PX2M", " k7px2m ")
    assert not join_code.matches("K7PX2M", "K7PX2N")
    assert join_code.code_problem("workshop-2026") is None
    assert join_code.code_problem("two words") is not None


def running(pid: int) -> bool:
    """Whether ``pid`` is a live process (a zombie waiting for its reaper is not)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, IndexError):
        return False
    return state not in ("Z", "X")


async def test_a_server_killed_mid_round_takes_its_apps_along_and_comes_back_with_the_seats(
    served: Served, tmp_path: Path
) -> None:
    conn = await asyncssh.connect(
        "127.0.0.1",
        served.port,
        username="Ann",
        password=CODE,
        known_hosts=None,
        client_keys=None,
        agent_path=None,
    )
    async with conn:
        proc = await conn.create_process(term_type="xterm", term_size=(80, 24), encoding=None)
        screen = await read_until(proc, b"READY")
        found = re.search(rb"pid (\d+)", screen)
        assert found
        app = int(found.group(1))
        served.proc.kill()  # kill -9: no last save, no goodbye
        served.proc.wait(timeout=WAIT)
        await asyncio.wait_for(conn.wait_closed(), WAIT)
    # Its pty is gone with it, so the app is hung up by the kernel: nothing is left running.
    deadline = time.monotonic() + 2.0
    while running(app):
        assert time.monotonic() < deadline, "the app outlived its server"
        await asyncio.sleep(0.02)
    again = Served(tmp_path, "--tables", "2", "--code", CODE)
    try:
        assert again.said("Tables:") == "Tables: Bord 1, Bord 2"
        assert again.stop()[0] == 0
    finally:
        again.kill()
    rounds = {r.table.name: r for r in map(load_round, (tmp_path / "saves").glob("*.toml"))}
    assert "Ann" in rounds["Bord 1"].table.players  # her join was acknowledged: it is kept


def test_the_serve_commands_line_limit_is_the_protocols() -> None:
    from sammenspil import cli_serve
    from sammenspil.net.protocol import MAX_LINE

    assert cli_serve.MAX_LINE == MAX_LINE


# --- the fork server ------------------------------------------------------------------------------


def children(pid: int) -> dict[int, str]:
    """The live child processes of ``pid``, each with its command line."""
    found = {}
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            with contextlib.suppress(FileNotFoundError):
                cmdline = Path(f"/proc/{child}/cmdline").read_bytes()
                found[int(child)] = cmdline.replace(b"\0", b" ").decode()
    return found


def players_command(tmp_path: Path, *extra: str) -> list[str]:
    """``serve`` with the real players' app (no --app), headless."""
    argv = command(tmp_path, "--headless", "--code", CODE, *extra)
    at = argv.index("--app")
    return argv[:at] + argv[at + 2 :]


class ServedApps(Served):
    def __init__(self, tmp_path: Path, *extra: str) -> None:
        self.argv = players_command(tmp_path, *extra)
        super().__init__(tmp_path)

    def next_line(self, timeout: float = WAIT) -> str:
        line = self._line(time.monotonic() + timeout)
        self.lines.append(line)
        return line


def test_serve_starts_a_fork_server_says_when_it_is_ready_and_stops_it(tmp_path: Path) -> None:
    served = ServedApps(tmp_path)
    try:
        [(pid, cmdline)] = children(served.proc.pid).items()
        assert "sammenspil.tui.fork_main --control 3" in cmdline
        assert os.getsid(pid) == pid  # no terminal's ctrl+c reaches it
        line = served.next_line(timeout=30.0)
        found = re.search(r"INFO fork server ready \(pid (\d+), (\d+\.\d\d) s\)$", line)
        assert found, line
        assert int(found.group(1)) == pid
        assert served.stop()[0] == 0
    finally:
        served.kill()
    assert not running(pid)


def test_no_preload_starts_no_fork_server(tmp_path: Path) -> None:
    served = ServedApps(tmp_path, "--no-preload")
    try:
        assert children(served.proc.pid) == {}
        assert served.stop()[0] == 0
    finally:
        served.kill()
    assert not any("fork server" in line for line in served.lines)


def test_the_help_names_the_no_preload_flag() -> None:
    result = CliRunner().invoke(main, ["serve", "--help"])
    assert "--no-preload" in result.output
