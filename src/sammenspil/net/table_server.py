"""The table server: named tables, each a ``TableHost`` over a saved round, served to sockets.

asyncio, one task per connection. Whoever accepted a connection (the SSH front door; a test)
authenticated it and passes its ``Principal`` to ``serve_connection``; nothing a client sends can
change who it is. A ``hello`` naming a table connects the principal to it (the host makes the
``Join`` for a newcomer); a closed socket disconnects it, which is presence only, never a
``Leave``: the seat and the round stay as they are.

Commands go to the host off the event loop (``asyncio.to_thread``: the host fsyncs its journal
before it answers), one at a time per table. The host tells each connection's subscriber from
whatever thread submitted; the subscriber only parks the newest view in that connection's
``_Outbox`` and wakes its writer, so a slow reader costs one view of memory and holds up nobody.

A bad line (too long, not JSON, not a message, a hello of another protocol) ends that connection
with an ``error``; everything else goes on. On start, ``load`` hosts every unfinished round
found in the saves folder again, so a restarted server has its tables back and players rejoin,
and the workshop's scored ones (locked: shown and reported, never played again).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.queries import still_to_act
from sammenspil.game.refusals import Refusal, refuse
from sammenspil.game.state import Phase, Settings
from sammenspil.game.text import printable
from sammenspil.host.client import Accepted, Outcome
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import Move, TableView
from sammenspil.i18n import t
from sammenspil.net.protocol import (
    MAX_LINE,
    PROTOCOL_VERSION,
    Bye,
    Countdown,
    Error,
    Hello,
    Overview,
    ProtocolError,
    Result,
    SeatInfo,
    Send,
    Steer,
    TableInfo,
    Tables,
    TableStatus,
    Welcome,
    decode_client,
    encode,
)
from sammenspil.net.update_line import SharedJSON
from sammenspil.saves import Round, SaveError, load_round
from sammenspil.scoring.report import score_table

logger = logging.getLogger(__name__)

MAX_PENDING_RESULTS = 64
"""Answers waiting for a client that does not read them; past this, the connection is cut."""

MAX_PENDING_MOVES = 256
"""Moves kept for a slow reader's next update; older ones are in the view's feed anyway."""

CLOSE_TIMEOUT = 1.0
"""How long a last message may take to leave before the socket is closed regardless."""

HELLO_TIMEOUT = 10.0
"""How long a new connection may stay silent before its hello; then it is cut off.

This guards against silent strangers. A door that starts the app on the other end itself (the
SSH front's socketpair) serves it with ``own_app=True``, without this limit: that app's life is
bound to the session (hang-up, idle timeout), and in a crowd of apps starting on a busy machine
its hello may come well after 10 s."""

SERVER_TABLE = Settings(anyone_advances=False)
"""Tables on a server: only facilitators start, advance and lock them."""

_OVERVIEW = Principal(name="overview", facilitator=True)
"""Who the server subscribes as, to hear that a table changed (its views are never sent)."""


@dataclass
class _Table:
    host: TableHost
    round: Round
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)
    countdown_ends: datetime | None = None
    outboxes: set[_Outbox] = field(default_factory=set)
    phase: Phase | None = None  # as last seen on the loop: a new phase stops the countdown

    def phase_since(self) -> datetime | None:
        """When the table entered its phase: the last phase change in its log, else its start."""
        for logged in reversed(self.round.save.events):
            if isinstance(logged.event, e.PhaseChanged):
                return logged.at
        return self.round.save.meta.created


class _Outbox:
    """What one connection still has to send: answers in order, and only the newest view.

    ``offer_view`` may be called from any thread; everything else runs on the event loop.
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        principal: Principal,
        shared: SharedJSON | None = None,
    ) -> None:
        self._loop = loop
        self.principal = principal
        self.shared = shared or SharedJSON()  # the server's: JSON many connections' views share
        self.results: deque[bytes] = deque()
        self.view: TableView | None = None
        self.moves: list[Move] = []
        self.head: bytes | None = None  # the welcome: before any view, which it makes sense of
        self.welcomed = False
        self.last: bytes | None = None  # an error or bye, after which the writer stops
        self.wake = asyncio.Event()
        self.overview: Callable[[], bytes] | None = None  # a facilitator's watch connection
        self.overview_due = False
        self.reading: asyncio.Task[None] | None = None  # cancelled when the connection is cut

    def offer_view(self, view: TableView, moves: tuple[Move, ...]) -> None:
        """From the host's callback, any thread: park the view for the loop."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is left to tell
            self._loop.call_soon_threadsafe(self._park, view, moves)

    def _park(self, view: TableView, moves: tuple[Move, ...]) -> None:
        if self.view is None or view.table.version >= self.view.table.version:
            self.view = view
        self.moves.extend(moves)
        del self.moves[:-MAX_PENDING_MOVES]
        self.wake.set()

    def overview_changed(self) -> None:
        """On the loop: some table changed; the overview is built when the writer gets to it."""
        self.overview_due = True
        self.wake.set()

    def answer(self, line: bytes) -> bool:
        """Queue an answer; False when the client has let too many pile up."""
        if len(self.results) >= MAX_PENDING_RESULTS:
            return False
        self.results.append(line)
        self.wake.set()
        return True

    def welcome(self, line: bytes) -> None:
        self.head = line
        self.welcomed = True
        self.wake.set()

    def finish(self, line: bytes) -> None:
        self.last = line
        self.wake.set()

    def take(self) -> list[bytes]:
        """Everything to write now: the newest view first, so an answer never outruns it."""
        lines: list[bytes] = []
        if self.head is not None:
            lines.append(self.head)
            self.head = None
        if self.view is not None and self.welcomed:
            lines.append(self.shared.update(self.view, self.moves))
            self.view, self.moves = None, []
        if self.overview_due and self.overview is not None:
            lines.append(self.overview())
            self.overview_due = False
        lines.extend(self.results)
        self.results.clear()
        self.wake.clear()
        return lines


class TableServer:
    """Named tables in one saves folder, and the connections to them.

    ``deck`` is what a facilitator's ``open`` deals; tables opened here or loaded from the
    folder are server tables: only facilitators start, advance and lock them.
    """

    def __init__(
        self, saves_dir: Path, *, deck: Deck | None = None, max_line: int = MAX_LINE
    ) -> None:
        self.saves_dir = Path(saves_dir)
        self.deck = deck
        self.max_line = min(max_line, MAX_LINE)  # what a client may send in one line
        self._tables: dict[str, _Table] = {}
        self._takeovers: set[str] = set()
        self._watchers: set[_Outbox] = set()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._shared = SharedJSON()  # used on the loop only

    # --- seats taken over ---------------------------------------------------------------------

    def allow_takeover(self, name: str) -> None:
        """A facilitator lets the next connection under ``name`` replace the connected one."""
        self._takeovers.add(name)

    def take_over(self, name: str) -> bool:
        """Whether a new connection may replace a connected ``name``; the permission is used up."""
        if name in self._takeovers:
            self._takeovers.discard(name)
            return True
        return False

    # --- tables -------------------------------------------------------------------------------

    def load(self, *, scored_since: datetime | None = None) -> list[str]:
        """Host again every unfinished round in the saves folder, and every round scored (last
        written) since ``scored_since``: this workshop's finished tables, locked, which the
        console lists and the workshop report covers, and whose names new tables do not take.
        One line per save skipped.

        Older scored rounds stay in the folder for review and are not hosted. Of two rounds
        under one table name, an unfinished one wins over a scored one, else the one read last
        (newest file name); either way with a line.
        """
        problems: list[str] = []
        if not self.saves_dir.is_dir():
            return problems
        found: list[tuple[Path, Round]] = []
        for path in sorted(self.saves_dir.glob("*.toml")):
            try:
                round_ = load_round(path, scorer=score_table, tidy=True)
            except SaveError as exc:
                problems.append(printable(str(exc)))
                continue
            if round_.table.phase is not Phase.SCORED or (
                scored_since is not None and _aware(round_.save.meta.updated) >= scored_since
            ):
                found.append((path, round_))
        playing = {r.table.name for _, r in found if r.table.phase is not Phase.SCORED}
        for path, round_ in found:
            name = round_.table.name
            scored = round_.table.phase is Phase.SCORED
            if scored and name in playing:
                problems.append(
                    printable(f"{path}: table '{name}' is scored and played again; not hosted")
                )
                continue
            if name in self._tables:
                problems.append(printable(f"{path}: a second round of table '{name}'; hosted"))
            self._adopt(round_)
        return problems

    def open_table(self, name: str, deck: Deck, *, seed: int | None = None) -> TableHost:
        """A new round of ``deck`` at a new table; ``SaveError`` for a bad or taken name."""
        if name.strip() in self._tables:
            raise SaveError(printable(f"there is already a table named '{name.strip()}'"))
        round_ = Round.create(
            deck,
            table_name=name,
            seed=secrets.randbits(63) if seed is None else seed,
            saves_dir=self.saves_dir,
            settings=SERVER_TABLE,
            scorer=score_table,
        )
        return self._adopt(round_).host

    def _adopt(self, round_: Round) -> _Table:
        entry = _Table(TableHost(round_), round_, phase=round_.table.phase)
        self._tables[round_.table.name] = entry
        entry.host.subscribe(_OVERVIEW, lambda *_: self._table_changed(entry))
        self._table_changed(entry)
        return entry

    def _table_changed(self, entry: _Table) -> None:
        """From the host's callback, any thread: look at the table again on the loop."""
        loop = self._loop
        if loop is None:
            return
        with contextlib.suppress(RuntimeError):  # the loop is closed
            loop.call_soon_threadsafe(self._look_again, entry)

    def _look_again(self, entry: _Table) -> None:
        """On the loop: a countdown is for one phase, and every watcher's overview is due."""
        phase = entry.host.table.phase
        if phase is not entry.phase:
            entry.phase = phase
            if entry.countdown_ends is not None:
                self._set_countdown(entry, None)
        self._overview_due()

    def _overview_due(self) -> None:
        for outbox in self._watchers:
            outbox.overview_changed()

    def host(self, name: str) -> TableHost | None:
        table = self._tables.get(name)
        return table.host if table else None

    @property
    def names(self) -> list[str]:
        """Every hosted table's, the scored ones too: a new table takes none of them."""
        return list(self._tables)

    @property
    def playing(self) -> list[str]:
        """The hosted tables not yet scored."""
        return [
            name
            for name, entry in self._tables.items()
            if entry.host.table.phase is not Phase.SCORED
        ]

    def tables(self, viewer: str | None = None) -> Tables:
        """The hosted tables as a list shows them, and the one where ``viewer`` sits."""
        infos = [TableInfo(**self._info(name, entry)) for name, entry in self._tables.items()]
        yours = next(
            (name for name, entry in self._tables.items() if viewer in entry.host.table.players),
            None,
        )
        return Tables(tables=infos, yours=yours)

    def overview(self) -> Overview:
        """Every table as the facilitator console shows it, with its live score."""
        statuses = []
        for name, entry in self._tables.items():
            table = entry.host.table
            try:
                total = score_table(table).total
            except Exception as exc:  # a scoring bug must not blind the facilitator
                logger.error("table %s: not scored: %s", printable(name), printable(repr(exc)))
                total = None
            statuses.append(
                TableStatus(
                    **self._info(name, entry),
                    deck=table.deck.title,
                    roles={role.id: role.name for role in table.deck.roles},
                    waiting=still_to_act(table),
                    phase_since=entry.phase_since(),
                    countdown_ends=entry.countdown_ends,
                    total=total,
                    save=str(entry.round.path),
                )
            )
        return Overview(tables=statuses)

    @staticmethod
    def _info(name: str, entry: _Table) -> dict[str, object]:
        table = entry.host.table
        presence = entry.host.presence()
        seats = [
            SeatInfo(
                name=p.name,
                role=p.role,
                role_name=table.role_name(p.role) if p.role in table.deck.roles_by_id else None,
                spectator=p.spectator,
                facilitator=p.facilitator,
                presence=presence[p.name],
            )
            for p in table.players.values()
        ]
        return {"name": name, "phase": table.phase, "version": table.version, "seats": seats}

    def close(self) -> None:
        """Bring every table's save up to date, e.g. on shutdown."""
        for name, entry in self._tables.items():
            try:
                entry.host.close()
            except (OSError, SaveError) as exc:
                logger.error("table %s: not written: %s", printable(name), printable(str(exc)))

    # --- connections --------------------------------------------------------------------------

    async def serve_connection(
        self,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        principal: Principal,
        *,
        own_app: bool = False,
    ) -> None:
        """Serve one connection, authenticated as ``principal``, until it closes or misbehaves.

        ``reader`` must have been made with ``limit=self.max_line`` (``asyncio.open_connection``
        and ``start_server`` take it) so that a long line is cut off, not gathered. The first line
        must come within ``HELLO_TIMEOUT``, unless ``own_app``: the door that accepted the
        connection started the app on its other end itself and ends it with the session.
        """
        hello_timeout = None if own_app else HELLO_TIMEOUT
        self._loop = asyncio.get_running_loop()
        outbox = _Outbox(self._loop, principal, self._shared)
        sender = asyncio.create_task(self._send(outbox, writer))
        state = _Connection(principal)
        outbox.reading = asyncio.create_task(self._read(reader, outbox, state, hello_timeout))
        try:
            await outbox.reading
        except asyncio.CancelledError:
            current = asyncio.current_task()
            if current is not None and current.cancelling():
                raise  # the server itself is stopping this connection
        finally:
            self._watchers.discard(outbox)
            if state.unsubscribe is not None:
                state.unsubscribe()
            if state.joined is not None:
                state.joined.outboxes.discard(outbox)
                await asyncio.to_thread(state.joined.host.disconnect, state.principal)
            if outbox.last is None:
                outbox.finish(b"")
            with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
                await asyncio.wait_for(asyncio.shield(sender), CLOSE_TIMEOUT)
            sender.cancel()
            await _linger(reader, writer)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), CLOSE_TIMEOUT)

    async def _read(
        self,
        reader: asyncio.StreamReader,
        outbox: _Outbox,
        state: _Connection,
        hello_timeout: float | None,
    ) -> None:
        """The connection's reader: one message at a time, until the end or a bad line."""
        who = printable(state.principal.name)
        try:
            first = True
            while True:
                try:
                    async with asyncio.timeout(hello_timeout if first else None):
                        line = await reader.readline()
                except TimeoutError:
                    raise ProtocolError(f"no hello within {hello_timeout:g} s") from None
                except (ValueError, asyncio.LimitOverrunError):
                    raise ProtocolError(f"a line is over {self.max_line} bytes") from None
                first = False
                if not line:
                    return
                message = decode_client(line, limit=self.max_line)
                if isinstance(message, Bye):
                    outbox.finish(encode(Bye()))
                    return
                if isinstance(message, Hello):
                    if not await self._hello(message, outbox, state):
                        return
                    continue
                if isinstance(message, Steer):
                    if outbox.overview is None:
                        raise ProtocolError("steer from a connection that is not watching")
                    answer = await self._steer(message, state.principal)
                elif state.joined is None:
                    raise ProtocolError("send a hello naming a table before any command")
                else:
                    answer = await self._command(message, state)
                if not outbox.answer(encode(answer)):
                    raise ProtocolError("too many answers unread; connection closed")
        except ProtocolError as exc:
            logger.warning("connection of %s cut off: %s", who, exc)
            outbox.finish(encode(Error(message=str(exc))))
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception as exc:  # a bug here ends this connection, never the server
            logger.error("connection of %s failed: %s", who, printable(repr(exc)), exc_info=True)
            outbox.finish(encode(Error(message="the server could not handle that message")))

    async def _hello(self, message: Hello, outbox: _Outbox, state: _Connection) -> bool:
        """Answer a hello; False when the connection ends here (refused)."""
        if message.protocol != PROTOCOL_VERSION:
            raise ProtocolError(
                f"protocol {message.protocol} is not spoken here "
                f"(this server speaks {PROTOCOL_VERSION})"
            )
        if state.joined is not None or outbox.overview is not None:
            raise ProtocolError("already at a table: say bye and connect again")
        if message.watch:
            if not state.principal.facilitator:
                raise ProtocolError("only facilitators may watch every table")
            outbox.overview = lambda: encode(self.overview())
            self._watchers.add(outbox)
            outbox.overview_changed()
            return True
        if message.table is None:
            if not outbox.answer(encode(self.tables(state.principal.name))):
                raise ProtocolError("too many answers unread; connection closed")
            return True
        entry = self._tables.get(message.table)
        if entry is None:
            outbox.finish(encode(Error(message=_no_table(message.table))))
            return False
        seat = entry.host.table.players.get(state.principal.name)
        back_to_watch = seat is not None and seat.spectator  # coming back to a spectator's seat
        if (message.spectator or back_to_watch) and not state.principal.facilitator:
            state.principal = state.principal.model_copy(update={"spectator": True})
        async with entry.lock:
            outcome = await asyncio.to_thread(entry.host.connect, state.principal)
        if isinstance(outcome, Refusal):
            outbox.finish(encode(Error(message=printable(outcome.reason))))
            return False
        state.joined = entry
        entry.outboxes.add(outbox)
        state.unsubscribe = entry.host.subscribe(state.principal, outbox.offer_view)
        view = entry.host.view(state.principal)
        welcome = Welcome(deck=entry.host.deck, view=view, countdown_ends=entry.countdown_ends)
        outbox.welcome(encode(welcome))
        return True

    async def _command(self, message: Send, state: _Connection) -> Result:
        entry = state.joined
        assert entry is not None
        async with entry.lock:
            outcome = await asyncio.to_thread(entry.host.submit, state.principal, message.command)
        if isinstance(outcome, Accepted):
            return Result(id=message.id, version=outcome.version)
        return Result(id=message.id, refusal=outcome)

    # --- the facilitator's hand ---------------------------------------------------------------

    async def _steer(self, message: Steer, facilitator: Principal) -> Result:
        """Do what a facilitator asked of a table; a refusal in the table's language if not."""
        entry = self._tables.get(message.table)
        lang = entry.host.deck.language if entry else (self.deck.language if self.deck else "en")

        def refused(code: str, **fields: object) -> Result:
            return Result(id=message.id, refusal=refuse(lang, code, **fields))

        if message.action == "open":
            if entry is not None:
                return refused("table_exists", table=message.table)
            if self.deck is None:
                return refused("no_deck")
            try:
                host = self.open_table(message.table, self.deck)
            except SaveError as exc:
                return refused("bad_text", detail=printable(str(exc)))
            return Result(id=message.id, version=host.table.version)
        if entry is None:
            return refused("no_table", table=message.table)
        version = entry.host.table.version
        if message.action in _STEERING:
            command = _STEERING[message.action](player="")
            async with entry.lock:
                outcome = await asyncio.to_thread(self._as_facilitator, entry, facilitator, command)
            if isinstance(outcome, Refusal):
                return Result(id=message.id, refusal=outcome)
            return Result(id=message.id, version=outcome.version)
        if message.action == "countdown":
            seconds = message.seconds or 0
            ends = datetime.now(UTC) + timedelta(seconds=seconds) if seconds else None
            self._set_countdown(entry, ends.replace(microsecond=0) if ends else None)
            return Result(id=message.id, version=version)
        player = message.player or ""
        if message.action == "takeover":
            self.allow_takeover(player)
            return Result(id=message.id, version=version)
        # remove
        seat = entry.host.table.players.get(player)
        if seat is None:
            return refused("no_player", player=player, table=message.table)
        bye = encode(Error(message=t(lang, "serve.removed", table=message.table)))
        for outbox in [o for o in entry.outboxes if o.principal.name == player]:
            outbox.finish(bye)
            if outbox.reading is not None:
                outbox.reading.cancel()
        leaver = Principal(name=player, facilitator=seat.facilitator, spectator=seat.spectator)
        async with entry.lock:
            outcome = await asyncio.to_thread(entry.host.submit, leaver, c.Leave(player=player))
        if isinstance(outcome, Refusal):
            return Result(id=message.id, refusal=outcome)
        return Result(id=message.id, version=outcome.version)

    def _set_countdown(self, entry: _Table, ends: datetime | None) -> None:
        """Start or stop the table's clock, and tell everyone at the table and every watcher."""
        entry.countdown_ends = ends
        line = encode(Countdown(ends=ends))
        for outbox in list(entry.outboxes):
            outbox.answer(line)
        self._overview_due()

    @staticmethod
    def _as_facilitator(entry: _Table, facilitator: Principal, command: c.Command) -> Outcome:
        """Seat the facilitator at the table for one move (the log says who), then step away."""
        joined = entry.host.connect(facilitator)
        if isinstance(joined, Refusal):
            return joined
        try:
            return entry.host.submit(facilitator, command)
        finally:
            entry.host.disconnect(facilitator)

    async def _send(self, outbox: _Outbox, writer: asyncio.StreamWriter) -> None:
        """The connection's writer: whatever is parked, newest view first, until the last line."""
        try:
            while True:
                await outbox.wake.wait()
                try:
                    lines = outbox.take()
                except ProtocolError as exc:  # a view too big to send: end, do not hang
                    logger.error("a connection was cut off: %s", exc)
                    writer.write(encode(Error(message=str(exc))))
                    await writer.drain()
                    writer.close()  # the connection's reader then sees its end
                    return
                last = outbox.last
                if last:
                    lines.append(last)
                if lines:
                    writer.writelines(lines)
                    await writer.drain()
                if last is not None:
                    return
        except ConnectionError:
            return


async def _linger(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
    """Half-close, then drop what the client still sends for a moment, so the last line arrives.

    Closing a socket with unread input resets it, and a reset can destroy the error message
    still in flight; reading to the client's end (bounded in time) lets it be delivered.
    """
    with contextlib.suppress(OSError, RuntimeError, NotImplementedError):
        if writer.can_write_eof():
            writer.write_eof()
    with contextlib.suppress(asyncio.TimeoutError, OSError, ValueError):
        async with asyncio.timeout(CLOSE_TIMEOUT):
            while await reader.read(1 << 16):
                pass


_STEERING: dict[str, type[c.Start | c.Advance | c.Lock]] = {
    "start": c.Start,
    "advance": c.Advance,
    "lock": c.Lock,
}


@dataclass
class _Connection:
    """Who is on a connection (a spectator's hello lowers it) and the table it joined."""

    principal: Principal
    joined: _Table | None = None
    unsubscribe: Callable[[], None] | None = None


def workshop_day(now: datetime | None = None) -> datetime:
    """The start of the local day of ``now``: the rounds scored since belong to the workshop
    a server started then resumes (``TableServer.load``)."""
    local = (now or datetime.now(UTC)).astimezone()
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def _aware(moment: datetime) -> datetime:
    """A save's time; one written without an offset is UTC, as the saves write them."""
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _no_table(name: str) -> str:
    return printable(f"there is no table named '{name}' here")
