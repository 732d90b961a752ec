"""The player's app over the workshop server: the server's lobby, then one table, screen by phase.

Each player has their own terminal and one connection, already authenticated as them (the SSH
front door made it). The app lists the server's tables, joins one (as a player, or to watch),
and from then on shows the table's phase with the same screens as hot-seat play, for this one
principal: no hand-overs, no F2, no exports to a file (that file would be written on the
server). Each table screen carries an activity feed of the others' moves and the facilitator's
countdown. When the server ends the connection, or it is lost, a screen says so and how to come
back (connect again with the same name: the server puts the player back at their seat).

This module is the app's, not the screens': it imports the network client, which the
import-linter contract keeps out of ``tui/screens`` and ``tui/widgets``.
"""

from __future__ import annotations

import contextlib
import functools
import importlib
import inspect
import logging
import random
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path, PurePath
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Event, Key, MouseDown, Resize
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.crash import end_app, log_error, log_path
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.screens.ended import EndedScreen
from sammenspil.tui.screens.server_lobby import (
    JoinTable,
    Listing,
    SeatRow,
    ServerLobbyScreen,
    TableRow,
)
from sammenspil.tui.server_end import forget_sigterm, quit_on_sigterm
from sammenspil.tui.size_guard import SizeGuard

if TYPE_CHECKING:
    from sammenspil.host.client import TableClient
    from sammenspil.host.view import Move, TableView
    from sammenspil.net.protocol import Tables
    from sammenspil.net.remote import RemoteClient
    from sammenspil.tui.messages import ReviseWanted
    from sammenspil.tui.screens.table_screen import TableScreen

# Only the server's lobby is on the start path: the network client (and the pydantic models of
# decks, commands and views it reads), the phase screens and the scoring are imported after the
# first frame, in the lobby's worker or on joining; ``preload`` imports them all ahead of time
# for a fork server that starts sessions from a warm process.

ANSWER_TIMEOUT = 10.0
"""How long the server may take to answer (``net.remote.ANSWER_TIMEOUT``, not imported here)."""


PRELOADED = (
    "sammenspil.net.remote",
    "sammenspil.scoring.report",
    "sammenspil.tui.screens.help",
    "sammenspil.tui.widgets.feed",
)
"""What a session imports after its first frame, besides the phase screens."""


def preload() -> None:
    """Import everything a session needs, for a process that forks sessions off a warm one."""
    for name in PRELOADED:
        importlib.import_module(name)
    for phase in REMOTE_SCREENS:
        _screen_class(phase)


logger = logging.getLogger(__name__)

WATCH_CONNECTION = 0.25
"""Seconds between two looks at whether the connection has ended (the client has no callback)."""


@functools.cache
def _screen_class(phase: str) -> Callable[..., TableScreen]:
    """The screen class of ``phase`` in remote play (imported when first needed)."""
    if phase == "lobby":
        from sammenspil.tui.screens.waiting_room import WaitingRoomScreen

        return WaitingRoomScreen
    if phase == "rank":
        from sammenspil.tui.screens.rank import RankScreen

        return RankScreen
    if phase == "reveal":
        from sammenspil.tui.screens.reveal import RevealScreen

        class RemoteRevealScreen(RevealScreen):
            """The reveal for one player: they revise their own role's ranking, nobody else's."""

            # A relative CSS_PATH is read beside the module defining the class: this one's.
            CSS_PATH = Path(inspect.getfile(RevealScreen)).with_name("reveal.tcss")

            def _may_revise(self) -> list[tuple[str, str]]:
                return [(r, name) for r, name in super()._may_revise() if r == self.view.role]

        return RemoteRevealScreen
    if phase == "respond":
        from sammenspil.tui.screens.respond import RespondScreen

        return RespondScreen
    if phase == "dilemmas":
        from sammenspil.tui.screens.dilemmas import DilemmasScreen

        return DilemmasScreen
    from sammenspil.tui.screens.score import ScoreScreen

    return ScoreScreen


def _make(phase: str) -> RemoteScreenFactory:
    def make(client: TableClient, lang: str) -> TableScreen:
        screen_class = _screen_class(phase)
        if phase == "scored":  # the export would write its file on the server: no exports
            return screen_class(client, lang=lang, exports=False)
        return screen_class(client, lang=lang)

    return make


RemoteScreenFactory = Callable[["TableClient", str], "TableScreen"]

REMOTE_SCREENS: dict[str, RemoteScreenFactory] = {
    phase: _make(phase) for phase in ("lobby", "rank", "reveal", "respond", "dilemmas", "scored")
}
"""The screen of each phase in remote play: hot-seat's ``PHASE_SCREENS``, plus the waiting
room for the lobby phase (hot-seat deals at once), the reveal limited to one's own revision,
and the score without exports."""

AHEAD = {"rank": "reveal", "reveal": "respond", "respond": "dilemmas"}
"""The phases whose next screen an app builds while the table sits in them. A phase change
gives every app at the table a new screen at the same moment: built ahead, it only has to
catch up with the view and be drawn (about a third less work at that moment, measured in
benchmarks/bench_server.py's phase change). Not the lobby's (the deal may not seat this
player) nor the dilemmas' (the score would score an unfinished table)."""

AHEAD_QUIET = (6.0, 20.0)
"""Seconds without a move at the table, or a key of the player's, before an app builds the next
screen: drawn at random per app, so a room's apps build at different times, and not while the
table is busy or the player types (building takes the app 60-130 ms)."""


def listing_of(tables: Tables) -> Listing:
    """The wire's list of tables as the lobby screen reads it."""
    from sammenspil.host.view import Presence

    return Listing(
        tables=tuple(
            TableRow(
                name=info.name,
                phase=info.phase.value,
                seats=tuple(
                    SeatRow(
                        name=s.name,
                        role=s.role_name or s.role,
                        spectator=s.spectator,
                        facilitator=s.facilitator,
                        away=s.presence is Presence.AWAY,
                    )
                    for s in info.seats
                ),
            )
            for info in tables.tables
        ),
        yours=tables.yours,
    )


class ServerLink:
    """The app's one connection: asked for the tables until a join makes it a ``RemoteClient``.

    The lobby's worker and the join run on other threads; a lock keeps them off the socket at
    the same time, and once joined (or lost) the list is no longer asked for.
    """

    def __init__(self, sock: socket.socket, *, timeout: float = ANSWER_TIMEOUT) -> None:
        self.sock = sock
        self.timeout = timeout
        self._lock = threading.Lock()
        self.client: RemoteClient | None = None
        self.lost: str | None = None
        """Set when the connection ended before a join: the server's line, or a reason."""

    def ask(self) -> Listing | None:
        """The tables now, or None when the connection cannot ask any more."""
        with self._lock:
            if self.client is not None or self.lost is not None:
                return None
            from sammenspil.net.remote import RemoteError, ask_tables

            try:
                return listing_of(ask_tables(self.sock, timeout=self.timeout))
            except RemoteError as exc:
                self.lost = str(exc) or "-"
                return None

    def join(self, table: str, *, spectator: bool) -> RemoteClient | None:
        """Sit at ``table`` (or watch it); None and ``lost`` set when the server refused."""
        with self._lock:
            if self.client is not None or self.lost is not None:
                return self.client
            from sammenspil.net.remote import RemoteClient, RemoteError

            try:
                self.client = RemoteClient.join(
                    self.sock, table, spectator=spectator, timeout=self.timeout
                )
            except RemoteError as exc:
                self.lost = str(exc) or "-"
                return None
            return self.client

    def close(self) -> None:
        """Say bye (the seat stays) and close the socket."""
        if self.client is not None:
            self.client.close()
            return
        with contextlib.suppress(OSError):
            self.sock.close()


class TableChanged(Message):
    """The table changed (posted from the client's thread); a burst is one repaint."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TableChanged)


class ClockChanged(Message):
    """The facilitator started or stopped the countdown (posted from the client's thread)."""

    def __init__(self, ends: datetime | None) -> None:
        super().__init__()
        self.ends = ends


class RemoteApp(App[None]):
    """One player's terminal at the workshop server."""

    # Textual loads no CSS_PATH of an app's default screen (the lobby), so the app names it.
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/server_lobby.tcss"]
    TITLE = "Sammenspil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "request_quit", "lobby.key.quit", priority=True),
        Binding("f1", "help", "lobby.key.help"),
    ]

    def __init__(
        self,
        sock: socket.socket,
        *,
        lang: str | None = None,
        timeout: float = ANSWER_TIMEOUT,
        listing: Listing | None = None,
    ) -> None:
        super().__init__()
        self.link = ServerLink(sock, timeout=timeout)
        self.first_listing = listing
        self.lang_given = lang
        self.client: RemoteClient | None = None
        self._shown: str | None = None
        self._ahead: tuple[str, TableScreen] | None = None
        """The next phase's screen, built while the table was quiet, and its phase."""
        self._ahead_timer: Timer | None = None
        self._busy_at = time.monotonic()
        """When the table last changed (the client's thread writes it) or the player last
        pressed a key or clicked: a screen is built ahead only after a while of neither."""
        self._quiet_wanted = random.uniform(*AHEAD_QUIET)
        self.ended: EndedScreen | None = None
        self._size_guard = SizeGuard()
        self.crash_line: str | None = None
        translate_bindings(self, self.lang)

    @property
    def lang(self) -> str:
        """The UI's language: --lang, else the table's deck's, else English."""
        if self.lang_given:
            return self.lang_given
        if self.client is not None:
            return self.client.deck.language
        return "en"

    def get_default_screen(self) -> Screen[None]:
        return ServerLobbyScreen(self.link.ask, lang=self.lang, listing=self.first_listing)

    def on_mount(self) -> None:
        self.sub_title = t(self.lang, "remote.lobby.title")
        self.set_interval(WATCH_CONNECTION, self._look_at_connection)
        quit_on_sigterm(self)  # the server ends the session: the terminal is put back first

    # --- joining ------------------------------------------------------------------------------

    @on(JoinTable)
    def _join(self, message: JoinTable) -> None:
        self._join_in_worker(message.table, message.spectator)

    @work(thread=True, exclusive=True, group="join")
    def _join_in_worker(self, table: str, spectator: bool) -> None:
        client = self.link.join(table, spectator=spectator)
        if client is not None:
            self.call_from_thread(self._joined, client)

    def _joined(self, client: RemoteClient) -> None:
        self.client = client
        client.subscribe(self._heard)
        client.on_countdown(self._clock)
        self.sub_title = printable(client.view().table.name)
        self._show_table()

    def _heard(self, view: TableView, moves: tuple[Move, ...]) -> None:
        """From the client's thread: only a new phase is the app's business (the screen hears
        every move itself), so a move in the same phase costs the app no message."""
        self._busy_at = time.monotonic()
        if view.table.phase.value != self._shown:
            self.post_message(TableChanged())

    def _clock(self, ends: datetime | None) -> None:
        self.post_message(ClockChanged(ends))

    @on(TableChanged)
    def _table_changed(self) -> None:
        """A new phase heard from the table (which the host saved before telling anyone)."""
        self._show_table(saved=True)

    @on(ClockChanged)
    def _clock_changed(self) -> None:
        from sammenspil.tui.widgets.feed import Feed

        for screen in self.screen_stack:
            for feed in screen.query(Feed):
                feed.show_clock()

    # --- the table's screens ------------------------------------------------------------------

    def _show_table(self, *, saved: bool = False) -> None:
        """The screen of the table's phase, with the feed; nothing when it shows already.

        A screen a saved move brought says so from its first frame (as in hot-seat play): its
        mark, shown later, would have every screen at the table lay itself out again for the
        phase's first move.
        """
        client = self.client
        if client is None or self.ended is not None:
            return
        phase = client.view().table.phase.value
        if phase == self._shown:
            return
        self._shown = phase
        if phase == "rank" and client.view().role is None:
            phase = "lobby"  # no role, nothing to rank: the waiting room says who still ranks
        ahead = self._ahead
        if ahead is not None and ahead[0] == phase and ahead[1].is_mounted:
            self._ahead = None
            screen = ahead[1]
            screen.catch_up()
        else:
            self._drop_ahead()
            screen = self._table_screen(client, phase)
            if saved:
                screen.show_saved()
        self._replace_all(screen)
        self._plan_ahead()

    def _table_screen(self, client: RemoteClient, phase: str) -> TableScreen:
        """The screen of ``phase`` (a key of ``REMOTE_SCREENS``), with the feed under it."""
        from sammenspil.tui.widgets.feed import Feed

        factory = REMOTE_SCREENS.get(phase, REMOTE_SCREENS["scored"])
        screen = factory(client, self.lang)
        screen.panels.append(Feed(client, lang=self.lang, clock=lambda: client.countdown_ends))
        return screen

    # --- the next phase's screen, built ahead -------------------------------------------------

    def _plan_ahead(self) -> None:
        """Build the next phase's screen once the table and the player are quiet (``AHEAD``)."""
        if self._ahead_timer is not None:
            self._ahead_timer.stop()
            self._ahead_timer = None
        if self._shown in AHEAD:
            self._ahead_timer = self.set_timer(self._quiet_wanted, self._build_ahead)

    def _build_ahead(self) -> None:
        self._ahead_timer = None
        client = self.client
        if client is None or self.ended is not None or self._shown not in AHEAD:
            return
        quiet = time.monotonic() - self._busy_at
        if quiet < self._quiet_wanted:  # a move or a key came meanwhile: wait for a lull
            self._ahead_timer = self.set_timer(self._quiet_wanted - quiet, self._build_ahead)
            return
        phase = AHEAD[self._shown]
        screen = self._table_screen(client, phase)
        screen.ahead = True
        screen.show_saved()  # it shows when the phase changes: a move the host saved
        # Textual composes and styles a screen when it is first pushed; this does now what
        # push_screen and switch_screen would do then (Textual 8's App._get_screen), so that
        # the phase change finds the screen built; tests/test_tui_remote.py checks it.
        self._load_screen_css(screen)
        self._get_screen(screen)
        self._ahead = (phase, screen)

    def _drop_ahead(self) -> None:
        """The screen built ahead goes, unshown (another phase came, or the connection ended)."""
        ahead, self._ahead = self._ahead, None
        if ahead is not None:
            ahead[1].remove()

    def _replace_all(self, screen: Screen[None]) -> None:
        """Everything above the lobby goes (a dialog, the last phase); ``screen`` shows.

        The lobby stays beneath, idle: once joined, its worker no longer asks the server.
        """
        while len(self.screen_stack) > 2:
            self.pop_screen()
        if len(self.screen_stack) == 2:
            self.switch_screen(screen)
        else:
            self.push_screen(screen)
        self._size_guard.forget()  # popped with the rest: shown again if the terminal still is
        self._size_guard.fit(self, self.size.width, self.size.height, self.lang)

    def on_revise_wanted(self, message: ReviseWanted) -> None:
        """The player revises their own ranking after the reveal."""
        client = self.client
        if client is None:
            return
        if message.role != client.view().role:
            self.notify(t(self.lang, "remote.revise_own"), severity="warning", markup=False)
            return
        from sammenspil.tui.screens.rank import RankScreen

        self.push_screen(RankScreen(client, lang=self.lang, revise=True))

    # --- the end of the connection ------------------------------------------------------------

    def _look_at_connection(self) -> None:
        if self.ended is not None:
            return
        if self.client is not None and self.client.closed:
            self._end(self.client.ended_because)
        elif self.client is None and self.link.lost is not None:
            self._end(self.link.lost)

    def _end(self, reason: str | None) -> None:
        self._drop_ahead()
        self.ended = EndedScreen(reason, self.lang)
        self.sub_title = t(self.lang, "remote.ended.title")
        self._replace_all(self.ended)

    # --- keys, size, quitting, errors ---------------------------------------------------------

    def action_help(self) -> None:
        from sammenspil.tui.screens.help import help_for

        help_screen = help_for(self.screen, self.lang)
        if help_screen is not None:
            self.push_screen(help_screen)

    def action_request_quit(self) -> None:
        """Quit: the seat stays at the table, and connecting again comes back to it."""
        self.exit()

    async def on_event(self, event: Event) -> None:
        if isinstance(event, Key | MouseDown):  # the player at work: build nothing ahead now
            self._busy_at = time.monotonic()
        await super().on_event(event)

    def on_unmount(self) -> None:
        """The app ends (a quit, or a test's end): say bye; the seat stays at the table."""
        forget_sigterm()
        self.link.close()

    def on_resize(self, event: Resize) -> None:
        self._size_guard.fit(self, event.size.width, event.size.height, self.lang)

    def _handle_exception(self, error: Exception) -> None:
        """Log the traceback to a file; the terminal gets one line saying where it is."""
        where = log_error(error, "unexpected error", path=log_path())
        self.crash_line = end_app(
            self, error, line_key="lobby.crashed", lang=self.lang, where=where
        )
