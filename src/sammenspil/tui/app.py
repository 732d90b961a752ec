"""The Textual app: for now the lobby; the game screens come with a later version.

`create_app` is the one way to build the app, so the command line, the tests and (later) the SSH
front door all get the same app with the same deck folders.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from sammenspil.deck.catalog import bundled_deck_dir, user_deck_dir
from sammenspil.tui.screens.lobby import LobbyScreen

_QUIT = Binding.Group("Quit")


class SammenspilApp(App[None]):
    """The game in a terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Sammenspil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", group=_QUIT),
        # A different action string for the same action, so the footer shows both keys.
        Binding("ctrl+q", "app.quit", "Quit", priority=True, group=_QUIT),
    ]

    def __init__(
        self,
        deck_dirs: Sequence[Path],
        *,
        extra_decks: Sequence[Path] = (),
        selected: Path | None = None,
    ) -> None:
        super().__init__()
        self.deck_dirs = list(deck_dirs)
        self.extra_decks = list(extra_decks)
        self.selected = selected

    def get_default_screen(self) -> Screen[None]:
        return LobbyScreen(self.deck_dirs, extra=self.extra_decks, selected=self.selected)


def create_app(
    *,
    deck_dirs: Sequence[Path] | None = None,
    selected: Path | None = None,
) -> SammenspilApp:
    """The app, listing the decks in deck_dirs (default: the bundled and the user's folder).

    ``selected`` is a deck file to highlight; it is listed even when it lies outside deck_dirs.
    """
    dirs = list(deck_dirs) if deck_dirs is not None else [bundled_deck_dir(), user_deck_dir()]
    extra = [selected] if selected is not None else []
    return SammenspilApp(dirs, extra_decks=extra, selected=selected)
