"""A move at the respond screen, in process: what one app and the table server spend on it.

Issue 13 asks that a move reach 30 screens in 50 ms (median) on 2 cores: with 30 apps that is
a few milliseconds of processor time per app per move. This script runs the player's app
(``RemoteApp``) under Textual's test harness with a driver that renders and counts the bytes a
terminal would get (Textual's headless driver skips rendering), against a ``TableServer`` in a
thread of the same process over a socketpair. Another player's ``place_remedy`` goes through a
``RemoteClient``; each timed move is measured from sending it until the app has drawn it and is
quiet again, as processor time of the threads doing the work (``pthread_getcpuclockid``):

- decode: the app's reader thread (reading and validating the ``update`` line);
- show: the respond screen's and the feed's repaint from the new view (``show_view``);
- frame: Textual's screen update (layout when asked, compositor, render, write);
- other: the rest of the app's main thread (Textual's messages, the event loop);
- bytes: what the app wrote to its terminal for the move.

Two viewers: a seated player (in the first role) and a watcher (a spectator), each at 5 and at
60 moves of history before the timed ones (the 60: 27 watchers joining, as at a workshop of
30, and respond moves; the 5: respond moves only), the timed moves on one problem after
another; and the watcher at 5 with every timed move on the problem its screen shows (``*``),
where a table's players place their cards: the shown problem's list of placements grows.

The floor, in the same run and the same harness: a bare Textual app (``BareApp``) of one-line
``Static`` widgets hears a move as a message posted from another thread, as ours hears
``TableUpdated``, and repaints some of them with ``update(layout=False)``, the least Textual
does to show a change. Once with one line of one (what any Textual screen spends on a move:
30 such apps on 2 cores already spend the issue's 50 ms), and after each case with as many
lines as the respond screen has widgets, four of them repainted (the two meters, the problems,
the feed): our app's move is reported beside that one too.

A second part times the server's fan-out:
30 connections at one table (3 seated, 27 watching, raw sockets read by one thread), the
server's processor time per move (event loop and worker threads; the readers and the mover are
left out).

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_move.py [--moves 6]``. Not a test.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import gc
import pstats
import selectors
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import AsyncIterator, Callable, Iterator
from concurrent.futures import Future
from contextlib import asynccontextmanager, contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from counting_driver import CountingDriver
from figures import Figure, report
from textual.app import App, ComposeResult
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Static

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.host.client import Accepted, Outcome
from sammenspil.host.principal import Principal
from sammenspil.net import remote
from sammenspil.net.protocol import MAX_LINE
from sammenspil.net.remote import RemoteClient, Watch
from sammenspil.net.table_server import TableServer
from sammenspil.tui.remote_app import RemoteApp
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.widgets.feed import Feed

ROLES = ("state", "region", "municipality")
ARGUMENT = "the region and the municipality must share this problem of the citizens"
SIZE = (100, 30)
WAIT = 20.0
PROFILE = ""
"""With ``--profile tottime`` (or cumulative), the app's main thread is profiled per case."""
CASES = [
    (True, 5, False),
    (True, 60, False),
    (False, 5, False),
    (False, 60, False),
    (False, 5, True),
]
"""(seated, moves before, on the problem shown): the viewers, the history behind them, where
the timed moves go (``*`` in the table: on the problem the screen shows)."""
APP_SHARE = 8.0
"""Milliseconds of processor time one app may spend on a move: 30 apps on 2 cores share the
50 ms the issue gives a move to reach every screen (what is left goes to the serve process)."""
CHANGED = 4
"""Widgets a move repaints at the respond screen (the two meters, the problems, the feed), and
the bare app's lines it repaints."""
FLOOR_RATIO = 1.5
"""The goal proposed in place of ``APP_SHARE``: an app's move beside a bare Textual app with as
many widgets repainting as many of them (benchmarks/README.md says why)."""
QUIET = 0.05
"""Seconds without a write after which the app counts as done with a move."""


def cpu(thread: threading.Thread | None = None) -> float:
    """Processor seconds of ``thread`` (default: the calling one)."""
    if thread is None:
        return time.thread_time()
    assert thread.ident is not None
    return time.clock_gettime(time.pthread_getcpuclockid(thread.ident))


class Meter:
    """Processor time of the calling thread, summed per label, for wrapped functions."""

    def __init__(self) -> None:
        self.spent: dict[str, float] = {}
        self.threads: set[int] = set()
        """The threads counted (the app's): other clients in this process decode too."""

    def wrap(self, owner: Any, name: str, label: str) -> None:
        original = getattr(owner, name)

        def timed(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() not in self.threads:
                return original(*args, **kwargs)
            start = time.thread_time()
            try:
                return original(*args, **kwargs)
            finally:
                self.spent[label] = self.spent.get(label, 0.0) + time.thread_time() - start

        setattr(owner, name, timed)

    def take(self) -> dict[str, float]:
        spent, self.spent = self.spent, {}
        return spent


class Served:
    """A table server on an event loop in a thread; ``attach`` gives a connection's socket."""

    def __init__(self, saves: Path) -> None:
        self.deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
        self.server = TableServer(saves, deck=self.deck)
        self.server.open_table("Table 1", self.deck, seed=7)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.futures: list[Future[None]] = []

    def attach(self, name: str, **flags: bool) -> socket.socket:
        ours, theirs = socket.socketpair()
        principal = Principal(name=name, **flags)

        async def serve() -> None:
            reader, writer = await asyncio.open_connection(sock=theirs, limit=MAX_LINE)
            await self.server.serve_connection(reader, writer, principal, own_app=True)

        self.futures.append(asyncio.run_coroutine_threadsafe(serve(), self.loop))
        return ours

    def steer(self, action: str) -> None:
        watch = Watch(self.attach("Fie", facilitator=True), timeout=WAIT)
        try:
            ok(watch.steer("Table 1", action, timeout=WAIT))  # type: ignore[arg-type]
        finally:
            watch.close()

    def join(self, name: str, role: str | None = None, **flags: bool) -> RemoteClient:
        client = RemoteClient.join(self.attach(name, **flags), "Table 1", timeout=WAIT)
        if role is not None:
            ok(client.submit(c.ChooseRole(player="", role=role)))
        return client

    def stop(self) -> None:
        """Wait (bounded) for the connections to end, cancel what is left, stop the loop."""
        deadline = time.monotonic() + WAIT
        for future in self.futures:
            with suppress(Exception):
                future.result(timeout=max(0.0, deadline - time.monotonic()))

        async def cancel_all() -> None:
            tasks = [t for t in asyncio.all_tasks() if t is not asyncio.current_task()]
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        asyncio.run_coroutine_threadsafe(cancel_all(), self.loop).result(timeout=WAIT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=WAIT)
        self.loop.close()
        self.server.close()


def ok(outcome: Outcome) -> Accepted:
    if not isinstance(outcome, Accepted):
        raise SystemExit(f"refused: {outcome}")
    return outcome


@contextmanager
def served() -> Iterator[Served]:
    with tempfile.TemporaryDirectory(prefix="bench-move-") as tmp:
        running = Served(Path(tmp) / "saves")
        try:
            yield running
        finally:
            running.stop()


@dataclass
class Table:
    """Three seated players at the respond phase, with some history behind them."""

    served: Served
    players: dict[str, RemoteClient]
    watchers: list[RemoteClient] = field(default_factory=list)

    def hand(self, name: str) -> list[str]:
        view = self.players[name].view()
        assert view.role is not None
        return list(view.table.hands.get(view.role, []))

    def place(self, name: str, problem: str | None = None) -> Accepted:
        """A card of ``name``'s on ``problem``, or else on the next problem in deal order."""
        view = self.players[name].view()
        card = self.hand(name)[0]
        if problem is None:
            problem = view.table.problems[len(view.table.placements) % len(view.table.problems)]
        command = c.PlaceRemedy(player="", remedy=card, problem=problem, argument=ARGUMENT)
        return ok(self.players[name].submit(command.model_copy(update={"seen": None})))

    def close(self) -> None:
        for client in [*self.players.values(), *self.watchers]:
            client.close()


def settle(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"not in time: {what}")
        time.sleep(0.002)


def at_respond(served: Served, history: int, *, watchers: int, keep: int) -> Table:
    """A table at the respond phase, ``history`` moves into it (watchers joining count), with
    ``keep`` cards left in the hands of the second and third players for the timed moves."""
    names = ("Ann", "Bo", "Cy")
    players = {name: served.join(name, role) for name, role in zip(names, ROLES, strict=True)}
    served.steer("start")
    for client in players.values():
        settle(lambda c=client: c.view().table.phase.value == "rank", "the deal")
        order = list(client.view().table.problems)
        ok(client.submit(c.SubmitRanking(player="", order=order, argument=ARGUMENT)))
    served.steer("advance")
    for client in players.values():
        settle(lambda c=client: c.view().table.phase.value == "respond", "the respond phase")
    table = Table(served, players)
    done = 0
    # Watchers join and hang up (their seats stay): connected, they would be clients in this
    # process decoding every update beside the app measured.
    for i in range(min(watchers, history)):
        served.join(f"Watcher{i:02d}", spectator=True).close()
        done += 1
    placed: list[tuple[str, str]] = []  # (placement, role)
    reactions: list[tuple[str, str, str]] = []  # (name, placement, kind) still to make
    while done < history:
        if reactions:
            name, pid, kind = reactions.pop()
            if kind == "withdraw":
                ok(players[name].submit(c.Withdraw(player="", placement=pid)))
            else:
                ok(players[name].submit(c.Endorse(player="", placement=pid, comment="")))
        else:
            name = next(
                (
                    n
                    for n in ("Ann", "Bo", "Cy")
                    if len(table.hand(n)) > (0 if n == "Ann" else keep)
                ),
                None,
            )
            if name is None:  # the hands are spent: one more watcher joins
                served.join(f"Watcher{done:02d}", spectator=True).close()
                done += 1
                continue
            accepted = table.place(name)
            pid = players[name].view().table.placements[-1].id
            placed.append((pid, name))
            reactions = [(name, pid, "withdraw")]  # last, after the others' reactions
            reactions += [(other, pid, "endorse") for other in players if other != name]
            del accepted
        done += 1
    return table


# --- one app -----------------------------------------------------------------------------------


@asynccontextmanager
async def frozen() -> AsyncIterator[None]:
    """What the process holds so far frozen, as the fork server's children find theirs: a full
    collection during a move then scans what the app made since, not the whole process (an
    unfrozen one here took 50-70 ms and landed in a move now and then)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


@dataclass
class Spent:
    decode: list[float] = field(default_factory=list)
    show: list[float] = field(default_factory=list)
    frame: list[float] = field(default_factory=list)
    textual: list[float] = field(default_factory=list)
    total: list[float] = field(default_factory=list)
    written: list[int] = field(default_factory=list)
    widgets: int = 0
    """The respond screen's widgets (the feed's included): the bare app's count of lines."""


async def until(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while not check():
        if time.monotonic() > deadline:
            raise SystemExit(f"not in time: {what}")
        await asyncio.sleep(0.002)


async def quiet() -> None:
    """Until the app has written nothing for ``QUIET`` seconds."""
    while time.monotonic() - CountingDriver.last_write < QUIET:
        await asyncio.sleep(QUIET / 4)


async def one_app(
    served: Served, table: Table, *, seated: bool, shown: bool, moves: int, meter: Meter
) -> Spent:
    """The app as Ann (seated) or as a new watcher, at the respond screen; ``moves`` placements
    by Bo and Cy in turn, each measured: on the problem the screen shows (``shown``), where a
    table's players place their cards, or one problem after another."""
    name = "Ann" if seated else "Wes"
    if seated:
        table.players.pop("Ann").close()  # the app comes back to Ann's seat
    app = RemoteApp(served.attach(name), timeout=WAIT)
    app.driver_class = CountingDriver
    spent = Spent()
    async with app.run_test(headless=False, size=SIZE) as pilot, frozen():
        client = await asyncio.to_thread(app.link.join, "Table 1", spectator=not seated)
        assert client is not None
        app._joined(client)
        await until(lambda: isinstance(app.screen, RespondScreen), "the respond screen")
        await until(lambda: bool(app.screen.query(Feed)), "the feed")
        await pilot.pause()
        await quiet()
        spent.widgets = len(list(app.screen.walk_children()))
        # One move untimed: the first one heard also shows the "saved" mark (a layout, once).
        await asyncio.to_thread(table.place, "Cy")
        await until(lambda: app.screen.saved, "the saved mark")
        await quiet()
        reader = client._reader
        assert reader.ident is not None
        meter.threads = {threading.get_ident(), reader.ident}
        profile = cProfile.Profile() if PROFILE else None
        movers = ["Bo", "Cy"]
        for i in range(moves):
            mover = movers[i % 2]
            version = client.view().table.version
            meter.take()
            written = CountingDriver.written
            main0, read0 = cpu(), cpu(reader)
            if profile is not None:
                profile.enable()
            screen = app.screen
            assert isinstance(screen, RespondScreen)
            on = screen.problem if shown else None
            await asyncio.to_thread(table.place, mover, on)
            await until(lambda v=version: app.screen.view.table.version > v, "the move shown")
            await until(lambda w=written: CountingDriver.written > w, "the move drawn")
            await quiet()
            main, read = cpu() - main0, cpu(reader) - read0
            if profile is not None:
                profile.disable()
            parts = meter.take()
            show, frame = parts.get("show", 0.0), parts.get("frame", 0.0)
            spent.decode.append(parts.get("decode", 0.0) * 1000)
            spent.show.append(show * 1000)
            spent.frame.append(frame * 1000)
            spent.textual.append((main - show - frame) * 1000)
            spent.total.append((main + read) * 1000)
            spent.written.append(CountingDriver.written - written)
        feed = len(client.view().feed)
        await pilot.press("ctrl+q")
    if profile is not None:
        pstats.Stats(profile).sort_stats(PROFILE).print_stats(45)
        profile.dump_stats(f"/tmp/bench_move_{name}.prof")
    print(f"  ({name}: the feed held {feed} moves at the end)")
    return spent


def apps(args: argparse.Namespace) -> list[Figure]:
    meter = Meter()
    meter.wrap(remote, "decode_server", "decode")
    meter.wrap(RespondScreen, "show_view", "show")
    meter.wrap(Feed, "show", "show")
    meter.wrap(Screen, "_on_timer_update", "frame")  # layout, compositor, render, write
    figures: list[Figure] = []
    print(f"one app at the respond screen, {args.moves} moves each (ms of processor time/move)")
    print(
        f"  {'viewer':<10} {'history':>7} {'decode':>7} {'show':>7} {'frame':>7} {'other':>7} "
        f"{'total':>7} {'worst':>7} {'bytes':>6}"
    )
    floor = asyncio.run(bare_app(1, 1, args.moves))
    print(
        f"  {'bare app':<10} {'':>7} {'':>7} {'':>7} {'':>7} {'':>7} "
        f"{statistics.median(floor):>7.1f} {max(floor):>7.1f}   (1 of 1 line: the floor; 30 such "
        f"apps on 2 cores: {15 * statistics.median(floor):.0f} ms)"
    )
    figures.append(Figure("move: CPU of a bare Textual app, 1 line (the floor)", "ms", floor))
    for seated, history, shown in CASES:
        if args.only not in ("", "seated" if seated else "watching"):
            continue
        with served() as running:
            table = at_respond(
                running, history, watchers=27 if history >= 27 else 0, keep=args.moves // 2 + 1
            )
            try:
                spent = asyncio.run(
                    one_app(
                        running, table, seated=seated, shown=shown, moves=args.moves, meter=meter
                    )
                )
            finally:
                table.close()
        bare = asyncio.run(bare_app(spent.widgets, CHANGED, args.moves))
        who = "seated" if seated else "watching"
        case = f"{who}, {history} moves before" + (", on the problem shown" if shown else "")
        med = statistics.median
        print(
            f"  {who + '*' * shown:<10} {history:>7} {med(spent.decode):>7.1f} "
            f"{med(spent.show):>7.1f} "
            f"{med(spent.frame):>7.1f} {med(spent.textual):>7.1f} "
            f"{med(spent.total):>7.1f} {max(spent.total):>7.1f} "
            f"{int(med(spent.written)):>6}"
        )
        print(
            f"  {'bare app':<10} {'':>7} {'':>7} {'':>7} {'':>7} {'':>7} "
            f"{med(bare):>7.1f} {max(bare):>7.1f}   ({CHANGED} of {spent.widgets} lines)"
        )
        figures.append(
            Figure(
                f"move: CPU of one app, {case}",
                "ms",
                spent.total,
                at_most=APP_SHARE,
            )
        )
        figures.append(
            Figure(
                f"move: CPU of one app, {case} (beside its floor)",
                "ms",
                spent.total,
                baseline=f"bare app, {CHANGED} of {spent.widgets} lines",
                baseline_values=bare,
                ratio=FLOOR_RATIO,
            )
        )
        figures.append(
            Figure(
                f"move: bytes to the terminal, {case}",
                "B",
                [float(b) for b in spent.written],
            )
        )
    return figures


# --- the floor: a bare Textual app ----------------------------------------------------------


class Moved(Message):
    """A move heard by the bare app, as ``TableUpdated`` is by ours: posted from a thread."""

    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n


class BareApp(App[None]):
    """A bare Textual app of ``lines`` one-line Statics; a move repaints ``changed`` of them
    (spread from the top to the bottom, as the respond screen's meters, problems and feed are),
    without a layout: the least a Textual app can do to show a move."""

    def __init__(self, lines: int, changed: int) -> None:
        super().__init__()
        self.lines, self.changed = lines, changed

    def compose(self) -> ComposeResult:
        for i in range(self.lines):
            yield Static(f"line {i}", id=f"line{i}")

    def on_moved(self, message: Moved) -> None:
        step = (self.lines - 1) // max(1, self.changed - 1)
        for j in range(self.changed):
            line = self.query_one(f"#line{j * step}", Static)
            line.update(f"move {message.n:03d} " * 5, layout=False)


async def bare_app(lines: int, changed: int, moves: int) -> list[float]:
    """Processor time per move of the bare app's threads, from the post until it is quiet."""
    app = BareApp(lines, changed)
    app.driver_class = CountingDriver
    spent: list[float] = []
    async with app.run_test(headless=False, size=SIZE) as pilot, frozen():
        await pilot.pause()
        await quiet()
        for i in range(moves + 1):  # the first untimed, as the saved mark's move is for ours
            written = CountingDriver.written
            start = cpu()
            poster = threading.Thread(target=app.post_message, args=(Moved(i),))
            poster.start()
            poster.join()
            await until(lambda w=written: CountingDriver.written > w, "the move drawn")
            await quiet()
            if i:
                spent.append((cpu() - start) * 1000)
        await pilot.press("ctrl+q")
    return spent


# --- the server's fan-out ----------------------------------------------------------------------


class Readers:
    """Reads every watcher's socket in one thread and remembers what each has received."""

    def __init__(self, socks: list[socket.socket]) -> None:
        self.selector = selectors.DefaultSelector()
        self.received = {sock.fileno(): bytearray() for sock in socks}
        for sock in socks:
            sock.setblocking(False)
            self.selector.register(sock, selectors.EVENT_READ)
        self.stopping = False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while not self.stopping:
            for key, _ in self.selector.select(0.05):
                sock: socket.socket = key.fileobj  # type: ignore[assignment]
                try:
                    data = sock.recv(1 << 16)
                except BlockingIOError:
                    continue
                if data:
                    self.received[sock.fileno()].extend(data)
                else:
                    self.selector.unregister(sock)

    def all_have(self, mark: bytes) -> bool:
        return all(mark in data for data in self.received.values())

    def stop(self) -> None:
        self.stopping = True
        self.thread.join(timeout=WAIT)


def fan_out(args: argparse.Namespace, crowd: int = 30) -> list[Figure]:
    spent: list[float] = []
    lines: list[int] = []
    with served() as running:
        table = at_respond(running, 5, watchers=0, keep=args.moves // 2 + 1)
        socks = []
        for i in range(crowd - 3):
            sock = running.attach(f"Watcher{i:02d}")
            sock.sendall(
                b'{"type":"hello","protocol":%d,"table":"Table 1","spectator":true}\n'
                % remote.PROTOCOL_VERSION
            )
            socks.append(sock)
        table.players["Ann"].close()
        ann = running.attach("Ann")
        ann.sendall(b'{"type":"hello","protocol":%d,"table":"Table 1"}\n' % remote.PROTOCOL_VERSION)
        socks.append(ann)
        readers = Readers(socks)
        time.sleep(0.5)
        others = [table.players["Bo"]._reader, table.players["Cy"]._reader, readers.thread]
        try:
            for i in range(args.moves):
                mover = ("Bo", "Cy")[i % 2]
                before = len(table.players[mover].view().table.placements)
                mark = b'"placement":"p%d"' % (before + 1)
                sizes = sum(len(d) for d in readers.received.values())
                t0 = time.process_time()
                outside0 = sum(cpu(t) for t in others) + cpu()
                table.place(mover)
                deadline = time.monotonic() + WAIT
                while not readers.all_have(mark):
                    if time.monotonic() > deadline:
                        raise SystemExit("the move did not reach every connection")
                    time.sleep(0.001)
                time.sleep(0.02)
                outside = sum(cpu(t) for t in others) + cpu() - outside0
                spent.append((time.process_time() - t0 - outside) * 1000)
                lines.append(sum(len(d) for d in readers.received.values()) - sizes)
        finally:
            readers.stop()
            for sock in socks:
                sock.close()
            table.close()
    print(
        f"fan-out to {crowd}: the server's CPU per move median {statistics.median(spent):.1f} ms "
        f"(worst {max(spent):.1f}), {statistics.median(lines) / crowd:.0f} bytes to each"
    )
    return [Figure(f"move: CPU of the table server, fan-out to {crowd}", "ms", spent)]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=6, help="timed moves per case")
    parser.add_argument("--profile", default="", help="profile the app, sorted by this")
    parser.add_argument("--only", default="", help="seated or watching: one viewer only")
    args = parser.parse_args(argv)
    global PROFILE
    PROFILE = args.profile
    figures = apps(args)
    figures += fan_out(args)
    report(figures)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
