"""One table's score for the projector: the total in big digits and a thick bar per heuristic.

Meant to be read from the back of a room, so it is plain: no arguments, no findings, just the
table's name, the total and how each heuristic scored. The numbers come from the table's save,
read as the review reads it (``ReviewService.debrief``, in a worker: the agreement's test takes
a moment), and are read again whenever the overview says the table has a new version.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Digits, Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.scoring.debrief import Debrief
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_service import ReviewError
from sammenspil.tui.screens.console_model import ConsoleService
from sammenspil.tui.widgets.key_bar import KeyBar

__all__ = ["ProjectorScreen", "score_bars"]

BAR_MIN, BAR_MAX = 10, 60
ABOVE = 11
"""Lines the projector uses besides the bars: padding, name, label, digits, state, footer."""


def score_bars(debrief: Debrief, width: int, height: int) -> RichTable:
    """A row per heuristic: its title, a bar out of 100, and the score.

    The bars are two lines thick with a line between them when ``height`` lines hold that,
    else one line with a gap, else one line each.
    """
    count = max(1, len(debrief.heuristics))
    thick, gap = (2, 1) if count * 3 <= height else (1, 1) if count * 2 <= height else (1, 0)
    titles = max((len(h.title) for h in debrief.heuristics), default=0)
    bar = max(BAR_MIN, min(BAR_MAX, width - min(titles, 30) - 12))
    grid = RichTable.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, max_width=30, overflow="ellipsis")
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    for h in debrief.heuristics:
        if h.score is None:
            cells = Text("·" * bar, style="dim")
            number = Text("–", style="dim")
        else:
            score = max(0.0, min(100.0, h.score))
            filled = round(score / 100 * bar)
            style = "green" if score >= 67 else "yellow" if score >= 34 else "red"
            line = Text("█" * filled, style=style) + Text("░" * (bar - filled), style="dim")
            cells = Text("\n").join([line] * thick)
            number = Text(f"{h.score:.0f}", style="bold")
        grid.add_row(Text(printable(h.title), style="bold"), cells, number)
        if gap:
            grid.add_row(" ", " ", " ")
    return grid


class ProjectorScreen(Screen[None]):
    """The score of one table, full screen; Escape goes back to the tables."""

    CSS_PATH = "projector.tcss"
    HELP_TOPIC = "projector"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "console.key.back"),
    ]

    def __init__(self, service: ConsoleService, table: str, *, lang: str) -> None:
        super().__init__()
        self.service = service
        self.table = table
        self.lang = lang
        self.shown_version: int | None = None
        self.debrief: Debrief | None = None
        translate_bindings(self, lang)

    def t(self, key: str, /, **values: Any) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        with Vertical(id="projector-body"):
            yield Static(Text(printable(self.table), style="bold"), id="projector-table")
            yield Static(self.t("console.projector.total"), id="projector-label", markup=False)
            yield Digits("", id="projector-total")
            yield Static(self.t("console.projector.scoring"), id="projector-state", markup=False)
            with VerticalScroll(id="projector-scroll"):
                yield Static(id="projector-bars")
        yield KeyBar()

    def on_mount(self) -> None:
        self.tables_changed()

    def tables_changed(self) -> None:
        """The overview changed: read the save again if this table moved on."""
        row = next((r for r in self.service.tables() if r.name == self.table), None)
        if row is None:
            self._say(self.t("console.projector.gone", table=printable(self.table)))
            return
        if row.version == self.shown_version:
            return
        self.shown_version = row.version
        self.load(row.save)

    @work(thread=True, exclusive=True, group="projector")
    def load(self, save: str) -> None:
        try:
            debrief = self.service.review.debrief(save)
        except ReviewError as exc:
            failed = self.t("console.projector.failed", table=self.table, error=str(exc))
            self.app.call_from_thread(self._say, printable(failed))
            return
        self.app.call_from_thread(self.show, debrief)

    def show(self, debrief: Debrief) -> None:
        self.debrief = debrief
        total = "-" if debrief.total is None else f"{debrief.total:.0f}"
        self.query_one("#projector-total", Digits).update(total)
        state = "console.projector.final" if debrief.finished else "console.projector.provisional"
        self._say(self.t(state))
        self._draw_bars()

    def _say(self, line: str) -> None:
        self.query_one("#projector-state", Static).update(Text(line))

    def _draw_bars(self) -> None:
        if self.debrief is not None:
            bars = score_bars(self.debrief, self.size.width - 4, self.size.height - ABOVE)
            self.query_one("#projector-bars", Static).update(bars)

    def on_resize(self, event: Resize) -> None:
        self._draw_bars()
