"""The command palette (ctrl+p) offers each screen's main actions, and running one does it.

Each test opens the palette on a real screen, types part of an action's footer name, checks that
the palette's first hit is that action, runs it with Enter and checks what it did.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.command import CommandList, CommandPalette
from textual.pilot import Pilot
from textual.screen import Screen

from review_support import review_folder
from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game.state import Phase
from sammenspil.tui.app import create_app
from sammenspil.tui.hotseat import HotSeat, parse_players
from sammenspil.tui.review_app import create_review_app
from sammenspil.tui.screens.compare import CompareScreen
from sammenspil.tui.screens.confirm import ConfirmQuit
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.help import HelpScreen
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.replay import ReplayScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.screens.review import ReviewScreen
from sammenspil.tui.screens.review_round import RoundScreen
from sammenspil.tui.screens.score import ScoreScreen
from sammenspil.tui.widgets.argument import ArgumentBox
from sammenspil.tui.widgets.screen_actions import ScreenActions
from tui_support import ARGUMENTS, ScreenApp, table_at

SIZE = (100, 30)


async def settled(pilot: Pilot[None]) -> None:
    """Workers done (the screens' and the palette's search) and their messages handled."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def run_from_palette(pilot: Pilot[None], typed: str, expected: str) -> None:
    """Open the palette, type ``typed``, check the first hit is ``expected``, and run it."""
    await pilot.press("ctrl+p")
    await settled(pilot)
    assert isinstance(pilot.app.screen, CommandPalette)
    await pilot.press(*(" " if ch == " " else ch for ch in typed))
    await settled(pilot)
    hits = pilot.app.screen.query_one(CommandList)
    assert hits.option_count >= 1
    first = hits.get_option_at_index(0).prompt
    assert str(getattr(first, "plain", first)).splitlines()[0] == expected
    await pilot.press("down", "enter")
    await settled(pilot)
    assert not isinstance(pilot.app.screen, CommandPalette)


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return review_folder(tmp_path_factory.mktemp("palette"))


async def test_lobby_palette_opens_the_review(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await run_from_palette(pilot, "review", "Review rounds")
        assert isinstance(app.screen, ReviewScreen)


async def test_rank_palette_submits_the_ranking(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.RANK)
    app = ScreenApp(lambda: RankScreen(t.clients["Bo"]))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        box = app.screen.query_one("#argument", ArgumentBox)
        box.query_one("TextArea").text = ARGUMENTS["en"]  # type: ignore[attr-defined]
        await run_from_palette(pilot, "subm", "Submit")
    assert t.table.rankings["region"].argument == ARGUMENTS["en"]


async def test_reveal_palette_moves_the_table_on(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.REVEAL)
    app = ScreenApp(lambda: RevealScreen(t.clients["Ann"]))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await run_from_palette(pilot, "next ph", "Next phase")
    assert t.table.phase is Phase.RESPOND


async def test_review_list_palette_replays_the_highlighted_round(
    folder: tuple[Path, Path, Path],
) -> None:
    app = create_review_app(folder[0])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await run_from_palette(pilot, "repl", "Replay")
        assert isinstance(app.screen, ReplayScreen)


async def test_review_round_palette_replays_it(folder: tuple[Path, Path, Path]) -> None:
    app = create_review_app(folder[0], open_save=folder[1])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RoundScreen)
        await run_from_palette(pilot, "replay", "Replay")
        assert isinstance(app.screen, ReplayScreen)


async def test_replay_palette_goes_to_the_last_step(folder: tuple[Path, Path, Path]) -> None:
    app = create_review_app(folder[0], open_save=folder[1])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
        replay = app.screen
        assert isinstance(replay, ReplayScreen) and replay.step == 0
        await run_from_palette(pilot, "last", "Last")
        assert app.screen is replay and replay.step == replay.replay.count > 0
        await run_from_palette(pilot, "prev", "Previous")
        assert replay.step == replay.replay.count - 1


async def test_compare_palette_goes_back_to_the_list(folder: tuple[Path, Path, Path]) -> None:
    app = create_review_app(folder[0])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("space", "down", "space", "c")
        await settled(pilot)
        assert isinstance(app.screen, CompareScreen)
        await run_from_palette(pilot, "back", "Back")
        assert isinstance(app.screen, ReviewScreen)


async def test_help_palette_closes_the_help(folder: tuple[Path, Path, Path]) -> None:
    app = create_review_app(folder[0])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f1")
        await settled(pilot)
        assert isinstance(app.screen, HelpScreen)
        await run_from_palette(pilot, "clos", "Close")
        assert isinstance(app.screen, ReviewScreen)


async def test_the_palettes_quit_asks_first_in_a_round(tmp_path: Path) -> None:
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    seat = HotSeat.start(
        deck, parse_players("Ann:state,Bo:region"), table_name="T", seed=7, saves_dir=tmp_path
    )
    app = create_app(seat=seat, saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await run_from_palette(pilot, "quit", "Quit")
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("n")
        await pilot.pause()
        assert app.is_running and not isinstance(app.screen, ConfirmQuit)


@pytest.mark.parametrize(
    "screen",
    [
        LobbyScreen,
        RankScreen,
        RevealScreen,
        RespondScreen,
        DilemmasScreen,
        ScoreScreen,
        ReviewScreen,
        RoundScreen,
        ReplayScreen,
        CompareScreen,
        HelpScreen,
    ],
)
def test_every_screen_lists_its_actions_in_the_palette(screen: type[Screen[None]]) -> None:
    assert ScreenActions in screen.COMMANDS
