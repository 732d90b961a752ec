"""Respond: roles place remedies from their hands on the problems, and react to each other's.

Problems come in the joint ranking's order (Borda over the roles' final rankings, computed by
the pure ``scoring.agreement``), so the table works down from what it agreed matters most. The
selected problem's placements show who placed what, why, and how the others reacted; the active
role's hand marks the cards that address it. The change and effort budgets are soft: meters show
them and go red past the end, nothing stops a placement.

Every move goes through the client; the screen only hides keys that ``view.allowed`` says cannot
apply now, and a move the host refuses comes back as a notice (a short argument reopens the
dialog with the text kept).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.containers import Horizontal, Vertical
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.state import Placement, Ranking
from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.host.view import TableView
from sammenspil.i18n import t
from sammenspil.scoring.agreement import agreement
from sammenspil.tui.screens.confirm import ConfirmWithdraw
from sammenspil.tui.screens.seen_table import table_of
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.argument import ArgumentDialog
from sammenspil.tui.widgets.growing_list import GrowingList
from sammenspil.tui.widgets.in_place import refill, set_text
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.meter import Meter
from sammenspil.tui.widgets.play_keys import localize_bindings
from sammenspil.tui.widgets.screen_actions import ScreenActions
from sammenspil.tui.words import name_mid


def joint_order(view: TableView, deck: Deck) -> list[str]:
    """The table's problems in joint-ranking order; deal order where nobody has ranked."""
    table = table_of(view, deck)
    if not any(table.final_ranking(r) for r in table.deck_role_ids()):
        return list(table.problems)
    return list(agreement(table).joint)


def _orders(rankings: dict[str, Ranking]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    return tuple((role, tuple(r.order)) for role, r in rankings.items())


def placement_text(deck: Deck, p: Placement, lang: str, role_name: Callable[[str], str]) -> Text:
    """One placement as lines of text: who placed which card, the argument, the reactions."""
    head = Text()
    head.append(printable(role_name(p.role)), style="bold")
    head.append(f" · {printable(p.player)}: ")
    head.append(printable(deck.remedy(p.remedy).title), style="italic")
    if p.withdrawn:
        head.stylize("strike dim")
        head.append(f" ({t(lang, 'play.respond.withdrawn')})", style="dim")
    head.append("\n  “")
    head.append(printable(p.argument, multiline=True))
    head.append("”")
    for r in p.reactions:
        mark, style = ("✓", "green") if r.kind == "endorse" else ("✗", "red")
        head.append(f"\n  {mark} ", style=style)
        head.append(f"{printable(role_name(r.role))} ({printable(r.player)})", style=style)
        if r.comment:
            head.append(": ")
            head.append(printable(r.comment, multiline=True))
    return head


class RespondScreen(TableScreen):
    """Place remedies on problems with an argument; endorse, challenge or withdraw placements."""

    CSS_PATH = "respond.tcss"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "place", "Place card"),
        Binding("e", "endorse", "Endorse"),
        Binding("c", "challenge", "Challenge"),
        Binding("w", "withdraw", "Withdraw"),
        Binding("n", "advance", "Next phase"),
    ]

    def __init__(self, client: TableClient, *, lang: str | None = None, **kwargs: Any) -> None:
        super().__init__(client, lang=lang, **kwargs)
        localize_bindings(self, self.lang)
        self._painted_problem: str | None = None
        self._keys_for: object = None
        """What the keys were last checked against (``_refresh_keys``)."""
        self._joint: tuple[object, list[str]] | None = None
        """The joint order and what it was computed from: the rankings change rarely, moves
        often, and the agreement behind it is the costliest part of a repaint."""

    def compose(self) -> ComposeResult:
        yield Static(id="respond-title", markup=False)
        with Horizontal(id="respond-meters"):
            yield Meter(id="change-meter")
            yield Meter(id="effort-meter")
        with Horizontal(id="respond-body"):
            with Vertical(id="respond-left"):
                yield Static(self.t("play.respond.problems"), classes="heading", markup=False)
                yield OptionList(id="problems")
                yield Static(id="hand-heading", classes="heading", markup=False)
                yield OptionList(id="hand")
            with Vertical(id="respond-right"):
                yield Static(id="placements-heading", classes="heading", markup=False)
                yield GrowingList(id="placements")
                yield Static(id="card-detail", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.show_view()
        self.query_one("#problems", OptionList).focus()

    # --- what is selected -------------------------------------------------------------------

    def _selected(self, list_id: str) -> str | None:
        option = self.query_one(f"#{list_id}", OptionList).highlighted_option
        return option.id if option is not None else None

    @property
    def problem(self) -> str | None:
        return self._selected("problems")

    @property
    def card(self) -> str | None:
        return self._selected("hand")

    @property
    def placement(self) -> Placement | None:
        pid = self._selected("placements")
        return next((p for p in self.view.table.placements if p.id == pid), None)

    def _role_name(self, role: str) -> str:
        return self.deck.role(role).name if role in self.deck.roles_by_id else role

    # --- painting ---------------------------------------------------------------------------

    def show_view(self) -> None:
        view, deck = self.view, self.deck
        role = view.role
        title = self.t(
            "play.respond.title",
            table=printable(view.table.name),
            player=printable(view.viewer),
            role=printable(self._role_name(role)) if role else self.t("play.no_role"),
        )
        set_text(self.query_one("#respond-title", Static), title)
        live = [p for p in view.table.placements if not p.withdrawn]
        effort = sum(deck.remedy(p.remedy).effort for p in live)
        rules = deck.rules
        self.query_one("#change-meter", Meter).show(
            self.t("play.respond.changes"), len(live), rules.change_budget
        )
        self.query_one("#effort-meter", Meter).show(
            self.t("play.respond.effort"), effort, rules.effort_budget
        )
        problems = self.query_one("#problems", OptionList)
        keep = self.problem
        options = []
        for i, pid in enumerate(self._joint_order(), start=1):
            n = sum(1 for p in live if p.problem == pid)
            text = Text(f"{i}. ")
            text.append(printable(deck.problem(pid).title))
            if n:
                text.append(f"  ({n})", style="bold green")
            options.append(Option(text, id=pid))
        refill(problems, options, keep)
        self._show_problem()

    def _joint_order(self) -> list[str]:
        seen = self.view.table
        key = (tuple(seen.problems), _orders(seen.rankings), _orders(seen.revised))
        if self._joint is None or self._joint[0] != key:
            self._joint = (key, joint_order(self.view, self.deck))
        return self._joint[1]

    def _show_problem(self) -> None:
        """Repaint what depends on the selected problem: its placements and the marked hand."""
        view, deck = self.view, self.deck
        problem = self._painted_problem = self.problem
        title = printable(deck.problem(problem).title) if problem else ""
        set_text(
            self.query_one("#placements-heading", Static),
            self.t("play.respond.placements", problem=title),
        )
        on_it = [p for p in view.table.placements if p.problem == problem]
        placements = self.query_one("#placements", OptionList)
        keep = self._selected("placements")
        options = [
            Option(placement_text(deck, p, self.lang, self._role_name), id=p.id) for p in on_it
        ]
        if not options:
            options = [Option(Text(self.t("play.respond.none"), style="dim"), disabled=True)]
        refill(placements, options, keep)

        role = view.role
        hand = view.table.hands.get(role, []) if role else []
        set_text(
            self.query_one("#hand-heading", Static),
            self.t("play.respond.hand", role=name_mid(self._role_name(role), self.lang))
            if role
            else self.t("play.respond.no_hand"),
        )
        cards = self.query_one("#hand", OptionList)
        keep = self.card
        options = []
        for card in hand:
            remedy = deck.remedy(card)
            marked = problem is not None and problem in deck.addressed_problems(remedy)
            text = Text("● " if marked else "  ", style="bold green" if marked else "")
            text.append(printable(remedy.title), style="bold" if marked else "")
            options.append(Option(text, id=card))
        if not options:
            options = [Option(Text(self.t("play.respond.empty_hand"), style="dim"), disabled=True)]
        refill(cards, options, keep)
        self._show_detail()
        self._refresh_keys()

    def _refresh_keys(self) -> None:
        """Ask the footer to check the keys again only when what ``check_action`` reads changed:
        most moves at the table change none of it, and each ask wakes the screen and its bar."""
        keys = (self.view.allowed, self.view.role, self.placement if self.is_mounted else None)
        if keys != self._keys_for:
            self._keys_for = keys
            self.refresh_bindings()

    def _show_detail(self) -> None:
        """The full text of the highlighted card, or else of the selected problem."""
        deck = self.deck
        card = self.card
        text = Text()
        if card is not None and self.focused is self.query_one("#hand", OptionList):
            remedy = deck.remedy(card)
            text.append(printable(remedy.title), style="bold")
            facts = self.t("play.respond.effort_of", effort=remedy.effort)
            text.append(f"  ({facts})", style="dim")
            text.append(f"\n{printable(remedy.text, multiline=True)}")
        elif self.problem is not None:
            problem = deck.problem(self.problem)
            text.append(printable(problem.title), style="bold")
            text.append(f"\n{printable(problem.text, multiline=True)}")
        set_text(self.query_one("#card-detail", Static), text)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list.id == "problems":
            if self.problem != self._painted_problem:  # not the echo of our own repaint
                self._show_problem()
        else:
            self._show_detail()
            self._refresh_keys()

    @on(OptionList.OptionSelected, "#hand")
    def _card_chosen(self, event: OptionList.OptionSelected) -> None:
        self.action_place()

    def on_descendant_focus(self) -> None:
        if self.is_mounted:
            self._show_detail()

    # --- moves ------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        allowed, role = self.view.allowed, self.view.role
        placement = self.placement if self.is_mounted else None
        live = placement is not None and not placement.withdrawn
        match action:
            case "place":
                return allowed.place
            case "endorse" | "challenge":
                return allowed.react and live and placement is not None and placement.role != role
            case "withdraw":
                return (
                    allowed.withdraw and live and placement is not None and placement.role == role
                )
            case "advance":
                return allowed.advance
        return True

    def action_place(self, text: str = "") -> None:
        problem, card = self.problem, self.card
        if problem is None or card is None or not self.view.allowed.place:
            return
        title = self.t(
            "play.respond.place_title",
            remedy=self.deck.remedy(card).title,
            problem=self.deck.problem(problem).title,
        )

        def placed(argument: str | None) -> None:
            if argument is None:
                return
            command = c.PlaceRemedy(
                player=self.view.viewer, remedy=card, problem=problem, argument=argument
            )
            if self.submit(command) is None:
                self.action_place(argument)

        self.app.push_screen(self._dialog(title, text), placed)

    def _dialog(self, title: str, text: str = "", min_words: int | None = None) -> ArgumentDialog:
        need = self.deck.rules.argument_min_words if min_words is None else min_words
        return ArgumentDialog(title, min_words=need, lang=self.lang, text=text)

    def _react(self, kind: str, text: str = "") -> None:
        placement = self.placement
        if placement is None:
            return
        title = self.t(
            f"play.respond.{kind}_title",
            role=self._role_name(placement.role),
            remedy=self.deck.remedy(placement.remedy).title,
        )

        def reacted(comment: str | None) -> None:
            if comment is None:
                return
            viewer = self.view.viewer
            command: c.Command = (
                c.Endorse(player=viewer, placement=placement.id, comment=comment)
                if kind == "endorse"
                else c.Challenge(player=viewer, placement=placement.id, comment=comment)
            )
            if self.submit(command) is None and kind == "challenge":
                self._react(kind, comment)

        self.app.push_screen(self._dialog(title, text, 0 if kind == "endorse" else 1), reacted)

    def action_endorse(self) -> None:
        self._react("endorse")

    def action_challenge(self) -> None:
        self._react("challenge")

    def action_withdraw(self) -> None:
        """Asks first, naming the card and the problem: the key acts on the placement
        highlighted in the placements, wherever the focus is."""
        placement = self.placement
        if placement is None:
            return
        question = self.t(
            "play.respond.withdraw_ask",
            remedy=self.deck.remedy(placement.remedy).title,
            problem=self.deck.problem(placement.problem).title,
        )

        def answered(yes: bool | None) -> None:
            if yes:
                self.submit(c.Withdraw(player=self.view.viewer, placement=placement.id))

        self.app.push_screen(ConfirmWithdraw(question, self.lang), answered)
