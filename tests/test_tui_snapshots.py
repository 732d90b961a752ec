"""Snapshots of the hand-over, rank and reveal screens at the smallest and a roomy size.

Each table is played through the host with a fixed seed (tests/tui_support.py), so the same
problems are dealt every run. Look at a changed SVG's text before accepting it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.tui.screens.handover import HandOverScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.reveal import RevealScreen
from tui_support import ARGUMENTS, ScreenApp, table_at

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


async def settled(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


@SIZES
def test_handover(snap_compare, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    app = ScreenApp(
        lambda: HandOverScreen("The regions", ["The regions", "The municipalities"], "en")
    )
    assert snap_compare(app, terminal_size=size)


@SIZES
def test_rank(snap_compare, size: tuple[int, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    played = table_at(tmp_path, Phase.RANK)
    played.do("Ann", c.SubmitRanking(player="Ann", order=list(played.table.problems)))
    app = ScreenApp(lambda: RankScreen(played.clients["Bo"]))

    async def moved(pilot: Pilot[None]) -> None:
        await pilot.press("down", "t", "down")  # a reordered list, the second card shown
        await settled(pilot)

    assert snap_compare(app, terminal_size=size, run_before=moved)


@SIZES
def test_reveal(snap_compare, size: tuple[int, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    played = table_at(tmp_path, Phase.REVEAL)
    order = list(played.table.rankings["region"].order)
    revised = [order[3], *order[:3], *order[4:]]
    played.do("Bo", c.ReviseRanking(player="Bo", order=revised, argument=ARGUMENTS["en"]))
    app = ScreenApp(lambda: RevealScreen(played.clients["Ann"]))
    assert snap_compare(app, terminal_size=size, run_before=settled)
