"""The quiet "saved" mark that every table screen has, shown once a move is saved.

The respond, dilemmas and score screens have no header, so the mark is the screens' own: a
one-cell-high widget in the top right corner that takes no room from the screen's layout.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from tests.tui_support import ARGUMENTS, ScreenApp, table_at
from textual.pilot import Pilot

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.tui.app import create_app
from sammenspil.tui.hotseat import HotSeat, parse_players
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.score import ScoreScreen
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.widgets.saved import SavedMark

SIZE = (100, 30)


def mark_of(pilot: Pilot[Any]) -> SavedMark:
    screen = pilot.app.screen
    assert isinstance(screen, TableScreen)
    (mark,) = screen.query(SavedMark)
    return mark


def shown(pilot: Pilot[Any]) -> str | None:
    """The mark's text if it is on screen, else None."""
    mark = mark_of(pilot)
    if not mark.display:
        return None
    return str(mark.render()).strip()


async def test_the_dilemmas_screen_says_saved_after_its_own_accepted_move(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    async with ScreenApp(lambda: DilemmasScreen(t.clients["Ann"])).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DilemmasScreen)
        assert shown(pilot) is None
        dilemma = t.table.dilemmas[0]
        refused = screen.submit(
            c.SetPosition(player="Ann", dilemma="no-such", value=2, argument="")
        )
        await pilot.pause()
        assert refused is None and shown(pilot) is None  # refused: nothing saved
        move = c.SetPosition(player="Ann", dilemma=dilemma, value=2, argument=ARGUMENTS["en"])
        assert screen.submit(move) is not None
        await pilot.pause()
        assert shown(pilot) == "✓ saved"


async def test_the_respond_screen_says_saved_when_another_roles_move_arrives(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.RESPOND, lang="da")
    async with ScreenApp(lambda: RespondScreen(t.clients["Bo"])).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        assert shown(pilot) is None
        problem = screen.problem
        assert problem is not None
        card = t.table.hands["state"][0]
        t.do("Ann", c.PlaceRemedy(player="Ann", remedy=card, problem=problem, argument="a b c d"))
        await pilot.pause()
        assert shown(pilot) == "✓ gemt"


@pytest.mark.parametrize("width", [80, 120])
async def test_the_mark_sits_in_the_top_right_corner_and_follows_a_resize(
    tmp_path: Path, width: int
) -> None:
    t = table_at(tmp_path, Phase.SCORED)

    def score() -> ScoreScreen:
        screen = ScoreScreen(t.clients["Ann"], lang="en")
        screen.show_saved()  # as the app does for a screen a saved move brought
        return screen

    async with ScreenApp(score).run_test(size=(100, 30)) as pilot:
        assert shown(pilot) == "✓ saved"
        await pilot.resize_terminal(width, 24)
        await pilot.pause()
        region = mark_of(pilot).region
        assert (region.y, region.right, region.height) == (0, width, 1)


async def test_the_app_marks_each_screen_a_saved_move_brings(tmp_path: Path) -> None:
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    seat = HotSeat.start(
        deck,
        parse_players("Ann:state,Bo:region,Cy:municipality"),
        table_name="Table 1",
        seed=7,
        saves_dir=tmp_path,
    )
    app = create_app(saves_dir=tmp_path, seat=seat)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")  # past the hand-over
        await pilot.pause()
        assert isinstance(app.screen, RankScreen)
        assert shown(pilot) is None  # the round was dealt before this screen: no move yet
        first = app.screen
        await pilot.press("tab", *["space" if ch == " " else ch for ch in "one two three four"])
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("enter")  # the next role's hand-over
        await pilot.pause()
        assert isinstance(app.screen, RankScreen) and app.screen is not first
        assert app.screen.role == "region"
        assert shown(pilot) == "✓ saved"


async def test_a_screen_subscribes_once_so_each_move_arrives_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Textual calls TableScreen.on_mount and the screen's own, which calls super() as well.
    heard: list[int] = []
    original = TableScreen._heard

    def counting(self: TableScreen, view: Any, moves: Any) -> None:
        heard.append(view.table.version)
        original(self, view, moves)

    monkeypatch.setattr(TableScreen, "_heard", counting)
    t = table_at(tmp_path, Phase.RESPOND)
    async with ScreenApp(lambda: RespondScreen(t.clients["Bo"])).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen) and screen.problem is not None
        card = t.table.hands["state"][0]
        t.do(
            "Ann",
            c.PlaceRemedy(player="Ann", remedy=card, problem=screen.problem, argument="a b c d"),
        )
        await pilot.pause()
        assert heard == [t.table.version]
        assert len(screen.query(SavedMark)) == 1  # one mark, mounted once
