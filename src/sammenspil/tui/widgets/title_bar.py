"""The screen's title on its top line: one widget that draws one line of text.

Textual's ``Header`` composes three widgets (the icon, the title and the clock's room) and sets
the title's text, each time laying out the screen, once for each of the four titles it watches
as it mounts. On a workshop server every player's app draws it in its first frame: a forked
app reached the lobby's first frame with about a tenth less processor time with the header
drawn as one line (benchmarks/bench_fork.py's children, the lobby's header a ``Static``).
``TitleBar`` draws what the header draws at one line's height (the icon on the left, which
opens the command palette when clicked; the title and sub-title centred between the icon's and
the clock's room) and repaints when a title changes.
"""

from __future__ import annotations

from textual import events
from textual.content import Content
from textual.widget import Widget

ICON = "⭘"
ICON_WIDTH = 8
"""The icon's room on the left (as Textual's header: one cell of padding either side)."""
CLOCK_WIDTH = 10
"""The clock's room on the right, kept empty as the header keeps it without a clock."""


class TitleBar(Widget, can_focus=False):
    """The app's or the screen's title and sub-title, centred on one line."""

    ALLOW_SELECT = False
    DEFAULT_CSS = """
    TitleBar {
        dock: top;
        width: 100%;
        height: 1;
        background: $panel;
        color: $foreground;
    }
    """

    def on_mount(self) -> None:
        for owner in (self.app, self.screen):
            self.watch(owner, "title", self._retitled, init=False)
            self.watch(owner, "sub_title", self._retitled, init=False)

    def _retitled(self) -> None:
        self.refresh()  # one line at any title: no layout

    @property
    def titles(self) -> tuple[str, str]:
        """The screen's title and sub-title where it has them, else the app's."""
        screen, app = self.screen, self.app
        title = screen.title if screen.title is not None else app.title
        sub_title = screen.sub_title if screen.sub_title is not None else app.sub_title
        return title, sub_title

    def render(self) -> Content:
        room = max(0, self.size.width - ICON_WIDTH - CLOCK_WIDTH)
        title = self.app.format_title(*self.titles).center(room, ellipsis=True)
        icon = Content(f" {ICON}").pad_right(ICON_WIDTH - 2)
        return Content.assemble(icon, title, " " * CLOCK_WIDTH)

    async def on_click(self, event: events.Click) -> None:
        """The icon opens the command palette, as the header's does."""
        if event.x < ICON_WIDTH and self.app.ENABLE_COMMAND_PALETTE:
            event.stop()
            await self.run_action("app.command_palette")
