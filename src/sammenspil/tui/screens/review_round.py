"""One saved round as it ended: rankings, placements with arguments, positions and the score.

Everything shown comes from the public ``Debrief`` model (the exports render the same one), so
a section is decided once; this screen only lays it out as Rich text. The Debrief's strings are
already guarded by ``printable()``; they are appended as plain text, never parsed as markup.
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

from sammenspil.i18n import t
from sammenspil.scoring.debrief import Debrief, RankingBlock
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_service import ReviewService
from sammenspil.tui.screens.replay import ReplayScreen
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

__all__ = ["RoundScreen", "render_debrief"]

BAR = 20  # cells of a heuristic's bar at 100 points


class RoundScreen(Screen[None]):
    """A saved round's debrief; r replays it."""

    COMMANDS: ClassVar[Commands] = {ScreenActions}
    CSS_PATH = "review_round.tcss"
    HELP_TOPIC = "round"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "review.key.back"),
        Binding("r", "replay", "review.key.replay"),
    ]

    def __init__(self, service: ReviewService, key: str, debrief: Debrief, *, lang: str) -> None:
        super().__init__()
        self.service = service
        self.key = key
        self.debrief = debrief
        self.lang = lang
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        # The round reads in its own language, as its exports and its score's lines do: in the
        # review's language its labels made half-Danish lines ("udfordret by Regionerne").
        with VerticalScroll(id="round-body"):
            for i, section in enumerate(render_debrief(self.debrief, self.debrief.language)):
                yield Static(section, classes="round-section", id=f"round-section-{i}")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{t(self.lang, 'review.round.title')}: {self.debrief.table_name}"
        self.query_one("#round-body").focus()

    def action_replay(self) -> None:
        from sammenspil.tui.screens.review import open_in_worker  # review imports this module

        service, key, lang = self.service, self.key, self.lang
        open_in_worker(self, lang, lambda: ReplayScreen(service.replay(key), lang=lang))


def _heading(text: str) -> Text:
    return Text(text, style="bold")


def _indented(text: str, indent: int = 4) -> Text:
    """A player's text, kept as written (newlines too), indented under what it argues for."""
    pad = " " * indent
    return Text("\n".join(pad + line for line in text.splitlines()), style="italic")


def _rankings(d: Debrief, block: RankingBlock, lang: str) -> list[RenderableType]:
    grid = RichTable(show_edge=False, pad_edge=False, expand=False, header_style="bold")
    grid.add_column("#", justify="right", no_wrap=True)
    for col in block.columns:
        grid.add_column(Text(col.role), overflow="fold")
    depth = max(len(col.order) for col in block.columns)
    for i in range(depth):
        grid.add_row(
            Text(str(i + 1)),
            *(Text(col.order[i] if i < len(col.order) else "") for col in block.columns),
        )
    out: list[RenderableType] = [grid]
    for col in block.columns:
        if col.argument.strip():
            out += [Text(f"{col.role}:", style="bold"), _indented(col.argument)]
    if block.not_revised:
        out.append(Text(f"{t(lang, 'debrief.not_revised')}: {', '.join(block.not_revised)}"))
    return out


def render_debrief(d: Debrief, lang: str) -> list[RenderableType]:
    """The sections of a round's debrief, each a renderable; labels in ``lang``."""
    sections: list[RenderableType] = []
    meta = t(
        lang,
        "review.round.meta",
        deck=d.deck_title,
        version=d.deck_version,
        seed=d.seed,
        phase=d.phase,
    )
    seats = ", ".join(f"{p.player} ({p.seat})" for p in d.players) or "–"
    sections.append(
        Group(
            Text(d.table_name, style="bold"),
            Text(meta, style="dim"),
            Text(f"{t(lang, 'debrief.players')}: {seats}"),
        )
    )

    ranking: list[RenderableType] = [_heading(t(lang, "debrief.rankings"))]
    if not d.first.columns:
        ranking.append(Text(t(lang, "debrief.not_ranked")))
    else:
        ranking += [Text(t(lang, "debrief.first"), style="underline")]
        ranking += _rankings(d, d.first, lang)
        if d.revised.columns:
            ranking += [Text(""), Text(t(lang, "debrief.revised"), style="underline")]
            ranking += _rankings(d, d.revised, lang)
    sections.append(Group(*ranking))

    joint: list[RenderableType] = [_heading(t(lang, "debrief.joint"))]
    joint += [Text(f"{i}. {entry.title}") for i, entry in enumerate(d.joint, start=1)]
    for agreed in d.agreement:
        w = d.num(agreed.w, 2)
        p = f", {t(lang, 'debrief.p')} {agreed.p} ({agreed.method})" if agreed.p else ""
        joint.append(Text(f"{t(lang, 'debrief.kendall')} {agreed.when}: {w}{p}"))
    sections.append(Group(*joint))

    placed: list[RenderableType] = [_heading(t(lang, "debrief.placements"))]
    if not d.placements:
        placed.append(Text(t(lang, "debrief.no_placements")))
    for pl in d.placements:
        line = Text(
            t(
                lang,
                "review.round.placed",
                role=pl.role,
                remedy=f"'{pl.remedy}'",
                problem=f"'{pl.problem}'",
            )
        )
        line.append(f" ({pl.player})", style="dim")
        if pl.withdrawn:
            line.stylize("strike")
            line.append(f" · {t(lang, 'debrief.withdrawn')}", style="yellow")
        placed.append(line)
        if pl.argument.strip():
            placed.append(_indented(pl.argument))
        for r in pl.reactions:
            style = "green" if r.kind == "endorse" else "red"
            reaction = Text("    ")
            reaction.append(r.label, style=style)
            reaction.append(f" {t(lang, 'debrief.by')} {r.role} ({r.player})")
            if r.comment.strip():
                reaction.append(f": {r.comment}", style="italic")
            placed.append(reaction)
    sections.append(Group(*placed))

    dilemmas: list[RenderableType] = [_heading(t(lang, "debrief.dilemmas"))]
    if not d.dealt_dilemmas:
        dilemmas.append(Text(t(lang, "debrief.no_dilemmas")))
    for dilemma in d.dilemmas:
        dilemmas.append(Text(dilemma.question, style="underline"))
        poles = t(lang, "review.round.poles", left=dilemma.left, right=dilemma.right)
        dilemmas.append(Text(poles, style="dim"))
        if not dilemma.positions:
            dilemmas.append(Text("  " + t(lang, "debrief.no_positions")))
        for pos in dilemma.positions:
            dilemmas.append(
                Text(
                    "  "
                    + t(
                        lang,
                        "review.round.position",
                        role=pos.role,
                        player=pos.player,
                        value=pos.value,
                    )
                )
            )
            if pos.argument.strip():
                dilemmas.append(_indented(pos.argument))
    sections.append(Group(*dilemmas))

    score: list[RenderableType] = [_heading(t(lang, "debrief.score"))]
    score.append(Text(t(lang, "review.round.total", total=d.num(d.total)), style="bold"))
    if not d.finished:
        score.append(Text(t(lang, "review.round.provisional"), style="yellow"))
    grid = RichTable.grid(padding=(0, 1))
    grid.add_column(no_wrap=True)
    grid.add_column(no_wrap=True)
    grid.add_column(justify="right", no_wrap=True)
    grid.add_column(overflow="fold")
    for h in d.heuristics:
        filled = 0 if h.score is None else round(max(0.0, min(100.0, h.score)) / 100 * BAR)
        bar = Text("█" * filled, style="green") + Text("░" * (BAR - filled), style="dim")
        grid.add_row(Text(h.title), bar, Text(d.num(h.score)), Text(h.lines[0] if h.lines else ""))
    score.append(grid)
    for h in d.heuristics:
        if h.suggestion:
            score.append(Text(f"→ {h.title}: {h.suggestion}", style="dim"))
    sections.append(Group(*score))
    return sections
