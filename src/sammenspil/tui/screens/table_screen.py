"""The base of every screen that shows one table: a client, its view, and moves sent through it.

A screen knows a table only through its ``TableClient``: it reads ``client.view()``, hears every
change as a ``TableUpdated`` message (posted from the client's callback, which may run on another
thread: ``post_message`` is thread-safe), and sends moves with ``submit``, which stamps the
version the screen showed so a move made against an outdated screen is refused, not misapplied.
A refusal is a notification in the player's language, never an exception. After an accepted
move, or a change heard from the table (the host saves a move before it tells anyone), a quiet
"saved" mark shows in the screen's top right corner.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.events import Mount, Resize, Unmount
from textual.screen import Screen
from textual.widget import Widget

from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.host.client import Accepted, TableClient, Unsubscribe
from sammenspil.host.view import Move, TableView
from sammenspil.i18n import t
from sammenspil.tui.messages import TableUpdated
from sammenspil.tui.widgets.feed import Feed
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.saved import SavedMark


class TableScreen(Screen[None]):
    """A screen of one table, seen by the client's principal."""

    def __init__(self, client: TableClient, *, lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.client = client
        self.deck = client.deck
        self.lang = lang or self.deck.language
        self.view: TableView = client.view()
        self._unsubscribe: Unsubscribe | None = None
        self.saved = False
        """Whether this screen has seen a move saved (the mark shows from then on)."""
        self.ahead = False
        """Built before its phase came (remote play builds the next phase's screen while the
        table is quiet): it hears nothing until ``catch_up``, so the moves of the phase before
        do not repaint it unseen."""
        self.ask_to_advance: Callable[[TableScreen], None] | None = None
        """Set by an app that asks before ``n`` moves the table on (hot-seat: one key there ends
        a phase for every role at the keyboard); it calls ``advance`` on a yes. None: ``n``
        moves on at once (remote players never have the key; the console steers there)."""
        self.panels: list[Widget] = []
        """Widgets the app adds below the screen's own, above the footer (remote play's feed,
        which the screen tells of every change it hears)."""

    def t(self, key: str, /, **values: Any) -> str:
        """A text of the screens in the player's language."""
        return t(self.lang, key, **values)

    @on(Mount)
    def _join_table(self) -> None:
        """Subscribe and show the saved mark. A handler of its own name: Textual calls every
        class's ``on_mount`` along the MRO, so the screens' own ``on_mount`` need no super()."""
        if not self.ahead:
            self._hear_table()
        mark = SavedMark(self.t("lobby.saved"))
        if self.saved:
            mark.show_saved()
        self.mount(mark)
        mark.place(self.size.width)
        if self.panels:
            footers = self.query(KeyBar)
            self.mount_all(self.panels, before=footers.first() if footers else None)

    @on(Resize)
    def _place_mark(self, event: Resize) -> None:
        for mark in self.query(SavedMark):
            mark.place(event.size.width)

    def show_saved(self) -> None:
        """Say quietly that the table on screen is saved."""
        self.saved = True
        for mark in self.query(SavedMark):
            mark.show_saved()

    @on(Unmount)
    def _leave_table(self) -> None:
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    def _hear_table(self) -> None:
        if self._unsubscribe is None:
            self._unsubscribe = self.client.subscribe(self._heard)

    def catch_up(self) -> None:
        """A screen built ahead, about to show: the table's newest view, and every move from
        now on. Called before it shows, so its first frame draws the view it was given."""
        self._hear_table()
        self._repaint(self.client.view())

    def _heard(self, view: TableView, moves: tuple[Move, ...]) -> None:
        self.post_message(TableUpdated(view))

    @on(TableUpdated)
    def _updated(self, message: TableUpdated) -> None:
        """Repaint the screen and its feed from the new view: one message for both, and it goes
        no further (the app hears the table itself), since a workshop's every move reaches
        dozens of screens and each message costs each of them."""
        message.stop()
        self.show_saved()
        self._repaint(message.view)

    def _repaint(self, view: TableView) -> None:
        self.view = view
        self.show_view()
        for panel in self.panels:
            if isinstance(panel, Feed) and panel.is_mounted:
                panel.show(view)

    def show_view(self) -> None:
        """Repaint from ``self.view``; each screen says what that means for it."""

    def action_advance(self) -> None:
        """``n``: move the table on, or let ``ask_to_advance`` ask first (the screens say only
        when the key applies)."""
        if self.ask_to_advance is not None:
            self.ask_to_advance(self)
        else:
            self.advance()

    def advance(self) -> None:
        """Move the table on to its next phase (a refusal is shown, as for any move)."""
        self.submit(c.Advance(player=self.view.viewer))

    def submit(self, command: c.Command) -> Accepted | None:
        """Send a move made against the version on screen; a refusal is shown, not raised."""
        outcome = self.client.submit(command.model_copy(update={"seen": self.view.table.version}))
        if isinstance(outcome, Refusal):
            self.notify(outcome.reason, severity="warning", markup=False)
            return None
        self.show_saved()
        return outcome
