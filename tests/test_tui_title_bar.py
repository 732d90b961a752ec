"""The title line every screen with a header shows: what it says, and when it says it again."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.command import CommandPalette
from textual.screen import Screen

from sammenspil.tui.widgets.title_bar import CLOCK_WIDTH, ICON, ICON_WIDTH, TitleBar


class Titled(Screen[None]):
    def compose(self) -> ComposeResult:
        yield TitleBar()


class TitledApp(App[None]):
    TITLE = "Sammenspil"

    def on_mount(self) -> None:
        self.push_screen(Titled())


def line(app: App[None]) -> str:
    bar = app.screen.query_one(TitleBar)
    return "".join(segment.text for segment in bar.render_line(0))


async def test_the_line_shows_the_icon_and_the_titles_centred_between_the_icon_and_the_clock() -> (
    None
):
    app = TitledApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        shown = line(app)
        assert len(shown) == 60
        assert shown.startswith(f" {ICON}") and shown.endswith(" " * CLOCK_WIDTH)
        room = shown[ICON_WIDTH : 60 - CLOCK_WIDTH]
        assert room.strip() == "Sammenspil"
        left, right = len(room) - len(room.lstrip()), len(room) - len(room.rstrip())
        assert abs(left - right) <= 1


async def test_a_new_title_or_sub_title_is_shown_and_a_screens_own_wins() -> None:
    app = TitledApp()
    async with app.run_test(size=(80, 10)) as pilot:
        app.sub_title = "[b]Bord 1[/b]"  # a table's name: text, never markup
        await pilot.pause()
        assert "Sammenspil — [b]Bord 1[/b]" in line(app)
        app.screen.title = "Review"
        app.screen.sub_title = "Round 2"
        await pilot.pause()
        assert "Review — Round 2" in line(app) and "Bord" not in line(app)


async def test_a_title_too_long_is_cut_with_an_ellipsis_within_its_room() -> None:
    app = TitledApp()
    async with app.run_test(size=(40, 10)) as pilot:
        app.sub_title = "a table with a name far too long for a line of forty cells"
        await pilot.pause()
        shown = line(app)
        assert len(shown) == 40 and "…" in shown[ICON_WIDTH : 40 - CLOCK_WIDTH]


async def test_a_click_on_the_icon_opens_the_command_palette() -> None:
    app = TitledApp()
    async with app.run_test(size=(60, 10)) as pilot:
        await pilot.pause()
        await pilot.click(TitleBar, offset=(ICON_WIDTH + 5, 0))  # the title: nothing
        await pilot.pause()
        assert not isinstance(app.screen, CommandPalette)
        await pilot.click(TitleBar, offset=(1, 0))
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
