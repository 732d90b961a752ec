"""Snapshots of the player's app over the workshop server: the server's lobby, and the rank
screen with the activity feed, at the smallest and a roomy size.

A real table server in a thread (tests/net_support.py) with fixed seeds, other players as
``RemoteClient``s and the facilitator as ``steer()``. Look at a changed SVG's text before
accepting it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot

from net_support import ServerThread, started
from sammenspil.game import commands as c
from sammenspil.host.client import Accepted
from sammenspil.host.view import Presence
from sammenspil.net.remote import RemoteClient
from sammenspil.tui.remote_app import RemoteApp
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.server_lobby import TableList
from sammenspil.tui.widgets.feed import Feed
from test_tui_remote import PATIENCE, steer, until, waited
from tui_support import ARGUMENTS

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    yield from started(tmp_path / "saves", "Table 1", "Table 2")


def seat(served: ServerThread, name: str, role: str) -> RemoteClient:
    client = RemoteClient.join(served.attach(name), "Table 1", timeout=PATIENCE)
    assert isinstance(client.submit(c.ChooseRole(player="", role=role)), Accepted)
    return client


@SIZES
def test_server_lobby(snap_compare, size: tuple[int, int], served: ServerThread) -> None:  # type: ignore[no-untyped-def]
    bo = seat(served, "Bo", "region")
    seat(served, "Cy", "municipality").close()  # away
    host = served.server.host("Table 1")
    assert host is not None
    # The server hears the hang-up on its own loop: the listing must not race it.
    waited(lambda: host.presence()["Cy"] is Presence.AWAY, "Cy away")
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)

    async def listed(pilot: Pilot[None]) -> None:
        grid = app.screen.query_one(TableList)
        await until(pilot, lambda: grid.option_count == 2, "two tables listed")
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=listed)
    finally:
        bo.close()


@SIZES
def test_rank_screen_with_the_feed(
    snap_compare, size: tuple[int, int], served: ServerThread
) -> None:  # type: ignore[no-untyped-def]
    seat(served, "Ann", "state").close()  # seated before: the app comes back to the seat
    bo, cy = seat(served, "Bo", "region"), seat(served, "Cy", "municipality")
    steer(served, "start")
    waited(lambda: bool(bo.view().table.problems), "Bo dealt")
    problems = list(bo.view().table.problems)
    ranking = c.SubmitRanking(player="", order=problems, argument=ARGUMENTS["en"])
    assert isinstance(bo.submit(ranking), Accepted)
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)

    async def ranked(pilot: Pilot[None]) -> None:
        await until(pilot, lambda: isinstance(app.screen, RankScreen), "the rank screen")
        await until(pilot, lambda: bool(app.screen.query_one(Feed).shown), "the feed")
        assert isinstance(cy.submit(ranking), Accepted)
        screen = app.screen
        assert isinstance(screen, RankScreen)
        await until(
            pilot,
            lambda: screen.saved and "municipalities" in screen.query_one(Feed).shown[-1],
            "Cy's ranking in the feed",
        )
        await pilot.pause()

    try:
        assert snap_compare(app, terminal_size=size, run_before=ranked)
    finally:
        bo.close()
        cy.close()
