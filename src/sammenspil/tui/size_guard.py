"""The one rule for a terminal too small for the game: a screen says so, and goes when it grows.

Every app of the game (hot-seat, remote, browser) keeps one ``SizeGuard`` and calls ``fit`` on
each resize; the screen itself is imported only the first time a terminal is too small, so the
start path does not pay for it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import App

if TYPE_CHECKING:
    from sammenspil.tui.screens.too_small import TooSmallScreen

MIN_SIZE = (80, 24)
"""The least terminal the screens are laid out for: columns, rows."""


class SizeGuard:
    """Whether the too-small screen is up, and the rule that puts it up or takes it away."""

    def __init__(self) -> None:
        self.shown: TooSmallScreen | None = None

    def fit(self, app: App[Any], width: int, height: int, lang: str) -> None:
        small = width < MIN_SIZE[0] or height < MIN_SIZE[1]
        if small and self.shown is None:
            from sammenspil.tui.screens.too_small import TooSmallScreen

            self.shown = TooSmallScreen(MIN_SIZE, lang)
            app.push_screen(self.shown)
        elif not small and self.shown is not None:
            if app.screen is self.shown:
                app.pop_screen()
            self.shown = None

    def forget(self) -> None:
        """The screen was popped with others: put it up again at the next ``fit`` if need be."""
        self.shown = None
