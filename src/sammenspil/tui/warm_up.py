"""One player's app played headless through a whole round, in the fork server before it serves.

Importing is not all a session does before its first frames: Textual and Rich fill process-wide
caches as they draw (parsed styles and colours, cell widths, segments, each widget class's CSS
type names and default rules), the app parses every stylesheet, and pydantic builds its
validators' first paths. A forked child did all of that again on its own, and kept what it
filled as private memory. ``warm`` does it once in the fork server: a ``RemoteApp`` on a
socketpair to an in-process ``TableServer`` with a table of the English deck, joined as a
player and moved through every phase (the waiting room, rank, reveal, respond, dilemmas,
scored, and the help screen). Every child then starts with what makes its first frames cheaper
shared: the bytecode specialised, the classes' caches built, the stylesheets parsed; the caches
of drawn things are emptied again (``forget_drawn`` says why).

What it leaves: nothing running. The event loop is closed by ``asyncio.run``, the table server's
saves are written in a temporary folder that is removed, and every thread it started (the
client's reader, the app's workers, asyncio's executor) is joined; ``warm`` raises if one is
still alive, since the fork server may not fork with a second thread. The stylesheet's parsed
rules are kept (``css_cache.keep``) for the children's apps to adopt.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import os
import socket
import tempfile
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.game.state import Phase, Table
from sammenspil.host.client import Accepted, Outcome
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.net.table_server import TableServer
from sammenspil.tui import css_cache

if TYPE_CHECKING:
    from textual.pilot import Pilot

    from sammenspil.tui.remote_app import RemoteApp

DECKS = ("coherence.en.toml",)
"""The deck the warm-up plays (one is enough: the caches its texts fill are emptied after)."""

SIZE = (100, 30)
"""The terminal the warm app draws on (the size most sessions have, the bench's too)."""

PLAYER = "Warm"
SEATED = ("Bo", "Cy")
FACILITATOR = Principal(name="Fie", facilitator=True)
ARGUMENT = "the region and the municipality must share this problem of the citizens"

PATIENCE = 20.0
"""Seconds any one step may take (a busy machine), after which the warm-up gives up."""

THREADS_GONE = 5.0
"""Seconds the threads the warm-up started may take to end once the app has."""


class WarmUpError(Exception):
    """The warm-up did not finish, or left something running; the text says what."""


def warm(decks: tuple[str, ...] = DECKS) -> None:
    """Play a round of each deck in a headless ``RemoteApp``; nothing is left running."""
    before = set(threading.enumerate())
    open_before = _descriptors()
    with tempfile.TemporaryDirectory(prefix="sammenspil-warm-") as folder:
        for i, name in enumerate(decks):
            asyncio.run(_round(Path(folder) / str(i), name))
    deadline = time.monotonic() + THREADS_GONE
    for thread in set(threading.enumerate()) - before:
        thread.join(max(0.0, deadline - time.monotonic()))
    left = [thread.name for thread in set(threading.enumerate()) - before]
    if left:
        raise WarmUpError(f"threads still running after the warm-up: {', '.join(sorted(left))}")
    forget_drawn()
    gc.collect()  # the app's sockets and the journal's file, in cycles, are closed by now
    opened = _descriptors() - open_before
    if opened:
        raise WarmUpError(f"descriptors left open by the warm-up: {sorted(opened)}")


def forget_drawn() -> int:
    """Empty Rich's and Textual's caches of drawn things (styles, segments, cell widths, ...);
    the number emptied.

    Measured (benchmarks/bench_fork.py): a child that found them full kept about 2 MB more of
    its own than one that started without them, and drew no faster than one that found them
    empty after the warm-up: a hit writes to what it finds (an lru cache moves it to the front),
    so a warm entry costs the child a copied page where a new one costs a few bytes. What does
    save the children's time stays: the bytecode specialised, each class's CSS names and
    bindings, the stylesheets kept (``css_cache.keep``), pydantic's validators run once.
    """
    from textual.cache import FIFOCache, LRUCache

    emptied = 0
    for thing in gc.get_objects():
        if isinstance(thing, functools._lru_cache_wrapper):
            if (getattr(thing, "__module__", None) or "").startswith(("rich", "textual")):
                thing.cache_clear()
                emptied += 1
        elif isinstance(thing, LRUCache | FIFOCache):
            thing.clear()
            emptied += 1
    return emptied


def _descriptors() -> set[tuple[str, str]]:
    """This process's open descriptors and what each is."""
    found = set()
    for name in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            found.add((name, os.readlink(f"/proc/self/fd/{name}")))
    return found


async def _round(saves: Path, deck_file: str) -> None:
    from sammenspil.tui.remote_main import first_listing, make_app

    deck, _ = load_deck(bundled_deck_dir() / deck_file)
    server = TableServer(saves)
    try:
        host = server.open_table("Table 1", deck, seed=1)
        ours, theirs = socket.socketpair()
        served = asyncio.create_task(_serve(server, theirs))
        try:
            listing = await asyncio.to_thread(first_listing, ours)
            app = make_app(ours, lang=deck.language, listing=listing)  # as a child makes it
            css_cache.gather(app.stylesheet)
            # With the toasts and the tooltip every screen of a real session composes (the
            # test harness leaves them out): their sheets are parsed and kept here too.
            async with app.run_test(size=SIZE, tooltips=True, notifications=True) as pilot:
                await pilot.press("enter")  # join the highlighted table as a player
                await _until(pilot, lambda: app.client is not None, "joined")
                await _play(app, host, pilot)
                css_cache.keep(app.stylesheet)
                app.exit()
            async with asyncio.timeout(PATIENCE):
                await served
        finally:
            with contextlib.suppress(OSError):
                ours.close()
            if not served.done():
                served.cancel()
                with contextlib.suppress(BaseException):
                    await served
    finally:
        server.close()


async def _serve(server: TableServer, sock: socket.socket) -> None:
    reader, writer = await asyncio.open_connection(sock=sock, limit=server.max_line)
    await server.serve_connection(reader, writer, Principal(name=PLAYER), own_app=True)


async def _play(app: RemoteApp, host: TableHost, pilot: Pilot[None]) -> None:
    """The round, phase by phase; each phase's screen drawn (and the help once)."""
    client = app.client
    if client is None:
        raise WarmUpError("the warm-up's app did not join its table")

    async def mine(command: c.Command) -> None:  # the app's own moves, as its screens send them
        _accepted(await asyncio.to_thread(client.submit, command))

    async def shown(phase: Phase) -> None:
        await _until(pilot, lambda: _showing(app, phase), f"the {phase.value} screen")
        await pilot.pause()

    await shown(Phase.LOBBY)
    roles = list(host.table.deck.roles)
    await mine(c.ChooseRole(player="", role=roles[0].id))
    others = {name: Principal(name=name) for name in SEATED}
    for (name, who), role in zip(others.items(), roles[1:], strict=False):
        _accepted(host.connect(who))
        _accepted(host.submit(who, c.ChooseRole(player=name, role=role.id)))
    seated = [PLAYER, *others]
    await pilot.press("f1", "escape")
    _steer(host, c.Start(player=""))
    await shown(Phase.RANK)
    problems = list(host.table.problems)
    for i, name in enumerate(seated):
        ranking = c.SubmitRanking(player=name, order=problems[i:] + problems[:i], argument=ARGUMENT)
        await _move(mine, host, others, name, ranking)
    await shown(Phase.REVEAL)
    _steer(host, c.Advance(player=""))
    await shown(Phase.RESPOND)
    for name, seat in _roles(host.table, seated):
        table = host.table
        card = table.hands[seat][0]
        addressed = table.deck.addressed_problems(table.deck.remedy(card))
        problem = next((p for p in table.problems if p in addressed), table.problems[0])
        place = c.PlaceRemedy(player=name, remedy=card, problem=problem, argument=ARGUMENT)
        await _move(mine, host, others, name, place)
        await pilot.pause()
    await pilot.press("tab", "tab")
    _steer(host, c.Advance(player=""))
    await shown(Phase.DILEMMAS)
    for i, name in enumerate(seated):
        for dilemma in host.table.dilemmas:
            position = c.SetPosition(
                player=name, dilemma=dilemma, value=1 + i * 2, argument=ARGUMENT
            )
            await _move(mine, host, others, name, position)
    _steer(host, c.Lock(player=""))
    await shown(Phase.SCORED)


async def _move(
    mine: Callable[[c.Command], Awaitable[None]],
    host: TableHost,
    others: dict[str, Principal],
    name: str,
    command: c.Command,
) -> None:
    if name in others:
        _accepted(host.submit(others[name], command))
    else:
        await mine(command.model_copy(update={"player": ""}))


def _roles(table: Table, seated: Iterable[str]) -> Iterator[tuple[str, str]]:
    for name in seated:
        role = table.players[name].role
        if role is not None:
            yield name, role


def _steer(host: TableHost, command: c.Command) -> None:
    """What the facilitator's console does: seated for one move, then away."""
    _accepted(host.connect(FACILITATOR))
    try:
        _accepted(host.submit(FACILITATOR, command))
    finally:
        host.disconnect(FACILITATOR)


def _showing(app: RemoteApp, phase: Phase) -> bool:
    from sammenspil.tui.screens.table_screen import TableScreen

    screen = app.screen
    return isinstance(screen, TableScreen) and screen.view.table.phase is phase


def _accepted(outcome: Outcome) -> None:
    if not isinstance(outcome, Accepted):
        raise WarmUpError(f"the warm-up's table refused a move: {outcome!r}"[:300])


async def _until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + PATIENCE
    while not check():
        if time.monotonic() > deadline:
            raise WarmUpError(f"the warm-up did not reach {what} in {PATIENCE:g} s")
        await pilot.pause()
