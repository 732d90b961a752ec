"""The review: a table of saved rounds to open, replay or compare two of.

The rounds come from a ``ReviewService`` (the screens may not read saves themselves), in a
worker, since listing replays and rescores every round. Opening, replaying and comparing run in
a worker too and push their screen when the round is read; a save that cannot be read is one
line in a notice, never a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static

from sammenspil.game.text import printable
from sammenspil.i18n import t, t_n
from sammenspil.tui.key_order import in_key_order
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_service import ReviewError, ReviewService, RoundRow
from sammenspil.tui.screens.compare import CompareScreen
from sammenspil.tui.screens.replay import ReplayScreen
from sammenspil.tui.screens.review_round import RoundScreen
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

__all__ = ["ReviewScreen", "open_in_worker"]

MARKS = ("A", "B")  # two marked rounds compare as A and B, as the comparison names them


def _cell(text: str, style: str = "") -> Text:
    """A cell as text: DataTable reads a plain str as markup, so `[/]` in a name would crash it."""
    return Text(printable(text), style=style, no_wrap=True)


def open_in_worker(screen: Screen[Any], lang: str, make: Callable[[], Screen[None]]) -> None:
    """Build a screen from the service in a thread, then push it; a ReviewError is a notice."""

    def run() -> None:
        try:
            made = make()
        except ReviewError as exc:
            screen.app.call_from_thread(
                screen.notify,
                printable(str(exc)),
                title=t(lang, "review.broken_title"),
                severity="error",
                markup=False,
            )
            return
        screen.app.call_from_thread(screen.app.push_screen, made)

    screen.run_worker(run, thread=True, exclusive=True, group="review-open")


class ReviewScreen(Screen[None]):
    """Saved rounds, newest first: open, replay, or mark two and compare them."""

    COMMANDS: ClassVar[Commands] = {ScreenActions}
    CSS_PATH = "review_list.tcss"
    HELP_TOPIC = "list"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "open", "review.key.open", priority=True),
        Binding("r", "replay", "review.key.replay"),
        Binding("space", "mark", "review.key.mark"),
        Binding("c", "compare", "review.key.compare"),
        Binding("escape", "back", "review.key.back"),
    ]

    class RowsLoaded(Message):
        def __init__(self, rows: list[RoundRow] | None, problem: str = "") -> None:
            super().__init__()
            self.rows = rows
            self.problem = problem

    def __init__(
        self,
        service: ReviewService,
        *,
        lang: str = "en",
        open_key: str | None = None,
        back: bool = False,
    ):
        """``back``: opened over another screen (the lobby's), which Escape returns to; the
        review app's own list has nothing beneath it and quits with q instead."""
        super().__init__()
        self.service = service
        self.back = back
        self.lang = lang
        self.open_key = open_key
        self._cursor_key = open_key  # the list behind an opened round points at it
        self.rows: list[RoundRow] = []
        self.marked: list[str] = []
        translate_bindings(self, lang)

    def t(self, key: str, /, **values: object) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="review-body"):
            yield Static(
                Text(self.t("review.heading", folder=self.service.where)),
                id="review-heading",
                classes="heading",
            )
            yield DataTable(id="rounds", cursor_type="row", zebra_stripes=True)
            yield Static(Text(self.t("review.loading")), id="review-status")
            yield Static(Text(self.t("review.hint")), id="review-hint")
        yield KeyBar()

    def on_mount(self) -> None:
        self.title = "Sammenspil"
        self.sub_title = self.t("review.title")
        table = self.query_one("#rounds", DataTable)
        table.add_column("", key="mark", width=1)
        for key in ("updated", "table", "deck", "phase", "score"):
            table.add_column(self.t(f"review.col.{key}"), key=key)
        table.loading = True
        self._load()
        if self.open_key is not None:
            key = self.open_key
            self.open_key = None
            self._open_round(key)

    @work(thread=True, exclusive=True, group="review-list")
    def _load(self) -> None:
        try:
            self.post_message(self.RowsLoaded(self.service.rounds()))
        except ReviewError as exc:
            self.post_message(self.RowsLoaded(None, printable(str(exc))))

    @on(RowsLoaded)
    def _show_rows(self, message: RowsLoaded) -> None:
        table = self.query_one("#rounds", DataTable)
        table.loading = False
        status = self.query_one("#review-status", Static)
        if message.rows is None:
            status.update(Text(message.problem, style="bold red"))
            return
        self.rows = message.rows
        table.clear()
        for row in self.rows:
            table.add_row(*self._cells(row), key=row.key)
        if not self.rows:
            status.update(Text(self.t("review.empty", folder=self.service.where)))
            return
        summary = t_n(self.lang, "review.count", len(self.rows))
        if any(r.total_differs for r in self.rows):
            summary += "   " + self.t("review.differs")
        status.update(Text(summary))
        keys = [row.key for row in self.rows]
        if self._cursor_key in keys:
            table.move_cursor(row=keys.index(self._cursor_key))
        table.focus()
        self.refresh_bindings()

    def _cells(self, row: RoundRow) -> list[Text]:
        mark = MARKS[self.marked.index(row.key)] if row.key in self.marked else ""
        if row.error is not None:
            broken = self.t("review.broken")
            return [
                _cell(""),
                _cell("–"),
                _cell(row.file),
                _cell("–"),
                _cell(broken, "red"),
                _cell(""),
            ]
        updated = f"{row.updated:%Y-%m-%d %H:%M}" if row.updated else "–"
        phase = self.t(f"phase.{row.phase.value}") if row.phase else "–"
        score = "–" if row.total is None else f"{row.total:.1f}"
        if row.total_differs:
            score += " !"
        return [
            _cell(mark, "bold reverse"),
            _cell(updated),
            _cell(row.table),
            _cell(row.deck),
            _cell(phase),
            _cell(score),
        ]

    # --- which row ------------------------------------------------------------------------

    def _current(self) -> RoundRow | None:
        table = self.query_one("#rounds", DataTable)
        if not self.rows or table.row_count == 0:
            return None
        return self.rows[min(table.cursor_row, len(self.rows) - 1)]

    def _readable(self) -> RoundRow | None:
        """The row under the cursor, or a notice when its save is broken."""
        row = self._current()
        if row is not None and row.error is not None:
            self.notify(
                printable(row.error),
                title=self.t("review.broken_title"),
                severity="error",
                markup=False,
            )
            return None
        return row

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("open", "replay", "mark"):
            return bool(self.rows)
        if action == "compare":
            return bool(self.marked)
        if action == "back":
            return self.back
        return True

    # --- actions -------------------------------------------------------------------------------

    @on(DataTable.RowSelected, "#rounds")
    def _clicked(self) -> None:
        self.action_open()

    @in_key_order  # Down then Enter in one burst opens the round Down moved to
    def action_open(self) -> None:
        row = self._readable()
        if row is not None:
            self._open_round(row.key)

    def _open_round(self, key: str) -> None:
        service, lang = self.service, self.lang
        open_in_worker(
            self, lang, lambda: RoundScreen(service, key, service.debrief(key), lang=lang)
        )

    def action_replay(self) -> None:
        row = self._readable()
        if row is not None:
            service, lang, key = self.service, self.lang, row.key
            open_in_worker(self, lang, lambda: ReplayScreen(service.replay(key), lang=lang))

    def action_mark(self) -> None:
        row = self._readable()
        if row is None:
            return
        if row.key in self.marked:
            self.marked.remove(row.key)
        else:
            self.marked.append(row.key)
            del self.marked[: -len(MARKS)]  # a third mark replaces the oldest
        table = self.query_one("#rounds", DataTable)
        for shown in self.rows:
            mark = MARKS[self.marked.index(shown.key)] if shown.key in self.marked else ""
            table.update_cell(shown.key, "mark", _cell(mark, "bold reverse"))
        self.refresh_bindings()

    def action_back(self) -> None:
        """Back to the screen the review was opened from, as it was left."""
        self.dismiss()

    def action_compare(self) -> None:
        pair = list(self.marked)
        if len(pair) == 1:
            row = self._current()
            if row is not None and row.key != pair[0]:
                if row.error is not None:
                    self.notify(self.t("review.marked_broken"), severity="warning", markup=False)
                    return
                pair.append(row.key)
        if len(pair) != len(MARKS):
            self.notify(self.t("review.mark_two"), severity="warning", markup=False)
            return
        service, lang = self.service, self.lang
        a, b = pair
        open_in_worker(self, lang, lambda: CompareScreen(service.compare(a, b), lang=lang))
