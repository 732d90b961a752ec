"""Dilemmas: each role places itself on each dilemma's 1..5 scale, with an argument.

Left and right (or a digit) only move the mark on the screen; Enter asks for the argument and
sends the position, so nothing is committed while a player is still making up their mind. The
roles that answered are shown on each scale, with their arguments for the selected dilemma.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game import commands as c
from sammenspil.game.state import Position
from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.tui.key_order import in_key_order
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.argument import ArgumentDialog
from sammenspil.tui.widgets.in_place import refill, set_text
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.play_keys import localize_bindings
from sammenspil.tui.widgets.scale import STEPS, Scale, scale_text
from sammenspil.tui.widgets.screen_actions import ScreenActions

MIDDLE = (STEPS + 1) // 2
INDENT = "   "
"""Before a dilemma's scale line in the list, under its question."""


class DilemmasScreen(TableScreen):
    """Set a position on every dilemma; see where the other roles stand."""

    CSS_PATH = "dilemmas.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: the list's own (hidden) left/right/enter would otherwise shadow these.
        Binding("left", "lean_left", "Lean left", priority=True),
        Binding("right", "lean_right", "Lean right", priority=True),
        Binding("enter", "commit", "Commit position", priority=True),
        *[
            Binding(str(v), f"mark({v})", str(v), show=False, priority=True)
            for v in range(1, STEPS + 1)
        ],
        Binding("n", "advance", "Next phase"),
    ]

    def __init__(self, client: TableClient, *, lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(client, lang=lang, **kwargs)
        localize_bindings(self, self.lang)
        self.pending: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="dilemmas-title", markup=False)
        yield Static(self.t("play.dilemmas.how"), id="dilemmas-how", markup=False)
        yield OptionList(id="dilemmas")
        yield Scale(id="dilemma-scale")
        yield Static(id="dilemma-positions", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_view()
        self.query_one("#dilemmas", OptionList).focus()

    @property
    def dilemma(self) -> str | None:
        option = self.query_one("#dilemmas", OptionList).highlighted_option
        return option.id if option is not None else None

    def _role_name(self, role: str) -> str:
        return self.deck.role(role).name if role in self.deck.roles_by_id else role

    def _positions(self, dilemma: str) -> list[Position]:
        """Every role's position on ``dilemma``, in deck order."""
        found = []
        for role in self.deck.roles:
            pos = self.view.table.positions.get(role.id, {}).get(dilemma)
            if pos is not None:
                found.append(pos)
        return found

    def _mine(self, dilemma: str) -> int | None:
        role = self.view.role
        pos = self.view.table.positions.get(role, {}).get(dilemma) if role else None
        return pos.value if pos is not None else None

    def _others(self, dilemma: str) -> dict[int, list[str]]:
        """The other roles that answered ``dilemma``, by the value they chose."""
        others: dict[int, list[str]] = {}
        for pos in self._positions(dilemma):
            if pos.role != self.view.role:
                others.setdefault(pos.value, []).append(self._role_name(pos.role))
        return others

    def _scale(self, dilemma: str, width: int | None = None) -> Text:
        card = self.deck.dilemma(dilemma)
        return scale_text(
            card.left,
            card.right,
            self.pending.get(dilemma),
            self._mine(dilemma),
            self._others(dilemma),
            width=width,
            indent=INDENT,
        )

    def _scale_width(self, options: OptionList) -> int | None:
        """The cells a scale line has in the list (its options' width less their indent); None
        before the list is laid out."""
        region = options.scrollable_content_region
        if not region:
            return None
        padding = options.get_component_styles("option-list--option").padding
        return region.width - options._get_left_gutter_width() - padding.width - len(INDENT)

    def on_resize(self) -> None:
        """Each scale line is broken for the list's width (``_scale``): again at a new one."""
        self._refill()

    def show_view(self) -> None:
        view = self.view
        role = view.role
        set_text(
            self.query_one("#dilemmas-title", Static),
            self.t(
                "play.dilemmas.title",
                table=printable(view.table.name),
                player=printable(view.viewer),
                role=printable(self._role_name(role)) if role else self.t("play.no_role"),
            ),
        )
        # How to take a position, for whoever has a role to take it in (not a spectator).
        self.query_one("#dilemmas-how", Static).display = role is not None
        for dilemma in view.table.dilemmas:
            self.pending.setdefault(dilemma, self._mine(dilemma) or MIDDLE)
        self._refill()

    def _refill(self) -> None:
        dilemmas = self.query_one("#dilemmas", OptionList)
        keep = self.dilemma
        width = self._scale_width(dilemmas)
        options = []
        for i, dilemma in enumerate(self.view.table.dilemmas, start=1):
            text = Text(f"{i}. ", style="bold")
            text.append(printable(self.deck.dilemma(dilemma).question), style="bold")
            answered = len(self._positions(dilemma))
            text.append(f"  ({self.t('play.dilemmas.answered', n=answered)})", style="dim")
            text.append("\n" + INDENT)
            text.append(self._scale(dilemma, width))
            options.append(Option(text, id=dilemma))
        if not options:
            options = [Option(Text(self.t("play.dilemmas.none"), style="dim"), disabled=True)]
        refill(dilemmas, options, keep)
        self._show_selected()

    def _show_selected(self) -> None:
        dilemma = self.dilemma
        scale = self.query_one("#dilemma-scale", Scale)
        lines = Text()
        if dilemma is not None:
            card = self.deck.dilemma(dilemma)
            scale.show(
                card.left,
                card.right,
                pending=self.pending.get(dilemma),
                committed=self._mine(dilemma),
                others=self._others(dilemma),
            )
            for pos in self._positions(dilemma):
                if lines:
                    lines.append("\n")
                lines.append(
                    f"{printable(self._role_name(pos.role))} ({printable(pos.player)}): "
                    f"{pos.value}",
                    style="bold",
                )
                if pos.argument:
                    lines.append(" “")
                    lines.append(printable(pos.argument, multiline=True))
                    lines.append("”")
            if not lines:
                lines.append(self.t("play.dilemmas.nobody"), style="dim")
        set_text(self.query_one("#dilemma-positions", Static), lines)
        self.refresh_bindings()

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_selected()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed = self.view.allowed
        if action in ("lean_left", "lean_right", "mark", "commit"):
            return allowed.set_position and bool(self.view.table.dilemmas)
        if action == "advance":
            return allowed.advance
        return True

    # The keys are priority keys (see BINDINGS): each acts once the list has taken the keys
    # before it, so a Down and a Right in one burst lean the dilemma Down moved to.

    @in_key_order
    def action_lean_left(self) -> None:
        self._lean(-1)

    @in_key_order
    def action_lean_right(self) -> None:
        self._lean(1)

    @in_key_order
    def action_mark(self, value: int) -> None:
        self._mark(value)

    @in_key_order
    def action_commit(self) -> None:
        self._commit()

    def _lean(self, step: int) -> None:
        dilemma = self.dilemma
        if dilemma is not None:
            self._mark(self.pending.get(dilemma, MIDDLE) + step)

    def _mark(self, value: int) -> None:
        dilemma = self.dilemma
        if dilemma is None:
            return
        self.pending[dilemma] = max(1, min(STEPS, value))
        self._refill()

    def _commit(self, text: str = "") -> None:
        dilemma = self.dilemma
        if dilemma is None or not self.view.allowed.set_position:
            return
        value = self.pending.get(dilemma, MIDDLE)
        card = self.deck.dilemma(dilemma)
        title = self.t("play.dilemmas.why", question=card.question, value=value)

        def argued(argument: str | None) -> None:
            if argument is None:
                return
            command = c.SetPosition(
                player=self.view.viewer, dilemma=dilemma, value=value, argument=argument
            )
            if self.submit(command) is None:
                self._commit(argument)
            else:
                self._next_open(dilemma)

        dialog = ArgumentDialog(
            title, min_words=self.deck.rules.argument_min_words, lang=self.lang, text=text
        )
        self.app.push_screen(dialog, argued)

    def _next_open(self, after: str) -> None:
        """Move on to the next dilemma the viewer has not answered, if there is one."""
        dilemmas = self.view.table.dilemmas
        start = dilemmas.index(after) + 1 if after in dilemmas else 0
        for dilemma in dilemmas[start:] + dilemmas[:start]:
            if self._mine(dilemma) is None:
                self.query_one("#dilemmas", OptionList).highlighted = dilemmas.index(dilemma)
                return
