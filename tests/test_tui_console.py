"""The facilitator console against a real table server: overview, steering, projector, review.

Each test runs the console app (``ConsoleApp`` over a ``Watch``, as ``console_main`` builds it)
against a ``ServerThread`` holding two tables with players connected through ``RemoteClient``s,
presses the facilitator's keys and checks the server's own tables.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.command import CommandList
from textual.widgets import DataTable, Digits, Static

from console_support import HOSTILE_NAME, Workshop, until
from net_support import eventually
from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.host.client import Accepted
from sammenspil.tui.console_app import ConsoleApp
from sammenspil.tui.screens.console import ConsoleScreen, OverviewChanged
from sammenspil.tui.screens.console_dialogs import AskLine, Confirm, PickPlayer
from sammenspil.tui.screens.help import HelpScreen
from sammenspil.tui.screens.projector import ProjectorScreen
from sammenspil.tui.screens.review_round import RoundScreen

SIZE = (120, 40)


@pytest.fixture
def workshop(tmp_path: Path) -> Iterator[Workshop]:
    made = Workshop(tmp_path / "saves")
    try:
        yield made
    finally:
        made.close()


def cells(app: ConsoleApp) -> dict[str, list[str]]:
    """Each table's row as plain text, by table name."""
    grid: DataTable[Any] = app.screen.query_one("#tables", DataTable)
    return {
        str(key.value): [str(getattr(cell, "plain", cell)) for cell in grid.get_row(key)]
        for key in grid.rows
    }


def phase_of(app: ConsoleApp, table: str = "Table 1") -> str:
    return cells(app)[table][1].splitlines()[0]


def footer_keys(app: ConsoleApp) -> set[str]:
    return {b.binding.action for b in app.screen.active_bindings.values() if b.binding.show}


def rank_all(workshop: Workshop, table: str = "Table 1") -> None:
    for name, client in workshop.players.items():
        if name not in workshop.table(table).players:
            continue
        # The host has dealt; this player's client may not have heard it yet on a busy machine.
        eventually(lambda cl=client: bool(cl.view().table.problems), f"{name} heard the deal")
        order = list(client.view().table.problems)
        outcome = client.submit(c.SubmitRanking(player=name, order=order, argument="because"))
        assert isinstance(outcome, Accepted), outcome


async def test_the_overview_lists_both_tables_with_presence_and_who_is_waiting(
    workshop: Workshop,
) -> None:
    workshop.players["Cy"].close()  # Cy's connection drops: the seat stays, away
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "away" in cells(app).get("Table 1", ["", "", ""])[2], "Cy away")
        rows = cells(app)
        assert list(rows) == ["Table 1", "Table 2"]
        table1 = rows["Table 1"]
        assert table1[0] == "Table 1" and table1[1].splitlines()[0] == "lobby"
        assert "● Ann  The state" in table1[2]
        assert "● Bo  The regions" in table1[2]
        assert "○ Cy  The municipalities · away" in table1[2]
        assert table1[3] == "–"  # nobody to wait for in the lobby
        assert "start" in footer_keys(app) and "advance" not in footer_keys(app)
        summary = app.screen.query_one("#console-summary", Static).render()
        assert str(summary) == "2 tables · 4 of 5 players connected"

        await pilot.press("s")
        await until(pilot, lambda: phase_of(app) == "ranking", "dealt")
        waiting = cells(app)["Table 1"][3].splitlines()
        assert waiting == ["The state", "The regions", "The municipalities"]
        assert workshop.table().phase is Phase.RANK
        assert "start" not in footer_keys(app)


async def test_start_advance_and_lock_by_keys_reach_the_table(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: workshop.table().phase is Phase.RANK, "started")
        rank_all(workshop)
        await until(pilot, lambda: phase_of(app) == "reveal", "revealed")
        assert "advance" in footer_keys(app) and "lock" in footer_keys(app)
        await pilot.press("a")
        await until(pilot, lambda: workshop.table().phase is Phase.RESPOND, "advanced")
        said = "Table 'Table 1' moved on to the respond phase."
        await until(pilot, lambda: said in [n.message for n in app._notifications], "told")
        await pilot.press("l")
        assert isinstance(app.screen, Confirm)
        await pilot.press("n")  # asked first: no leaves the table as it is
        await pilot.pause()
        assert workshop.table().phase is Phase.RESPOND
        await pilot.press("l", "y")
        await until(pilot, lambda: workshop.table().phase is Phase.SCORED, "locked")
        await until(pilot, lambda: phase_of(app) == "scored", "shown scored")
        assert float(cells(app)["Table 1"][4]) == pytest.approx(
            workshop.server.overview().tables[0].total, abs=0.5
        )
        assert not {"advance", "lock", "countdown"} & footer_keys(app)
        # the log says the facilitator did it
        assert workshop.table().players.get("Fie") is not None


async def test_a_refusal_is_a_notice_in_the_tables_language(workshop: Workshop) -> None:
    danish, _ = load_deck(bundled_deck_dir() / "sammenhaeng.da.toml")
    workshop.server.open_table("Bord", danish, seed=3)
    assert workshop.watch is not None
    english = workshop.watch.steer("Table 1", "lock")
    expected = workshop.watch.steer("Bord", "lock")  # a lobby cannot be locked
    assert isinstance(english, Refusal) and isinstance(expected, Refusal)
    assert expected.reason != english.reason
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Bord" in cells(app), "listed")
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        screen.steer("Bord", "lock", "done")  # what l does once asked (hidden in a lobby)
        await until(
            pilot, lambda: any(n.message == expected.reason for n in app._notifications), "shown"
        )
        assert workshop.table("Bord").phase is Phase.LOBBY


async def test_a_countdown_reaches_the_players_of_that_table(workshop: Workshop) -> None:
    heard: list[datetime | None] = []
    workshop.players["Ann"].on_countdown(heard.append)
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: workshop.table().phase is Phase.RANK, "started")
        await pilot.press("c")
        assert isinstance(app.screen, AskLine)
        await pilot.press("5", "enter")
        await until(pilot, lambda: bool(heard), "the countdown")
        ends = heard[0]
        assert ends is not None
        assert abs((ends - datetime.now(UTC)) - timedelta(minutes=5)) < timedelta(seconds=5)
        await until(pilot, lambda: "4:5" in cells(app)["Table 1"][1], "shown")
        await pilot.press("c", "x", "enter")  # not a number: a notice, nothing sent
        await until(
            pilot,
            lambda: any("'x' is not a number" in n.message for n in app._notifications),
            "told",
        )
        await pilot.press("c", "0", "enter")
        await until(pilot, lambda: len(heard) == 2, "stopped")
        assert heard[1] is None


async def test_remove_and_takeover_pick_a_player_and_ask_first(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("x")
        assert isinstance(app.screen, PickPlayer)
        await pilot.press("down", "enter")  # Bo
        assert isinstance(app.screen, Confirm)
        await pilot.press("y")
        await until(pilot, lambda: "Bo" not in workshop.table().players, "Bo left")
        await until(pilot, lambda: workshop.players["Bo"].closed, "Bo's connection cut")
        assert "removed you" in (workshop.players["Bo"].ended_because or "")
        await until(pilot, lambda: "Bo" not in cells(app)["Table 1"][2], "shown")

        await pilot.press("t")
        assert isinstance(app.screen, PickPlayer)
        await pilot.press("enter")  # Ann
        await until(pilot, lambda: "Ann" in workshop.server._takeovers, "allowed")
        assert workshop.server.take_over("Ann")


async def test_open_a_table_by_name(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("o")
        assert isinstance(app.screen, AskLine)
        await pilot.press(*"Table 3", "enter")
        await until(pilot, lambda: "Table 3" in cells(app), "listed")
        assert "Table 3" in workshop.server.names
        await pilot.press("o", *"Table 3", "enter")  # taken: the server's refusal, as a notice
        await until(
            pilot,
            lambda: any("already a table" in n.message for n in app._notifications),
            "refused",
        )


async def test_the_projector_shows_the_total_and_follows_the_table(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("s")
        await until(pilot, lambda: workshop.table().phase is Phase.RANK, "started")
        rank_all(workshop)
        await until(pilot, lambda: phase_of(app) == "reveal", "revealed")
        await pilot.press("p")
        assert isinstance(app.screen, ProjectorScreen)
        projector = app.screen
        await until(pilot, lambda: projector.debrief is not None, "scored")
        assert projector.debrief is not None and not projector.debrief.finished
        total = projector.debrief.total
        assert total is not None
        assert projector.query_one("#projector-total", Digits).value == f"{total:.0f}"
        first_version = projector.shown_version
        await pilot.press("escape")
        await pilot.press("a")
        await until(pilot, lambda: workshop.table().phase is Phase.RESPOND, "advanced")
        await pilot.press("l", "y")
        await until(pilot, lambda: workshop.table().phase is Phase.SCORED, "locked")
        await pilot.press("p")
        projector = app.screen
        assert isinstance(projector, ProjectorScreen)
        await until(
            pilot, lambda: projector.debrief is not None and projector.debrief.finished, "final"
        )
        assert projector.shown_version != first_version
        final = workshop.server.overview().tables[0].total
        assert final is not None
        assert projector.query_one("#projector-total", Digits).value == f"{final:.0f}"


async def test_review_opens_the_tables_round(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: isinstance(app.screen, RoundScreen), "the review")
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        assert screen.debrief.table_name == "Table 1"


async def test_the_workshop_report_is_written_beside_the_saves(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("w")
        await until(
            pilot, lambda: any("report written" in n.message for n in app._notifications), "said"
        )
        [report] = workshop.server.saves_dir.glob("workshop-*.html")
        page = report.read_text(encoding="utf-8")
        assert "Table 1" in page and "Table 2" in page and "<script" not in page
        assert str(report) in " ".join(n.message for n in app._notifications)
        await pilot.press("w")  # a second report never replaces the first
        await until(
            pilot, lambda: len(list(workshop.server.saves_dir.glob("workshop-*.html"))) == 2, "two"
        )


async def test_hostile_player_names_show_literally(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Table 2" in cells(app), "listed")
        assert f"● {HOSTILE_NAME}  The regions" in cells(app)["Table 2"][2]
        await pilot.press("down", "x")
        assert isinstance(app.screen, PickPlayer)
        await pilot.press("down", "enter")
        assert isinstance(app.screen, Confirm)
        text = app.screen.query_one(".dialog-text").render()
        assert HOSTILE_NAME in str(text)


async def test_help_and_quit_ask_what_they_should(workshop: Workshop) -> None:
    app = workshop.console(server_console=True)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        assert "Lock and score" not in str(app.screen.keys)  # lobby: lock does not apply
        assert ("s", "Start") in app.screen.keys
        await pilot.press("escape", "q")
        assert isinstance(app.screen, Confirm)
        assert "stops the server for everyone" in app.screen.question
        await pilot.press("n")
        assert isinstance(app.screen, ConsoleScreen)
        await pilot.press("q", "y")
        await pilot.pause()
    assert app.return_code == 0


async def test_the_serve_commands_console_shows_what_players_type(workshop: Workshop) -> None:
    join = "ssh -p 2222 <yourname>@192.168.1.20\nJoin code: K7PX2M"
    app = workshop.console(server_console=True, join=join)
    async with app.run_test(size=SIZE):
        shown = str(app.screen.query_one("#console-join", Static).render())
        assert "ssh -p 2222 <yourname>@192.168.1.20" in shown and "K7PX2M" in shown
    plain = workshop.console()  # an SSH facilitator's console: no such line
    async with plain.run_test(size=SIZE):
        assert not plain.screen.query("#console-join")


async def test_a_burst_of_overviews_is_one_repaint(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ConsoleScreen)
        repaint = screen.tables_changed
        calls: list[int] = []

        def counted() -> None:
            calls.append(1)
            repaint()

        screen.tables_changed = counted  # type: ignore[method-assign]
        for _ in range(200):
            app.post_message(OverviewChanged())
        await pilot.pause()
        await pilot.pause()
        assert 1 <= len(calls) <= 2


async def test_a_lost_server_is_said_once_and_the_last_overview_stays(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: "Table 2" in cells(app), "listed")
        assert workshop.watch is not None
        workshop.watch.close()
        await until(
            pilot,
            lambda: any(
                "connection to the table server is lost" in n.message for n in app._notifications
            ),
            "told",
        )
        assert list(cells(app)) == ["Table 1", "Table 2"]
        await pilot.pause(1.1)  # the next tick does not say it again
        lost = [n for n in app._notifications if "is lost" in n.message]
        assert len(lost) == 1


async def test_the_command_palette_offers_the_keys_that_apply(workshop: Workshop) -> None:
    app = workshop.console()
    async with app.run_test(size=SIZE) as pilot:

        async def offered(query: str) -> list[str]:
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*query)
            hits = app.screen.query_one(CommandList)
            await until(pilot, lambda: hits.option_count > 0, "offered")
            await pilot.pause(0.2)  # every provider has answered
            return [str(hits.get_option_at_index(i).prompt) for i in range(hits.option_count)]

        assert not any("Lock and score" in hit for hit in await offered("Lock and score"))
        await pilot.press("escape")
        await pilot.pause()
        assert "Start" in (await offered("Start"))[0]
        await pilot.press("down", "enter")
        await until(pilot, lambda: workshop.table().phase is Phase.RANK, "started from it")


async def test_an_unexpected_error_is_logged_and_told_in_one_line(
    workshop: Workshop, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "logs" / "sammenspil.log"
    monkeypatch.setattr("sammenspil.tui.console_app.log_path", lambda: log)
    app = workshop.console()

    def boom() -> None:
        raise RuntimeError("[bold]kaput[/]\x1b[2J")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await pilot.pause()
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    assert "kaput" in log.read_text(encoding="utf-8")
    line = app.crash_line
    assert line is not None and "\n" not in line and "\x1b" not in line
    assert str(log) in line and "[bold]kaput[/]" in line
