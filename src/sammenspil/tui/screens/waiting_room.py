"""The waiting room of a server table: who sits where, a role to take, and the facilitator's start.

On a server table only a facilitator deals, so in the lobby phase a player can do one thing:
choose (or change) their role. The roles are the deck's, each with who plays it already; Enter
takes the highlighted one. A spectator sees the seats and waits. When the facilitator starts,
the app replaces this screen with the ranking; whoever holds no role (a spectator) stays here
through the ranking, which hides every order until the reveal, and reads who still ranks.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.host.view import Presence
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.in_place import refill, set_text
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.title_bar import TitleBar
from sammenspil.tui.words import name_mid


class RoleList(OptionList):
    """The deck's roles; Enter (shown in the footer) takes the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "remote.key.role"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "select":  # no role open to this viewer (a spectator): no key
            return any(not option.disabled for option in self.options)
        return True


class WaitingRoomScreen(TableScreen):
    """The lobby phase of a server table, seen by one player or spectator."""

    CSS_PATH = "waiting_room.tcss"

    def __init__(self, client: TableClient, *, lang: str | None = None) -> None:
        super().__init__(client, lang=lang)
        translate_bindings(self, self.lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        yield Static("", id="wait-status", markup=False)
        yield Static("", id="wait-you", markup=False)
        with Horizontal(id="wait-body"):
            with Vertical(id="wait-seats-pane"):
                yield Static(self.t("remote.wait.seats"), classes="heading")
                yield Static("", id="wait-seats", markup=False)
            with Vertical(id="wait-roles-pane"):
                yield Static(self.t("remote.wait.roles"), classes="heading")
                yield RoleList(id="wait-roles")
        yield KeyBar()

    def on_mount(self) -> None:
        roles = self.query_one("#wait-roles", RoleList)
        translate_bindings(roles, self.lang)
        roles.focus()
        self.show_view()

    def _role_name(self, role: str | None) -> str:
        card = self.deck.roles_by_id.get(role or "")
        if card is not None:
            return printable(card.name)
        if role is None:
            return self.t("remote.lobby.no_role")
        return printable(role)

    def show_view(self) -> None:
        view = self.view
        table = view.table
        set_text(self.query_one("#wait-status", Static), self._status())
        me = printable(view.viewer)
        if view.spectator:
            you = self.t("remote.wait.you_spectator", player=me)
        else:
            you = self.t("remote.wait.you", player=me, role=self._role_name(view.role))
        set_text(self.query_one("#wait-you", Static), you)

        seats = Text()
        for name, player in table.players.items():
            if player.facilitator:
                what = self.t("remote.lobby.facilitator")
            elif player.spectator:
                what = self.t("remote.lobby.spectator")
            else:
                what = self._role_name(player.role)
            line = self.t("remote.wait.seat", player=printable(name), role=what)
            style = "bold" if name == view.viewer else ""
            if seats:
                seats.append("\n")
            seats.append("• " + line, style=style)
            # A facilitator steers from the console, never from a seat: never "away" here.
            if view.presence.get(name) is Presence.AWAY and not player.facilitator:
                seats.append(" " + self.t("remote.wait.away"), style="dim")
        set_text(self.query_one("#wait-seats", Static), seats)

        roles = self.query_one("#wait-roles", OptionList)
        shown = roles.highlighted_option
        options = []
        free: list[str] = []
        for role in self.deck.roles:
            players = [printable(n) for n, p in table.players.items() if p.role == role.id]
            label = Text(printable(role.name), style="bold" if role.id == view.role else "")
            if players:
                label.append(" · " + ", ".join(players), style="dim")
            else:
                free.append(role.id)
            options.append(Option(label, id=role.id, disabled=not view.allowed.choose_role))
        # First the player's own role, else the first nobody holds: Enter on a taken role
        # shares it, which a player new to the table rarely means.
        first = view.role or next(iter(free), None)
        refill(roles, options, shown.id if shown is not None else first)
        # The roles and the heading that says how to take one, only while one can be taken.
        pane = self.query_one("#wait-roles-pane", Vertical)
        pane.display = table.phase is Phase.LOBBY and not view.spectator
        self.refresh_bindings()

    def _status(self) -> str:
        """What the table waits for: the facilitator's start, or the rankings still missing."""
        if self.view.table.phase is not Phase.RANK:
            return self.t("remote.wait.status")
        names = ", ".join(name_mid(self._role_name(r), self.lang) for r in self.view.waiting)
        return self.t("remote.wait.ranking", roles=names)

    @on(OptionList.OptionSelected, "#wait-roles")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.take(event.option.id)

    def take(self, role: str) -> None:
        """Sit in ``role`` (the server refuses a role that is not open, with a notice)."""
        if role == self.view.role:
            return
        accepted = self.submit(c.ChooseRole(player=self.view.viewer, role=role))
        if accepted is not None:
            self.notify(self.t("remote.wait.chosen", role=self._role_name(role)), markup=False)
