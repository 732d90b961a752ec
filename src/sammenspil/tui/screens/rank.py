"""Ranking: the dealt problems as a list one role puts in order, with an argument for it.

Keyboard first (the list's keys are in the footer), drag with the mouse as well. The highlighted
problem's whole card shows beside the list. The same screen revises a ranking after the reveal
(``revise=True``): it starts from the role's first order and sends a revision instead. The
argument is written in the same ``ArgumentBox`` as on the other screens, with its live word count.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Static

from sammenspil.game import commands as c
from sammenspil.game.text import printable
from sammenspil.host.client import TableClient
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.argument import ArgumentBox
from sammenspil.tui.widgets.in_place import set_text
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.ranking import RankingList
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar
from sammenspil.tui.words import name_mid


class RankScreen(TableScreen):
    """One role ranks (or revises) the dealt problems."""

    CSS_PATH = "rank.tcss"
    COMMANDS: ClassVar[Commands] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "send", "lobby.key.submit"),
        Binding("escape", "cancel", "lobby.key.back"),
    ]

    def __init__(self, client: TableClient, *, lang: str | None = None, revise: bool = False):
        super().__init__(client, lang=lang)
        self.revise = revise
        self.sent = False
        translate_bindings(self, self.lang)

    @property
    def role(self) -> str | None:
        return self.view.role

    def _role_name(self) -> str:
        role = self.role
        return printable(self.deck.role(role).name) if role else printable(self.view.viewer)

    def _start_order(self) -> list[str]:
        table = self.view.table
        if self.revise and self.role:
            ranking = table.revised.get(self.role) or table.rankings.get(self.role)
            if ranking is not None:
                return list(ranking.order)
        return list(table.problems)

    def compose(self) -> ComposeResult:
        titles = {p.id: p.title for p in self.deck.problems}
        yield TitleBar()
        yield Static("", id="rank-status", markup=False)
        with Horizontal(id="rank-body"):
            with Vertical(id="rank-left"):
                yield RankingList(self._start_order(), titles, id="ranking")
                yield Static(self.t("lobby.rank.argument"), id="argument-label", markup=False)
                yield ArgumentBox(
                    min_words=self.deck.rules.argument_min_words, lang=self.lang, id="argument"
                )
            with VerticalScroll(id="rank-card"):
                yield Static("", id="card-title", markup=False)
                yield Static("", id="card-text", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        ranking = self.query_one("#ranking", RankingList)
        translate_bindings(ranking, self.lang)
        ranking.focus()
        self._describe()
        self.show_view()

    def show_view(self) -> None:
        key = "lobby.rank.revise_title" if self.revise else "lobby.rank.title"
        status = self.t(key, role=self._role_name(), n=len(self.view.table.problems))
        if not self.revise and self.view.waiting:
            names = ", ".join(
                name_mid(self.deck.role(r).name, self.lang) for r in self.view.waiting
            )
            status += " · " + self.t("lobby.rank.waiting", roles=names)
        set_text(self.query_one("#rank-status", Static), status)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "cancel":
            return self.revise
        return True

    @on(RankingList.OptionHighlighted, "#ranking")
    @on(RankingList.Reordered, "#ranking")
    def _describe(self, *_: Any) -> None:
        current = self.query_one("#ranking", RankingList).current
        card = self.deck.problems_by_id.get(current or "")
        title = self.query_one("#card-title", Static)
        text = self.query_one("#card-text", Static)
        if card is None:
            title.update("")
            text.update("")
            return
        title.update(printable(card.title))
        text.update(printable(card.text, multiline=True))

    def action_send(self) -> None:
        if self.sent:
            return
        order = list(self.query_one("#ranking", RankingList).order)
        argument = self.query_one("#argument", ArgumentBox).text.strip()
        make = c.ReviseRanking if self.revise else c.SubmitRanking
        outcome = self.submit(make(player=self.view.viewer, order=order, argument=argument))
        if outcome is None:
            return
        self.sent = True
        self.notify(self.t("lobby.rank.sent", role=self._role_name()), markup=False)
        if self.revise:
            self.dismiss()

    def action_cancel(self) -> None:
        if self.revise:
            self.dismiss()
