"""A saved round replayed: its events one by one, each in words, with the table after it.

The ``ReplaySource`` holds every intermediate table, folded once by the service, so a key press
is a lookup and a repaint of the state panel, however long the round. The event list is an
``OptionList`` (line-based, cheap for a thousand events): the highlighted option is the step
shown, so arrows, Home/End, the mouse and the stepping keys all move the same cursor.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import Screen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game.state import Table
from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_service import ReplaySource
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

__all__ = ["ReplayScreen", "render_state"]


class ReplayScreen(Screen[None]):
    """Step through a round: next, previous, first, last; the table as it stood at each step."""

    COMMANDS: ClassVar[Commands] = {ScreenActions}
    CSS_PATH = "replay.tcss"
    HELP_TOPIC = "replay"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "app.pop_screen", "review.key.back"),
        Binding("right,n", "step(1)", "review.key.next"),
        Binding("left,p", "step(-1)", "review.key.previous"),
        Binding("home", "go(0)", "review.key.first", priority=True),
        Binding("end", "go(-1)", "review.key.last", priority=True),
    ]

    def __init__(self, replay: ReplaySource, *, lang: str, step: int = 0) -> None:
        super().__init__()
        self.replay = replay
        self.lang = lang
        self.step = max(0, min(step, replay.count))
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="replay-top"):
            yield Static("", id="replay-position")
            yield Static("", id="replay-sentence")
        with Horizontal(id="replay-body"):
            yield OptionList(
                *(
                    Option(
                        Text(
                            f"{k:>4}  {self.replay.sentence(k)}",
                            no_wrap=True,
                            overflow="ellipsis",
                        )
                    )
                    for k in range(self.replay.count + 1)
                ),
                id="replay-events",
                markup=False,
            )
            with VerticalScroll(id="replay-state"):
                yield Static("", id="replay-state-text")
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = f"{t(self.lang, 'review.replay.title')}: {self.replay.title}"
        events = self.query_one("#replay-events", OptionList)
        events.border_title = t(self.lang, "review.replay.events")
        self.query_one("#replay-state").border_title = t(self.lang, "review.replay.state")
        events.highlighted = self.step
        events.focus()
        self._show()

    def action_step(self, delta: int) -> None:
        self._go(self.step + delta)

    def action_go(self, step: int) -> None:
        self._go(self.replay.count if step < 0 else step)

    def _go(self, step: int) -> None:
        step = max(0, min(step, self.replay.count))
        # The list's highlight is the step: moving it shows the step (see _highlighted).
        self.query_one("#replay-events", OptionList).highlighted = step
        if step != self.step:
            self.step = step
            self._show()

    @on(OptionList.OptionHighlighted, "#replay-events")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_index != self.step:
            self.step = event.option_index
            self._show()

    def _show(self) -> None:
        k, count = self.step, self.replay.count
        table = self.replay.table(k)
        phase = t(self.lang, f"phase.{table.phase.value}")
        position = Text(t(self.lang, "review.replay.step", step=k, count=count), style="bold")
        position.append(f"  ·  {t(self.lang, 'review.replay.phase', phase=phase)}")
        # The position and the sentence keep their size (see replay.tcss): no new layout for
        # them; only the state panel's height changes from step to step.
        self.query_one("#replay-position", Static).update(position, layout=False)
        sentence = Text(self.replay.sentence(k), overflow="ellipsis")
        self.query_one("#replay-sentence", Static).update(sentence, layout=False)
        self.query_one("#replay-state-text", Static).update(render_state(table, self.lang))


def render_state(table: Table, lang: str) -> Text:
    """What stood on the table, as plain text: placements and positions first (they change
    most as a round goes on), then the rankings and the players."""
    deck = table.deck

    def role(role_id: str) -> str:
        card = deck.roles_by_id.get(role_id)
        return printable(card.name if card else role_id)

    def title(cards: Mapping[str, object], card_id: str, attr: str = "title") -> str:
        card = cards.get(card_id)
        return printable(str(getattr(card, attr)) if card is not None else card_id)

    out = Text()

    def heading(key: str) -> None:
        if out.plain:
            out.append("\n")
        out.append(t(lang, key) + "\n", style="bold")

    if table.placements:
        heading("review.replay.placements")
        for pl in table.placements:
            line = Text(f"{role(pl.role)}: ")
            line.append(f"'{title(deck.remedies_by_id, pl.remedy)}'")
            line.append(" → ")
            line.append(f"'{title(deck.problems_by_id, pl.problem)}'")
            if pl.withdrawn:
                line.stylize("strike")
                line.append(f" · {t(lang, 'debrief.withdrawn')}", style="yellow")
            out.append_text(line)
            out.append("\n")
            if pl.argument.strip():
                out.append(f"    {printable(pl.argument, multiline=True)}\n", style="italic")
            if pl.reactions:
                endorsed = sum(1 for r in pl.reactions if r.kind == "endorse")
                reactions = t(
                    lang,
                    "review.replay.reactions",
                    endorsed=endorsed,
                    challenged=len(pl.reactions) - endorsed,
                )
                out.append(f"    {reactions}\n", style="dim")

    if any(table.positions.values()):
        heading("review.replay.positions")
        for dilemma_id in table.dilemmas:
            given = [
                (role_id, chosen[dilemma_id])
                for role_id, chosen in table.positions.items()
                if dilemma_id in chosen
            ]
            if not given:
                continue
            out.append(title(deck.dilemmas_by_id, dilemma_id, "question") + "\n", style="underline")
            for role_id, pos in given:
                out.append(f"  {role(role_id)}: {pos.value}")
                if pos.argument.strip():
                    out.append(f"  {printable(pos.argument, multiline=True)}", style="italic")
                out.append("\n")
    for key, rankings in (
        ("review.replay.rankings", table.rankings),
        ("review.replay.revised", table.revised),
    ):
        if key == "review.replay.revised" and not rankings:
            continue
        heading(key)
        if not rankings:
            out.append(t(lang, "review.replay.none") + "\n", style="dim")
        for role_id, ranking in rankings.items():
            out.append(f"{role(role_id)}\n", style="bold")
            for i, problem in enumerate(ranking.order, start=1):
                out.append(f"  {i}. {title(deck.problems_by_id, problem)}\n")
            if ranking.argument.strip():
                out.append(f"    {printable(ranking.argument, multiline=True)}\n", style="italic")

    heading("review.replay.players")
    if not table.players:
        out.append(t(lang, "review.replay.no_players") + "\n", style="dim")
    for p in table.players.values():
        seat = t(lang, "debrief.spectator") if p.spectator else role(p.role) if p.role else "–"
        out.append(f"{printable(p.name)} ({seat})\n")

    out.rstrip()
    return out
