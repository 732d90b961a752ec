"""The end of a remote player's connection: what happened, and how to come back.

Shown when the table server closed the connection (the facilitator removed the player, the
server stopped) or it was lost. A lost connection keeps the seat, so the way back is to connect
again under the same name; a removed player asks the facilitator first. q quits. The server's
reason is its data: shown as text.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import Screen
from textual.widgets import Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar


class EndedScreen(Screen[None]):
    """Disconnected: why, and that connecting again with the same name brings the seat back."""

    DEFAULT_CSS = """
    EndedScreen { align: center middle; }
    EndedScreen > Vertical {
        width: 70; max-width: 100%; height: auto; padding: 1 2;
        background: $panel; border: thick $error;
    }
    EndedScreen #ended-title { text-style: bold; color: $error; }
    EndedScreen Static { margin-bottom: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "app.quit", "remote.key.quit"),
    ]

    def __init__(self, reason: str | None, lang: str = "en") -> None:
        super().__init__()
        self.reason = reason
        self.lang = lang
        translate_bindings(self, lang)

    @property
    def said(self) -> str:
        """What happened, in one line."""
        if self.reason:
            return t(self.lang, "remote.ended.because", reason=printable(self.reason))
        return t(self.lang, "remote.ended.lost")

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(t(self.lang, "remote.ended.title"), id="ended-title", markup=False)
            yield Static(Text(self.said), id="ended-reason")
            how = "remote.ended.how_ended" if self.reason else "remote.ended.how"
            yield Static(t(self.lang, how), id="ended-how", markup=False)
            yield Static(t(self.lang, "remote.ended.quit"), markup=False)
        yield KeyBar()
