"""A screen's own stylesheet, read for the screen an app starts on as for one pushed later.

Every screen keeps its layout in a .tcss file beside its module (``CSS_PATH``). Textual reads
that file when a screen is pushed or switched to, but not for the app's default screen
(``get_default_screen``). ``with_own_css`` reads it there, before the first frame is styled, so
the lobby, the review list and a test's single screen look as they do anywhere else; and the
first frame parses only the rules it shows, not those of every screen of the game.

Textual reads a pushed screen's new file with a full re-parse of every stylesheet the app has
(some 40 ms here). ``read_css`` adds files ahead of that, parsed with the rest at the next
styling, so a round reads its screens' files once when it starts, not at each new phase.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from textual.app import App
from textual.screen import Screen

S = TypeVar("S", bound=Screen[Any])


def read_css(app: App[Any], paths: Iterable[str | Path]) -> None:
    """Add the stylesheet files ``paths`` to ``app``'s, each once."""
    stylesheet = app.stylesheet
    for path in paths:
        if not stylesheet.has_source(str(path), ""):
            # add_source, not read: it also drops the stylesheet's cached rule map.
            css = Path(path).read_text(encoding="utf-8")
            stylesheet.add_source(css, read_from=(str(path), ""), is_default_css=False)


def with_own_css(app: App[Any], screen: S) -> S:
    """``screen``, with its ``CSS_PATH`` files added to ``app``'s stylesheet."""
    read_css(app, screen.css_path)
    return screen
