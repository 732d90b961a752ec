"""A ``GrowingList`` draws what Textual's ``OptionList`` draws, without its layouts and repaints.

Each test applies the same changes to a ``GrowingList`` and to an ``OptionList`` of the same
size, side by side, and compares what the screen shows of each, cell by cell (text and style):
new options below, a new option past the bottom (a scrollbar comes), a prompt that grows by a
line in the middle, scrolled and not. What it saves is counted: no layout of the screen asked by
the growing list (but when its scrollbar comes), and no option drawn again but the new or
changed ones.
"""

from __future__ import annotations

from typing import Any

import pytest
from rich.segment import Segment
from rich.style import Style
from textual.app import App, ComposeResult
from textual.containers import Horizontal
from textual.pilot import Pilot
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.tui.widgets.growing_list import GrowingList

WIDTH = 30
HEIGHT = 8


def placement(i: int, reactions: int = 0) -> Option:
    """A placement of two lines (three when it wraps), and a line per reaction."""
    lines = [f"Role {i} · Ann: card {i}", f"  “an argument for card {i}”"]
    lines += [f"  ✓ Region (Bo): agreed {r}" for r in range(reactions)]
    return Option("\n".join(lines), id=f"p{i}")


class Reference(OptionList):
    """Textual's list, but for one thing: when its scrollbar comes or goes it forgets every
    drawing (Textual's own ``_clear_caches``), so options wrapped before are wrapped again.
    Textual's list does not (``test_options_wrapped_before_the_scrollbar_came_...``)."""

    def watch_show_vertical_scrollbar(self) -> None:
        self._clear_caches()


class Pair(App[None]):
    """A ``GrowingList`` (left) and an ``OptionList`` (right), of the same fixed size."""

    AUTO_FOCUS = None
    CSS = f"""
    OptionList {{ width: {WIDTH}; height: {HEIGHT}; border: none; padding: 0; }}
    """

    def __init__(self, options: int) -> None:
        super().__init__()
        self.start = options

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield GrowingList(*[placement(i) for i in range(self.start)], id="grow")
            yield Reference(*[placement(i) for i in range(self.start)], id="plain")

    @property
    def lists(self) -> tuple[GrowingList, OptionList]:
        return self.query_one("#grow", GrowingList), self.query_one("#plain", OptionList)


def cells(strip: Strip) -> list[tuple[str, Style | None]]:
    return [(char, segment.style) for segment in strip for char in segment.text]


def halves(app: Pair) -> tuple[list[list[Any]], list[list[Any]]]:
    """What the screen shows of each list, line by line, cell by cell."""
    strips = app.screen._compositor.render_strips()
    rows = [cells(Strip(list(Segment.simplify(strip)))) for strip in strips[:HEIGHT]]
    return [row[:WIDTH] for row in rows], [row[WIDTH : 2 * WIDTH] for row in rows]


def layouts_asked(monkeypatch: pytest.MonkeyPatch) -> list[set[str]]:
    """The widgets (by id) that asked for each layout of the screen from now on."""
    seen: list[set[str]] = []
    original = Screen._refresh_layout

    def counted(self: Screen[object], *args: object, **kwargs: object) -> None:
        asked = set().union(*self._layout_widgets.values()) if self._layout_widgets else set()
        seen.append({str(w.id) for w in asked})
        original(self, *args, **kwargs)

    monkeypatch.setattr(Screen, "_refresh_layout", counted)
    return seen


def drawn(monkeypatch: pytest.MonkeyPatch) -> dict[str, list[str | None]]:
    """The options each list draws from now on (by list id)."""
    seen: dict[str, list[str | None]] = {"grow": [], "plain": []}
    original = OptionList._get_option_render

    def counted(self: OptionList, option: Option, style: Any) -> Any:
        seen[str(self.id)].append(option.id)
        return original(self, option, style)

    monkeypatch.setattr(OptionList, "_get_option_render", counted)
    return seen


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause()


async def test_new_options_below_are_drawn_alone_and_lay_nothing_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = Pair(options=1)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        asked = layouts_asked(monkeypatch)
        options = drawn(monkeypatch)
        for options_list in (grow, plain):
            options_list.add_options([placement(1)])
        await settle(pilot)
        left, right = halves(app)
        assert left == right
        assert grow.virtual_size == plain.virtual_size == grow.virtual_size.with_height(4)
        assert not any("grow" in ids for ids in asked), "the growing list asked for no layout"
        assert any("plain" in ids for ids in asked), "Textual's list did (the test can tell)"
        assert set(options["grow"]) == {"p1"}
        assert set(options["plain"]) == {"p0", "p1"}


async def test_a_new_option_past_the_bottom_brings_the_scrollbar(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    app = Pair(options=3)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        assert not grow.show_vertical_scrollbar
        asked = layouts_asked(monkeypatch)
        for options_list in (grow, plain):
            options_list.add_options([placement(3), placement(4)])
        await settle(pilot)
        assert grow.show_vertical_scrollbar and plain.show_vertical_scrollbar
        assert grow.max_scroll_y == plain.max_scroll_y > 0
        assert any("grow" in ids for ids in asked), "a scrollbar that comes takes a column"
        left, right = halves(app)
        assert left == right
        for options_list in (grow, plain):  # the new ones, scrolled to
            options_list.scroll_end(animate=False, immediate=True)
        await settle(pilot)
        left, right = halves(app)
        assert left == right
        assert "card 4" in "".join(char for char, _ in left[-3] + left[-2] + left[-1])


def wide(i: int) -> Option:
    """A placement whose first line fills the list's width: it wraps once a scrollbar comes."""
    return Option(f"Role {i} · Ann: card number {i:04d}\n  “argument {i}”", id=f"w{i}")


class Alone(App[None]):
    """Textual's own list alone, as wide as ``Pair``'s."""

    AUTO_FOCUS = None
    CSS = Pair.CSS

    def compose(self) -> ComposeResult:
        yield OptionList()


async def test_options_wrapped_before_the_scrollbar_came_are_wrapped_again_beside_it() -> None:
    """A placement wrapped before the list overflowed is wrapped again beside the scrollbar,
    not left with its end under the bar (as Textual's own list leaves it)."""
    assert len("Role 0 · Ann: card number 0000") == WIDTH
    app = Pair(options=0)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        for i in range(5):  # one at a time, as placements come
            for options_list in (grow, plain):
                options_list.add_options([wide(i)])
            await settle(pilot)
        assert grow.show_vertical_scrollbar and plain.show_vertical_scrollbar
        left, right = halves(app)
        assert left == right
        text = ["".join(char for char, _ in row[: WIDTH - 2]).rstrip() for row in left]
        assert text[:3] == ["Role 0 · Ann: card number", "0000", "  “argument 0”"]
    alone = Alone()
    async with alone.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        options_list = alone.query_one(OptionList)
        for i in range(5):
            options_list.add_options([wide(i)])
            await settle(pilot)
        assert options_list.show_vertical_scrollbar
        first = "".join(segment.text for segment in options_list.render_line(0))
        assert first == "Role 0 · Ann: card number 0000", "Textual's list keeps the old wrap"


@pytest.mark.parametrize("scrolled", [False, True], ids=["at the top", "scrolled down"])
async def test_a_prompt_that_grows_in_the_middle_moves_the_lines_below(
    monkeypatch: pytest.MonkeyPatch, scrolled: bool
) -> None:
    app = Pair(options=6)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        if scrolled:
            for options_list in (grow, plain):
                options_list.scroll_to(y=3, animate=False, immediate=True)
            await settle(pilot)
        asked = layouts_asked(monkeypatch)
        options = drawn(monkeypatch)
        for options_list in (grow, plain):
            options_list.replace_option_prompt_at_index(2, placement(2, reactions=2).prompt)
        await settle(pilot)
        left, right = halves(app)
        assert left == right
        assert grow.virtual_size == plain.virtual_size
        assert grow.max_scroll_y == plain.max_scroll_y
        assert not any("grow" in ids for ids in asked)
        assert "p0" not in options["grow"] and "p1" not in options["grow"]
        assert "p0" in options["plain"] or "p3" in options["plain"]


async def test_highlight_and_selection_work_as_in_the_plain_list() -> None:
    app = Pair(options=2)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        for options_list in (grow, plain):
            options_list.add_options([placement(2), placement(3), placement(4)])
            options_list.highlighted = 4
        await settle(pilot)
        assert grow.highlighted_option is not None
        assert grow.highlighted_option.id == "p4"
        assert grow.scroll_y == plain.scroll_y > 0, "the highlight is scrolled into view"
        left, right = halves(app)
        assert left == right


class HalfPair(Pair):
    """The pair, each list half the terminal wide: a narrower terminal wraps their options."""

    CSS = f"""
    OptionList {{ width: 1fr; height: {HEIGHT}; border: none; padding: 0; }}
    """


async def test_a_narrower_terminal_wraps_it_as_the_plain_list() -> None:
    app = HalfPair(options=3)
    async with app.run_test(size=(2 * WIDTH, HEIGHT + 2)) as pilot:
        await settle(pilot)
        grow, plain = app.lists
        assert not grow.show_vertical_scrollbar
        await pilot.resize_terminal(WIDTH, HEIGHT + 2)  # each list half as wide: lines wrap
        await settle(pilot)
        for options_list in (grow, plain):
            options_list.add_options([placement(3)])
        await settle(pilot)
        assert grow.virtual_size == plain.virtual_size
        assert grow.virtual_size.height > 4 * 2, "the options wrap: more than two lines each"
        assert grow.show_vertical_scrollbar and plain.show_vertical_scrollbar
        strips = app.screen._compositor.render_strips()
        half = WIDTH // 2
        rows = [cells(Strip(list(Segment.simplify(strip)))) for strip in strips[:HEIGHT]]
        assert [row[:half] for row in rows] == [row[half:WIDTH] for row in rows]
