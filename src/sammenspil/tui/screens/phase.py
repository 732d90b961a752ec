"""A plain screen for a phase whose own screen is not built yet: it says where the table is.

It lets the round go on (advance), so a table is never stuck; the respond, dilemmas and score
screens replace it in the app's phase map.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Footer, Header, Static

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.i18n import t
from sammenspil.tui.screens.table_screen import TableScreen


class PhaseScreen(TableScreen):
    """The table's phase in words and its next step; advancing moves the round on."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("n", "advance", "Next phase")]
    DEFAULT_CSS = """
    #phase-body { padding: 1 2; }
    #phase-text { margin-top: 1; }
    """

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="phase-body"):
            yield Static("", id="phase-title", classes="heading", markup=False)
            yield Static("", id="phase-text", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        super().on_mount()
        self.show_view()

    def show_view(self) -> None:
        phase = self.view.table.phase
        name = t(self.lang, f"phase.{phase.value}")
        self.query_one("#phase-title", Static).update(self.t("lobby.phase.title", phase=name))
        over = phase is Phase.SCORED
        key = "lobby.phase.over" if over else "lobby.phase.placeholder"
        self.query_one("#phase-text", Static).update(self.t(key))
        self.refresh_bindings()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "advance":
            return self.view.allowed.advance
        return True

    def action_advance(self) -> None:
        self.submit(c.Advance(player=self.view.viewer))
