"""One whole hot-seat round by keys only, lobby to score, then its review and replay.

The other screen tests start each screen on a table made for it; this one goes through the app
as a table of three people would, so the phase-to-screen map, the hand-overs and F2 between the
roles are tried together, and the round it leaves behind is reviewed and replayed.
"""

from __future__ import annotations

from pathlib import Path

from sammenspil.game.describe import describe
from sammenspil.game.state import Phase
from sammenspil.saves import load_round
from sammenspil.tui.review_app import create_review_app
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.replay import ReplayScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.screens.review_round import RoundScreen
from sammenspil.tui.screens.score import ScoreScreen
from test_tui_round import app_for, deal_in_lobby, rank_by_keys, saved_table, settle

SIZE = (100, 30)
# Typed key by key, a dozen times over: short texts keep the test quick.
PLACED = {"Ann": "goals steer us all", "Bo": "prepare with the staff", "Cy": "try it small first"}
POSITION = "we all share it"


async def test_a_whole_round_by_keys_then_its_replay(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann", "Bo", "Cy"])
        for keys, argument in (
            (["down", "t"], "silos hurt citizens most"),
            (["end", "t"], ""),
            ([], ""),
        ):
            await rank_by_keys(pilot, keys, argument)
        assert isinstance(app.screen, RevealScreen)
        await pilot.press("n", "y")  # asked first: y moves the table on
        await settle(pilot)

        for name, argument in PLACED.items():
            assert isinstance(app.screen, RespondScreen)
            assert app.screen.client.principal.name == name
            await pilot.press("p")
            await pilot.pause()
            await pilot.press(*argument, "enter")
            await settle(pilot)
            await pilot.press("f2")  # the keyboard goes to the next role
            await settle(pilot)
        table = saved_table(tmp_path)
        assert sorted(p.player for p in table.placements) == ["Ann", "Bo", "Cy"]
        assert {p.argument for p in table.placements} == set(PLACED.values())
        await pilot.press("n", "y")  # asked first: y moves the table on
        await settle(pilot)

        for value in ("1", "3", "5"):
            assert isinstance(app.screen, DilemmasScreen)
            for _ in table.dilemmas:
                await pilot.press(value, "enter")
                await pilot.pause()
                await pilot.press(*POSITION, "enter")
                await settle(pilot)
            await pilot.press("f2")
            await settle(pilot)
        await pilot.press("n", "y")  # asked first: y moves the table on
        await settle(pilot)

        assert isinstance(app.screen, ScoreScreen)
        table = saved_table(tmp_path)
        assert table.phase is Phase.SCORED
        assert {r: {p.value for p in ps.values()} for r, ps in table.positions.items()} == {
            "state": {1},
            "region": {3},
            "municipality": {5},
        }
        total = str(app.screen.query_one("#score-total").render())
        assert total.startswith("Total") and total.split()[-1].isdigit()

    (save,) = tmp_path.glob("*.toml")
    events = load_round(save).events
    review = create_review_app(tmp_path)
    async with review.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(review.screen, RoundScreen)
        await pilot.press("r")
        await settle(pilot)
        replay = review.screen
        assert isinstance(replay, ReplayScreen)
        await pilot.press("end")
        assert replay.step == len(events)
        assert str(replay.query_one("#replay-sentence").content) == describe(
            events[-1], load_round(save).table, "en"
        )
        await pilot.press("home", "right")
        assert replay.step == 1
