"""The key bar: the screen's keys on one line, redrawn when they change, pressed by a click."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Static

from sammenspil.tui.widgets.key_bar import KeyBar


class Keys(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "count", "Add one"),
        Binding("b", "never", "Not now"),
        Binding("c", "count", "Same action, shown once"),
        Binding("h", "count", "Hidden", show=False),
    ]

    def __init__(self, *, compact: bool = False) -> None:
        super().__init__()
        self.count = 0
        self.compact = compact

    def compose(self) -> ComposeResult:
        yield Static("the screen")
        yield KeyBar(compact=self.compact)

    def action_count(self) -> None:
        self.count += 1

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return None if action == "never" else True


def line(app: App[None]) -> str:
    return str(app.query_one(KeyBar).render())


async def test_it_shows_each_shown_action_once_and_the_palette_on_the_right() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        text = line(app)
        assert text.startswith(" a Add one  b Not now ")
        assert "Same action" not in text and "Hidden" not in text
        assert text.endswith("▏^p palette ")
        assert len(text) == 80


async def test_a_disabled_key_is_dimmed() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        rendered = app.query_one(KeyBar).render()
        start = str(rendered).index(" b ")
        dimmed = [span for span in rendered.spans if span.style == "dim"]
        assert [(s.start, s.end) for s in dimmed] == [(start, start + len(" b Not now "))]


async def test_a_click_on_a_key_presses_it_and_a_disabled_one_does_nothing() -> None:
    app = Keys()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        await pilot.click(KeyBar, offset=(2, 0))  # on " a Add one "
        await pilot.pause()
        assert app.count == 1
        await pilot.click(KeyBar, offset=(14, 0))  # on " b Not now ": disabled
        await pilot.pause()
        assert app.count == 1


async def test_it_is_redrawn_when_the_bindings_change() -> None:
    class Later(Keys):
        def action_count(self) -> None:
            super().action_count()
            self.refresh_bindings()

        def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
            if action == "never":
                return True if self.count else None
            return True

    app = Later()
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        bar = app.query_one(KeyBar)
        assert any(span.style == "dim" for span in bar.render().spans)
        await pilot.press("a")
        await pilot.pause()
        assert not any(span.style == "dim" for span in bar.render().spans)


async def test_compact_leaves_out_the_space_around_keys() -> None:
    app = Keys(compact=True)
    async with app.run_test(size=(80, 5)) as pilot:
        await pilot.pause()
        assert line(app).startswith("a Add one b Not now ")


class Busy(App[None]):
    """A screen with more keys than a narrow terminal has room for, and a help key."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *[Binding(k, f"count('{k}')", f"Action {k}") for k in "abcdefgh"],
        Binding("q", "leave", "Quit"),
        Binding("f1", "help", "Help"),
    ]

    def compose(self) -> ComposeResult:
        yield KeyBar()

    def action_count(self, key: str) -> None:
        pass

    def action_help(self) -> None:
        pass

    def action_leave(self) -> None:
        pass


async def test_short_of_room_it_draws_tight_then_drops_the_palette_then_keys_but_not_help() -> None:
    widths = {}
    app = Busy()
    async with app.run_test(size=(140, 5)) as pilot:
        await pilot.pause()
        widths[140] = line(app)
        assert widths[140].startswith(" a Action a  b Action b ")  # room: drawn as always
        assert widths[140].rstrip().endswith("▏^p palette")
        for width in (120, 110, 40):
            await pilot.resize_terminal(width, 5)
            await pilot.pause()
            widths[width] = line(app)
    assert widths[120].startswith("a Action a b Action b ")  # tight
    assert widths[120].rstrip().endswith("▏^p palette")
    assert "^p" not in widths[110]  # the palette's key goes first
    assert widths[110].rstrip().endswith("h Action h q Quit f1 Help")
    assert widths[40].rstrip().endswith("f1 Help")  # keys before it dropped, help kept
    assert "a Action a" in widths[40] and "q Quit" not in widths[40]
    assert all(len(text.rstrip()) <= width for width, text in widths.items())
