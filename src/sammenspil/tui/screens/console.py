"""The facilitator console: every table at a glance, live, and a hand on the selected one.

The rows come from the ``ConsoleService`` (the server's overview as the app read it); the app
tells this screen ``tables_changed`` once per burst of overviews (``OverviewChanged`` replaces
a queued one), and a one-second tick moves only the clocks: time in phase and the countdown.
Each key works on the highlighted table and is shown only where it applies (start in the
lobby, advance and lock while the round is on, ...). A step that changes a table for everyone
is asked first; the server's answer is a notice, a refusal in the table's language. Steering
waits for the server, so it runs in a worker and the screen never freezes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.command import Provider
from textual.events import Resize
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Static
from textual.widgets.data_table import CellDoesNotExist

from sammenspil.game.refusals import Refusal, phase_name
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.client import Accepted
from sammenspil.i18n import t, t_n
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.screens.console_dialogs import AskLine, Confirm, PickPlayer
from sammenspil.tui.screens.console_model import Action, ConsoleService, SeatRow, TableRow
from sammenspil.tui.screens.projector import ProjectorScreen
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

__all__ = ["ConsoleScreen", "OverviewChanged", "clock_text", "seat_text"]

Clock = Callable[[], datetime]

MAX_MINUTES = 24 * 60
TABLE_NAME_MAX = 80  # the protocol's bound on a table's name in a steer
ADVANCE_SHOWN = 1.0
"""Seconds an advance's notice waits for the overview to show where the table went."""

COLUMNS = ("table", "phase", "players", "waiting", "total")
SHARES = {"table": 0.22, "players": 0.44, "waiting": 0.34}
"""How the columns that wrap share the width left by the phase (with its clocks) and the score."""
PHASE_WIDTH, TOTAL_WIDTH = 13, 5
PADDING = 2 * len(COLUMNS) + 2  # a space each side of every cell, and the scrollbar
STEERED = (Phase.REVEAL, Phase.RESPOND, Phase.DILEMMAS)
"""Phases a facilitator moves on (advance) or closes (lock); ranking moves on by itself."""


class OverviewChanged(Message):
    """Some table changed. A burst collapses into one repaint: the rows are read when handled."""

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, OverviewChanged)


def clock_text(seconds: float) -> str:
    """``4:05`` or ``1:02:03``: minutes and seconds, hours only when there are some."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def seat_text(seat: SeatRow, lang: str) -> Text:
    """``● Ann  State`` for a connected player, ``○ Bo  Region · away`` for one who is not."""
    mark = "● " if seat.connected else "· " if seat.facilitator else "○ "
    text = Text(mark, style="green" if seat.connected else "dim")
    text.append(printable(seat.name), style="" if seat.connected else "dim")
    if seat.facilitator:
        what = t(lang, "console.facilitator")
    elif seat.spectator:
        what = t(lang, "console.spectator")
    else:
        what = printable(seat.role) if seat.role else t(lang, "console.no_role")
    text.append(f"  {what}", style="dim" if seat.facilitator or seat.spectator else "")
    if not seat.connected and not seat.facilitator:  # a facilitator steps in for a move only
        text.append(f" · {t(lang, 'console.away')}", style="yellow")
    return text


class ConsoleScreen(Screen[None]):
    """Every table of the server; keys steer the highlighted one."""

    CSS_PATH = "console_screen.tcss"
    HELP_TOPIC = "console"
    COMMANDS: ClassVar[set[type[Provider] | Callable[[], type[Provider]]]] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "start", "console.key.start"),
        Binding("a", "advance", "console.key.advance"),
        Binding("l", "lock", "console.key.lock"),
        Binding("c", "countdown", "console.key.countdown"),
        Binding("x", "remove", "console.key.remove"),
        Binding("t", "takeover", "console.key.takeover"),
        Binding("o", "open", "console.key.open"),
        Binding("p", "projector", "console.key.projector"),
        Binding("r", "review", "console.key.review"),
        Binding("w", "report", "console.key.report"),
    ]

    def __init__(
        self,
        service: ConsoleService,
        *,
        lang: str,
        clock: Clock | None = None,
        join: str | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.join = join  # what players type (the serve command's own console knows it)
        self.lang = lang
        self.clock: Clock = clock or (lambda: datetime.now(UTC))
        self.rows: list[TableRow] = []
        self._told_lost = False
        self._width = -1  # the screen width the columns were made for
        translate_bindings(self, lang)

    def t(self, key: str, /, **values: Any) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        if self.join:
            yield Static(self.join, id="console-join", markup=False)
        yield Static(id="console-summary", markup=False)
        yield DataTable(id="tables", cursor_type="row", zebra_stripes=True)
        yield Static(self.t("console.empty"), id="console-empty", markup=False)
        yield KeyBar(compact=True)  # ten keys: the compact footer keeps help and quit in view

    def on_mount(self) -> None:
        self.title = self.t("console.title")
        self.query_one("#tables", DataTable).focus()
        self.tables_changed()
        self.set_interval(1.0, self.tick)

    def on_resize(self, event: Resize) -> None:
        if event.size.width != self._width:
            self.tables_changed()

    def _columns(self, grid: DataTable[Any]) -> None:
        """Columns that fit the screen's width: names and roles wrap rather than run off."""
        self._width = self.size.width
        left = max(30, self._width - PADDING - PHASE_WIDTH - TOTAL_WIDTH)
        grid.clear(columns=True)
        for key in COLUMNS:
            width = {"phase": PHASE_WIDTH, "total": TOTAL_WIDTH}.get(key)
            if width is None:
                width = int(left * SHARES[key])
            label = Text(self.t(f"console.col.{key}"), style="bold", overflow="ellipsis")
            grid.add_column(label, key=key, width=width)

    # --- showing the tables ---------------------------------------------------------------------

    def tables_changed(self) -> None:
        """Read the newest overview and repaint, keeping the highlighted table highlighted."""
        self.rows = self.service.tables()
        grid: DataTable[Any] = self.query_one("#tables", DataTable)
        chosen = self.selected()
        index = grid.cursor_row
        if self.size.width != self._width:
            self._columns(grid)
        grid.clear()
        now = self.clock()
        for row in self.rows:
            grid.add_row(*self._cells(row, now), key=row.name, height=None)
        names = [row.name for row in self.rows]
        if chosen is not None and chosen.name in names:
            index = names.index(chosen.name)
        if self.rows:
            grid.move_cursor(row=min(max(index, 0), len(self.rows) - 1), animate=False)
        self.query_one("#console-empty").display = not self.rows
        seats = [s for row in self.rows for s in row.seats if not s.facilitator]
        self.query_one("#console-summary", Static).update(
            t_n(
                self.lang,
                "console.summary",
                len(self.rows),
                connected=sum(s.connected for s in seats),
                seated=len(seats),
            )
        )
        self.refresh_bindings()

    def _cells(self, row: TableRow, now: datetime) -> list[Text]:
        players = Text("\n").join(seat_text(s, self.lang) for s in row.seats) or Text(
            self.t("console.nobody"), style="dim"
        )
        waiting = Text("\n".join(printable(w) for w in row.waiting) or self.t("console.nobody"))
        total = "–" if row.total is None else f"{row.total:.0f}"
        return [
            Text(printable(row.name), style="bold"),
            self._phase(row, now),
            players,
            waiting,
            Text(total, justify="right"),
        ]

    def _phase(self, row: TableRow, now: datetime) -> Text:
        """The phase, how long it has run, and what is left of its countdown (or how far over)."""
        text = Text(phase_name(self.lang, row.phase))
        if row.phase_since is not None:
            text.append("\n" + clock_text((now - row.phase_since).total_seconds()), style="dim")
        if row.countdown_ends is not None and row.phase is not Phase.SCORED:
            left = (row.countdown_ends - now).total_seconds()
            if left > 0:
                shown = self.t("console.countdown.left", time=clock_text(left))
                text.append("\n" + shown, style="bold yellow" if left < 60 else "bold")
            else:
                shown = self.t("console.countdown.over", time=clock_text(-left))
                text.append("\n" + shown, style="bold red")
        return text

    def tick(self) -> None:
        """Once a second: the clocks move; nothing else is read."""
        grid: DataTable[Any] = self.query_one("#tables", DataTable)
        now = self.clock()
        for row in self.rows:
            if row.name in grid.rows:
                grid.update_cell(row.name, "phase", self._phase(row, now))
        if self.service.closed and not self._told_lost:
            self._told_lost = True
            self.notify(self.t("console.lost"), severity="error", timeout=30, markup=False)

    def selected(self) -> TableRow | None:
        grid: DataTable[Any] = self.query_one("#tables", DataTable)
        if not self.rows or grid.row_count == 0:
            return None
        try:
            key = grid.coordinate_to_cell_key(grid.cursor_coordinate).row_key.value
        except CellDoesNotExist:  # no row under the cursor: nothing is selected
            return None
        return next((row for row in self.rows if row.name == key), None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.refresh_bindings()

    # --- which keys apply -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        row = self.selected() if self.is_mounted else None
        if action in ("start", "advance", "lock", "countdown", "remove", "takeover"):
            if row is None:
                return False
            phase = row.phase
            if action == "start":
                return phase is Phase.LOBBY
            if action in ("advance", "lock"):
                return phase in STEERED
            if action == "countdown":
                return phase is not Phase.SCORED
            players = [s for s in row.seats if not s.facilitator]
            if action == "takeover":
                return any(s.connected for s in players)
            return bool(players)
        if action in ("projector", "review"):
            return row is not None
        if action == "report":
            return bool(self.rows)
        return True

    # --- the keys ---------------------------------------------------------------------------------

    def action_start(self) -> None:
        if (row := self.selected()) is not None:
            self.steer(row.name, "start", self.t("console.done.start", table=row.name))

    def action_advance(self) -> None:
        if (row := self.selected()) is None:
            return
        name = row.name

        def done(accepted: Accepted) -> str:
            """Where the table went (in the steering worker): the reveal opens by itself once
            every role has ranked, so a facilitator who advances then is told the table is now
            past it. The phase is the overview's, once it shows the move (briefly awaited)."""
            waited = time.monotonic() + ADVANCE_SHOWN
            while time.monotonic() < waited:
                row = next((r for r in self.service.tables() if r.name == name), None)
                if row is not None and row.version >= accepted.version:
                    phase = phase_name(self.lang, row.phase)
                    return self.t("console.done.advance_to", table=name, phase=phase)
                time.sleep(0.02)
            return self.t("console.done.advance", table=name)

        self.steer(name, "advance", done)

    def action_lock(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row.name

        def answered(yes: bool | None) -> None:
            if yes:
                self.steer(name, "lock", self.t("console.done.lock", table=name))

        self.app.push_screen(Confirm(self.t("console.lock.ask", table=name), self.lang), answered)

    def action_countdown(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row.name

        def answered(text: str | None) -> None:
            if text is None:
                return
            try:
                minutes = int(text.strip())
            except ValueError:
                minutes = -1
            if not 0 <= minutes <= MAX_MINUTES:
                bad = self.t("console.countdown.bad", text=printable(text.strip())[:40])
                self.notify(bad, severity="warning", markup=False)
                return
            done = (
                self.t("console.done.countdown", table=name, minutes=minutes)
                if minutes
                else self.t("console.done.countdown_stopped", table=name)
            )
            self.steer(name, "countdown", done, seconds=minutes * 60)

        question = self.t("console.countdown.ask", table=name)
        self.app.push_screen(AskLine(question, self.lang, max_length=5), answered)

    def _pick(self, row: TableRow, question: str, then: Callable[[str], None]) -> None:
        players = [s for s in row.seats if not s.facilitator]
        if not players:
            self.notify(self.t("console.no_players", table=row.name), markup=False)
            return
        shown = [(s.name, seat_text(s, self.lang).plain) for s in players]

        def picked(name: str | None) -> None:
            if name is not None:
                then(name)

        self.app.push_screen(PickPlayer(question, shown, self.lang), picked)

    def action_remove(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row.name

        def confirm(player: str) -> None:
            def answered(yes: bool | None) -> None:
                if yes:
                    done = self.t("console.done.remove", table=name, player=player)
                    self.steer(name, "remove", done, player=player)

            ask = self.t("console.remove.ask", table=name, player=player)
            self.app.push_screen(Confirm(ask, self.lang), answered)

        self._pick(row, self.t("console.remove.pick", table=name), confirm)

    def action_takeover(self) -> None:
        row = self.selected()
        if row is None:
            return
        name = row.name

        def allow(player: str) -> None:
            done = self.t("console.done.takeover", player=player)
            self.steer(name, "takeover", done, player=player)

        self._pick(row, self.t("console.takeover.pick", table=name), allow)

    def action_open(self) -> None:
        def answered(text: str | None) -> None:
            if text is None:
                return
            name = text.strip()
            if not name:
                self.notify(self.t("console.open.empty"), severity="warning", markup=False)
                return
            self.steer(name, "open", self.t("console.done.open", table=name))

        ask = AskLine(self.t("console.open.ask"), self.lang, max_length=TABLE_NAME_MAX)
        self.app.push_screen(ask, answered)

    def action_projector(self) -> None:
        if (row := self.selected()) is not None:
            self.app.push_screen(ProjectorScreen(self.service, row.name, lang=self.lang))

    def action_review(self) -> None:
        from sammenspil.tui.screens.review import open_in_worker
        from sammenspil.tui.screens.review_round import RoundScreen

        row = self.selected()
        if row is None:
            return
        review, save, lang = self.service.review, row.save, self.lang
        open_in_worker(
            self, lang, lambda: RoundScreen(review, save, review.debrief(save), lang=lang)
        )

    @work(thread=True, group="report", exclusive=True)
    def action_report(self) -> None:
        """The workshop report of every table, for the debrief: written, and where it is said."""
        try:
            path = self.service.write_report()
        except Exception as exc:  # a save that cannot be read, a folder that cannot be written
            line = self.t("console.report.failed", error=printable(str(exc))[:200])
            self.app.call_from_thread(self.notify, line, severity="error", markup=False)
            return
        line = self.t("console.report.written", path=printable(path))
        self.app.call_from_thread(self.notify, line, timeout=30, markup=False)

    # --- talking to the server --------------------------------------------------------------------

    @work(thread=True, group="steer")
    def steer(
        self,
        table: str,
        action: Action,
        done: str | Callable[[Accepted], str],
        *,
        player: str | None = None,
        seconds: int | None = None,
    ) -> None:
        """Ask the server (it may take a moment) and say how it went."""
        outcome = self.service.steer(table, action, player=player, seconds=seconds)
        if isinstance(outcome, Refusal):
            self.app.call_from_thread(
                self.notify, printable(outcome.reason), severity="warning", markup=False
            )
        else:
            said = done if isinstance(done, str) else done(outcome)
            self.app.call_from_thread(self.notify, printable(said), markup=False)
