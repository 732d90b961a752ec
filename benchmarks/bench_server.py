"""The workshop server as a facilitator runs it: `sammenspil serve`, players over SSH (issue 13).

Each mode is a real ``sammenspil serve --headless --host 127.0.0.1`` subprocess, in a temp
folder of its own (HOME, XDG folders and TMPDIR there, so the host key, saves and the web door
land in it), with the join code, ``--tables``, raised ``--max-sessions`` / ``--max-per-address``
(loopback is one address), ``--authorized-keys`` with the bench's facilitator key, and
``--web 0``: the web door's Unix socket is the bench's own hand on a table (it logs in as players
there and moves over the protocol). Two modes, both running at once, measured alternately:

- ``fork``: plain ``serve`` (the fork server, which the bench waits for: its log line
  "fork server ready");
- ``plain``: ``serve --no-preload`` (a fresh Python per session), the baseline.

A server that refuses ``--no-preload`` has no fork server: its plain start is then measured alone
and the fork mode is reported missing. Players are asyncssh clients with a pseudo-terminal
(xterm-256color, 100x30) reading raw bytes; a screen "shows" something when its bytes hold a
marker (the lobby's title, a console's title, a mover's name as the feed and the placements
print it), timed when the chunk holding it arrived. Figures:

- connect to first frame, one session: ``asyncssh.connect`` to the server lobby's title, sessions
  one after another, alternating modes (each closed, and its app gone, before the next);
- N (``--sessions``, 30) and 2N (60) sessions connecting at once: from the start to the last
  one's lobby title, and to the last lobby listing the tables (its app's hello answered); the
  unique memory (USS: Private_Clean + Private_Dirty in /proc/PID/smaps_rollup) of each app of
  the first crowd, idle in the lobby (the apps: the server's descendants that lead a session
  with a terminal);
- a move broadcast to N players: N SSH sessions at one table (3 seated in the first role, the
  rest spectators), dealt and moved on to the respond phase by the facilitator's console (SSH,
  key login, its keys ``s`` and ``a``); the USS of each of their apps, idle there; then each
  move is one ``place_remedy`` sent by a new player over the protocol (the web door), timed
  from sending it to its mark ("Mover01: ", as the feed and the placements show it) in each
  session's bytes, and the processor time the apps, the serve process and the bench spent on
  it; every other move on the problem every screen shows (its own figure: the placements
  listed there grow), the others on one other problem after another; before the moves, the
  phase change to the respond phase (after 22 s at the reveal, as a table talks over its
  rankings), timed from the console's key to each screen's respond screen (its meters' label),
  and what it cost each app;
- the facilitator console's first frame over SSH (information).

One crowd of each size comes before the broadcast, the other crowds after it, as far as
``--limit`` allows (a round that would not end in time is left out, and said).

Every server is stopped at the end (SIGTERM, then SIGKILL); every process it started is looked
for afterwards, and one still running is a leak, reported loudly (exit 1). Not a test: it
asserts nothing about the figures. Compare ratios within one run: the milliseconds move with the
machine.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_server.py [--quick] [--sessions 30]``.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import re
import signal
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncssh
from figures import Figure, report

from sammenspil.deck.catalog import resolve_deck
from sammenspil.i18n import t

SIZE = (100, 30)  # columns, rows: asyncssh's term_size order
CODE = "BENCH7"
SET_BATCH = 6  # sessions connected together while setting the table up (untimed)
SEATED = 3  # SSH players who take a seat (the first role); the other sessions watch
READY = "Stop with ctrl+c"  # serve's last line once it listens
FORK_READY = "fork server ready"
START_WAIT = 60.0  # a server's start, the fork server's preload included
WAIT = 30.0  # one screen reaching a state; a busy machine starts plain apps slowly
MOVE_WAIT = 10.0  # a move reaching every screen: later counts as never (and as this long)
QUIET = 0.3  # seconds without a byte on any screen: the screens have settled
REVEAL_TALK = 22.0  # seconds at the reveal before the facilitator moves on (past AHEAD_QUIET)
TICK = os.sysconf("SC_CLK_TCK")
PLAIN_LABEL = "plain (--no-preload)"


# --- the processes ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Proc:
    pid: int
    ppid: int
    session: int
    tty: int
    started: int  # clock ticks after boot: with the pid, names one process for good
    cpu: float  # seconds, user and system


def proc_info(pid: int) -> Proc | None:
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii", errors="replace") as stat:
            fields = stat.read().rsplit(")", 1)[1].split()
    except OSError:
        return None
    if fields[0] in ("Z", "X"):
        return None
    return Proc(
        pid,
        int(fields[1]),
        int(fields[3]),
        int(fields[4]),
        int(fields[19]),
        (int(fields[11]) + int(fields[12])) / TICK,
    )


def descendants(root: int) -> list[Proc]:
    """Every live process below ``root``, from /proc."""
    procs = [p for name in os.listdir("/proc") if name.isdigit() and (p := proc_info(int(name)))]
    children: dict[int, list[Proc]] = {}
    for p in procs:
        children.setdefault(p.ppid, []).append(p)
    found: list[Proc] = []
    todo = [root]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child.pid)
    return found


def uss_mb(pid: int) -> float | None:
    """Unique memory: the pages only this process maps (Private_Clean + Private_Dirty), MB."""
    total = 0
    try:
        with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
            for line in rollup:
                if line.startswith(("Private_Clean:", "Private_Dirty:")):
                    total += int(line.split()[1])
    except OSError:
        return None
    return total / 1024


# --- a server ----------------------------------------------------------------------------------


class Server:
    """One `sammenspil serve` in a temp folder of its own; its log read as it comes."""

    def __init__(self, mode: str, flags: list[str], root: Path, args: argparse.Namespace) -> None:
        self.mode = mode
        self.flags = flags
        self.root = root / mode
        self.args = args
        self.proc: asyncio.subprocess.Process | None = None
        self.lines: list[str] = []
        self.port = 0
        self.tables: list[str] = []
        self.seen: dict[int, Proc] = {}  # every process seen below the server, for the leak check
        self._reader: asyncio.Task[None] | None = None

    @property
    def label(self) -> str:
        return PLAIN_LABEL if self.flags else self.mode

    async def start(self, keys: Path) -> str | None:
        """None once it listens (and its fork server is ready), else why it would not start."""
        home, tmp = self.root / "home", self.root / "tmp"
        home.mkdir(parents=True)
        tmp.mkdir()
        env = dict(os.environ, HOME=str(home), TMPDIR=str(tmp))
        for var in ("XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"):
            env[var] = str(home / var.lower())
        # Installed, our modules are compiled; with PYTHONDONTWRITEBYTECODE set every app would
        # compile them anew and measure the compiler (the untimed first sessions write them).
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        argv = [sys.executable, "-m", "sammenspil", "serve", "--headless", "--host", "127.0.0.1"]
        argv += ["--port", "0", "--code", CODE, "--tables", str(self.args.tables)]
        argv += ["--saves", str(self.root / "saves"), "--deck", self.args.deck]
        argv += ["--authorized-keys", str(keys), "--web", "0"]
        many = str(2 * max(self.args.many, self.args.sessions) + 10)
        argv += ["--max-sessions", many, "--max-per-address", many, "--idle-timeout", "0"]
        argv += self.flags
        self.proc = await asyncio.create_subprocess_exec(
            *argv,
            stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=env,
            start_new_session=True,
        )
        listening = asyncio.get_running_loop().create_future()
        forked = asyncio.get_running_loop().create_future()
        self._reader = asyncio.create_task(self._read(listening, forked))
        try:
            ok = await asyncio.wait_for(listening, START_WAIT)
        except TimeoutError:
            return f"not listening after {START_WAIT:.0f} s"
        if not ok:
            assert self.proc.stderr is not None
            err = (await self.proc.stderr.read()).decode(errors="replace").strip()
            return err.splitlines()[-1] if err else f"exit {await self.proc.wait()}"
        if self.mode == "fork":
            try:
                await asyncio.wait_for(forked, START_WAIT)
            except TimeoutError:
                return f"no '{FORK_READY}' line within {START_WAIT:.0f} s"
        return None

    async def _read(self, listening: asyncio.Future[bool], forked: asyncio.Future[None]) -> None:
        assert self.proc is not None and self.proc.stdout is not None
        while line := await self.proc.stdout.readline():  # drained always: a full pipe blocks
            text = line.decode(errors="replace").rstrip()
            self.lines.append(text)
            if m := re.search(r"ssh -p (\d+) ", text):
                self.port = int(m.group(1))
            if text.startswith("Tables: "):
                self.tables = text.removeprefix("Tables: ").split(", ")
            if FORK_READY in text and not forked.done():
                forked.set_result(None)
            if (READY in text or "listening" in text) and self.port and not listening.done():
                listening.set_result(True)
        if not listening.done():
            listening.set_result(False)

    @property
    def door(self) -> Path:
        found = list((self.root / "tmp").glob("sammenspil-web-*/door.sock"))
        if len(found) != 1:
            raise RuntimeError(f"{self.mode}: no web door socket under {self.root / 'tmp'}")
        return found[0]

    def cpu(self) -> float:
        """The serve process's own processor time so far (s): not its apps'."""
        info = proc_info(self.proc.pid) if self.proc is not None else None
        return info.cpu if info is not None else float("nan")

    def helpers(self) -> dict[tuple[int, int], float]:
        """The processor time so far (s) of each of the server's processes that is not an app
        (the fork server: its forks), by pid and start."""
        if self.proc is None:
            return {}
        below = descendants(self.proc.pid)
        return {(p.pid, p.started): p.cpu for p in below if not (p.session == p.pid and p.tty)}

    def apps(self) -> list[Proc]:
        """The app processes: below the server, each leading a session with a terminal."""
        if self.proc is None:
            return []
        below = descendants(self.proc.pid)
        for p in below:
            self.seen.setdefault(p.pid, p)
        return [p for p in below if p.session == p.pid and p.tty != 0]

    async def until_no_apps(self) -> None:
        """Wait until every app has gone (a closed session's app takes a few tenths of a second)."""
        end = time.monotonic() + 15
        while (left := self.apps()) and time.monotonic() < end:
            await asyncio.sleep(0.02)
        if left:
            print(
                f"  ! {self.mode}: {len(left)} apps still running 15 s after their sessions closed"
            )

    async def stop(self) -> list[int]:
        """SIGTERM, then SIGKILL; the pids of processes it started that outlived it (leaks)."""
        if self.proc is None:
            return []
        self.apps()  # note the last ones
        if self.proc.returncode is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.proc.wait(), 10)
            except TimeoutError:
                print(f"  ! {self.mode}: serve still running 10 s after SIGTERM: SIGKILL")
                self.proc.kill()
                await self.proc.wait()
        if self._reader is not None:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._reader, 2)
        await asyncio.sleep(0.5)  # what it told to stop gets the time to
        leaked = []
        for pid, seen in self.seen.items():
            now = proc_info(pid)
            if now is not None and now.started == seen.started:
                leaked.append(pid)
                with contextlib.suppress(OSError):
                    os.kill(pid, signal.SIGKILL)
        return leaked


# --- a player's terminal -----------------------------------------------------------------------


class Session:
    """One SSH session's terminal: the raw bytes it was sent, and when markers arrived."""

    def __init__(
        self,
        name: str,
        conn: asyncssh.SSHClientConnection,
        proc: asyncssh.SSHClientProcess[bytes],
        started: float,
    ) -> None:
        self.name = name
        self.conn = conn
        self.proc = proc
        self.started = started
        self.buf = bytearray()
        self.last = time.perf_counter()  # when the last bytes came
        self._waiters: list[tuple[bytes, int, asyncio.Future[float]]] = []
        self.reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            while chunk := await self.proc.stdout.read(65536):
                now = time.perf_counter()
                before = len(self.buf)
                self.buf += chunk
                self.last = now
                for waiter in list(self._waiters):
                    marker, start, done = waiter
                    if self.buf.find(marker, max(start, before - len(marker) + 1)) >= 0:
                        self._waiters.remove(waiter)
                        if not done.done():
                            done.set_result(now)
        finally:
            for _, _, done in self._waiters:
                if not done.done():
                    done.set_exception(RuntimeError(f"{self.name}: the session ended"))

    def arrival(self, marker: bytes, start: int = 0) -> asyncio.Future[float]:
        """When ``marker`` arrives in the bytes from offset ``start`` on (perf_counter)."""
        done: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        done.add_done_callback(_retrieved)
        if self.buf.find(marker, start) >= 0:
            done.set_result(time.perf_counter())
        else:
            self._waiters.append((marker, start, done))
        return done

    async def until(self, marker: bytes, wait: float = WAIT) -> float:
        try:
            return await asyncio.wait_for(self.arrival(marker), wait)
        except TimeoutError:
            raise RuntimeError(
                f"{self.name}'s screen never showed {marker!r}:\n{self.screen()}"
            ) from None

    def press(self, keys: str) -> None:
        self.proc.stdin.write(keys.encode())

    def screen(self) -> str:
        """The screen as a terminal shows it (for a failure's message; pyte comes with dev)."""
        try:
            import pyte
        except ImportError:
            return bytes(self.buf[-2000:]).decode(errors="replace")
        screen = pyte.Screen(*SIZE)
        pyte.ByteStream(screen).feed(bytes(self.buf))
        return "\n".join(line.rstrip() for line in screen.display)

    async def close(self) -> None:
        self.conn.close()
        with contextlib.suppress(Exception):
            await asyncio.wait_for(self.conn.wait_closed(), 5)
        self.reader.cancel()


def _retrieved(done: asyncio.Future[float]) -> None:
    """A session that ended fails the markers nobody waits for any more: not worth a warning."""
    if not done.cancelled():
        done.exception()


async def connect(port: int, name: str, key: asyncssh.SSHKey | None = None) -> Session:
    started = time.perf_counter()
    conn = await asyncssh.connect(
        "127.0.0.1",
        port,
        username=name,
        password=None if key else CODE,
        client_keys=[key] if key else None,
        known_hosts=None,
        agent_path=None,
    )
    proc = await conn.create_process(term_type="xterm-256color", term_size=SIZE, encoding=None)
    return Session(name, conn, proc, started)


async def quiet(sessions: Iterable[Session], wait: float = 5.0) -> None:
    """Until no screen has had a byte for ``QUIET`` seconds (bounded, and said if not)."""
    sessions = list(sessions)
    end = time.perf_counter() + wait
    while time.perf_counter() < end:
        since = time.perf_counter() - max(s.last for s in sessions)
        if since >= QUIET:
            return
        await asyncio.sleep(QUIET - since)
    print(f"  ! the screens were still drawing after {wait:.0f} s; going on")


async def close_all(sessions: Iterable[Session]) -> None:
    await asyncio.gather(*(s.close() for s in sessions), return_exceptions=True)


# --- a player over the protocol ------------------------------------------------------------------


class Mover:
    """A player at the web door's socket: the bench's own hand at the table, over the protocol."""

    def __init__(self, name: str) -> None:
        self.name = name
        self._ids = 0
        self._answers: dict[int, asyncio.Future[dict[str, Any]]] = {}
        self.view: dict[str, Any] = {}
        self.deck: dict[str, Any] = {}
        self._task: asyncio.Task[None] | None = None
        self._writer: asyncio.StreamWriter | None = None

    async def open(self, door: Path, table: str) -> None:
        reader, self._writer = await asyncio.open_unix_connection(str(door), limit=64 << 20)
        self._write({"type": "login", "name": self.name, "code": CODE})
        answer = json.loads(await asyncio.wait_for(reader.readline(), WAIT))
        if answer.get("type") != "logged_in":
            raise RuntimeError(f"{self.name}: the web door said {answer}")
        self._write({"type": "hello", "protocol": 2, "table": table})
        welcome = json.loads(await asyncio.wait_for(reader.readline(), WAIT))
        if welcome.get("type") != "welcome":
            raise RuntimeError(f"{self.name}: joining {table!r}: {welcome}")
        self.deck, self.view = welcome["deck"], welcome["view"]
        self._task = asyncio.create_task(self._read(reader))

    def _write(self, message: dict[str, Any]) -> None:
        assert self._writer is not None
        self._writer.write(json.dumps(message).encode() + b"\n")

    async def _read(self, reader: asyncio.StreamReader) -> None:
        while line := await reader.readline():
            if line.startswith(b'{"type":"update"'):
                self.view = json.loads(line)["view"]
            elif line.startswith(b'{"type":"result"'):
                message = json.loads(line)
                answer = self._answers.pop(message["id"], None)
                if answer is not None and not answer.done():
                    answer.set_result(message)

    def send(self, command: dict[str, Any]) -> asyncio.Future[dict[str, Any]]:
        """Send a command now; the future is its result."""
        self._ids += 1
        answer: asyncio.Future[dict[str, Any]] = asyncio.get_running_loop().create_future()
        self._answers[self._ids] = answer
        self._write({"type": "send", "id": self._ids, "command": {"player": self.name, **command}})
        return answer

    async def do(self, command: dict[str, Any]) -> None:
        result = await asyncio.wait_for(self.send(command), WAIT)
        if result.get("refusal"):
            raise RuntimeError(f"{self.name}: {command['type']} refused: {result['refusal']}")

    @property
    def table(self) -> dict[str, Any]:
        return self.view["table"]

    def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
        if self._writer is not None:
            self._writer.close()


async def until(what: str, check: Callable[[], bool], again: Callable[[], object] | None) -> None:
    """Until ``check()`` holds; ``again()`` (a key pressed) every 5 s meanwhile, in case the
    screen it went to was not ready for it yet."""
    end = time.monotonic() + WAIT
    next_try = time.monotonic() + 5
    while not check():
        if time.monotonic() > end:
            raise RuntimeError(f"never: {what}")
        if again is not None and time.monotonic() > next_try:
            again()
            next_try = time.monotonic() + 5
        await asyncio.sleep(0.02)


# --- the figures ---------------------------------------------------------------------------------


@dataclass
class Results:
    modes: list[str]
    values: dict[str, dict[str, list[float]]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def add(self, what: str, mode: str, *values: float) -> None:
        self.values.setdefault(what, {}).setdefault(mode, []).extend(values)

    def line(self, what: str, unit: str) -> None:
        parts = []
        for mode in self.modes:
            got = self.values.get(what, {}).get(mode)
            if got:
                parts.append(
                    f"{mode} {statistics.median(got):.1f} {unit} "
                    f"(min {min(got):.1f}, max {max(got):.1f}, n={len(got)})"
                )
        print(f"  {what}: " + "; ".join(parts), flush=True)

    def figures(self, goals: dict[str, tuple[str, dict[str, float]]]) -> list[Figure]:
        out = []
        for what, (unit, goal) in goals.items():
            got = self.values.get(what, {})
            fork, plain = got.get("fork"), got.get("plain")
            if fork:
                out.append(Figure(f"server: {what}", unit, fork, PLAIN_LABEL, plain or (), **goal))
            elif plain:  # no fork server: the plain start is all there is
                out.append(Figure(f"server: {what} [plain, no fork server]", unit, plain, **goal))
        return out


# --- the measurements ----------------------------------------------------------------------------


async def first_frame(server: Server, name: str, marker: bytes, key: Any = None) -> float:
    """ms from connecting to ``marker`` on the screen; the session is closed, its app gone."""
    session = await connect(server.port, name, key)
    try:
        return (await session.until(marker) - session.started) * 1000
    finally:
        await session.close()
        await server.until_no_apps()


async def at_once(
    server: Server, n: int, tag: str, markers: Markers, results: Results, memory: bool
) -> None:
    """``n`` sessions connecting together: ms to the last one's first frame, and to the last
    one's list of tables (its app's hello answered); their apps' USS once idle."""
    cpu0 = time.process_time()
    serve0 = server.cpu()
    helpers0 = server.helpers()
    started = time.perf_counter()

    async def one(i: int) -> tuple[Session, float]:
        session = await connect(server.port, f"{tag}{i:02d}")
        return session, await session.until(markers.lobby)

    done = await asyncio.gather(*(one(i) for i in range(n)), return_exceptions=True)
    sessions = [d[0] for d in done if isinstance(d, tuple)]
    try:
        failed = [d for d in done if isinstance(d, BaseException)]
        if failed:
            raise RuntimeError(f"{server.mode}: {len(failed)} of {n} sessions failed: {failed[0]}")
        last = max(d[1] for d in done if isinstance(d, tuple))
        listed = await asyncio.gather(*(markers.listed(s, server) for s in sessions))
        results.add(f"{n} sessions at once: all rendered", server.mode, (last - started) * 1000)
        cut = sum(1 for when in listed if when is None)
        results.add(f"{n} sessions at once: cut off before listing", server.mode, cut)
        if cut:
            print(f"  ! {server.label}: {cut} of {n} sessions never listed the tables (cut off)")
        else:
            all_listed = (max(w for w in listed if w is not None) - started) * 1000
            results.add(f"{n} sessions at once: all listing the tables", server.mode, all_listed)
        bench_cpu = time.process_time() - cpu0
        serve_cpu = server.cpu() - serve0
        # Only what ran through the crowd: an app on its way out (no terminal any more) is none.
        helpers_cpu = sum(t - helpers0[k] for k, t in server.helpers().items() if k in helpers0)
        line = (
            f"    {server.label}: {n} at once: first frames {(last - started) * 1000:.0f} ms; "
            f"CPU of serve {serve_cpu * 1000:.0f} ms, of its other helpers "
            f"{helpers_cpu * 1000:.0f} ms"
        )
        if memory:
            await quiet(sessions)
            cpu = await idle_memory(server, n, "USS per idle session in the lobby", results)
            line += f"; an idle app's CPU so far {cpu * 1000:.0f} ms (median)"
        print(f"{line}; the bench's own CPU {bench_cpu * 1000:.0f} ms", flush=True)
    finally:
        await close_all(sessions)
        await server.until_no_apps()


async def idle_memory(server: Server, n: int, what: str, results: Results) -> float:
    """The USS of each of the server's ``n`` idle apps; their median CPU time so far (s)."""
    end = time.monotonic() + 10
    while len(apps := server.apps()) != n and time.monotonic() < end:
        await asyncio.sleep(0.05)
    sizes = [m for p in apps if (m := uss_mb(p.pid)) is not None]
    if len(sizes) != n:
        print(f"  ! {server.mode}: {len(sizes)} app processes found for {n} sessions")
    results.add(what, server.mode, *sizes)
    return statistics.median(p.cpu for p in apps) if apps else float("nan")


@dataclass(frozen=True)
class Markers:
    """What the screens show, in the deck's language."""

    lobby: bytes  # the server lobby's title: in its first frame
    console: bytes  # the console's title
    roles: bytes  # the waiting room's list of roles
    ended: bytes  # the screen of a connection the server ended
    respond: bytes  # the respond screen's meters

    async def listed(self, session: Session, server: Server) -> float | None:
        """When the lobby listed the server's first table; None if the connection was ended."""
        table = session.arrival(server.tables[0].encode())
        ended = session.arrival(self.ended)
        done, _ = await asyncio.wait([table, ended], timeout=WAIT, return_when="FIRST_COMPLETED")
        for waiting in (table, ended):
            if waiting not in done:
                waiting.cancel()
        if table in done and table.exception() is None:
            return table.result()
        return None


FIRST_ROLE = "\x1b[H\r"
"""Home, then Enter: the deck's first role, the movers' (the waiting room offers the first role
nobody holds; the rankers hold only the movers' roles)."""


@dataclass
class Rig:
    """One table set up for the broadcast: its screens, its movers, the facilitator."""

    server: Server
    screens: list[Session]
    movers: list[Mover]
    console: Session | None = None
    rankers: list[Mover] = field(default_factory=list)
    seated: dict[str, int] = field(default_factory=dict)  # where each screen's table bytes begin
    placed: set[str] = field(default_factory=set)
    phase_change: list[float] = field(default_factory=list)  # ms to each screen's respond screen
    phase_change_cpu: float = float("nan")  # an app's mean processor time for it (ms)


async def set_table(
    server: Server, n: int, moves: int, key: Any, markers: Markers, rig: Rig
) -> float:
    """``n`` SSH sessions at the server's first table, dealt and in the respond phase, and one
    mover per move seated; the console's first frame (ms)."""
    table = server.tables[0]
    console = await connect(server.port, "Fie", key)
    rig.console = console
    console_ms = (await console.until(markers.console) - console.started) * 1000
    await console.until(table.encode())
    # Movers first: the first one's view is how the bench sees the table.
    first = Mover("Mover01")
    await first.open(server.door, table)
    deck = first.deck
    roles = [r["id"] for r in deck["roles"]]
    hand = deck["rules"]["hand"]
    rig.movers.append(first)
    for k in range(2, moves + 1):
        mover = Mover(f"Mover{k:02d}")
        await mover.open(server.door, table)
        rig.movers.append(mover)
    for k, mover in enumerate(rig.movers):
        await mover.do({"type": "choose_role", "role": roles[k // hand]})
    # The rankings come from players of their own: the feed prints a ranking's sender as
    # "Name: ...", and a mover's mark must appear on no screen before its move.
    for j, role in enumerate(sorted({roles[k // hand] for k in range(moves)}), start=1):
        ranker = Mover(f"Ranker{j}")
        await ranker.open(server.door, table)
        await ranker.do({"type": "choose_role", "role": role})
        rig.rankers.append(ranker)
    # A few at a time: a crowd of plain starts on a busy machine outlasts the table server's
    # wait for an app's hello, and it cuts them off (the crowd figures show whether it does).
    # One that is cut off connects again (a dropped connection does not keep its name).

    async def seated(name: str) -> Session:
        for _ in range(3):
            screen = await connect(server.port, name)
            if await markers.listed(screen, server) is not None:
                return screen
            print(f"  ! {server.mode}: {name}: cut off while the table is set up; again")
            await screen.close()
        raise RuntimeError(f"{server.mode}: {name}: cut off three times:\n{screen.screen()}")

    for batch in range(0, n, SET_BATCH):
        names = [f"S{i:02d}" for i in range(batch, min(n, batch + SET_BATCH))]
        rig.screens.extend(await asyncio.gather(*(seated(name) for name in names)))
    for i, screen in enumerate(rig.screens):
        screen.press("\r" if i < SEATED else "w")

    def players() -> dict[str, Any]:
        return first.table["players"]

    for i, screen in enumerate(rig.screens):
        await until(
            f"{screen.name} at the table",
            lambda name=screen.name: name in players(),
            lambda screen=screen, i=i: screen.press("\r" if i < SEATED else "w"),
        )
    # The lobby listed the movers as "Mover01: Staten": only the table's bytes count from here.
    rig.seated.update((screen.name, len(screen.buf)) for screen in rig.screens)
    for screen in rig.screens[:SEATED]:
        await screen.until(markers.roles)
        screen.press(FIRST_ROLE)
    for screen in rig.screens[:SEATED]:
        await until(
            f"{screen.name} seated",
            lambda name=screen.name: players()[name]["role"] is not None,
            lambda screen=screen: screen.press(FIRST_ROLE),
        )

    def phase() -> str:
        return str(first.table["phase"])

    console.press("s")  # deal
    await until("the table dealt", lambda: phase() == "rank", lambda: console.press("s"))
    order = list(first.table["problems"])
    active = {p["role"] for p in players().values() if p["role"] and not p["spectator"]}
    for role in sorted(active):
        ranker = next((m for m in rig.rankers if players()[m.name]["role"] == role), None)
        if ranker is None:  # an SSH player took a role no ranker holds: nobody ranks it
            raise RuntimeError(f"{server.mode}: the role {role!r} has nobody to rank it")
        await ranker.do({"type": "submit_ranking", "order": order})
    await until("the reveal", lambda: phase() == "reveal", None)
    await quiet(rig.screens, 20.0)
    # A table talks over its rankings before it moves on; the apps build the respond screen
    # meanwhile, once the table has been quiet a while (remote_app.AHEAD_QUIET).
    await asyncio.sleep(REVEAL_TALK)
    await quiet(rig.screens, 20.0)
    # The phase change, timed as the room sees it: from the key to each screen's respond screen
    # (its meters' label), and what it cost each app.
    arrivals = [s.arrival(markers.respond, len(s.buf)) for s in rig.screens]
    apps_before = {p.pid: p.cpu for p in server.apps()}
    pressed = time.perf_counter()
    console.press("a")  # to the remedies; never twice: a second would go on to the dilemmas
    await until("the respond phase", lambda: phase() == "respond", None)
    done, _ = await asyncio.wait(arrivals, timeout=MOVE_WAIT)
    for screen, arrival in zip(rig.screens, arrivals, strict=True):
        if arrival in done and arrival.exception() is None:
            rig.phase_change.append((arrival.result() - pressed) * 1000)
        else:
            arrival.cancel()
            rig.phase_change.append(MOVE_WAIT * 1000)
            print(f"  ! {server.mode}: the respond screen never reached {screen.name}")
    await quiet(rig.screens, 20.0)
    apps_after = {p.pid: p.cpu for p in server.apps()}
    used = [apps_after[pid] - cpu for pid, cpu in apps_before.items() if pid in apps_after]
    rig.phase_change_cpu = sum(used) / len(used) * 1000 if used else float("nan")
    return console_ms


async def broadcast(rig: Rig, k: int, results: Results) -> None:
    """Mover ``k`` places a card; ms from sending it to its mark on every screen."""
    mover = rig.movers[k]
    role = mover.table["players"][mover.name]["role"]
    card = next((c for c in mover.table["hands"][role] if c not in rig.placed), None)
    if card is None:
        raise RuntimeError(f"{rig.server.mode}: {mover.name}'s role has no card left to place")
    rig.placed.add(card)
    # Every other move on the problem every screen shows (the first of the joint ranking: the
    # rankers all ranked the deal order), where a table's players place their cards, and its
    # list of placements grows; the others on one other problem after another.
    problems = mover.table["problems"]
    shown = k % 2 == 0
    problem = problems[0] if shown else problems[1 + k // 2 % (len(problems) - 1)]
    mark = f"{mover.name}: ".encode()
    if seen := [s.name for s in rig.screens if s.buf.find(mark, rig.seated[s.name]) >= 0]:
        print(f"  ! {mark!r} was on {len(seen)} screens before its move: its times are suspect")
    apps_before = {p.pid: p.cpu for p in rig.server.apps()}
    serve_before = rig.server.cpu()
    bytes_before = [len(s.buf) for s in rig.screens]
    arrivals = [s.arrival(mark, len(s.buf)) for s in rig.screens]
    cpu0 = time.process_time()
    sent = time.perf_counter()
    answer = mover.send(
        {
            "type": "place_remedy",
            "remedy": card,
            "problem": problem,
            "argument": f"move {k + 1} of the benchmark, as a player would argue",
        }
    )
    done, _ = await asyncio.wait(arrivals, timeout=MOVE_WAIT)
    spent = time.process_time() - cpu0
    result = await asyncio.wait_for(answer, WAIT)
    if result.get("refusal"):
        raise RuntimeError(f"{mover.name}'s move refused: {result['refusal']}")
    times = []
    for screen, arrival in zip(rig.screens, arrivals, strict=True):
        if arrival in done and arrival.exception() is None:
            times.append((arrival.result() - sent) * 1000)
        else:
            arrival.cancel()
            times.append(MOVE_WAIT * 1000)
            print(f"  ! {rig.server.mode}: {mover.name}'s move never reached {screen.name}")
    where = ", on the problem shown" if shown else ""
    results.add(f"move to {len(rig.screens)} screens{where}", rig.server.mode, *times)
    results.add("move: the bench's own CPU while it waited", rig.server.mode, spent * 1000)
    await quiet(rig.screens)
    apps_after = {p.pid: p.cpu for p in rig.server.apps()}
    used = [apps_after[pid] - cpu for pid, cpu in apps_before.items() if pid in apps_after]
    per_app = sum(used) / len(used) * 1000 if used else float("nan")
    results.add("move: CPU per app to show it", rig.server.mode, per_app)
    sizes = [len(s.buf) - n for s, n in zip(rig.screens, bytes_before, strict=True)]
    results.add("move: bytes to each screen", rig.server.mode, statistics.median(sizes))
    serve_ms = (rig.server.cpu() - serve_before) * 1000
    results.add("move: the serve process's CPU", rig.server.mode, serve_ms)
    print(
        f"    {rig.server.label}: {mover.name}: median {statistics.median(times):.0f} ms, worst "
        f"{max(times):.0f} ms; CPU per app {per_app:.0f} ms, of serve {serve_ms:.0f} ms, of the "
        f"bench while it waited {spent * 1000:.0f} ms",
        flush=True,
    )


async def alternate(
    servers: list[Server],
    runs: int,
    measure: Callable[[Server, int], Awaitable[None]],
    deadline: float = math.inf,
    guess: float = 0.0,
    first: int = 0,
) -> float:
    """Rounds ``first`` to ``runs - 1``, each mode once per round, the order flipped every other
    round; a round that would not end before ``deadline`` (judged by the longest so far, at
    first by ``guess`` seconds) is left out, and said. The longest round's seconds."""
    longest = guess
    for i in range(first, runs):
        if time.monotonic() + longest > deadline:
            print(f"  ! out of time: {runs - i} of {runs} rounds left out (see --limit)")
            break
        started = time.monotonic()
        for server in servers if i % 2 == 0 else servers[::-1]:
            await measure(server, i)
        longest = max(0.0 if i == first else longest, time.monotonic() - started)
    return longest


async def measure(servers: list[Server], args: argparse.Namespace, results: Results) -> None:
    lang = args.lang
    markers = Markers(
        lobby=t(lang, "remote.lobby.title").encode(),
        console=t(lang, "console.title").encode(),
        roles=t(lang, "remote.wait.roles").encode(),
        ended=t(lang, "remote.ended.title").encode(),
        respond=t(lang, "play.respond.changes").encode(),
    )
    lobby, console = markers.lobby, markers.console
    key = args.key
    n = args.sessions
    t0 = time.monotonic()

    def at() -> str:
        return f"[{time.monotonic() - t0:3.0f} s]"

    print("  untimed warm-up: one session each (disk cache, bytecode)", flush=True)
    for server in servers:
        await first_frame(server, "Warm", lobby)

    print(f"{at()} connect to the first frame, one at a time ({args.runs} each)", flush=True)

    async def single(server: Server, i: int) -> None:
        ms = await first_frame(server, f"P{i}", lobby)
        results.add("connect to first frame", server.mode, ms)

    await alternate(servers, args.runs, single)
    results.line("connect to first frame", "ms")

    async def single_console(server: Server, i: int) -> None:
        ms = await first_frame(server, f"Fac{i}", console, key)
        results.add("console: connect to first frame", server.mode, ms)

    await alternate(servers, args.console_runs, single_console)
    results.line("console: connect to first frame", "ms")

    print(
        f"{at()} {n} and {args.many} sessions connecting at once ({args.bursts} and "
        f"{args.many_runs} runs each: one of each now, the rest at the end as time allows)",
        flush=True,
    )

    async def burst(server: Server, i: int) -> None:
        await at_once(server, n, f"B{i}_", markers, results, memory=i == 0)

    async def burst_many(server: Server, i: int) -> None:
        await at_once(server, args.many, f"M{i}_", markers, results, memory=False)

    crowd = await alternate(servers, min(1, args.bursts), burst, args.deadline)
    guess = crowd * args.many / n
    many = await alternate(servers, min(1, args.many_runs), burst_many, args.deadline, guess)

    print(f"{at()} a move broadcast to {n} players at one table ({args.moves} each)", flush=True)
    rigs: list[Rig] = []
    try:
        for server in servers:
            rig = Rig(server, [], [])
            rigs.append(rig)
            ms = await set_table(server, n, args.moves, key, markers, rig)
            print(
                f"{at()} {server.label}: table set; console's first frame {ms:.0f} ms; the phase "
                f"change to the respond screen: median "
                f"{statistics.median(rig.phase_change):.0f} ms, worst {max(rig.phase_change):.0f}"
                f" ms, CPU per app {rig.phase_change_cpu:.0f} ms",
                flush=True,
            )
            results.add(f"phase change to {n} screens", server.mode, *rig.phase_change)
            results.add("phase change: CPU per app", server.mode, rig.phase_change_cpu)
        for rig in rigs:  # the players' apps alone: the console has done its part
            if rig.console is not None:
                await rig.console.close()
            await idle_memory(rig.server, n, "USS per idle session at the table", results)
        results.line("USS per idle session at the table", "MB")
        results.line(f"phase change to {n} screens", "ms")
        results.line("phase change: CPU per app", "ms")

        async def move(server: Server, i: int) -> None:
            await broadcast(next(r for r in rigs if r.server is server), i, results)

        await alternate(servers, args.moves, move, args.deadline)
        results.line(f"move to {n} screens", "ms")
        results.line(f"move to {n} screens, on the problem shown", "ms")
    finally:
        for rig in rigs:
            for mover in [*rig.movers, *rig.rankers]:
                mover.close()
            await close_all(rig.screens)
            if rig.console is not None:
                await rig.console.close()
        for rig in rigs:
            await rig.server.until_no_apps()

    print(f"{at()} the other crowds, as time allows", flush=True)
    await alternate(servers, args.bursts, burst, args.deadline, crowd, first=1)
    await alternate(servers, args.many_runs, burst_many, args.deadline, many or guess, first=1)
    for size in (n, args.many):
        results.line(f"{size} sessions at once: all rendered", "ms")
        results.line(f"{size} sessions at once: all listing the tables", "ms")
        results.line(f"{size} sessions at once: cut off before listing", "sessions")
    results.line("USS per idle session in the lobby", "MB")


async def main(args: argparse.Namespace) -> int:
    deck, _, _ = resolve_deck(args.deck)
    args.lang = deck.language
    hand_limit = deck.rules.hand * len(deck.roles)
    if args.moves > hand_limit:
        print(f"--moves {args.moves}: the deck's hands hold {hand_limit} cards; moving that many")
        args.moves = hand_limit
    status = 0
    with tempfile.TemporaryDirectory(prefix="bench-server-") as folder:
        root = Path(folder)
        args.key = asyncssh.generate_private_key("ssh-ed25519")
        keys = root / "facilitators"
        keys.write_bytes(args.key.export_public_key())
        servers: list[Server] = []
        results = Results(["fork", "plain"])
        started = time.monotonic()
        try:
            plain = Server("plain", ["--no-preload"], root, args)
            servers.append(plain)
            refused = await plain.start(keys)
            if refused is not None and "no such option" not in refused.lower():
                raise RuntimeError(f"serve --no-preload would not start: {refused}")
            if refused is not None:
                await plain.stop()
                print(f"fork server MISSING: serve --no-preload: {refused}")
                print("  measuring the plain start (serve without the flag) alone")
                plain = Server("plain", [], root / "default", args)
                servers[:] = [plain]
                refused = await plain.start(keys)
                if refused is not None:
                    raise RuntimeError(f"serve would not start: {refused}")
            else:
                fork = Server("fork", [], root, args)
                servers.insert(0, fork)
                refused = await fork.start(keys)
                if refused is not None:
                    print(f"fork server MISSING: serve (fork mode): {refused}")
                    servers.remove(fork)
                    await fork.stop()
            for server in servers:
                print(
                    f"  {server.label}: serve pid {server.proc.pid if server.proc else '-'}, "
                    f"port {server.port}, tables {', '.join(server.tables)}"
                )
            started = time.monotonic()
            args.deadline = started + args.limit - 10  # the rest is for stopping
            async with asyncio.timeout(args.limit):
                await measure(servers, args, results)
            print(f"  (measured in {time.monotonic() - started:.0f} s)")
        except TimeoutError as exc:
            if time.monotonic() - started >= args.limit:
                print(f"!! the measurements ran over {args.limit:.0f} s: stopped", file=sys.stderr)
            else:
                print(f"!! timed out: {exc!r}", file=sys.stderr)
            status = 1
        except Exception as exc:  # one line, then the cleanup and what was measured
            print(f"!! {type(exc).__name__}: {exc}", file=sys.stderr)
            status = 1
        finally:
            for server in servers:
                leaked = await server.stop()
                if leaked:
                    print(
                        f"!! LEAK: {server.mode}: {len(leaked)} processes outlived the server "
                        f"(killed now): {leaked}",
                        file=sys.stderr,
                    )
                    status = 1
        n = args.sessions
        figures = results.figures(
            {
                "connect to first frame": ("ms", {"at_most": 120}),
                f"{n} sessions at once: all rendered": ("ms", {"at_most": 50 * n}),
                f"{args.many} sessions at once: all rendered": ("ms", {"at_most": 50 * args.many}),
                f"{n} sessions at once: all listing the tables": ("ms", {}),
                f"{args.many} sessions at once: all listing the tables": ("ms", {}),
                f"{n} sessions at once: cut off before listing": ("sessions", {}),
                f"{args.many} sessions at once: cut off before listing": ("sessions", {}),
                "USS per idle session at the table": ("MB", {"at_most": 15}),
                "USS per idle session in the lobby": ("MB", {}),
                f"move to {n} screens": ("ms", {"at_most": 50, "worst_at_most": 150}),
                f"move to {n} screens, on the problem shown": (
                    "ms",
                    {"at_most": 50, "worst_at_most": 150},
                ),
                "console: connect to first frame": ("ms", {}),
                f"phase change to {n} screens": ("ms", {}),
                "phase change: CPU per app": ("ms", {}),
                "move: the bench's own CPU while it waited": ("ms", {}),
                "move: CPU per app to show it": ("ms", {}),
                "move: the serve process's CPU": ("ms", {}),
                "move: bytes to each screen": ("B", {}),
            }
        )
        report(figures)
    return status


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs: a minute or so")
    parser.add_argument(
        "--sessions", type=int, default=30, help="players at once, and at the table"
    )
    parser.add_argument("--many", type=int, default=None, help="the larger crowd (2 x sessions)")
    parser.add_argument("--runs", type=int, default=None, help="single sessions per mode (10)")
    parser.add_argument("--moves", type=int, default=None, help="moves broadcast per mode (6)")
    parser.add_argument("--deck", default="sammenhaeng", help="the deck serve deals (its default)")
    parser.add_argument("--tables", type=int, default=1, help="serve --tables")
    parser.add_argument(
        "--limit", type=float, default=300.0, help="seconds for all the measurements (300)"
    )
    args = parser.parse_args()
    quick = args.quick
    args.many = args.many if args.many is not None else 2 * args.sessions
    args.runs = args.runs if args.runs is not None else (4 if quick else 10)
    args.moves = args.moves if args.moves is not None else (4 if quick else 6)
    args.console_runs = 2 if quick else 3
    args.bursts = 1 if quick else 3
    args.many_runs = 1 if quick else 2
    return args


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse())))
