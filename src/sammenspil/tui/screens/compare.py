"""Two saved rounds side by side, from scoring's ``Comparison``.

The totals and each heuristic (change is B minus A), each problem's place in both joint
rankings, and the problems the roles agreed on in one round but not in the other. Rounds from
different decks or languages are compared by card id, and the screen says so first, in the
words the comparison itself uses, with each round's title for a problem shown as ``A / B``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.scoring.compare import Comparison, unfinished_notes
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

__all__ = ["CompareScreen", "render_comparison"]


class CompareScreen(Screen[None]):
    """Round A beside round B."""

    COMMANDS: ClassVar[Commands] = {ScreenActions}
    CSS_PATH = "compare_rounds.tcss"
    HELP_TOPIC = "compare"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "review.key.back"),
    ]

    def __init__(self, comparison: Comparison, *, lang: str) -> None:
        super().__init__()
        self.comparison = comparison
        self.lang = lang
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with VerticalScroll(id="compare-body"):
            for i, section in enumerate(render_comparison(self.comparison, self.lang)):
                yield Static(section, classes="compare-section", id=f"compare-section-{i}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = t(self.lang, "review.compare.title")
        self.query_one("#compare-body").focus()


def _num(x: float | None, na: str, signed: bool = False) -> str:
    if x is None:
        return na
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def _rank(x: float | None) -> str:
    return "-" if x is None else f"{x:g}"


def _both(title: str, title_b: str) -> str:
    return printable(f"{title} / {title_b}" if title_b else title)


def _grid(*headers: str) -> RichTable:
    grid = RichTable(show_edge=False, pad_edge=False, header_style="bold")
    grid.add_column(Text(headers[0]), overflow="fold", ratio=1)
    for header in headers[1:]:
        grid.add_column(Text(header), justify="right", no_wrap=True)
    return grid


def render_comparison(cmp: Comparison, lang: str) -> list[RenderableType]:
    """The comparison's sections, each a renderable; labels in ``lang``."""

    def lab(key: str, **fields: str) -> str:
        return t(lang, f"compare.{key}", **fields)

    na = t(lang, "na")
    head = [
        Text(f"A = {printable(cmp.name_a)}", style="bold"),
        Text(f"B = {printable(cmp.name_b)}", style="bold"),
    ]
    if cmp.deck_a == cmp.deck_b:
        head.append(Text(f"{lab('deck')}: {printable(cmp.deck_a)}", style="dim"))
    else:
        decks = f"{lab('deck')}: A {printable(cmp.deck_a)}, B {printable(cmp.deck_b)}"
        head.append(Text(decks, style="dim"))
    if not cmp.same_deck:
        warning = lab("other_decks", a=printable(cmp.language_a), b=printable(cmp.language_b))
        head.append(Text(f"⚠ {warning}", style="bold yellow"))
    head += [Text(f"⚠ {note}", style="bold yellow") for note in unfinished_notes(cmp, lang)]

    score = _grid(lab("heuristic"), "A", "B", lab("delta"))
    for h in cmp.heuristics:
        score.add_row(
            Text(_both(h.title, h.title_b)),
            Text(_num(h.score_a, na)),
            Text(_num(h.score_b, na)),
            Text(_num(h.delta, na, signed=True)),
        )
    score.add_section()
    score.add_row(
        Text(lab("total"), style="bold"),
        Text(_num(cmp.total_a, na), style="bold"),
        Text(_num(cmp.total_b, na), style="bold"),
        Text(_num(cmp.total_delta, na, signed=True), style="bold"),
    )

    ranks = _grid(lab("problem"), "A", "B")
    for r in cmp.ranks:
        ranks.add_row(Text(_both(r.title, r.title_b)), Text(_rank(r.rank_a)), Text(_rank(r.rank_b)))

    agree: list[RenderableType] = [Text(lab("agree"), style="bold")]
    if cmp.roles_a < 2 or cmp.roles_b < 2:
        agree.append(Text(lab("few_roles")))
    elif not cmp.contrasts:
        agree.append(Text(lab("none")))
    else:
        contrasts = _grid(lab("problem"), "A", "B", lab("agreed"))
        for c in cmp.contrasts:
            contrasts.add_row(
                Text(_both(c.title, c.title_b)),
                Text(_rank(c.spread_a)),
                Text(_rank(c.spread_b)),
                Text("A" if c.agreed_in == "a" else "B"),
            )
        agree.append(contrasts)

    return [
        Group(*head),
        Group(Text(t(lang, "review.compare.score"), style="bold"), score),
        Group(Text(lab("joint"), style="bold"), ranks),
        Group(*agree),
    ]
