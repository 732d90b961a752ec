"""The score: the total and one bar per heuristic with what it saw and what to try next.

Scoring and the debrief are built in a worker thread (the agreement's permutation test takes
time), from the viewer's table rebuilt out of the view; the screen shows a loading state until
then. Exports to Markdown and HTML render the same ``Debrief`` and are written in a worker too,
beside the save when the screen was told where it is, and never over an existing file without
asking first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, ClassVar

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.scoring.debrief import Debrief, HeuristicEntry, build_debrief
from sammenspil.scoring.export import render_html, render_markdown
from sammenspil.scoring.report import score_table
from sammenspil.tui.screens.seen_table import table_of
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.play_keys import localize_bindings
from sammenspil.tui.widgets.screen_actions import ScreenActions

BAR = 20
FORMATS = {"markdown": (".md", render_markdown), "html": (".html", render_html)}


def bar(score: float | None, width: int = BAR) -> Text:
    """``████████░░░░  62`` for a score out of 100; a dim dash where it does not apply."""
    if score is None:
        return Text("·" * width + "   –", style="dim")
    filled = round(max(0.0, min(score, 100.0)) / 100 * width)
    style = "green" if score >= 67 else "yellow" if score >= 34 else "red"
    text = Text("█" * filled, style=style)
    text.append("░" * (width - filled), style="dim")
    text.append(f" {score:3.0f}", style="bold")
    return text


def heuristic_text(h: HeuristicEntry, weight_label: str) -> Text:
    """One heuristic: title and bar on a line, then what it found and the suggestion."""
    text = Text()
    text.append(printable(h.title), style="bold")
    text.append(f"  ({weight_label})\n", style="dim")
    text.append_text(bar(h.score))
    for line in h.lines:
        text.append(f"\n  {printable(line)}")
    if h.suggestion:
        text.append("\n  → ", style="bold")
        text.append(printable(h.suggestion), style="italic")
    return text


def export_name(table_id: str) -> str:
    """A file name from a table id: letters, digits, '-' and '_' only."""
    return re.sub(r"[^A-Za-z0-9_-]+", "-", table_id).strip("-") or "round"


class ConfirmOverwrite(ModalScreen[bool]):
    """Ask before a file is replaced: y replaces, n or Escape keeps it."""

    DEFAULT_CSS = """
    ConfirmOverwrite { align: center middle; }
    ConfirmOverwrite > Vertical {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        background: $panel; border: thick $warning;
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "Yes"),
        Binding("n", "answer(False)", "No"),
        Binding("escape", "answer(False)", "No", show=False),
    ]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(printable(self.question)))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class ScoreScreen(TableScreen):
    """The round's score, heuristic by heuristic, with exports."""

    CSS_PATH = "score.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "export_markdown", "Export Markdown"),
        Binding("h", "export_html", "Export HTML"),
    ]

    def __init__(
        self,
        client: TableClient,
        *,
        lang: str | None = None,
        save_path: Path | None = None,
        seed: int = 0,
        exports: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(client, lang=lang, **kwargs)
        localize_bindings(self, self.lang)
        self.save_path = save_path
        self.seed = seed
        self.exports = exports
        """False where a file would be written on another machine (remote play): keys hidden."""
        self.debrief: Debrief | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="score-title", markup=False)
        yield Static(id="score-total", markup=False)
        with VerticalScroll(id="score-heuristics"):
            yield Static(self.t("play.score.scoring"), id="score-wait", markup=False)
        yield Static(id="score-save", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one("#score-heuristics").loading = True
        self.show_view()

    def show_view(self) -> None:
        self.query_one("#score-title", Static).update(
            self.t("play.score.title", table=printable(self.view.table.name))
        )
        where = (
            self.t("play.score.saved", path=printable(str(self.save_path)))
            if self.save_path is not None
            else ""
        )
        self.query_one("#score-save", Static).update(where)
        self.score()

    @work(thread=True, exclusive=True, group="score")
    def score(self) -> None:
        """Score the table and build its debrief off the UI thread, in the player's language.

        The scoring and the debrief speak the deck's language; a deck that says the player's
        language instead makes their findings, titles and labels (and the exports) speak it
        too, while card texts stay as the deck wrote them.
        """
        deck = self.deck.model_copy(update={"language": self.lang})
        table = table_of(self.view, deck, seed=self.seed)
        try:
            debrief = build_debrief(table, score_table(table))
        except Exception as err:  # a view the scoring cannot read: say so, never a traceback
            message = self.t("play.score.failed", error=str(err) or type(err).__name__)
            self.app.call_from_thread(self._score_failed, message)
            return
        self.app.call_from_thread(self._show_debrief, debrief)

    def _score_failed(self, message: str) -> None:
        pane = self.query_one("#score-heuristics", VerticalScroll)
        pane.loading = False
        self.query_one("#score-wait", Static).update(printable(message))
        self._told(message, "error")

    def _show_debrief(self, debrief: Debrief) -> None:
        self.debrief = debrief
        total = Text(self.t("play.score.total") + " ", style="bold")
        total.append_text(bar(debrief.total, 30))
        self.query_one("#score-total", Static).update(total)
        pane = self.query_one("#score-heuristics", VerticalScroll)
        pane.loading = False
        pane.remove_children()
        pane.mount_all(
            Static(
                heuristic_text(h, self.t("play.score.weight", weight=f"{h.weight:g}")),
                classes="heuristic",
                markup=False,
            )
            for h in debrief.heuristics
        )
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("export_markdown", "export_html"):
            return self.exports and self.debrief is not None
        return True

    def export_path(self, fmt: str) -> Path:
        suffix = FORMATS[fmt][0]
        if self.save_path is not None:
            return self.save_path.with_suffix(suffix)
        return Path.cwd() / f"{export_name(self.view.table.id)}{suffix}"

    def action_export_markdown(self) -> None:
        self.export("markdown")

    def action_export_html(self) -> None:
        self.export("html")

    def export(self, fmt: str) -> None:
        """Write the debrief as ``fmt`` (asking first if the file is there already)."""
        if self.debrief is None or not self.exports:
            return
        path = self.export_path(fmt)
        if not path.exists():
            self._write(fmt, path)
            return

        def answered(yes: bool | None) -> None:
            if yes:
                self._write(fmt, path)

        question = self.t("play.score.overwrite", path=str(path))
        self.app.push_screen(ConfirmOverwrite(question), answered)

    @work(thread=True, group="export")
    def _write(self, fmt: str, path: Path) -> None:
        assert self.debrief is not None
        try:
            path.write_text(FORMATS[fmt][1](self.debrief), encoding="utf-8")
        except OSError as err:
            message = self.t("play.score.export_failed", path=str(path), error=err.strerror or err)
            self.app.call_from_thread(self._told, message, "error")
            return
        self.app.call_from_thread(self._told, self.t("play.score.exported", path=str(path)))

    def _told(self, message: str, severity: str = "information") -> None:
        self.notify(printable(message), severity=severity, markup=False)  # type: ignore[arg-type]
