"""Asking before a step that cannot be undone: leaving a round (ctrl+q), or moving the table on
to its next phase at one keyboard (``n``); either key is easy to press by mistake."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar


class ConfirmQuit(ModalScreen[bool]):
    """Quit now, or stay: ``ask`` says what quitting leaves (a round is saved and offered again;
    the players seated in the lobby before a deal are not kept)."""

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "lobby.key.quit"),
        Binding("n,escape", "answer(False)", "lobby.key.stay"),
    ]

    def __init__(self, lang: str, ask: str = "lobby.quit.ask") -> None:
        super().__init__()
        self.lang = lang
        self.ask = ask
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box"):
            yield Static(t(self.lang, self.ask), id="confirm-text", markup=False)
        yield KeyBar()

    def action_answer(self, quit_: bool) -> None:
        self.dismiss(quit_)


class ConfirmAdvance(ModalScreen[bool]):
    """Move the table on to the next phase, or stay in this one.

    Only y moves on: Enter commits a position on the dilemmas screen, so an Enter typed after
    a stray ``n`` must not end the phase; n and Escape keep it.
    """

    CSS_PATH = "confirm.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "play.key.move_on"),
        Binding("n,escape", "answer(False)", "lobby.key.stay"),
    ]

    def __init__(self, question: str, lang: str) -> None:
        super().__init__()
        self.question = question
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        # The question names deck cards and roles: text, never markup or a control sequence.
        with Vertical(id="confirm-box"):
            yield Static(printable(self.question, multiline=True), id="confirm-text", markup=False)
        yield KeyBar()

    def action_answer(self, advance: bool) -> None:
        self.dismiss(advance)


class ConfirmWithdraw(ConfirmAdvance):
    """Withdraw one's placement (the question names it), or keep it: a withdrawal is a move,
    saved at once, and the placement the key acts on is the one highlighted in the placements,
    which the player may not be looking at."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "answer(True)", "play.key.withdraw"),
        Binding("n,escape", "answer(False)", "play.key.keep"),
    ]
