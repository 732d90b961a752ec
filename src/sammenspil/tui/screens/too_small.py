"""What shows instead of a screen when the terminal is smaller than the game's minimum."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Static

from sammenspil.i18n import t


class TooSmallScreen(Screen[None]):
    """Says how large the window must be; the app removes it when the window grows."""

    DEFAULT_CSS = """
    TooSmallScreen { align: center middle; }
    TooSmallScreen > Static { width: auto; max-width: 100%; }
    """

    def __init__(self, minimum: tuple[int, int], lang: str) -> None:
        super().__init__()
        self.minimum = minimum
        self.lang = lang

    def compose(self) -> ComposeResult:
        width, height = self.minimum
        yield Static(t(self.lang, "lobby.too_small", width=width, height=height), markup=False)
