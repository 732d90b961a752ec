"""A button for one action, looking like Textual's primary button at a fraction of its cost.

Textual's ``Button`` carries five variants, a flat and a compact style and an ANSI fallback for
each: some 250 lines of CSS parsed at start and matched against every widget, a fifth of the
lobby's first frame for the one button it shows. ``ActionButton`` keeps what a user meets: the
primary look, focus by Tab, Enter or a click to press (with the same brief pressed look), and a
``Pressed`` message; its label is plain text, never markup.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.widget import Widget

PRESSED_FOR = 0.2
"""Seconds the pressed look lasts, as Textual's Button."""


class ActionButton(Widget, can_focus=True):
    """A primary button: Enter or a click sends ``Pressed``."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    ActionButton {
        width: auto;
        min-width: 16;
        height: auto;
        line-pad: 1;
        text-align: center;
        content-align: center middle;
        pointer: pointer;
        text-style: bold;
        color: $button-color-foreground;
        background: $primary;
        border: none;
        border-top: tall $primary-lighten-3;
        border-bottom: tall $primary-darken-3;
        &:focus {
            text-style: $button-focus-text-style;
            background-tint: $foreground 5%;
        }
        &:hover {
            background: $primary-darken-2;
            border-top: tall $primary;
        }
        &.-active {
            background: $primary;
            border-bottom: tall $primary-lighten-3;
            border-top: tall $primary-darken-3;
        }
        &:ansi {
            color: $primary;
            border: tall $primary;
            background: ansi_default;
        }
    }
    """
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "press", "Press button", show=False)]

    class Pressed(Message):
        """The button was pressed."""

        def __init__(self, button: ActionButton) -> None:
            super().__init__()
            self.button = button

        @property
        def control(self) -> ActionButton:
            return self.button

    def __init__(self, label: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.label = label

    def render(self) -> Text:
        return Text(self.label)

    def get_content_width(self, container: Size, viewport: Size) -> int:
        return max((cell_len(line) for line in self.label.splitlines()), default=0) + 2

    def press(self) -> None:
        """Show the pressed look for a moment and say so."""
        if self.disabled or not self.display or self.has_class("-active"):
            return
        self.add_class("-active")
        self.set_timer(PRESSED_FOR, lambda: self.remove_class("-active"))
        self.post_message(self.Pressed(self))

    def action_press(self) -> None:
        self.press()

    async def _on_click(self, event: events.Click) -> None:
        event.stop()
        self.press()
