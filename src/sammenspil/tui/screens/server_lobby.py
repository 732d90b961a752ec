"""The server's lobby: the workshop's tables with their phase and seats, refreshed live.

A player picks a table and joins it as a player (the role is chosen in the waiting room) or
watches it as a spectator. The list is asked for again every couple of seconds in a worker (the
same connection answers), so a table the facilitator opens, or a player who sits down, shows
without a key. When the server says this player already sits at a table, the screen asks to go
straight back there: that is how a dropped connection comes back to its seat.

The screen knows the server only through ``ask``, a callable the app gives it, and answers with
a ``JoinTable`` message: screens never import the network.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import OptionList, Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.column_list import ColumnList, Row
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.title_bar import TitleBar

REFRESH = 2.0
"""Seconds between two asks for the list while the lobby shows."""

NAME_CAP = 30
"""Cells a table's name may take in the list before it is cut (names may be 80 long)."""


@dataclass(frozen=True)
class SeatRow:
    """One seat at a listed table, as the server tells it (no rankings, no hands)."""

    name: str
    role: str | None
    """The role as the deck names it (its id from a server that does not say)."""
    spectator: bool
    facilitator: bool
    away: bool


@dataclass(frozen=True)
class TableRow:
    name: str
    phase: str
    seats: tuple[SeatRow, ...]


@dataclass(frozen=True)
class Listing:
    """The server's tables, and the one where this player already sits (None: nowhere)."""

    tables: tuple[TableRow, ...]
    yours: str | None = None


Ask = Callable[[], "Listing | None"]
"""Asks the server (blocking, in a worker); None when the connection can no longer ask."""


class JoinTable(Message):
    """The player wants to sit at ``table`` (or watch it); ``back``: their seat is there."""

    def __init__(self, table: str, *, spectator: bool = False, back: bool = False) -> None:
        super().__init__()
        self.table = table
        self.spectator = spectator
        self.back = back


def seat_text(seat: SeatRow, lang: str) -> str:
    """``Ann: The state``, ``Bo: The regions (away)``, ``Sy: spectator``."""
    if seat.facilitator:
        what = t(lang, "remote.lobby.facilitator")
    elif seat.spectator:
        what = t(lang, "remote.lobby.spectator")
    else:
        what = printable(seat.role) if seat.role else t(lang, "remote.lobby.no_role")
    text = f"{printable(seat.name)}: {what}"
    if seat.away:
        text += f" ({t(lang, 'remote.lobby.away')})"
    return text


class TableList(ColumnList):
    """The tables: name, phase, seats; Enter (shown in the footer) joins the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "remote.key.join"),
    ]


class ServerLobbyScreen(Screen[None]):
    """The tables of the server; Enter joins one, w watches it."""

    CSS_PATH = "server_lobby.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("w", "watch", "remote.key.watch"),
        Binding("q", "app.quit", "remote.key.quit"),
    ]

    class Listed(Message):
        """The worker heard the list."""

        def __init__(self, listing: Listing) -> None:
            super().__init__()
            self.listing = listing

    def __init__(self, ask: Ask, *, lang: str = "en", listing: Listing | None = None) -> None:
        super().__init__()
        self._ask = ask
        self.lang = lang
        self._first = listing
        """The list as heard before the app started (a forked app asks at once), or None."""
        self.listing: Listing | None = None
        self._rows: list[tuple[str, str, str]] | None = None
        """The rows the list shows now (name, phase, seats)."""
        self.joining = False
        self._asking: Timer | None = None
        translate_bindings(self, lang)

    def t(self, key: str, /, **values: Any) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static(self.t("remote.lobby.title"), id="server-title", classes="heading")
        columns = ("remote.lobby.col.table", "remote.lobby.col.phase", "remote.lobby.col.seats")
        yield TableList([self.t(c) for c in columns], caps=(NAME_CAP,), id="server-tables")
        yield Static(self.t("remote.lobby.loading"), id="server-status", markup=False)
        yield Static(self.t("remote.lobby.help"), id="server-help", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        grid = self.query_one("#server-tables", TableList)
        translate_bindings(grid, self.lang)
        grid.focus()
        if self._first is not None:  # shown in the first frame
            self._listed(self.Listed(self._first))
        else:
            self.call_after_refresh(self.refresh_list)
        self._asking = self.set_interval(REFRESH, self.refresh_list)

    def on_screen_suspend(self) -> None:
        """A table's screen is shown over the lobby: stop asking until the lobby is back.

        Besides the questions nobody reads, each tick is a message to this screen, and Textual
        answers any message to a screen just below the shown one by drawing the whole shown
        screen again: a full frame every two seconds at every table, for every player.
        """
        if self._asking is not None:
            self._asking.pause()

    def on_screen_resume(self) -> None:
        if self._asking is not None:
            self._asking.resume()

    @work(thread=True, exclusive=True, group="server-lobby")
    def refresh_list(self) -> None:
        """Ask the server for its tables (blocking: a worker thread)."""
        if self.joining:
            return
        listing = self._ask()
        if listing is not None:
            self.post_message(self.Listed(listing))

    @on(Listed)
    def _listed(self, message: Listed) -> None:
        first = self.listing is None
        self.listing = message.listing
        if self.joining:
            return
        if first and message.listing.yours is not None:
            self._join(message.listing.yours, back=True)
            return
        self._show()

    def _show(self) -> None:
        assert self.listing is not None
        rows = [
            (
                table.name,
                t(self.lang, f"phase.{table.phase}"),
                # The facilitator steers from the console, and sits at no seat to choose.
                ", ".join(seat_text(s, self.lang) for s in table.seats if not s.facilitator)
                or self.t("remote.lobby.empty_seats"),
            )
            for table in self.listing.tables
        ]
        if rows == self._rows:
            return  # the list is asked for every few seconds; most answers change nothing
        self._rows = rows
        grid = self.query_one("#server-tables", TableList)
        chosen = grid.highlighted_key
        names = [name for name, _, _ in rows]
        grid.show(
            [
                Row(name, (Text(printable(name)), Text(phase), Text(seats)))
                for name, phase, seats in rows
            ],
            highlight=names.index(chosen) if chosen in names else 0,
        )
        status = "" if names else self.t("remote.lobby.none")
        self.query_one("#server-status", Static).update(status)

    def _highlighted(self) -> str | None:
        return self.query_one("#server-tables", TableList).highlighted_key

    @on(OptionList.OptionSelected, "#server-tables")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self._join(event.option.id)

    def action_watch(self) -> None:
        name = self._highlighted()
        if name is not None:
            self._join(name, spectator=True)

    def _join(self, table: str, *, spectator: bool = False, back: bool = False) -> None:
        if self.joining:
            return
        self.joining = True
        key = "remote.lobby.back" if back else "remote.lobby.joining"
        self.query_one("#server-status", Static).update(self.t(key, table=printable(table)))
        self.post_message(JoinTable(table, spectator=spectator, back=back))
