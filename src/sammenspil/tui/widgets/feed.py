"""The activity feed of remote play: the newest few moves at the table, who did what, and the
facilitator's countdown.

Each player has their own terminal, so nobody sees the others move: the feed says it, one line
per move, in the same sentences the review's replay uses (``game.describe``), headed by the
player's name. Another role's ranking before the reveal is only "submitted" (the host already
redacted what; the feed shows who). Every text is player data: printable, never markup.

The table screen that carries the feed among its panels tells it of every view it hears, in the
same message as its own repaint (one message per move, not two: a move reaches dozens of
screens). The countdown's end comes from a callable (the app knows the connection) and is
redrawn each second.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from rich.cells import cell_len
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.timer import Timer
from textual.widgets import Static

from sammenspil.deck.models import Deck
from sammenspil.game.describe import describe, shorten
from sammenspil.game.text import printable
from sammenspil.game.views import RankingHidden
from sammenspil.host.client import TableClient
from sammenspil.host.view import Move, TableView
from sammenspil.i18n import t
from sammenspil.tui.screens.seen_table import table_of
from sammenspil.tui.widgets.in_place import set_text

FEED_LINES = 3
"""Moves shown: enough to see what just happened, few enough to leave the screen its room."""

LINE_MAX = 160
"""A line is cut here (the widget cuts it again at its width)."""

Clock = Callable[[], datetime | None]


def move_line(move: Move, view: TableView, deck: Deck, lang: str) -> str:
    """One move as one line: who, then what, in the player's language."""
    event = move.event
    if isinstance(event, RankingHidden):  # who ranked, never what: the host kept that back
        role = deck.roles_by_id.get(event.role)
        said = t(lang, "remote.feed.hidden", role=printable(role.name if role else event.role))
        players = [n for n, p in view.table.players.items() if p.role == event.role]
        if not players:
            return said
        return t(lang, "remote.feed.move", player=printable(", ".join(players)), sentence=said)
    sentence = describe(event, table_of(view, deck), lang)
    player = getattr(event, "player", None)
    if not isinstance(player, str) or not player or sentence.startswith(printable(player)):
        return printable(sentence)  # no name to add, or the sentence begins with it already
    return t(lang, "remote.feed.move", player=printable(player), sentence=sentence)


def newest_lines(view: TableView, deck: Deck, lang: str, n: int = FEED_LINES) -> list[str]:
    """The last ``n`` moves of the view's feed, oldest first, each one short line."""
    return [shorten(move_line(m, view, deck, lang), LINE_MAX) for m in view.feed[-n:]]


def time_left(ends: datetime | None, now: datetime, lang: str) -> str:
    """``04:59 left`` (or ``1:02:03 left``), "time is up" when past, "" without a countdown."""
    if ends is None:
        return ""
    seconds = int((ends - now).total_seconds() + 0.999)  # 59.2 s left reads 01:00, not 00:59
    if seconds <= 0:
        return t(lang, "remote.clock.over")
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    shown = f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
    return t(lang, "remote.clock.left", time=shown)


class Feed(Vertical):
    """A heading with the countdown, and the newest moves, one line each."""

    DEFAULT_CSS = """
    Feed {
        height: auto;
        max-height: 5;
        padding: 0 1;
        border-top: hkey $primary;
    }
    Feed > Horizontal { height: 1; }
    Feed #feed-title { width: 1fr; text-style: bold; color: $accent; }
    Feed #feed-clock { width: auto; text-style: bold; color: $warning; }
    Feed #feed-lines { text-wrap: nowrap; text-overflow: ellipsis; }
    """

    def __init__(
        self,
        client: TableClient,
        *,
        lang: str,
        clock: Clock = lambda: None,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        lines: int = FEED_LINES,
    ) -> None:
        super().__init__(id="feed")
        self.client = client
        self.lang = lang
        self.clock = clock
        self.now = now
        self.lines = lines
        self.shown: list[str] = []
        self._rows = Static("", id="feed-lines", markup=False)
        """The moves, one line each, in one widget: all of them shift with every move, and
        one widget repaints them for a fraction of what three cost."""
        self._rows.styles.height = lines
        self._ticking: Timer | None = None
        self._clock_shown = ""

    def compose(self) -> ComposeResult:
        with Horizontal():
            yield Static(t(self.lang, "remote.feed.title"), id="feed-title", markup=False)
            yield Static("", id="feed-clock", markup=False)
        yield self._rows

    def on_mount(self) -> None:
        self._ticking = self.set_interval(1.0, self.show_clock)
        self.show(self.client.view())
        self.show_clock()

    def show(self, view: TableView) -> None:
        """The newest moves of ``view``, oldest first; a dim line when there are none."""
        self.shown = newest_lines(view, self.client.deck, self.lang, self.lines)
        texts = [Text(line.replace("\n", " ")) for line in self.shown]
        if not texts:
            texts = [Text(t(self.lang, "remote.feed.empty"), style="dim")]
        set_text(self._rows, Text("\n").join(texts))

    @property
    def rows(self) -> list[str]:
        """The lines as shown (for tests): one a move, oldest first."""
        content = self._rows.content
        return (content.plain if isinstance(content, Text) else str(content)).split("\n")

    def show_clock(self) -> None:
        """The countdown as it stands now; nothing when there is none (called each second).

        Only a changed text is drawn, and a new layout only when its width changed: a layout of
        the screen each second repaints the scrollbar of every list that overflows (Textual
        refreshes a scroll view's bars on any layout), for as long as the screen is shown.
        """
        shown = time_left(self.clock(), self.now(), self.lang)
        if shown == self._clock_shown:
            return
        wider = cell_len(shown) != cell_len(self._clock_shown)
        self._clock_shown = shown
        self.query_one("#feed-clock", Static).update(Text(shown), layout=wider)

    @property
    def clock_text(self) -> str:
        """The countdown as shown (for tests and the help)."""
        content = self.query_one("#feed-clock", Static).content
        return content.plain if isinstance(content, Text) else str(content)
