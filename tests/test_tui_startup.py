"""Start-up: what the first frame costs.

Each screen's layout lives in its own .tcss, read when the screen is first shown: the lobby's
file is read for the first frame although the lobby is the app's default screen (Textual reads
only pushed screens' files); the other screens' files wait until their screens come, so the
first frame parses only what it shows. And `play` starts the app without the garbage collector,
which the app turns back on once it has drawn. (benchmarks/bench_startup.py measures the time.)
"""

from __future__ import annotations

import gc
from pathlib import Path

import pytest
from textual.app import App

from sammenspil import cli
from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.tui.app import ROUND_STYLES, SammenspilApp, create_app
from sammenspil.tui.screens.handover import HandOverScreen
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.screens.rank import RankScreen
from tui_support import decks_loaded

SCREENS = Path(__file__).parents[1] / "src/sammenspil/tui/screens"


def css_files(app: App[None]) -> set[str]:
    return {Path(path).name for path, _ in app.stylesheet.source if path.endswith(".tcss")}


async def test_the_lobby_reads_its_own_stylesheet_and_no_other_screens(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)
        assert css_files(app) == {"app.tcss", "lobby_screen.tcss"}
        body = app.screen.query_one("#lobby-body")
        assert body.styles.height is not None and body.styles.height.value == 1  # 1fr
        await decks_loaded(pilot)  # closing under the deck worker raced its describe (NoMatches)


async def test_a_round_reads_its_screens_stylesheets_at_once_not_at_each_push(
    tmp_path: Path,
) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path, seed=7)
    async with app.run_test(size=(100, 30)) as pilot:
        await decks_loaded(pilot)
        reparsed: list[int] = []
        reparse = app.stylesheet.reparse

        def counted() -> None:
            reparsed.append(1)
            reparse()

        app.stylesheet.reparse = counted  # type: ignore[method-assign]
        await pilot.press("enter", *"Ann", "enter", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, HandOverScreen)
        assert {"rank.tcss", "handover.tcss", "respond.tcss", "score.tcss"} <= css_files(app)
        assert reparsed == []  # Textual found each pushed screen's file already read
        await pilot.press("enter")
        await pilot.pause()
        ranking = app.screen.query_one("#ranking")
        assert isinstance(app.screen, RankScreen) and ranking.styles.height is not None
        assert ranking.styles.height.value == 1  # 1fr, from rank.tcss
        assert reparsed == []


def test_every_game_screen_has_its_own_stylesheet() -> None:
    for name in (
        "lobby_screen",
        "handover",
        "confirm",
        "rank",
        "reveal",
        "respond",
        "dilemmas",
        "score",
    ):
        assert (SCREENS / f"{name}.tcss").is_file(), name
    assert all(path.is_file() for path in ROUND_STYLES)
    # The app's own file holds only what every screen shares.
    shared = (SCREENS.parent / "app.tcss").read_text(encoding="utf-8")
    assert "Screen" not in shared and "#" not in shared


async def test_the_collector_off_for_start_up_is_back_on_after_the_first_frame(
    tmp_path: Path,
) -> None:
    """`play` turns the garbage collector off before importing the app (start-up allocates and
    frees little); the app turns it back on, freezing what start-up built, once it has drawn."""
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    gc.disable()
    try:
        async with app.run_test(size=(100, 30)) as pilot:
            await decks_loaded(pilot)  # read after the first frame, so that frame is drawn
            assert gc.isenabled()
            assert gc.get_freeze_count() > 0
    finally:
        gc.enable()
        gc.unfreeze()


async def test_an_app_started_with_the_collector_on_leaves_it_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counted by the calls, not by gc.get_freeze_count(): that count falls whenever an object
    # some earlier test froze is freed, which another test in this process may well cause.
    froze: list[int] = []
    monkeypatch.setattr(gc, "freeze", lambda: froze.append(1))
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await decks_loaded(pilot)  # read after the first frame, so that frame is drawn
        assert gc.isenabled() and froze == []


def test_play_builds_and_starts_the_app_with_the_collector_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[bool] = []

    def run(self: SammenspilApp) -> None:
        seen.append(gc.isenabled())

    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(SammenspilApp, "run", run)
    try:
        assert cli.main(["play", "--saves", str(tmp_path)], standalone_mode=False) == 0
    finally:
        gc.enable()
    assert seen == [False]
