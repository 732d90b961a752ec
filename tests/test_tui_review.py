"""The review in a headless terminal: saved rounds listed, opened, replayed, compared; help.

The rounds are real ones, played through the host (tui_support.table_at) and closed; the
review reads them through the same service the command line builds.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual import events
from textual.pilot import Pilot
from textual.widgets import DataTable, OptionList

from review_support import HOSTILE, hostile_round, review_folder, shown
from sammenspil.cli import main
from sammenspil.game.describe import describe
from sammenspil.game.rules import fold
from sammenspil.game.state import Phase
from sammenspil.i18n import t as message
from sammenspil.saves import load_round
from sammenspil.tui.review_app import ReviewApp, SavesReview, create_review_app
from sammenspil.tui.screens.compare import CompareScreen
from sammenspil.tui.screens.help import HelpScreen, help_for
from sammenspil.tui.screens.replay import ReplayScreen
from sammenspil.tui.screens.review import ReviewScreen
from sammenspil.tui.screens.review_round import RoundScreen
from sammenspil.tui.screens.table_screen import TableScreen
from tui_support import ScreenApp, table_at

SIZE = (120, 40)


async def settled(pilot: Pilot[None]) -> None:
    """Wait for the service's workers and the screens they push."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


def rows(app: ReviewApp) -> list[list[str]]:
    table = app.screen.query_one("#rounds", DataTable)
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    return review_folder(tmp_path_factory.mktemp("review"))


async def test_the_list_shows_finished_and_unfinished_rounds_newest_first(
    folder: tuple[Path, Path, Path],
) -> None:
    where, finished, _ = folder
    app = create_review_app(where)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, ReviewScreen)
        total = load_round(finished).save.result
        assert total is not None and total.total is not None
        assert rows(app) == [
            ["", "2026-05-04 11:30", "Afternoon table", "coherence", "respond", "–"],
            ["", "2026-05-04 10:30", "Morning table", "coherence", "scored", f"{total.total:.1f}"],
        ]
        assert "2 rounds" in shown(app.screen)
        assert app.focused is app.screen.query_one("#rounds")


async def test_open_a_round_then_replay_it_forward_and_back(
    folder: tuple[Path, Path, Path],
) -> None:
    where, finished, _ = folder
    loaded = load_round(finished)
    events, last = loaded.events, loaded.table
    app = create_review_app(where)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("down", "enter")
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, RoundScreen)
        text = shown(screen)
        for role in ("The state", "The regions", "The municipalities"):
            assert role in text
        assert "the region and the municipality must share this problem" in text  # arguments
        assert "endorsed by The regions (Bo)" in text  # a reaction
        assert f"Total: {screen.debrief.total:.1f}" in text
        assert message("en", "h.consensus.title") in text

        await pilot.press("r")
        await settled(pilot)
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        assert replay.replay.count == len(events)

        def position() -> str:
            return str(replay.query_one("#replay-position").content)

        assert position().startswith(f"Step 0 of {len(events)}")
        said = []
        for k in range(1, len(events) + 1):
            await pilot.press("right" if k % 2 else "n")
            assert replay.step == k
            said.append(str(replay.query_one("#replay-sentence").content))
        assert said == [describe(event, last, "en") for event in events]
        assert position().startswith(f"Step {len(events)} of {len(events)}")
        assert "Phase: scored" in position()
        await pilot.press("right")  # past the end: stays at the last step
        assert replay.step == len(events)

        # The state at a step is the table as it stood: before the deal nothing is ranked ...
        await pilot.press("home")
        assert replay.step == 0 and "none yet" in shown(replay)
        # ... after the first placement there is one placement, and no position yet.
        first_place = next(i for i, e in enumerate(events, 1) if e.type == "remedy_placed")
        for _ in range(first_place):
            await pilot.press("right")
        state = shown(replay)
        assert "Placements" in state and "Positions" not in state
        await pilot.press("p")
        assert "Placements" not in shown(replay)
        await pilot.press("end")
        assert replay.step == len(events) and "Positions" in shown(replay)
        assert replay.query_one("#replay-events", OptionList).highlighted == len(events)

        await pilot.press("escape")
        assert isinstance(app.screen, RoundScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)


async def test_down_and_enter_in_one_burst_open_the_round_down_moved_to(
    folder: tuple[Path, Path, Path],
) -> None:
    """Enter is a priority key; a Down that came in the same burst (as over SSH) moves first."""
    app = create_review_app(folder[0])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        for key in ("down", "enter"):
            app.post_message(events.Key(key, None))  # as the driver's thread posts them
        await settled(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.debrief.table_name == "Morning table"


async def test_a_round_named_on_the_command_line_opens_over_the_list_pointing_at_it(
    folder: tuple[Path, Path, Path],
) -> None:
    where, finished, _ = folder
    app = create_review_app(where, open_save=finished)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RoundScreen)
        assert app.screen.debrief.table_name == "Morning table"
        await pilot.press("escape")
        assert isinstance(app.screen, ReviewScreen)
        assert app.screen.query_one("#rounds", DataTable).cursor_row == 1


async def test_compare_two_marked_rounds(folder: tuple[Path, Path, Path]) -> None:
    app = create_review_app(folder[0])
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.check_action("compare", ()) is False  # hidden until a round is marked
        await pilot.press("space", "down", "space")
        assert [r[0] for r in rows(app)] == ["A", "B"]
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, CompareScreen)
        cmp = app.screen.comparison
        assert (cmp.name_a, cmp.name_b) == ("Afternoon table", "Morning table")
        text = shown(app.screen)
        assert "A = Afternoon table" in text and "B = Morning table" in text
        assert "the rounds use different decks" not in text
        await pilot.press("escape")
        # One mark and the cursor on another round compare those two as well.
        await pilot.press("space")  # unmarks the second
        assert [r[0] for r in rows(app)] == ["A", ""]
        await pilot.press("c")
        await settled(pilot)
        assert isinstance(app.screen, CompareScreen)


async def test_compare_across_languages_says_so(tmp_path: Path) -> None:
    en_folder, en_round, _ = review_folder(tmp_path, "en")
    _, da_round, _ = review_folder(tmp_path, "da")
    cmp = SavesReview(en_folder).compare(str(en_round), str(da_round))
    app = ScreenApp(lambda: CompareScreen(cmp, lang="en"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert "⚠ the rounds use different decks or languages (en / da)" in shown(app.screen)


async def test_a_danish_round_reads_in_danish_in_an_english_review(tmp_path: Path) -> None:
    """The round's lines are in its own language, as its score's are, never half and half."""
    folder, da_round, _ = review_folder(tmp_path, "da")
    app = create_review_app(folder, open_save=da_round, lang="en")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RoundScreen)
        text = shown(app.screen)
        assert "støttet af Regionerne (Bo)" in text
        assert " by " not in text and "Kendall's W before" not in text


async def test_help_lists_what_the_screen_is_for_and_its_keys(
    folder: tuple[Path, Path, Path],
) -> None:
    app = create_review_app(folder[0], lang="da")
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict((d, k) for k, d in app.screen.keys)
        assert keys["Åbn"] == "⏎" and keys["Afspil"] == "r" and keys["Hjælp"] == "f1"
        assert "Sammenlign" not in keys  # nothing is marked: compare does not apply yet
        assert "De gemte runder, nyeste først" in shown(app.screen)
        await pilot.press("f1")
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("enter")
        await settled(pilot)
        await pilot.press("f1")
        assert "En gemt runde, som den endte" in shown(app.screen)
        await pilot.press("escape")
        assert isinstance(app.screen, RoundScreen)


async def test_help_on_a_table_screen_says_what_its_phase_asks(tmp_path: Path) -> None:
    played = table_at(tmp_path, Phase.RANK)
    app = ScreenApp(lambda: TableScreen(played.clients["Ann"]))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        help_screen = help_for(app.screen, "en")
        assert help_screen is not None
        assert help_screen.asks.startswith("Ranking: each role puts the dealt problems in order")


async def test_hostile_text_in_a_saved_round_shows_literally(tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    path = hostile_round(tmp_path, folder)
    app = create_review_app(folder, open_save=path)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert isinstance(app.screen, RoundScreen)
        text = shown(app.screen)
        assert "[red]Table[/] [/]" in text
        assert text.count(HOSTILE) == 2  # the revised ranking's argument and the placement's
        await pilot.press("r")
        await settled(pilot)
        replay = app.screen
        assert isinstance(replay, ReplayScreen)
        await pilot.press("end")
        assert HOSTILE in shown(replay)  # the state panel quotes arguments whole
        events = replay.query_one("#replay-events", OptionList)
        prompts = [str(events.get_option_at_index(i).prompt) for i in range(events.option_count)]
        assert "'[red]Table[/] [/]'" in prompts[0]
        assert sum("[bold red]LOUD[/] [/] [link=https://evil.example]" in p for p in prompts) == 2
        await pilot.press("escape", "escape")
        await settled(pilot)
        assert "[red]Table[/] [/]" in rows(app)[0][2]


async def test_a_save_with_a_raw_escape_is_listed_as_broken_and_named_safely(
    folder: tuple[Path, Path, Path], tmp_path: Path
) -> None:
    _, finished, _ = folder
    broken = tmp_path / "saves" / finished.name
    broken.parent.mkdir()
    text = finished.read_text(encoding="utf-8")
    argument = 'argument = "the region and the municipality'
    assert argument in text
    broken.write_text(text.replace(argument, argument[:-3] + "\\u001b[31m", 1), encoding="utf-8")
    app = create_review_app(broken.parent)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        assert rows(app) == [["", "–", broken.name, "–", "broken", ""]]
        await pilot.press("enter")
        await pilot.pause()
        (note,) = app._notifications
        assert note.severity == "error"
        assert "control character (\\x1b)" in note.message
        assert "\x1b" not in note.message


def test_review_without_a_terminal_refuses_in_one_line(folder: tuple[Path, Path, Path]) -> None:
    result = CliRunner().invoke(main, ["review", "--saves", str(folder[0])])
    assert result.exit_code == 2
    assert result.output == "sammenspil review: needs a terminal on stdin and stdout\n"


def test_review_of_a_broken_save_is_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text("format = 1\nmeta = [\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["review", str(bad)])
    assert result.exit_code == 1
    assert result.output.count("\n") == 1
    assert result.output.startswith(f"{bad}:")


def test_a_replay_step_is_the_fold_of_the_events_before_it(
    folder: tuple[Path, Path, Path],
) -> None:
    _, finished, unfinished = folder
    for path in (finished, unfinished):
        loaded = load_round(path)
        replay = SavesReview(path.parent).replay(str(path))
        events = loaded.events
        assert replay.count == len(events)
        start = replay.table(0)
        assert start.phase is Phase.LOBBY and not start.players and start.version == 0
        for k in range(len(events) + 1):
            assert replay.table(k) == fold(start, events[:k])
        assert replay.table(len(events)) == loaded.table
        assert replay.sentence(0).startswith(f"The round '{loaded.table.name}' begins")
