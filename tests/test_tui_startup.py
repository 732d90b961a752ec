"""Each screen's layout lives in its own .tcss, read when the screen is first shown.

The lobby's file is read for the first frame although the lobby is the app's default screen
(Textual reads only pushed screens' files); the other screens' files wait until their screens
come, so the first frame parses only what it shows.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import App

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.tui.app import create_app
from sammenspil.tui.screens.lobby import LobbyScreen

SCREENS = Path(__file__).parents[1] / "src/sammenspil/tui/screens"


def css_files(app: App[None]) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_the_lobby_reads_its_own_stylesheet_and_no_other_screens(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        assert css_files(app) == {"app.tcss", "lobby.tcss"}
        body = app.screen.query_one("#lobby-body")
        assert body.styles.height is not None and body.styles.height.value == 1  # 1fr


async def test_a_round_reads_the_stylesheets_of_its_screens(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path, seed=7)
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("enter", *"Ann", "enter", "ctrl+s")
        await pilot.pause()
        assert {"rank.tcss", "handover.tcss"} <= css_files(app)
        assert "respond.tcss" not in css_files(app)


def test_every_game_screen_has_its_own_stylesheet() -> None:
    for name in ("lobby", "handover", "confirm", "rank", "reveal", "respond", "dilemmas", "score"):
        assert (SCREENS / f"{name}.tcss").is_file(), name
    # The app's own file holds only what every screen shares.
    shared = (SCREENS.parent / "app.tcss").read_text(encoding="utf-8")
    assert "Screen" not in shared and "#" not in shared
