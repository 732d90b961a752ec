"""The facilitator console's app: a ``Watch`` on the table server, read into the screens' rows.

``WatchConsole`` is the ``ConsoleService`` the screens are handed: it turns the server's
overview (``net.protocol.TableStatus``) into plain rows, steers through the watch, and reads
the saves the tables write (the console runs on the server's machine) with the review's own
``SavesReview``. The watch's reader thread only posts ``OverviewChanged`` to the app, which
tells the screens that show tables; a burst of overviews is one repaint.

``q`` asks before leaving: the serve command's own console (``server_console``) says that
quitting stops the server for everyone; a facilitator over SSH just leaves.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from sammenspil.game.text import printable
from sammenspil.host.client import Outcome, Unsubscribe
from sammenspil.i18n import t
from sammenspil.net.protocol import Overview, TableStatus
from sammenspil.net.remote import Watch
from sammenspil.tui.crash import end_app, log_error, log_path
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_app import SavesReview
from sammenspil.tui.screens.console import Clock, ConsoleScreen, OverviewChanged
from sammenspil.tui.screens.console_dialogs import Confirm
from sammenspil.tui.screens.console_model import Action, ConsoleService, SeatRow, TableRow
from sammenspil.tui.screens.help import help_for
from sammenspil.tui.screens.projector import ProjectorScreen
from sammenspil.tui.server_end import forget_sigterm, quit_on_sigterm

__all__ = ["ConsoleApp", "WatchConsole", "console_app", "table_row"]

logger = logging.getLogger(__name__)


def console_app(
    watch: Watch, *, lang: str = "en", server_console: bool = False, join: str | None = None
) -> ConsoleApp:
    """The console over a facilitator's ``watch``, hearing every change of the overview."""
    service = WatchConsole(watch, lang=lang)
    return ConsoleApp(
        service,
        lang=lang,
        server_console=server_console,
        subscribe=service.subscribe,
        join=join,
    )


def table_row(status: TableStatus) -> TableRow:
    """One table of the overview as the console lists it: role ids become the deck's names."""
    seats = [
        SeatRow(
            name=s.name,
            role=status.roles.get(s.role, s.role) if s.role else None,
            spectator=s.spectator,
            facilitator=s.facilitator,
            connected=s.presence == "connected",
        )
        for s in status.seats
    ]
    return TableRow(
        name=status.name,
        phase=status.phase,
        version=status.version,
        deck=status.deck,
        seats=seats,
        waiting=[status.roles.get(role, role) for role in status.waiting],
        phase_since=status.phase_since,
        countdown_ends=status.countdown_ends,
        total=status.total,
        save=status.save,
    )


class WatchConsole:
    """A ``ConsoleService`` over a facilitator's ``Watch`` connection."""

    def __init__(self, watch: Watch, *, lang: str = "en") -> None:
        self.watch = watch
        self.lang = lang
        self._review: SavesReview | None = None

    def tables(self) -> list[TableRow]:
        return [table_row(status) for status in self.watch.overview().tables]

    def subscribe(self, callback: Callable[[], None]) -> Unsubscribe:
        """``callback`` (from the watch's reader thread) whenever the overview changes."""

        def heard(_: Overview) -> None:
            callback()

        return self.watch.subscribe(heard)

    def steer(
        self,
        table: str,
        action: Action,
        *,
        player: str | None = None,
        seconds: int | None = None,
    ) -> Outcome:
        return self.watch.steer(table, action, player=player, seconds=seconds, lang=self.lang)

    @property
    def closed(self) -> bool:
        return self.watch.closed

    def write_report(self) -> str:
        from sammenspil.saves import load_round
        from sammenspil.scoring.report import score_table
        from sammenspil.scoring.workshop import PlayedRound, build_workshop, share_decks
        from sammenspil.scoring.workshop_render import render_workshop_html

        paths = [Path(status.save) for status in self.watch.overview().tables]
        if not paths:
            raise OSError("the server has no tables")
        # Read as the review reads (tidy=False): the server is writing these saves right now.
        loaded = [(load_round(path, tidy=False).table, path.name) for path in paths]
        tables = share_decks([table for table, _ in loaded])
        rounds = [
            PlayedRound(table, score_table(table), source)
            for table, (_, source) in zip(tables, loaded, strict=True)
        ]
        html = printable(render_workshop_html(build_workshop(rounds)), multiline=True)
        folder = paths[0].parent
        stamp = datetime.now().strftime("%Y-%m-%d-%H%M")
        for n in range(1, 100):  # never over an earlier report
            target = folder / f"workshop-{stamp}{'' if n == 1 else f'-{n}'}.html"
            try:
                with target.open("x", encoding="utf-8") as out:
                    out.write(html)
            except FileExistsError:
                continue
            return str(target)
        raise OSError(f"{folder}: too many reports written this minute")

    @property
    def review(self) -> SavesReview:
        if self._review is None:
            tables = self.watch.overview().tables
            folder = Path(tables[0].save).parent if tables else Path.cwd()
            self._review = SavesReview(folder, lang=self.lang)
        return self._review


class ConsoleApp(App[None]):
    """The facilitator console: the tables, the projector, the review; F1 helps anywhere."""

    CSS_PATH = "app.tcss"
    TITLE = "Sammenspil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "request_quit", "console.key.quit"),
        Binding("ctrl+q", "request_quit", "console.key.quit", priority=True, show=False),
        Binding("f1", "help", "console.key.help"),
    ]

    def __init__(
        self,
        service: ConsoleService,
        *,
        lang: str = "en",
        server_console: bool = False,
        clock: Clock | None = None,
        subscribe: Callable[[Callable[[], None]], Unsubscribe] | None = None,
        join: str | None = None,
    ) -> None:
        """``subscribe`` is how the app hears that the overview changed (``WatchConsole``'s
        own); without it the rows are read once (a test's fixed rows). ``join`` is what players
        type, shown above the tables."""
        super().__init__()
        self.service = service
        self.lang = lang
        self.server_console = server_console
        self.join = join
        self.clock = clock
        self._subscribe = subscribe
        self._unsubscribe: Unsubscribe | None = None
        self.crash_line: str | None = None
        translate_bindings(self, lang)

    def get_default_screen(self) -> Screen[None]:
        return ConsoleScreen(self.service, lang=self.lang, clock=self.clock, join=self.join)

    def on_mount(self) -> None:
        if self._subscribe is not None:
            self._unsubscribe = self._subscribe(self._heard)
        quit_on_sigterm(self)  # the server ends the session, or stops: the terminal is put back

    def _heard(self) -> None:
        """From the watch's reader thread: post, which is thread-safe."""
        self.post_message(OverviewChanged())

    def on_overview_changed(self, message: OverviewChanged) -> None:
        for screen in self.screen_stack:
            if isinstance(screen, ConsoleScreen | ProjectorScreen) and screen.is_mounted:
                screen.tables_changed()

    def action_help(self) -> None:
        help_screen = help_for(self.screen, self.lang)
        if help_screen is not None:
            self.push_screen(help_screen)

    def action_request_quit(self) -> None:
        """Ask first: for the serve command's own console, quitting stops the server."""
        if any(isinstance(s, Confirm) for s in self.screen_stack):
            return
        key = "console.quit.ask_server" if self.server_console else "console.quit.ask"

        def answered(yes: bool | None) -> None:
            if yes:
                self.exit()

        self.push_screen(Confirm(t(self.lang, key), self.lang), answered)

    async def _on_exit_app(self) -> None:
        forget_sigterm()
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None
        await super()._on_exit_app()

    def _handle_exception(self, error: Exception) -> None:
        """Log the traceback to a file; the terminal gets one line saying where it is."""
        where = log_error(error, "unexpected error in the console", path=log_path())
        self.crash_line = end_app(
            self, error, line_key="console.crashed", lang=self.lang, where=where
        )
