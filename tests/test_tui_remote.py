"""The player's app over the workshop server, driven by keys against a real table server.

Each app runs on one end of a socketpair whose other end the server serves as the player the
test names (standing in for the SSH front door); other players are ``RemoteClient``s and the
facilitator is ``steer()``, as the console would do it. Every wait is bounded.
"""

from __future__ import annotations

import re
import socket
import time
from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.css.query import NoMatches
from textual.message import Message
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import DataTable, OptionList, Static

from net_support import ServerThread, started
from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.host.client import Accepted, Outcome
from sammenspil.host.view import Presence
from sammenspil.net.protocol import SteerAction
from sammenspil.net.remote import RemoteClient, Watch
from sammenspil.tui.remote_app import REMOTE_SCREENS, RemoteApp, TableChanged
from sammenspil.tui.remote_main import main
from sammenspil.tui.screens import server_lobby
from sammenspil.tui.screens.ended import EndedScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.screens.server_lobby import ServerLobbyScreen, TableList, TableRow
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.screens.waiting_room import WaitingRoomScreen
from sammenspil.tui.widgets.feed import Feed
from sammenspil.tui.widgets.saved import SavedMark
from tui_support import ARGUMENTS, ScreenApp

SIZE = (100, 30)
STEP = 0.02
PATIENCE = 20.0
"""Seconds a wait here may take: the server fsyncs each move, and a loaded machine is slow."""


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    yield from started(tmp_path / "saves", "Table 1", "Table 2")


def steer(served: ServerThread, action: SteerAction, **fields: Any) -> Accepted:
    """The facilitator's console does ``action`` to Table 1 (and hangs up)."""
    watch = Watch(served.attach("Fie", facilitator=True), timeout=PATIENCE)
    try:
        return accepted(watch.steer("Table 1", action, timeout=PATIENCE, **fields))
    finally:
        watch.close()


def accepted(outcome: Outcome) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def join(served: ServerThread, name: str, role: str | None = None, **flags: bool) -> RemoteClient:
    """Another player at Table 1, in ``role``."""
    client = RemoteClient.join(served.attach(name, **flags), "Table 1", timeout=PATIENCE)
    if role is not None:
        accepted(client.submit(c.ChooseRole(player="", role=role)))
    return client


async def until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    """Let the app run until ``check()`` holds, at most ``PATIENCE`` seconds."""
    for _ in range(int(PATIENCE / STEP)):
        try:
            if check():
                return
        except NoMatches:  # a screen still mounting its widgets
            pass
        await pilot.pause(STEP)
    raise AssertionError(f"not in time: {what}")


async def showing(pilot: Pilot[None], app: RemoteApp, kind: type[Screen[None]]) -> None:
    """Wait until a ``kind`` screen shows, mounted whole (its feed too, if it has one)."""
    await until(pilot, lambda: isinstance(app.screen, kind), kind.__name__)
    await until(
        pilot,
        lambda: not isinstance(app.screen, TableScreen) or bool(app.screen.query(Feed)),
        "the feed",
    )
    await pilot.pause()
    await pilot.pause()


def waited(check: Callable[[], bool], what: str) -> None:
    """Wait (blocking) until ``check()`` holds, at most ``PATIENCE`` seconds."""
    deadline = time.monotonic() + PATIENCE
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"not in time: {what}")
        time.sleep(STEP)


def feed_of(app: RemoteApp) -> Feed:
    return app.screen.query_one(Feed)


def texts(app: RemoteApp) -> str:
    """Every Static's text on the screen, one string (what a player reads, give or take)."""
    out = []
    for static in app.screen.query(Static):
        content = static.content
        out.append(content.plain if hasattr(content, "plain") else str(content))
    return "\n".join(out)


async def tables_listed(pilot: Pilot[None], app: RemoteApp) -> TableList:
    """The lobby's list, once it shows both tables of the served fixture."""
    lobby = app.screen
    assert isinstance(lobby, ServerLobbyScreen)
    grid = lobby.query_one(TableList)
    await until(pilot, lambda: grid.option_count == 2, "two tables listed")
    return grid


async def from_the_lobby(pilot: Pilot[None], app: RemoteApp, key: str) -> None:
    """Once the lobby lists the tables: ``key`` on the highlighted one (Enter joins, w watches)."""
    lobby = app.screen
    assert isinstance(lobby, ServerLobbyScreen)
    await until(pilot, lambda: lobby.listing is not None, "the tables listed")
    await pilot.press(key)


async def seated(pilot: Pilot[None], app: RemoteApp, role_index: int = 0) -> None:
    """From the lobby: join the highlighted table and take the role at ``role_index``."""
    await from_the_lobby(pilot, app, "enter")
    await showing(pilot, app, WaitingRoomScreen)
    for _ in range(role_index):
        await pilot.press("down")
    await pilot.press("enter")
    await until(
        pilot, lambda: app.client is not None and app.client.view().role is not None, "a role"
    )


def test_the_remote_screens_cover_every_phase_the_hot_seat_shows() -> None:
    from sammenspil.tui.app import PHASE_SCREENS

    assert set(REMOTE_SCREENS) == {*PHASE_SCREENS, Phase.LOBBY.value}
    assert {p.value for p in Phase} <= set(REMOTE_SCREENS)


async def test_a_player_lists_the_tables_and_sits_down_in_a_role(served: ServerThread) -> None:
    bo = join(served, "Bo", "region")
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        grid = await tables_listed(pilot, app)
        first = [str(cell) for cell in grid.lines[0].cells]
        assert first == ["Table 1", "lobby", "Bo: The regions"]  # the deck's name of the role
        await seated(pilot, app)
        host = served.server.host("Table 1")
        assert host is not None
        assert host.table.players["Ann"].role == "state"
        shown = texts(app)
        assert "You are Ann, The state." in shown
        assert "Bo · The regions" in shown and "Waiting for the facilitator" in shown
        # Another role: the list shows who plays which, Enter changes it.
        await pilot.press("down", "down", "enter")
        await until(pilot, lambda: host.table.players["Ann"].role == "municipality", "changed")
    bo.close()


async def test_the_waiting_room_offers_the_first_role_nobody_holds(served: ServerThread) -> None:
    bo = join(served, "Bo", "state")
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await from_the_lobby(pilot, app, "enter")
        await showing(pilot, app, WaitingRoomScreen)
        roles = app.screen.query_one("#wait-roles", OptionList)
        await until(pilot, lambda: roles.highlighted_option is not None, "a role highlighted")
        assert roles.highlighted_option is not None
        assert roles.highlighted_option.id == "region"  # not the state Bo holds
    bo.close()


async def test_the_lobby_lists_no_facilitator_among_the_seats(served: ServerThread) -> None:
    bo = join(served, "Bo", "region")
    steer(served, "start")  # the facilitator who deals sits at Table 1 from then on
    host = served.server.host("Table 1")
    assert host is not None and host.table.players["Fie"].facilitator
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        grid = await tables_listed(pilot, app)
        assert str(grid.lines[0].cells[2]) == "Bo: The regions"
    bo.close()


async def test_the_lobby_redraws_the_tables_only_when_the_answer_changed(
    served: ServerThread,
) -> None:
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        lobby = app.screen
        assert isinstance(lobby, ServerLobbyScreen)
        await until(pilot, lambda: lobby.listing is not None, "the tables listed")
        grid = lobby.query_one(TableList)
        cleared: list[int] = []
        clear = grid.clear_options
        grid.clear_options = lambda: (cleared.append(1), clear())[1]  # type: ignore[method-assign]
        assert lobby.listing is not None
        lobby.post_message(ServerLobbyScreen.Listed(lobby.listing))  # the same answer again
        await pilot.pause()
        assert cleared == []
        bo = join(served, "Bo", "region")  # the next answer names Bo at Table 1
        try:
            lobby.refresh_list()
            await until(pilot, lambda: bool(cleared), "the list redrawn")
            assert "Bo: The regions" in str(grid.lines[0].cells[2])
        finally:
            bo.close()


async def test_another_players_move_shows_in_the_feed(served: ServerThread) -> None:
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        bo = join(served, "Bo", "region")
        await until(
            pilot,
            lambda: "Bo took the role the regions" in feed_of(app).shown[-1],
            "Bo's move in Ann's feed",
        )
        # The waiting room lists him too, live.
        await until(pilot, lambda: "Bo · The regions" in texts(app), "Bo in the seats")
        bo.close()
        await until(pilot, lambda: "(away)" in texts(app), "Bo shown away")


async def test_only_a_new_phase_is_a_message_to_the_app(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen hears every move; the app only a new phase (a move reaches 30 screens)."""
    posted: list[str] = []
    original = RemoteApp.post_message

    def counted(self: RemoteApp, message: Message) -> bool:
        if isinstance(message, TableChanged):
            posted.append(self.client.view().table.phase.value if self.client else "-")
        return original(self, message)

    monkeypatch.setattr(RemoteApp, "post_message", counted)
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        before = len(posted)
        bo = join(served, "Bo", "region")
        cy = join(served, "Cy", "municipality")
        await until(pilot, lambda: "Cy" in feed_of(app).shown[-1], "Cy's move in Ann's feed")
        assert len(posted) == before, "moves in the lobby phase are the screen's alone"
        steer(served, "start")
        await showing(pilot, app, RankScreen)
        # Updates heard before the app has shown the new phase each ask; none after it.
        assert posted[before:] and set(posted[before:]) == {"rank"}
        bo.close()
        cy.close()


async def test_the_facilitator_starts_and_the_player_ranks(served: ServerThread) -> None:
    bo = join(served, "Bo", "region")
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        steer(served, "start")
        await showing(pilot, app, RankScreen)
        # The screen a new phase brings says saved from its first frame, as in hot-seat play:
        # shown at the phase's first move, the mark had every screen at the table lay itself
        # out again.
        (mark,) = app.screen.query(SavedMark)
        assert mark.has_class("-saved") and mark.display
        await until(
            pilot, lambda: "moved on to the ranking" in feed_of(app).shown[-1], "the start heard"
        )
        # Bo ranks: Ann's feed says so, without what he ranked.
        problems = list(bo.view().table.problems)
        accepted(bo.submit(c.SubmitRanking(player="", order=problems, argument=ARGUMENTS["en"])))
        await until(
            pilot, lambda: "The regions submitted" in feed_of(app).shown[-1], "Bo's ranking"
        )
    bo.close()


async def test_the_lobby_under_a_table_ticks_no_more(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Under a table's screen the lobby's asking pauses: each tick was a message to the screen
    just below the shown one, which Textual answers by drawing the whole shown screen again."""
    monkeypatch.setattr(server_lobby, "REFRESH", 0.05)
    app = RemoteApp(served.attach("Sy"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        lobby = app.screen
        assert isinstance(lobby, ServerLobbyScreen)
        asked: list[float] = []
        ask = lobby._ask
        lobby._ask = lambda: (asked.append(time.monotonic()), ask())[1]  # type: ignore[method-assign]
        await until(pilot, lambda: len(asked) >= 2, "the lobby asking")
        await pilot.press("w")
        await showing(pilot, app, WaitingRoomScreen)
        room = app.screen
        redrawn: list[object] = []
        redraw = room.refresh
        room.refresh = lambda *a, **k: (redrawn.append(a), redraw(*a, **k))[1]  # type: ignore[method-assign]
        await pilot.pause(0.1)
        before = len(asked)
        await pilot.pause(0.5)  # ten ticks' worth
        assert len(asked) == before
        assert redrawn == []


async def test_a_spectator_watches_and_cannot_move(served: ServerThread) -> None:
    app = RemoteApp(served.attach("Sy"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await from_the_lobby(pilot, app, "w")
        await showing(pilot, app, WaitingRoomScreen)
        room = app.screen
        assert isinstance(room, WaitingRoomScreen)
        assert app.client is not None and app.client.principal.spectator
        assert "watching as a spectator" in texts(app)
        assert not room.query_one("#wait-roles-pane").display  # the list and how to use it
        assert not room.query_one(OptionList).check_action("select", ())
        room.take("state")  # as if a key got through: the server refuses, a notice says so
        await pilot.pause()
        assert any("spectator" in n.message for n in app._notifications)
        host = served.server.host("Table 1")
        assert host is not None
        assert host.table.players["Sy"].role is None and host.table.players["Sy"].spectator


async def test_the_countdown_shows_and_goes(served: ServerThread) -> None:
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        steer(served, "countdown", seconds=300)
        await until(pilot, lambda: feed_of(app).clock_text.endswith(" left"), "the clock")
        assert re.fullmatch(r"0[45]:[0-5]\d left", feed_of(app).clock_text)
        steer(served, "countdown", seconds=0)
        await until(pilot, lambda: feed_of(app).clock_text == "", "the clock gone")


async def test_coming_back_lands_at_the_same_table_role_and_screen(served: ServerThread) -> None:
    bo = join(served, "Bo", "region")
    first = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with first.run_test(size=SIZE) as pilot:
        await seated(pilot, first, role_index=2)
        steer(served, "start")
        await showing(pilot, first, RankScreen)
        await pilot.press("ctrl+q")
    host = served.server.host("Table 1")
    assert host is not None
    waited(lambda: host.presence()["Ann"] is Presence.AWAY, "Ann away")
    again = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with again.run_test(size=SIZE) as pilot:
        await showing(pilot, again, RankScreen)
        assert again.client is not None
        view = again.client.view()
        assert (view.table.name, view.role, view.table.phase) == ("Table 1", "municipality", "rank")
    bo.close()


async def test_a_spectator_comes_back_as_a_spectator(served: ServerThread) -> None:
    sy = join(served, "Sy", spectator=True)
    sy.close()
    app = RemoteApp(served.attach("Sy"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, app, WaitingRoomScreen)
        assert app.client is not None and app.client.principal.spectator


async def test_a_removed_player_is_told_and_quits(served: ServerThread) -> None:
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        steer(served, "remove", player="Ann")
        await showing(pilot, app, EndedScreen)
        assert "the facilitator removed you from table 'Table 1'" in texts(app)
        await pilot.press("q")
        await until(pilot, lambda: app.return_code is not None, "quit")
    assert app.return_code == 0


async def test_a_lost_connection_says_how_to_come_back(served: ServerThread) -> None:
    sock = served.attach("Ann")
    app = RemoteApp(sock, timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await seated(pilot, app)
        sock.shutdown(socket.SHUT_RDWR)  # as if the network went
        await showing(pilot, app, EndedScreen)
        shown = texts(app)
        assert "connection to the table server was lost" in shown
        assert "connect again with the same name" in shown


async def test_hostile_text_shows_literally(served: ServerThread) -> None:
    name = "[bold red]Bo[/]"
    cy = join(served, "[link=x]Cy", "municipality")
    app = RemoteApp(served.attach("Ann"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        grid = await tables_listed(pilot, app)
        assert str(grid.lines[0].cells[2]) == "[link=x]Cy: The municipalities"
        await seated(pilot, app)
        bo = join(served, name, "region")
        await until(pilot, lambda: name in feed_of(app).shown[-1], "Bo's move")
        assert feed_of(app).shown[-1] == f"{name} took the role the regions"
        assert f"{name} took the role the regions" in feed_of(app).rows
        assert f"{name} · The regions" in texts(app)
        bo.close()
    cy.close()


def test_remote_main_refuses_an_fd_that_is_no_socket(capsys: pytest.CaptureFixture[str]) -> None:
    with open(__file__, "rb") as not_a_socket:
        assert main(["--fd", str(not_a_socket.fileno())]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "not a connected socket" in err
    assert main(["--fd", "987654"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_the_first_frame_waits_for_no_network_model_or_phase_screen() -> None:
    """Before the lobby's first frame only Textual and the lobby are imported; ``preload`` (for a
    fork server) imports the rest, so no session imports after forking."""
    from test_cli_startup import heavy, loaded_after

    start = loaded_after("import sammenspil.tui.remote_main")
    assert heavy(start) == set()
    assert not {m for m in start if m.startswith(("sammenspil.net", "sammenspil.game.rules"))}
    assert "sammenspil.tui.screens.rank" not in start
    warm = loaded_after("from sammenspil.tui.remote_app import preload\npreload()")
    wanted = {"sammenspil.net.remote", "sammenspil.scoring.report", "sammenspil.tui.widgets.feed"}
    wanted |= {f"sammenspil.tui.screens.{s}" for s in ("rank", "reveal", "respond", "score")}
    assert wanted <= warm


async def test_a_connection_gone_before_joining_ends_on_the_same_screen(
    served: ServerThread,
) -> None:
    sock = served.attach("Ann")
    sock.shutdown(socket.SHUT_RDWR)
    app = RemoteApp(sock, timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await showing(pilot, app, EndedScreen)
        assert "The server ended the connection" in texts(app)
        await pilot.press("q")
    assert app.return_code == 0


def test_the_clock_reads_minutes_and_seconds_and_says_when_time_is_up() -> None:
    from datetime import UTC, datetime, timedelta

    from sammenspil.tui.widgets.feed import time_left

    now = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    assert time_left(None, now, "en") == ""
    assert time_left(now + timedelta(seconds=299.2), now, "en") == "05:00 left"
    assert time_left(now + timedelta(seconds=59), now, "da") == "00:59 tilbage"
    assert time_left(now + timedelta(seconds=3661), now, "en") == "1:01:01 left"
    assert time_left(now - timedelta(seconds=1), now, "en") == "time is up"


async def test_a_spectator_waits_through_the_ranking_and_sees_who_still_ranks(
    served: ServerThread,
) -> None:
    bo = join(served, "Bo", "region")
    app = RemoteApp(served.attach("Sy"), timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await from_the_lobby(pilot, app, "w")
        await showing(pilot, app, WaitingRoomScreen)
        steer(served, "start")
        await until(pilot, lambda: "Still ranking: the regions." in texts(app), "who ranks")
        assert isinstance(app.screen, WaitingRoomScreen)  # nothing to rank: no rank screen
        problems = list(bo.view().table.problems)
        accepted(bo.submit(c.SubmitRanking(player="", order=problems, argument=ARGUMENTS["en"])))
        await showing(pilot, app, RevealScreen)  # the last ranking opens the reveal
        assert not app.screen.check_action("revise", ())  # a spectator has nothing to revise
    bo.close()


@pytest.mark.parametrize("count", [2, 40])
async def test_the_lobbys_list_is_as_tall_as_its_tables_and_keeps_the_help_in_view(
    count: int,
) -> None:
    """A few tables: a short list (the empty lines of a list filling the screen cost every
    forked app's first frame about a tenth); many: the list scrolls, the help stays shown."""
    tables = tuple(TableRow(f"Table {i + 1}", "lobby", ()) for i in range(count))
    listing = server_lobby.Listing(tables)
    app = ScreenApp(lambda: ServerLobbyScreen(lambda: listing, listing=listing))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        grid = app.screen.query_one(TableList)
        help_line = app.screen.query_one("#server-help", Static)
        assert grid.option_count == count
        assert grid.outer_size.height == (count + 2 if count < 10 else int(24 * 0.7))
        assert help_line.region.bottom <= 24 - 1  # above the key bar
        await pilot.press("end")
        assert grid.highlighted_key == f"Table {count}"


# --- the next phase's screen, built ahead -------------------------------------------------------


def ranked_table(served: ServerThread) -> dict[str, RemoteClient]:
    """Ann, Bo and Cy seated at Table 1, dealt, each ranking in the deal order: the reveal."""
    players = {
        name: join(served, name, role)
        for name, role in (("Ann", "state"), ("Bo", "region"), ("Cy", "municipality"))
    }
    steer(served, "start")
    for client in players.values():
        waited(lambda client=client: client.view().table.phase is Phase.RANK, "the deal")
        order = list(client.view().table.problems)
        accepted(client.submit(c.SubmitRanking(player="", order=order, argument=ARGUMENTS["en"])))
    return players


async def watch(pilot: Pilot[None], app: RemoteApp) -> None:
    """From the lobby: watch the highlighted table (Table 1)."""
    await from_the_lobby(pilot, app, "w")


async def watched_later(
    served: ServerThread, screen: type[TableScreen]
) -> tuple[list[str], Screen[object]]:
    """What a watcher who comes now (Vi) reads on Table 1's ``screen``, and that screen."""
    later = RemoteApp(served.attach("Vi"), timeout=PATIENCE)
    async with later.run_test(size=SIZE) as pilot:
        await watch(pilot, later)
        await showing(pilot, later, screen)
        await pilot.pause()
        return screen_texts(later), later.screen


def screen_texts(app: RemoteApp) -> list[str]:
    """What the screen shows but its feed: every Static, option and table cell, in order."""
    feed = app.screen.query_one(Feed)
    out = []
    for widget in app.screen.query("Static, OptionList, DataTable"):
        if widget is feed or feed in widget.ancestors:
            continue
        if isinstance(widget, DataTable):
            rows = [widget.get_row_at(i) for i in range(widget.row_count)]
            out += [" | ".join(str(getattr(cell, "plain", cell)) for cell in row) for row in rows]
        elif isinstance(widget, OptionList):
            out += [str(getattr(o.prompt, "plain", o.prompt)) for o in widget.options]
        elif isinstance(widget, Static):
            content = widget.content
            out.append(content.plain if hasattr(content, "plain") else str(content))
    return out


@asynccontextmanager
async def at_the_reveal(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch, quiet: float
) -> AsyncIterator[tuple[RemoteApp, Pilot[None], dict[str, RemoteClient]]]:
    """Wes's app watching Table 1 at the reveal, building ahead after ``quiet`` seconds."""
    from sammenspil.tui import remote_app

    monkeypatch.setattr(remote_app, "AHEAD_QUIET", (quiet, quiet))
    players = ranked_table(served)
    app = RemoteApp(served.attach("Wes"), timeout=PATIENCE)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await watch(pilot, app)
            await showing(pilot, app, RevealScreen)
            yield app, pilot, players
    finally:
        for client in players.values():
            client.close()


async def test_the_next_phase_screen_is_built_while_the_table_is_quiet(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At the reveal, the app builds the respond screen ahead; it hears no move until it shows;
    at the phase change that very screen shows, caught up with the moves made meanwhile, and
    says what a screen built then says."""
    from sammenspil.tui.screens.respond import RespondScreen

    painted: list[bool] = []
    original = RespondScreen.show_view

    def counted(self: RespondScreen) -> None:
        painted.append(self.is_current)
        original(self)

    monkeypatch.setattr(RespondScreen, "show_view", counted)
    async with at_the_reveal(served, monkeypatch, quiet=0.3) as (app, pilot, players):
        await until(pilot, lambda: app._ahead is not None, "the respond screen built ahead")
        assert app._ahead is not None
        phase, ahead = app._ahead
        assert phase == "respond" and isinstance(ahead, RespondScreen)
        assert not ahead.is_current and app.screen is not ahead
        await until(pilot, lambda: ahead.is_mounted, "built")
        # Nothing more built ahead from here: 0.3 s after the change the dilemmas would be,
        # and on a busy machine that could come before the checks below that it is consumed.
        app._quiet_wanted = 600.0
        built = len(painted)
        # Bo revises (a move at the reveal): the screen built ahead does not repaint.
        bo = players["Bo"]
        order = list(reversed(bo.view().table.problems))
        accepted(bo.submit(c.ReviseRanking(player="", order=order, argument=ARGUMENTS["en"])))
        await until(pilot, lambda: "revised" in feed_of(app).shown[-1], "Bo's revision heard")
        await pilot.pause(0.2)
        assert len(painted) == built, "a screen built ahead hears no move before it shows"
        steer(served, "advance")
        await showing(pilot, app, RespondScreen)
        assert app.screen is ahead, "the screen built ahead is the one shown"
        assert app._ahead is None
        assert ahead.view.table.phase is Phase.RESPOND
        (mark,) = ahead.query(SavedMark)
        assert mark.has_class("-saved")
        assert "moved on to the respond phase" in feed_of(app).shown[-1]
        # It hears the table from now on.
        cy = players["Cy"]
        card = cy.view().table.hands["municipality"][0]
        problem = ahead.problem
        assert problem is not None
        accepted(
            cy.submit(
                c.PlaceRemedy(player="", remedy=card, problem=problem, argument=ARGUMENTS["en"])
            )
        )
        await until(pilot, lambda: len(ahead.view.table.placements) == 1, "Cy's placement")
        assert painted[-1] is True
        await pilot.pause()
        shown = screen_texts(app)
    # A watcher who comes now is given a screen built at the change: it says the same.
    fresh, built = await watched_later(served, RespondScreen)
    assert built is not ahead
    assert shown[0] == "Respond · Table 1 · Wes (no role)"
    assert fresh[0] == "Respond · Table 1 · Vi (no role)"
    assert any("Cy" in line for line in shown)
    assert shown[1:] == fresh[1:], "built ahead or at the change, the screen says the same"


async def test_the_reveal_built_during_the_ranking_shows_every_ranking(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Built while the rankings were still hidden, the reveal shows them all once it shows,
    as a reveal built at the change does."""
    from sammenspil.tui import remote_app

    monkeypatch.setattr(remote_app, "AHEAD_QUIET", (0.3, 0.3))
    players = {
        name: join(served, name, role)
        for name, role in (("Ann", "state"), ("Bo", "region"), ("Cy", "municipality"))
    }
    steer(served, "start")
    app = RemoteApp(served.attach("Wes"), timeout=PATIENCE)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await watch(pilot, app)
            await showing(pilot, app, WaitingRoomScreen)  # no role: it waits out the ranking
            await until(pilot, lambda: app._ahead is not None, "the reveal built ahead")
            assert app._ahead is not None
            ahead = app._ahead[1]
            for i, client in enumerate(players.values()):
                problems = list(client.view().table.problems)
                order = problems[i:] + problems[:i]  # three different rankings
                accepted(client.submit(c.SubmitRanking(player="", order=order)))
            await showing(pilot, app, RevealScreen)
            assert app.screen is ahead
            await pilot.pause()
            shown = screen_texts(app)
        fresh, _ = await watched_later(served, RevealScreen)
        assert len(shown) > 3 and shown == fresh
    finally:
        for client in players.values():
            client.close()


@pytest.mark.parametrize("busy", ["moves", "keys"])
async def test_no_screen_is_built_ahead_while_the_table_or_the_player_is_busy(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch, busy: str
) -> None:
    """Building takes the app a tenth of a second: not while moves come, nor while its player
    presses keys."""
    # Two seconds' quiet against a move or a key every 0.2 s: a margin wide enough for a
    # machine busy with the rest of the suite (at 0.5 s a stalled worker built now and then).
    async with at_the_reveal(served, monkeypatch, quiet=2.0) as (app, pilot, players):
        problems = list(players["Ann"].view().table.problems)
        keys = ("down", "up", "down")
        for i, (client, key) in enumerate(zip(players.values(), keys, strict=True)):
            if busy == "moves":  # a move or a key every 0.2 s: never 2 s quiet
                order = problems[i + 1 :] + problems[: i + 1]
                revised = c.ReviseRanking(player="", order=order, argument=ARGUMENTS["en"])
                accepted(client.submit(revised))
            else:
                await pilot.press(key)
            await pilot.pause(0.2)
            assert app._ahead is None
        await until(pilot, lambda: app._ahead is not None, "built once all is quiet")


async def test_a_screen_built_ahead_goes_with_the_connection(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with at_the_reveal(served, monkeypatch, quiet=0.2) as (app, pilot, _):
        await until(pilot, lambda: app._ahead is not None, "built ahead")
        assert app._ahead is not None
        ahead = app._ahead[1]
        await until(pilot, lambda: ahead.is_mounted, "mounted")
        steer(served, "remove", player="Wes")
        await showing(pilot, app, EndedScreen)
        assert app._ahead is None
        await until(pilot, lambda: not ahead.is_running, "the screen built ahead removed")
