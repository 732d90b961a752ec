"""A forked player's app, in process: its first frames' time and its memory, beside a bare app.

What the fork server's children cost, without SSH, a terminal or the serve process around them:
two warm processes ("zygotes") are forked from this script, each imports the apps as the fork
server does (``fork_main.preload``) and then forks one child per run; a third process serves
the tables (a ``TableServer`` on its own event loop, given one end of a socketpair per run, as
the SSH door gives the fork server the table socket). The zygotes differ in one thing:

- **warm** (the figure): ``preload()`` as the fork server runs it, with the warm-up round
  (``tui/warm_up.py``) and the stylesheets it kept;
- **imports only** (the baseline): ``preload(warm=False)``, the fork server before the warm-up.

Both call ``gc.freeze()`` before serving, as the fork server does, and are asked alternately.
Each child runs the player's app as the fork server's would (``remote_main.make_app``, the
tables asked before the first frame) under ``App.run_test`` at 100x30, drawing as on a terminal
and throwing the drawing away (``counting_driver.py``), and times its own processor time since
the fork (``time.process_time``: a forked child's count starts at zero; all its threads): at the
lobby's first frame (and its USS there, read by itself), and once it has watched the table
(``w``) and its screen (the respond phase of a dealt table, as bench_server's watchers see it)
is drawn. Then it waits while this script reads its USS (Private_Clean + Private_Dirty in
/proc/PID/smaps_rollup), says where its own pages are (``anatomy``), and ends.

The floor: after each pair, the warm zygote also forks a bare Textual app (one ``Static``),
drawn the same way, measured at its first frame like the lobby. A forked child's memory is
mostly the fork server's pages it has written to; the anatomy says how much of that is pages
holding code, functions and classes, which any Python code it runs writes to.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_fork.py [--runs 8]``. Every process it
starts is stopped and reaped; the table server listens on no port (socketpairs only).
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import json
import os
import signal
import socket
import statistics
import struct
import sys
import time
import types
from collections.abc import Callable
from pathlib import Path

from counting_driver import CountingDriver
from figures import Figure, report

SIZE = (100, 30)
TIMEOUT = 60.0
"""Seconds a child may take to report, or a zygote to be ready, before the bench gives up."""


def uss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/smaps_rollup", encoding="ascii") as rollup:
        lines = rollup.read().splitlines()
    return sum(int(line.split()[1]) for line in lines if line.startswith("Private_")) / 1024


# --- the table server's process -------------------------------------------------------------------


def serve_tables(control: socket.socket, saves: Path) -> None:
    """Serve one connection per socket received on ``control`` until it closes."""
    import asyncio

    from sammenspil.deck.catalog import bundled_deck_dir
    from sammenspil.deck.loader import load_deck
    from sammenspil.host.principal import Principal
    from sammenspil.net.table_server import TableServer

    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    server = TableServer(saves)
    deal(server.open_table("Table 1", deck, seed=3))

    async def main() -> None:
        loop = asyncio.get_running_loop()
        control.setblocking(False)
        tasks = set()
        n = 0
        while True:
            ready = asyncio.Event()
            loop.add_reader(control.fileno(), ready.set)
            await ready.wait()
            loop.remove_reader(control.fileno())
            data, fds, _, _ = socket.recv_fds(control, 64, 1)
            if not data:
                break
            n += 1
            sock = socket.socket(fileno=fds[0])
            reader, writer = await asyncio.open_connection(sock=sock, limit=server.max_line)
            principal = Principal(name=f"Watcher{n:02d}")
            tasks.add(asyncio.create_task(server.serve_connection(reader, writer, principal)))
        for task in tasks:
            task.cancel()

    asyncio.run(main())
    server.close()


def deal(host: object) -> None:
    """Three players seated, ranked and revealed: the table in the respond phase."""
    from sammenspil.game import commands as c
    from sammenspil.game.state import Phase
    from sammenspil.host.client import Accepted
    from sammenspil.host.principal import Principal
    from sammenspil.host.table_host import TableHost

    assert isinstance(host, TableHost)
    seats = {"Ann": "state", "Bo": "region", "Cy": "municipality"}
    fie = Principal(name="Fie", facilitator=True)

    def do(who: Principal, command: c.Command) -> None:
        outcome = host.submit(who, command)
        assert isinstance(outcome, Accepted), outcome

    for name, role in seats.items():
        who = Principal(name=name)
        host.connect(who)
        do(who, c.ChooseRole(player=name, role=role))
    host.connect(fie)
    do(fie, c.Start(player=""))
    problems = list(host.table.problems)
    for i, name in enumerate(seats):
        order = problems[i:] + problems[:i]
        argument = "the region and the municipality must share this problem of the citizens"
        do(Principal(name=name), c.SubmitRanking(player=name, order=order, argument=argument))
    do(fie, c.Advance(player=""))
    host.disconnect(fie)
    assert host.table.phase is Phase.RESPOND


# --- a zygote and its children ----------------------------------------------------------------


MODES = {"warm": True, "imports only": False}
BARE = "bare app"
"""The floor: a bare Textual app (one ``Static``) forked from the warm zygote, drawn likewise."""
"""Each zygote's warm-up: the fork server now, and before it had one."""


def zygote(control: socket.socket, warm: bool) -> None:
    """Import (and warm), freeze, then fork one measured child per socket received."""
    from sammenspil.tui import fork_main

    fork_main.preload(warm=warm)
    gc.collect()
    gc.freeze()
    control.send(b"ready")
    while True:
        data, fds, _, _ = socket.recv_fds(control, 64, 2)
        if not data:
            return
        pid = os.fork()
        if pid == 0:
            status = 1
            try:
                control.detach()
                socks = [socket.socket(fileno=fd) for fd in fds]
                if data == b"bare":
                    measure_bare(*socks)
                else:
                    measure(*socks)
                status = 0
            finally:
                os._exit(status)
        for fd in fds:
            os.close(fd)
        os.waitpid(pid, 0)


def measure_bare(result: socket.socket) -> None:
    """In a child: a bare Textual app (one ``Static``) to its first frame; as ``measure``."""
    import asyncio

    from textual.app import App, ComposeResult
    from textual.widgets import Static

    class Bare(App[None]):
        def compose(self) -> ComposeResult:
            yield Static("a bare Textual app")

    async def run() -> None:
        app = Bare()
        app.driver_class = CountingDriver
        async with app.run_test(size=SIZE, headless=False) as pilot:
            await pilot.pause()
            first = time.process_time()
            times = {"lobby": first, "lobby_uss": uss_mb(os.getpid())}
            await asyncio.to_thread(report_and_wait, result, times)
            app.exit()

    asyncio.run(run())


def report_and_wait(result: socket.socket, times: dict[str, float]) -> None:
    """Send the times; once the bench has read this process's USS, where its pages are."""
    result.sendall(json.dumps({**times, "pid": os.getpid()}).encode() + b"\n")
    result.recv(1)  # the bench has read the USS
    result.sendall(json.dumps(anatomy()).encode() + b"\n")


def measure(table: socket.socket, result: socket.socket) -> None:
    """In a child: the app to its lobby's first frame, then watching the table; the times."""
    import asyncio

    from sammenspil.tui.remote_main import first_listing, make_app
    from sammenspil.tui.screens.table_screen import TableScreen

    async def run() -> None:
        listing = first_listing(table)
        app = make_app(table, lang="en", listing=listing)
        app.driver_class = CountingDriver
        async with app.run_test(size=SIZE, headless=False) as pilot:
            await pilot.pause()
            lobby = time.process_time()
            lobby_uss = uss_mb(os.getpid())
            await pilot.press("w")
            deadline = time.monotonic() + TIMEOUT
            while not isinstance(app.screen, TableScreen):
                assert time.monotonic() < deadline, "the table screen never showed"
                await pilot.pause()
            await pilot.pause()
            at_table = time.process_time()
            times = {"lobby": lobby, "lobby_uss": lobby_uss, "table": at_table}
            await asyncio.to_thread(report_and_wait, result, times)
            app.exit()

    asyncio.run(run())


ANATOMY = {
    "own": "pages of its own",
    "own code": "  of them holding code objects",
    "own functions": "  holding functions",
    "own classes": "  holding classes",
}
"""``anatomy``'s figures and what each is (a page may hold things of more than one kind)."""


def anatomy() -> dict[str, float]:
    """Where a child's own memory is (MB): every page it holds alone (present and mapped by no
    other process: /proc/self/pagemap), and of those the pages that hold a code object, a
    function or a class of the fork server's. CPython 3.11 writes to a function's and its
    code's reference counts on every call, and specialises the code's bytecode in place, so a
    page of the fork server's code becomes the child's own once the child runs any function on
    it. Found by address after ``gc.unfreeze()``, once the pages are counted: the child ends
    next."""
    page = os.sysconf("SC_PAGE_SIZE")
    own: set[int] = set()
    with open("/proc/self/maps", encoding="ascii") as maps, open("/proc/self/pagemap", "rb") as pm:
        for line in maps:
            fields = line.split()
            start, end = (int(x, 16) for x in fields[0].split("-"))
            if "w" not in fields[1] or fields[-1] in ("[vsyscall]", "[vvar]"):
                continue
            pm.seek(start // page * 8)
            entries = pm.read((end - start) // page * 8)
            own.update(
                start // page + i
                for i, (entry,) in enumerate(struct.iter_unpack("Q", entries))
                if entry >> 63 and entry >> 56 & 1  # present, mapped exclusively
            )
    gc.unfreeze()
    kinds: dict[str, set[int]] = {"code": set(), "functions": set(), "classes": set()}

    def pages(thing: object, into: set[int]) -> None:
        first = id(thing)
        into.update(range(first // page, (first + sys.getsizeof(thing) - 1) // page + 1))

    codes = [f.__code__ for f in gc.get_objects() if isinstance(f, types.FunctionType)]
    while codes:
        code = codes.pop()
        pages(code, kinds["code"])
        codes.extend(k for k in code.co_consts if isinstance(k, types.CodeType))
    for thing in gc.get_objects():
        if isinstance(thing, types.FunctionType):
            pages(thing, kinds["functions"])
        elif isinstance(thing, type):
            pages(thing, kinds["classes"])
    mb = page / 2**20
    found = {f"own {kind}": len(own & found) * mb for kind, found in kinds.items()}
    found["own"] = len(own) * mb
    return found


# --- the bench ------------------------------------------------------------------------------------


def start(target: Callable[[socket.socket], None]) -> tuple[int, socket.socket]:
    """A forked process running ``target`` on its end of a new control socket."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    pid = os.fork()
    if pid == 0:
        status = 1
        try:
            ours.close()
            target(theirs)
            status = 0
        finally:
            os._exit(status)
    theirs.close()
    ours.settimeout(TIMEOUT)
    return pid, ours


def one_run(tables: socket.socket, zygote: socket.socket) -> dict[str, float]:
    app_end, server_end = socket.socketpair()
    ours, theirs = socket.socketpair()
    try:
        socket.send_fds(tables, [b"conn"], [server_end.fileno()])
        socket.send_fds(zygote, [b"run"], [app_end.fileno(), theirs.fileno()])
    finally:
        for sock in (app_end, server_end, theirs):
            sock.close()
    return results_of(ours)


def one_bare(zygote: socket.socket) -> dict[str, float]:
    ours, theirs = socket.socketpair()
    try:
        socket.send_fds(zygote, [b"bare"], [theirs.fileno()])
    finally:
        theirs.close()
    return results_of(ours)


def results_of(ours: socket.socket) -> dict[str, float]:
    """A child's times, its USS read from here, then where its pages are."""
    with ours:
        ours.settimeout(TIMEOUT)
        lines = ours.makefile("rb")
        times = json.loads(lines.readline())
        times["uss"] = uss_mb(int(times["pid"]))
        ours.sendall(b"x")
        times.update(json.loads(lines.readline()))
    return {k: float(v) for k, v in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=8, help="children per zygote (8)")
    args = parser.parse_args()
    import tempfile

    started: list[int] = []
    controls: list[socket.socket] = []
    with tempfile.TemporaryDirectory(prefix="bench-fork-") as folder:
        try:
            tables_pid, tables = start(lambda c: serve_tables(c, Path(folder) / "saves"))
            started.append(tables_pid)
            controls.append(tables)
            zygotes: dict[str, socket.socket] = {}
            ready_in: dict[str, float] = {}
            for mode, warm in MODES.items():
                begun = time.monotonic()
                pid, control = start(lambda c, warm=warm: zygote(c, warm))  # type: ignore[misc]
                started.append(pid)
                controls.append(control)
                assert control.recv(16) == b"ready"
                ready_in[mode] = time.monotonic() - begun
                zygotes[mode] = control
                print(f"zygote '{mode}' ready in {ready_in[mode]:.2f} s", flush=True)
            one_run(tables, zygotes["warm"])  # untimed: the table server's own first answers
            results: dict[str, list[dict[str, float]]] = {mode: [] for mode in zygotes}
            results[BARE] = []
            for i in range(args.runs):
                for mode in list(zygotes) if i % 2 == 0 else reversed(list(zygotes)):
                    results[mode].append(one_run(tables, zygotes[mode]))
                results[BARE].append(one_bare(zygotes["warm"]))
        finally:
            for control in controls:
                control.close()
            for pid in started:
                waited = time.monotonic() + 10
                while time.monotonic() < waited:
                    done, _ = os.waitpid(pid, os.WNOHANG)
                    if done:
                        break
                    time.sleep(0.05)
                else:
                    with contextlib.suppress(ProcessLookupError):
                        os.kill(pid, signal.SIGKILL)
                    os.waitpid(pid, 0)
    print(
        f"{args.runs} children per mode, machine: {os.cpu_count()} cores, "
        f"load {os.getloadavg()[0]:.1f}, Python {sys.version.split()[0]}"
    )
    warm = results["warm"]

    def column(rows: list[dict[str, float]], key: str, scale: float = 1.0) -> list[float]:
        return [row[key] * scale for row in rows]

    def beside(
        what: str, unit: str, key: str, base: str, scale: float = 1.0, **goal: float
    ) -> Figure:
        """The warm children's ``key`` beside the same of ``base`` ("imports only" or BARE)."""
        rows = results[base]
        return Figure(what, unit, column(warm, key, scale), base, column(rows, key, scale), **goal)

    cold_name = "imports only"
    figures = [
        beside("forked app: lobby's first frame (cpu)", "ms", "lobby", cold_name, 1000),
        beside("forked app: lobby, then the table drawn (cpu)", "ms", "table", cold_name, 1000),
        beside("forked app: USS in the lobby (drawn, no terminal)", "MB", "lobby_uss", cold_name),
        beside(
            "forked app: USS at the table (drawn, no terminal)", "MB", "uss", cold_name, at_most=15
        ),
        *(
            beside(f"forked app at the table: {what}", "MB", key, cold_name)
            for key, what in ANATOMY.items()
        ),
        Figure(
            "fork server: ready (wall)",
            "ms",
            [ready_in["warm"] * 1000],
            cold_name,
            [ready_in[cold_name] * 1000],
        ),
    ]
    floors = [
        beside(
            "forked app: lobby's first frame (cpu), beside a bare app's", "ms", "lobby", BARE, 1000
        ),
        beside("forked app: USS in the lobby, beside a bare app's", "MB", "lobby_uss", BARE),
        beside("forked app: USS at the table, beside a bare app's", "MB", "uss", BARE),
        *(
            beside(f"forked app at the table: {what}, beside a bare app's", "MB", key, BARE)
            for key, what in ANATOMY.items()
        ),
    ]
    for mode, rows in results.items():
        if mode not in MODES and mode != BARE:
            print(
                f"{mode}: lobby {statistics.median(column(rows, 'lobby', 1000)):.1f} ms, "
                f"table {statistics.median(column(rows, 'table', 1000)):.1f} ms, "
                f"USS {statistics.median(column(rows, 'uss')):.1f} MB (cpu, medians)"
            )
    for figure in [*figures, *floors]:
        base = figure.baseline_median or 0.0
        print(
            f"{figure.what:64} {figure.median:8.1f} {figure.unit} "
            f"(min {min(figure.values):.1f}, max {max(figure.values):.1f})   "
            f"{figure.baseline}: {base:6.1f} {figure.unit}  ({figure.median / base:.2f}x)"
        )
    report([*figures, *floors])
    return 0


if __name__ == "__main__":
    sys.exit(main())
