"""Help (F1): what the current phase or screen asks of the players, and the keys that work now.

``help_for(screen, lang)`` reads the screen beneath: a table screen's phase (from its view) or a
screen's ``HELP_TOPIC``, and the bindings active on it, as the footer shows them (keys that do not
apply now are not listed). Any app can push it; the help itself is a modal that covers the screen
until Esc or F1.
"""

from __future__ import annotations

from typing import Any, ClassVar

from rich.table import Table as RichTable
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

from sammenspil.game.state import Phase
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions

__all__ = ["HelpScreen", "help_for", "screen_keys"]


class HelpScreen(ModalScreen[None]):
    """A modal with what the players are asked to do here, and the keys."""

    COMMANDS: ClassVar[Commands] = {ScreenActions}
    CSS_PATH = "help.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "review.key.close"),
        Binding("f1", "dismiss", "review.key.close", show=False),
    ]

    def __init__(self, lang: str, *, asks: str, keys: list[tuple[str, str]]) -> None:
        super().__init__()
        self.lang = lang
        self.asks = asks
        self.keys = keys
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(t(self.lang, "review.help.title"), id="help-title", classes="heading")
            yield Static(t(self.lang, "review.help.now"), classes="help-heading")
            yield Static(Text(self.asks), id="help-asks")
            yield Static(t(self.lang, "review.help.keys"), classes="help-heading")
            yield Static(self._key_table(), id="help-keys")
            yield Static(Text(t(self.lang, "review.help.close")), id="help-close")

    def _key_table(self) -> RichTable | Text:
        if not self.keys:
            return Text(t(self.lang, "review.help.no_keys"))
        grid = RichTable.grid(padding=(0, 2))
        grid.add_column(style="bold", no_wrap=True)
        grid.add_column()
        for key, description in self.keys:
            grid.add_row(Text(key), Text(description))
        return grid


def screen_keys(screen: Screen[Any]) -> list[tuple[str, str]]:
    """(key, what it does) for each binding the footer shows on ``screen`` now."""
    seen: set[tuple[str, str]] = set()
    keys: list[tuple[str, str]] = []
    for active in screen.active_bindings.values():
        binding = active.binding
        if not binding.show or not binding.description:
            continue
        item = (screen.app.get_key_display(binding), binding.description)
        if item not in seen:
            seen.add(item)
            keys.append(item)
    return keys


def help_for(screen: Screen[Any], lang: str) -> HelpScreen | None:
    """The help for ``screen``, or None when it is the help already."""
    if isinstance(screen, HelpScreen):
        return None
    return HelpScreen(lang, asks=_asks(screen, lang), keys=screen_keys(screen))


def _asks(screen: Screen[Any], lang: str) -> str:
    view = getattr(screen, "view", None)
    phase = getattr(getattr(view, "table", None), "phase", None)
    if isinstance(phase, Phase):
        return t(lang, f"review.help.phase.{phase.value}")
    topic = getattr(screen, "HELP_TOPIC", None)
    if isinstance(topic, str):
        return t(lang, f"review.help.topic.{topic}")
    return t(lang, "review.help.general")
