"""A hot-seat round in a headless terminal, by keys only: lobby, hand-over, rank, reveal, revise.

Every test goes through the app's one factory with the bundled decks and a saves folder of its
own, and checks what the table (read back from the save) and the screens say.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import DataTable, Static, TextArea

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.game.state import Phase
from sammenspil.saves import load_round
from sammenspil.tui.app import SammenspilApp, create_app
from sammenspil.tui.screens.handover import HandOverScreen
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.widgets.argument import ArgumentBox
from sammenspil.tui.widgets.ranking import RankingList
from tui_support import decks_loaded

SIZE = (100, 30)
COHERENCE = bundled_deck_dir() / "coherence.en.toml"
ARGUMENT = "the citizens meet the silos first so that problem comes first"


def app_for(tmp_path: Path) -> SammenspilApp:
    return create_app(
        deck_dirs=[bundled_deck_dir()], selected=COHERENCE, saves_dir=tmp_path, seed=7
    )


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def text(app: SammenspilApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def deal_in_lobby(pilot: Pilot[None], names: list[str]) -> None:
    """Choose the highlighted deck, type the players' names, start: all by keys."""
    await decks_loaded(pilot)
    await settle(pilot)
    await pilot.press("enter")  # the deck: the focus goes to the players' names
    for name in names:
        await pilot.press(*name, "enter")
    await pilot.press("ctrl+s")
    await settle(pilot)


async def rank_by_keys(pilot: Pilot[None], keys: list[str], argument: str) -> list[str]:
    """Past the hand-over, reorder with keys, argue, submit; returns the order sent."""
    app = pilot.app
    assert isinstance(app.screen, HandOverScreen)
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, RankScreen)
    ranking = app.screen.query_one("#ranking", RankingList)
    assert app.focused is ranking
    await pilot.press(*keys)
    order = list(ranking.order)
    await pilot.press("tab", *argument)
    await pilot.press("ctrl+s")
    await settle(pilot)
    return order


def saved_table(tmp_path: Path):  # type: ignore[no-untyped-def]
    (path,) = tmp_path.glob("*.toml")
    return load_round(path).table


async def test_a_round_by_keys_from_lobby_to_respond(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann", "Bo", "Cy"])
        table = saved_table(tmp_path)
        assert table.phase is Phase.RANK
        assert {n: p.role for n, p in table.players.items()} == {
            "Ann": "state",
            "Bo": "region",
            "Cy": "municipality",
        }
        assert table.seed == 7
        # The hand-over names the role that ranks next and who else still has to.
        assert "Pass the keyboard to the state" in text(app, "#handover-text")
        assert text(app, "#handover-still") == (
            "Still ranking: the state, the regions, the municipalities"
        )
        dealt = list(table.problems)

        first = await rank_by_keys(pilot, ["down", "t"], ARGUMENT)
        assert first[0] == dealt[1] and sorted(first) == sorted(dealt)
        assert "Pass the keyboard to the regions" in text(app, "#handover-text")
        assert text(app, "#handover-still") == "Still ranking: the regions, the municipalities"
        second = await rank_by_keys(pilot, ["shift+down", "shift+down"], ARGUMENT)
        assert second[2] == dealt[0]
        third = await rank_by_keys(pilot, ["end", "t", "J"], "")

        table = saved_table(tmp_path)
        assert table.phase is Phase.REVEAL
        assert table.rankings["state"].order == first
        assert table.rankings["state"].argument == ARGUMENT
        assert table.rankings["region"].order == second
        assert table.rankings["municipality"].order == third

        # The reveal: every role's ranking side by side, the joint one, agreement in words.
        assert isinstance(app.screen, RevealScreen)
        grid = app.screen.query_one("#reveal-table", DataTable)
        assert grid.row_count == len(dealt)
        assert str(grid.get_cell_at((0, 1))) == table.deck.problem(first[0]).title
        assert text(app, "#reveal-agreement").startswith("The roles ")
        assert "No role has revised yet" in text(app, "#reveal-changes")

        # The regions revise once: pick the role, move the third problem to the top, argue.
        await pilot.press("r")
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, RankScreen) and app.screen.revise
        await pilot.press("down", "down", "t", "tab", *"we heard the state out", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RevealScreen)
        table = saved_table(tmp_path)
        revised = table.revised["region"]
        assert revised.order == [second[2], second[0], second[1], *second[3:]]
        assert revised.player == "Bo"
        changes = text(app, "#reveal-changes")
        title = table.deck.problem(second[2]).title
        assert changes.startswith(f"The regions revised: {title} 3→1")
        assert "we heard the state out" in changes

        await pilot.press("n", "y")  # the round moves on, asked first
        await settle(pilot)
        assert saved_table(tmp_path).phase is Phase.RESPOND
        assert isinstance(app.screen, RespondScreen)
        assert app.screen.view.viewer == "Ann"  # the keyboard goes to the first player

        await pilot.press("f2")  # respond is done in the open: F2 passes the keyboard on
        await settle(pilot)
        assert isinstance(app.screen, RespondScreen) and app.screen.view.viewer == "Bo"


async def test_a_drag_with_the_mouse_reorders_the_ranking(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann"])
        await pilot.press("enter")
        await pilot.pause()
        ranking = app.screen.query_one("#ranking", RankingList)
        before = list(ranking.order)
        # Press on the first problem (row 1 inside the border), let go on the fourth.
        await pilot.mouse_down(ranking, offset=(5, 1))
        await pilot.mouse_up(ranking, offset=(5, 4))
        await pilot.pause()
        assert ranking.order == [before[1], before[2], before[3], before[0], *before[4:]]


async def test_refusals_show_as_notices_not_crashes(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann", "Bo"])
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, RankScreen)
        # An argument over the limit is refused by the rules; the screen says so and stays.
        screen.query_one("#argument", ArgumentBox).query_one(TextArea).text = "word " * 2000
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        notes = list(app._notifications)
        assert notes and notes[-1].severity == "warning"
        assert saved_table(tmp_path).rankings == {}


async def test_the_lobby_says_what_is_missing_before_dealing(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+s")
        await pilot.pause()
        (note,) = app._notifications
        assert note.message == "Add at least one player with a role."
        assert isinstance(app.screen, LobbyScreen)
        assert not list(tmp_path.glob("*.toml"))


async def test_quitting_mid_round_asks_then_the_lobby_offers_it_back(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann", "Bo", "Cy"])
        first = await rank_by_keys(pilot, ["down", "t"], ARGUMENT)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("n")  # stay
        await pilot.pause()
        assert app.is_running
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
    assert not app.is_running

    again = app_for(tmp_path)
    async with again.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lobby = again.screen
        assert isinstance(lobby, LobbyScreen)
        (offered,) = lobby.unfinished
        assert offered.table == "Table 1" and offered.phase == "rank"
        await pilot.press("tab")  # from the decks to the unfinished rounds
        assert again.focused is lobby.query_one("#rounds")
        await pilot.press("enter")
        await settle(pilot)
        # Back where it stood: the state has ranked, the regions are next.
        assert isinstance(again.screen, HandOverScreen)
        assert "to the regions" in text(again, "#handover-text")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(again.screen, RankScreen)
        assert again.screen.view.viewer == "Bo"
        assert saved_table(tmp_path).rankings["state"].order == first


async def test_a_danish_round_resumed_from_an_english_lobby_has_danish_keys(
    tmp_path: Path,
) -> None:
    """The app's own keys (quit, help) speak the round's language, as its screens' keys do."""
    from sammenspil.deck.loader import load_deck
    from sammenspil.tui.hotseat import HotSeat, parse_players

    deck, _ = load_deck(bundled_deck_dir() / "sammenhaeng.da.toml")
    seats = parse_players("Ann:state,Bo:region,Cy:municipality")
    HotSeat.start(deck, seats, table_name="Bord 1", seed=7, saves_dir=tmp_path).close()
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        english = {b.binding.key: b.binding.description for b in lobby.active_bindings.values()}
        assert english["ctrl+q"] == "Quit"
        await pilot.press("tab", "enter")  # the unfinished round: the keyboard to the state
        await settle(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, RankScreen)
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["ctrl+q"] == "Afslut" and keys["f1"] == "Hjælp"


async def test_q_quits_only_from_the_lobby(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann"])
        await pilot.press("enter", "q")
        await pilot.pause()
        assert app.is_running and isinstance(app.screen, RankScreen)


async def test_a_small_terminal_is_told_so_and_recovers(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.resize_terminal(60, 20)
        await pilot.pause()
        assert "at least 80×24" in str(app.screen.query_one(Static).render())
        await pilot.resize_terminal(100, 30)
        await pilot.pause()
        assert isinstance(app.screen, LobbyScreen)


async def test_markup_in_names_and_arguments_shows_literally(tmp_path: Path) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("enter", *"Ann", "enter", *"[b]Bo[/]", "enter", "ctrl+s")
        await settle(pilot)
        assert "[b]Bo[/]" in saved_table(tmp_path).players
        await rank_by_keys(pilot, ["t"], ARGUMENT)
        assert isinstance(app.screen, HandOverScreen)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.view.viewer == "[b]Bo[/]"  # type: ignore[attr-defined]
        await pilot.press("tab", *"[red]not red[/red] is what we argue", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RevealScreen)
        await pilot.press("r", "down", "enter")  # the regions ([b]Bo[/]) revise
        await pilot.pause()
        await pilot.press("tab", *"[bold]why[/bold] we [/] moved it", "ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, RevealScreen)
        assert "[bold]why[/bold] we [/] moved it" in text(app, "#reveal-changes")
        assert saved_table(tmp_path).revised["region"].player == "[b]Bo[/]"


async def test_an_escape_sequence_in_an_argument_is_refused_and_never_shown(
    tmp_path: Path,
) -> None:
    app = app_for(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await deal_in_lobby(pilot, ["Ann"])
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        hostile = "we \x1b[2J\x1b]0;pwned\x07 argue"
        screen.query_one("#argument", ArgumentBox).query_one(TextArea).text = hostile
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert app.screen is screen
        note = list(app._notifications)[-1]
        assert note.severity == "warning"
        assert "\x1b" not in note.message
        assert saved_table(tmp_path).rankings == {}


async def test_an_unexpected_error_is_logged_to_a_file_and_told_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    log = tmp_path / "logs" / "sammenspil.log"
    monkeypatch.setattr("sammenspil.tui.app.log_path", lambda: log)
    app = app_for(tmp_path)

    def boom() -> None:
        raise RuntimeError("[bold]kaput[/]\x1b[2J")

    with pytest.raises(RuntimeError):
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            app.call_later(boom)
            await pilot.pause()
    assert app.return_code == 1
    logged = log.read_text(encoding="utf-8")
    assert "Traceback" in logged and "kaput" in logged
    line = app.crash_line
    assert line is not None and "\n" not in line and "\x1b" not in line
    assert str(log) in line and "[bold]kaput[/]" in line
