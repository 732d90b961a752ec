"""Table screens draw only what changed: idle, nothing; after a move, no layout of the screen.

A layout of the screen repaints the scrollbar of every list that overflows (Textual refreshes a
scroll view's bars on any layout), so a clock redrawn each second with the same text kept a
respond screen with five placements on one problem writing to the terminal for as long as it
was shown. These tests drive the feed's clock tick by hand (what its one-second timer calls) and
count the screen's layouts. A move at the table replaces only the texts it changed, so the
screen is not laid out again and a list keeps its scroll position.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.host.client import TableClient
from sammenspil.tui.screens import respond
from sammenspil.tui.screens.respond import RespondScreen, joint_order
from sammenspil.tui.widgets.feed import Feed
from sammenspil.tui.widgets.in_place import refill
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.meter import Meter
from tui_support import ARGUMENTS, SEATS, PlayedTable, ScreenApp, table_at

SIZE = (100, 30)
TICKS = 5


def crowded(tmp_path: Path, placements: int = 5) -> PlayedTable:
    """The respond phase with ``placements`` cards on the problem the screen shows first."""
    t = table_at(tmp_path, Phase.RESPOND)
    first = joint_order(t.clients["Ann"].view(), t.clients["Ann"].deck)[0]
    names = list(SEATS)
    for i in range(placements):
        name = names[i % len(names)]
        card = t.table.hands[SEATS[name]][0]
        t.do(name, c.PlaceRemedy(player=name, remedy=card, problem=first, argument=ARGUMENTS["en"]))
    return t


def respond_with(client: TableClient, feed: Feed) -> RespondScreen:
    """The respond screen with the feed under it, as remote play shows it."""
    screen = RespondScreen(client, lang="en")
    screen.panels.append(feed)
    return screen


def layouts(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """Every layout of a screen from now on: the widgets (type#id) that asked for it."""
    seen: list[set[str]] = []
    original = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        asked = set().union(*self._layout_widgets.values()) if self._layout_widgets else set()
        seen.append({f"{type(w).__name__}#{w.id}" for w in asked})
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return seen


async def until(pilot: Pilot[None], check: Callable[[], bool]) -> None:
    async with asyncio.timeout(20):
        while not check():
            await pilot.pause(0.02)


async def settled(pilot: Pilot[None]) -> None:
    """Let the mount's own layouts and repaints run their course."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.2)
    await pilot.pause()


async def ticked(pilot: Pilot[None], feed: Feed, now: list[datetime], step: float) -> None:
    for _ in range(TICKS):
        now[0] += timedelta(seconds=step)
        feed.show_clock()
        await pilot.pause()


@pytest.mark.parametrize("countdown", [False, True], ids=["no clock", "clock running"])
async def test_an_idle_respond_screen_with_an_overflowing_list_is_not_laid_out_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, countdown: bool
) -> None:
    t = crowded(tmp_path)
    client = t.clients["Ann"]
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    now = [start]
    ends = start + timedelta(minutes=5) if countdown else None
    feed = Feed(client, lang="en", clock=lambda: ends, now=lambda: now[0])

    app = ScreenApp(lambda: respond_with(client, feed))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        placements = app.screen.query_one("#placements", OptionList)
        assert placements.max_scroll_y > 0, "five placements overflow their list"
        await settled(pilot)
        seen = layouts(monkeypatch)
        await ticked(pilot, feed, now, 1.0)
        assert seen == []
        if countdown:
            assert feed.clock_text == "04:55 left"


async def test_the_clock_still_lays_out_when_its_width_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = crowded(tmp_path, placements=0)
    client = t.clients["Ann"]
    start = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
    now = [start]
    ends: list[datetime | None] = [None]
    feed = Feed(client, lang="en", clock=lambda: ends[0], now=lambda: now[0])

    app = ScreenApp(lambda: respond_with(client, feed))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        seen = layouts(monkeypatch)
        ends[0] = start + timedelta(seconds=3)
        feed.show_clock()
        await pilot.pause()
        assert feed.clock_text == "00:03 left"
        assert seen, "a clock that appears takes room: the row is laid out again"
        clock = feed.query_one("#feed-clock")
        assert clock.size.width == len("00:03 left")
        now[0] = start + timedelta(seconds=10)
        feed.show_clock()
        await pilot.pause()
        assert feed.clock_text == "time is up"


async def test_a_move_at_the_table_changes_texts_in_place(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = crowded(tmp_path, placements=8)
    client = t.clients["Cy"]

    def make() -> RespondScreen:
        screen = RespondScreen(client, lang="en")
        screen.saved = True  # the mark shows already (its first showing is a layout)
        return screen

    app = ScreenApp(make)
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, RespondScreen)
        placements = screen.query_one("#placements", OptionList)
        assert placements.max_scroll_y > 0
        placements.scroll_to(y=placements.max_scroll_y, animate=False, immediate=True)
        await pilot.pause()
        scrolled = placements.scroll_y
        assert scrolled > 0
        drawn: list[str] = []
        original = KeyBar.refresh

        def counted(self: KeyBar, *args: Any, **kwargs: Any) -> KeyBar:
            drawn.append("keys")
            return original(self, *args, **kwargs)

        monkeypatch.setattr(KeyBar, "refresh", counted)
        seen = layouts(monkeypatch)
        first = t.table.placements[0]
        t.do("Bo", c.Endorse(player="Bo", placement=first.id, comment=ARGUMENTS["en"]))
        await until(pilot, lambda: len(screen.view.table.placements[0].reactions) == 1)
        await settled(pilot)
        assert len(screen.view.table.placements[0].reactions) == 1
        assert "✓" in str(placements.options[0].prompt)  # the reaction shows in its placement
        # Nothing asks for a layout: no text that stayed the same size (title, meters,
        # headings, detail), nor the list whose placement got a line longer (it moves the
        # lines below it, in place: GrowingList).
        assert seen == []
        assert placements.scroll_y == scrolled  # the list was not refilled from the top
        assert drawn == []  # the keys did not change: their bar is not drawn again


class _Listed(App[None]):
    """Ten options, as the respond screen's problems list holds them."""

    def compose(self) -> ComposeResult:
        yield OptionList(*[Option(f"{i}. a problem", id=f"p{i}") for i in range(10)])


def _ten(changed: dict[int, str]) -> list[Option]:
    return [Option(changed.get(i, f"{i}. a problem"), id=f"p{i}") for i in range(10)]


async def test_a_new_text_of_the_same_height_renders_that_option_alone(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Listed()
    async with app.run_test(size=(60, 20)) as pilot:
        options = app.query_one(OptionList)
        await pilot.pause()
        rendered: list[str | None] = []
        original = OptionList._get_option_render

        def counted(self: OptionList, option: Option, style: Any) -> Any:
            rendered.append(option.id)
            return original(self, option, style)

        monkeypatch.setattr(OptionList, "_get_option_render", counted)
        refill(options, _ten({3: "3. a problem  (1)"}), keep="p0")
        await pilot.pause()
        assert set(rendered) == {"p3"}, "the other nine options were not drawn again"
        assert options.render_line(3).text.startswith("3. a problem  (1)")
        assert options.render_line(4).text.startswith("4. a problem")
        assert options.highlighted == 0


async def test_a_new_text_of_another_height_redraws_the_list() -> None:
    app = _Listed()
    async with app.run_test(size=(60, 20)) as pilot:
        options = app.query_one(OptionList)
        await pilot.pause()
        refill(options, _ten({3: "3. a problem\n   on two lines"}), keep="p0")
        await pilot.pause()
        assert options.virtual_size.height == 11
        assert options.render_line(4).text.startswith("   on two lines")
        assert options.render_line(5).text.startswith("4. a problem")
        assert options.highlighted == 0


async def test_a_move_is_one_message_for_the_screen_and_its_feed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The screen repaints itself and its feed from one message, which goes no further: each
    message costs each of a workshop's screens on every move."""
    t = crowded(tmp_path, placements=0)
    client = t.clients["Ann"]
    feed = Feed(client, lang="en")
    joint_orders: list[int] = []
    counted_order = respond.joint_order

    def counted(*args: Any) -> list[str]:
        joint_orders.append(1)
        return counted_order(*args)

    monkeypatch.setattr(respond, "joint_order", counted)

    heard: list[str] = []
    monkeypatch.setattr(
        ScreenApp, "on_table_updated", lambda self, m: heard.append("app"), raising=False
    )
    app = ScreenApp(lambda: respond_with(client, feed))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, RespondScreen)
        assert joint_orders == [1]
        for name in ("Bo", "Cy"):
            card = t.table.hands[SEATS[name]][0]
            problem = t.table.problems[0]
            t.do(
                name,
                c.PlaceRemedy(player=name, remedy=card, problem=problem, argument=ARGUMENTS["en"]),
            )
            await until(pilot, lambda n=name: n in (feed.shown or [""])[-1])
        await settled(pilot)
        assert len(screen.view.table.placements) == 2
        assert feed.shown[-1].startswith("Cy")
        assert heard == [], "the screen's message does not go on to the app"
        # The rankings did not change: the joint order (the agreement) was not computed again.
        assert joint_orders == [1]
        placed_on = screen.query_one("#problems", OptionList).get_option(t.table.problems[0])
        assert str(placed_on.prompt).endswith("(2)")


class _Meters(App[None]):
    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Meter(id="changes")
            yield Meter(id="effort")


async def test_a_meter_going_over_its_budget_keeps_its_width(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = _Meters()
    async with app.run_test(size=(80, 5)) as pilot:
        changes = app.query_one("#changes", Meter)
        changes.show("Changes", 1, 6)
        app.query_one("#effort", Meter).show("Effort", 2, 12)
        await settled(pilot)  # their first showing sets their widths: a layout, once
        width = changes.size.width
        seen = layouts(monkeypatch)
        for value in range(2, 13):  # up to twice the budget: twelve red blocks
            changes.show("Changes", value, 6)
            await pilot.pause()
        assert seen == [], "a placement, even over the budget, is no layout of the screen"
        assert changes.size.width == width
        shown = changes.content
        assert isinstance(shown, Text)
        assert shown.plain == "Changes " + "■" * 12 + "■" * 12 + " 12/6"
        assert changes.has_class("-over")
        changes.show("Changes", 130, 6)  # far past any room kept: it grows
        await pilot.pause()
        assert changes.size.width > width


async def test_new_options_after_the_same_ones_are_added_and_the_rest_kept() -> None:
    app = _Listed()
    async with app.run_test(size=(60, 6)) as pilot:
        options = app.query_one(OptionList)
        options.focus()
        options.highlighted = 7
        await pilot.pause()
        scrolled = options.scroll_y
        assert scrolled > 0
        kept = options.options[:10]
        refill(options, [*_ten({}), Option("10. a new one", id="p10")], keep="p0")
        await pilot.pause()
        assert options.option_count == 11
        assert all(a is b for a, b in zip(options.options, kept, strict=False))
        assert options.get_option("p10").prompt == "10. a new one"
        assert options.highlighted == 7
        assert options.scroll_y == scrolled


async def test_a_new_text_for_a_hidden_list_waits_for_its_width() -> None:
    """A list drawn once and then hidden (a spectator's waiting room hides the roles) has no
    width: its new texts are taken, and drawn when it shows again, not wrapped to nothing."""
    app = _Listed()
    async with app.run_test(size=(60, 20)) as pilot:
        options = app.query_one(OptionList)
        await pilot.pause()
        options.display = False
        await pilot.pause()
        assert options.scrollable_content_region.width == 0
        refill(options, _ten({3: "3. a problem  (1)"}), keep="p0")
        options.display = True
        await pilot.pause()
        assert options.render_line(3).text.startswith("3. a problem  (1)")


async def test_the_keys_are_checked_again_only_when_what_they_read_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    t = crowded(tmp_path, placements=2)  # Ann's and Bo's, on the problem Ann's screen shows
    client = t.clients["Ann"]
    app = ScreenApp(lambda: RespondScreen(client, lang="en"))
    async with app.run_test(size=SIZE) as pilot:
        await settled(pilot)
        screen = app.screen
        assert isinstance(screen, RespondScreen)
        mine = screen.placement
        assert mine is not None and mine.player == "Ann"
        assert screen.check_action("withdraw", ()) is True
        asked: list[int] = []
        original = RespondScreen.refresh_bindings

        def counted(self: RespondScreen) -> None:
            asked.append(self.view.table.version)
            original(self)

        monkeypatch.setattr(RespondScreen, "refresh_bindings", counted)
        elsewhere = next(p for p in t.table.problems if p != screen.problem)
        card = t.table.hands[SEATS["Bo"]][0]
        move = c.PlaceRemedy(player="Bo", remedy=card, problem=elsewhere, argument=ARGUMENTS["en"])
        version = t.do("Bo", move).version
        await until(pilot, lambda: screen.view.table.version == version)
        await settled(pilot)
        assert asked == [], "a placement on another problem changes no key"
        version = t.do("Ann", c.Withdraw(player="Ann", placement=mine.id)).version
        await until(pilot, lambda: screen.view.table.version == version)
        await settled(pilot)
        assert asked == [version], "the selected placement was withdrawn: the keys are checked"
        assert screen.check_action("withdraw", ()) is False
