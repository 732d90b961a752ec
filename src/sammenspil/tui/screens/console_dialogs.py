"""The console's questions: yes or no, a line of text, and which player.

Each is a small modal that answers through ``dismiss``: a step that changes a table for everyone
(lock, remove) is asked first, and Escape always backs out without doing anything. Player names
are shown as text, never as markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game.text import printable
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar

__all__ = ["AskLine", "Confirm", "PickPlayer"]


class Confirm(ModalScreen[bool]):
    """A question: y or Enter says yes, n or Escape no."""

    CSS_PATH = "console_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y,enter", "answer(True)", "console.key.yes"),
        Binding("n,escape", "answer(False)", "console.key.no"),
    ]

    def __init__(self, question: str, lang: str) -> None:
        super().__init__()
        self.question = question
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(printable(self.question)), classes="dialog-text")
        yield KeyBar()

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AskLine(ModalScreen[str | None]):
    """A question answered with one line: Enter gives it, Escape backs out (None)."""

    CSS_PATH = "console_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "console.key.cancel"),
    ]

    def __init__(self, question: str, lang: str, *, value: str = "", max_length: int = 0) -> None:
        super().__init__()
        self.question = question
        self.value = value
        self.max_length = max_length
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(printable(self.question)), classes="dialog-text")
            yield Input(self.value, max_length=self.max_length, id="dialog-line")
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PickPlayer(ModalScreen[str | None]):
    """Which of a table's players: Enter picks the highlighted one, Escape backs out (None)."""

    CSS_PATH = "console_dialogs.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "console.key.cancel"),
    ]

    def __init__(self, question: str, players: list[tuple[str, str]], lang: str) -> None:
        """``players``: (name, how the list shows it) for each, in the table's order."""
        super().__init__()
        self.question = question
        self.players = players
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog-box"):
            yield Static(Text(printable(self.question)), classes="dialog-text")
            yield OptionList(
                *(
                    Option(Text(printable(shown)), id=f"p{i}")
                    for i, (_, shown) in enumerate(self.players)
                ),
                id="dialog-players",
            )
        yield KeyBar()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.players[event.option_index][0])

    def action_cancel(self) -> None:
        self.dismiss(None)
