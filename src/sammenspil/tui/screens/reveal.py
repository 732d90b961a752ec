"""The reveal: every role's ranking side by side, the joint ranking, and how far they agree.

Agreement is said in plain words first; the statistic (Kendall's W) follows for those who want
it. The most disputed problems are marked in every column. Each role may revise once, with an
argument: the app hands it the keyboard (``ReviseWanted``) and the change shows here after.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import PurePath
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import DataTable, OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game.describe import shorten
from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.host.view import SeenTable
from sammenspil.i18n import t
from sammenspil.scoring import stats
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.messages import ReviseWanted
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.in_place import set_text
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

DISPUTED = 3  # problems marked as the most disputed


def agreement_words(w: float | None, lang: str) -> str:
    """Kendall's W in words a table reads out loud."""
    if w is None:
        return t(lang, "lobby.agree.unknown")
    level = "strong" if w >= 0.7 else "fair" if w >= 0.5 else "weak" if w >= 0.3 else "none"
    return t(lang, f"lobby.agree.{level}")


def final_orders(table: SeenTable, roles: Sequence[str]) -> dict[str, list[str]]:
    """Each role's ranking as it stands: revised where it revised, else its first."""
    out: dict[str, list[str]] = {}
    for role in roles:
        ranking = table.revised.get(role) or table.rankings.get(role)
        if ranking is not None:
            out[role] = list(ranking.order)
    return out


def changes(before: Sequence[str], after: Sequence[str]) -> list[tuple[str, int, int]]:
    """The problems a revision moved: (problem, place before, place after), places from 1."""
    place = {p: i for i, p in enumerate(before, 1)}
    return [(p, place[p], i) for i, p in enumerate(after, 1) if p in place and place[p] != i]


class PickRole(ModalScreen[str | None]):
    """Which role revises now (of those that still may)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "dismiss_none", "lobby.key.back")]
    DEFAULT_CSS = """
    PickRole { align: center middle; }
    PickRole > Vertical { width: 50; height: auto; border: heavy $accent; background: $panel; }
    PickRole OptionList { height: auto; max-height: 12; }
    """

    def __init__(self, roles: list[tuple[str, str]], lang: str) -> None:
        super().__init__()
        self.roles = roles
        self.lang = lang
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t(self.lang, "lobby.reveal.pick"), markup=False)
            yield OptionList(*(Option(Text(printable(name)), id=rid) for rid, name in self.roles))
        yield KeyBar()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)


class RevealScreen(TableScreen):
    """All rankings open; revise once per role; then the round moves on."""

    CSS_PATH: ClassVar[str | PurePath] = "reveal.tcss"
    COMMANDS: ClassVar[Commands] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "revise", "lobby.key.revise"),
        Binding("n", "advance", "lobby.key.advance"),
    ]

    def __init__(self, client: TableClient, *, lang: str | None = None) -> None:
        super().__init__(client, lang=lang)
        translate_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="reveal-body"):
            yield Static("", id="reveal-agreement", markup=False)
            yield DataTable(id="reveal-table", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="reveal-notes"):
                yield Static("", id="reveal-disputed", markup=False)
                yield Static("", id="reveal-changes", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_view()

    def on_resize(self) -> None:
        self.show_view()
        self.query_one("#reveal-table", DataTable).focus()

    def _roles(self) -> list[str]:
        table = self.view.table
        return [r.id for r in self.deck.roles if r.id in table.rankings]

    def _title(self, problem: str) -> str:
        card = self.deck.problems_by_id.get(problem)
        return printable(card.title if card else problem)

    def show_view(self) -> None:
        table = self.view.table
        roles = self._roles()
        orders = final_orders(table, roles)
        items = list(table.problems)
        joint = stats.borda(list(orders.values()), items) if orders else items
        ranks = [stats.rank_vector(o, items) for o in orders.values()]
        w = stats.kendalls_w(ranks) if len(ranks) >= 2 else None
        spreads = [s for s in stats.disagreement(orders, items) if s.range > 0][:DISPUTED]
        disputed = {s.item for s in spreads}

        words = agreement_words(w, self.lang)
        stat = "" if w is None else " " + self.t("lobby.agree.stat", w=f"{w:.2f}")
        set_text(self.query_one("#reveal-agreement", Static), words + stat)

        grid = self.query_one("#reveal-table", DataTable)
        grid.clear(columns=True)
        # Every column in view at once: the rankings are read side by side, not scrolled.
        width = max(10, (self.app.size.width - 6) // (len(roles) + 1) - 2)
        grid.add_column("#", key="place")
        for role in roles:
            mark = " *" if role in table.revised else ""
            name = Text(printable(self.deck.role(role).name) + mark, overflow="ellipsis")
            grid.add_column(name, key=role, width=width)
        joint_title = Text(self.t("lobby.reveal.joint"), style="bold")
        grid.add_column(joint_title, key="joint", width=width)
        for i in range(len(items)):
            cells: list[Text] = [Text(str(i + 1))]
            for order in [*orders.values(), joint]:
                problem = order[i] if i < len(order) else ""
                cells.append(self._cell(problem, "bold reverse" if problem in disputed else ""))
            grid.add_row(*cells)

        lines = [self.t("lobby.reveal.disputed")] if spreads else []
        for s in spreads:
            low, high = int(min(s.ranks)), int(max(s.ranks))
            lines.append(
                "• "
                + self.t("lobby.reveal.spread", problem=self._title(s.item), low=low, high=high)
            )
        set_text(self.query_one("#reveal-disputed", Static), "\n".join(lines))
        set_text(self.query_one("#reveal-changes", Static), self._changes_text(roles))
        self.refresh_bindings()

    def _cell(self, problem: str, style: str) -> Text:
        title = self._title(problem) if problem else ""
        return Text(title, style=style, no_wrap=True, overflow="ellipsis")

    def _changes_text(self, roles: Sequence[str]) -> str:
        table = self.view.table
        lines: list[str] = []
        for role in roles:
            revised = table.revised.get(role)
            first = table.rankings.get(role)
            if revised is None or first is None:
                continue
            name = printable(self.deck.role(role).name)
            moved = changes(first.order, revised.order)
            what = ", ".join(
                self.t("lobby.reveal.moved", problem=self._title(p), before=a, after=b)
                for p, a, b in moved
            ) or self.t("lobby.reveal.unchanged")
            lines.append(self.t("lobby.reveal.revised", role=name, changes=what))
            if revised.argument.strip():
                lines.append("  " + shorten(revised.argument, 200))
        if not lines:
            return self.t("lobby.reveal.no_revisions")
        return "\n".join(lines)

    def _may_revise(self) -> list[tuple[str, str]]:
        table = self.view.table
        return [(r, self.deck.role(r).name) for r in self._roles() if r not in table.revised]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "revise":
            return bool(self._may_revise())
        if action == "advance":
            return self.view.allowed.advance
        return True

    def action_revise(self) -> None:
        roles = self._may_revise()

        def picked(role: str | None) -> None:
            if role is not None:
                self.post_message(ReviseWanted(role))

        if len(roles) == 1:
            picked(roles[0][0])
        elif roles:
            self.app.push_screen(PickRole(roles, self.lang), picked)
