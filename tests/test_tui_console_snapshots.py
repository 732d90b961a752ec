"""Snapshots of the facilitator console at 80x24 and 120x40: the tables at a glance and the
projector. The rows are fixed (a service of our own, and a clock that stands still), and the
projector reads a round saved with fixed seeds and times, so nothing changes between runs."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from textual.pilot import Pilot

from review_support import review_folder
from sammenspil.game.refusals import refuse
from sammenspil.game.state import Phase
from sammenspil.host.client import Outcome
from sammenspil.tui.console_app import ConsoleApp
from sammenspil.tui.review_app import SavesReview
from sammenspil.tui.screens.console_model import Action, SeatRow, TableRow

SIZES = [(80, 24), (120, 40)]
NOW = datetime(2026, 5, 4, 10, 0, tzinfo=UTC)


class FixedTables:
    """A ``ConsoleService`` with rows that never change and a hand that steers nothing."""

    def __init__(self, rows: list[TableRow], folder: Path) -> None:
        self.rows = rows
        self._review = SavesReview(folder)

    def tables(self) -> list[TableRow]:
        return self.rows

    def steer(
        self, table: str, action: Action, *, player: str | None = None, seconds: int | None = None
    ) -> Outcome:
        return refuse("en", "no_table", table=table)

    @property
    def closed(self) -> bool:
        return False

    @property
    def review(self) -> SavesReview:
        return self._review

    def write_report(self) -> str:
        raise OSError("fixed rows have no saves")


def rows(finished: Path, unfinished: Path) -> list[TableRow]:
    return [
        TableRow(
            name="Morning table",
            phase=Phase.SCORED,
            version=40,
            deck="Coherence",
            seats=[
                SeatRow(name="Ann", role="The state", connected=True),
                SeatRow(name="Bo", role="The regions", connected=True),
                SeatRow(name="Cy", role="The municipalities", connected=True),
            ],
            waiting=[],
            phase_since=NOW - timedelta(minutes=2, seconds=5),
            total=61.4,
            save=str(finished),
        ),
        TableRow(
            name="Afternoon table",
            phase=Phase.RANK,
            version=9,
            deck="Coherence",
            seats=[
                SeatRow(name="Di", role="The state", connected=True),
                SeatRow(name="[b red]Eve[/]", role="The regions", connected=False),
                SeatRow(name="Fie", facilitator=True),
            ],
            waiting=["The regions", "The municipalities"],
            phase_since=NOW - timedelta(minutes=7, seconds=30),
            countdown_ends=NOW + timedelta(minutes=4, seconds=30),
            total=None,
            save=str(unfinished),
        ),
        TableRow(
            name="Evening table",
            phase=Phase.LOBBY,
            version=0,
            deck="Coherence",
            seats=[],
            waiting=[],
            phase_since=NOW - timedelta(hours=1, minutes=2, seconds=3),
            save=str(unfinished.with_name("evening.toml")),
        ),
    ]


@pytest.fixture(scope="module")
def service(tmp_path_factory: pytest.TempPathFactory) -> FixedTables:
    folder, finished, unfinished = review_folder(tmp_path_factory.mktemp("console"))
    return FixedTables(rows(finished, unfinished), folder)


async def settled(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_console_overview(snap_compare, service: FixedTables, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def on_the_ranking_table(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("down")
        await pilot.pause()

    app = ConsoleApp(service, clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=on_the_ranking_table)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_console_projector(snap_compare, service: FixedTables, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def projected(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("p")
        await settled(pilot)

    app = ConsoleApp(service, clock=lambda: NOW)
    assert snap_compare(app, terminal_size=size, run_before=projected)
