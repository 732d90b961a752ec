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
found in the saves folder again, so a restarted server has its tables back and players rejoin.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import secrets
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from sammenspil.deck.models import Deck
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.client import Accepted
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import Move, TableView
from sammenspil.net.protocol import (
    MAX_LINE,
    PROTOCOL_VERSION,
    Bye,
    Error,
    Hello,
    ProtocolError,
    Result,
    SeatInfo,
    Send,
    TableInfo,
    Tables,
    Update,
    Welcome,
    decode_client,
    encode,
)
from sammenspil.saves import Round, SaveError, load_round
from sammenspil.scoring.report import score_table

logger = logging.getLogger(__name__)

MAX_PENDING_RESULTS = 64
"""Answers waiting for a client that does not read them; past this, the connection is cut."""

MAX_PENDING_MOVES = 256
"""Moves kept for a slow reader's next update; older ones are in the view's feed anyway."""

CLOSE_TIMEOUT = 1.0
"""How long a last message may take to leave before the socket is closed regardless."""


@dataclass
class _Table:
    host: TableHost
    lock: asyncio.Lock = field(default_factory=asyncio.Lock)


class _Outbox:
    """What one connection still has to send: answers in order, and only the newest view.

    ``offer_view`` may be called from any thread; everything else runs on the event loop.
    """

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self._loop = loop
        self.results: deque[bytes] = deque()
        self.view: TableView | None = None
        self.moves: list[Move] = []
        self.head: bytes | None = None  # the welcome: before any view, which it makes sense of
        self.welcomed = False
        self.last: bytes | None = None  # an error or bye, after which the writer stops
        self.wake = asyncio.Event()

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
            lines.append(encode(Update(view=self.view, moves=tuple(self.moves))))
            self.view, self.moves = None, []
        lines.extend(self.results)
        self.results.clear()
        self.wake.clear()
        return lines


class TableServer:
    """Named tables in one saves folder, and the connections to them."""

    def __init__(self, saves_dir: Path) -> None:
        self.saves_dir = Path(saves_dir)
        self._tables: dict[str, _Table] = {}
        self._takeovers: set[str] = set()

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

    def load(self) -> list[str]:
        """Host again every unfinished round in the saves folder; one line per save skipped.

        A round already scored stays in the folder for review and is not hosted. Of two unfinished
        rounds under one table name, the one read last (newest file name) wins, with a line.
        """
        problems: list[str] = []
        if not self.saves_dir.is_dir():
            return problems
        for path in sorted(self.saves_dir.glob("*.toml")):
            try:
                round_ = load_round(path, scorer=score_table, tidy=True)
            except SaveError as exc:
                problems.append(printable(str(exc)))
                continue
            if round_.table.phase is Phase.SCORED:
                continue
            name = round_.table.name
            if name in self._tables:
                problems.append(printable(f"{path}: a second round of table '{name}'; hosted"))
            self._tables[name] = _Table(TableHost(round_))
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
            scorer=score_table,
        )
        host = TableHost(round_)
        self._tables[round_.table.name] = _Table(host)
        return host

    def host(self, name: str) -> TableHost | None:
        table = self._tables.get(name)
        return table.host if table else None

    @property
    def names(self) -> list[str]:
        return list(self._tables)

    def tables(self) -> Tables:
        """The hosted tables as a list shows them: names, phases and who sits where."""
        infos = []
        for name, entry in self._tables.items():
            table = entry.host.table
            presence = entry.host.presence()
            seats = [
                SeatInfo(
                    name=p.name,
                    role=p.role,
                    spectator=p.spectator,
                    facilitator=p.facilitator,
                    presence=presence[p.name],
                )
                for p in table.players.values()
            ]
            infos.append(
                TableInfo(name=name, phase=table.phase, version=table.version, seats=seats)
            )
        return Tables(tables=infos)

    def close(self) -> None:
        """Bring every table's save up to date, e.g. on shutdown."""
        for name, entry in self._tables.items():
            try:
                entry.host.close()
            except (OSError, SaveError) as exc:
                logger.error("table %s: not written: %s", printable(name), printable(str(exc)))

    # --- connections --------------------------------------------------------------------------

    async def serve_connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, principal: Principal
    ) -> None:
        """Serve one connection, authenticated as ``principal``, until it closes or misbehaves.

        ``reader`` must have been made with ``limit=MAX_LINE`` (``asyncio.open_connection``
        and ``start_server`` take it) so that a long line is cut off, not gathered.
        """
        outbox = _Outbox(asyncio.get_running_loop())
        sender = asyncio.create_task(self._send(outbox, writer))
        joined: _Table | None = None
        unsubscribe = None
        who = printable(principal.name)
        try:
            while True:
                try:
                    line = await reader.readline()
                except (ValueError, asyncio.LimitOverrunError):
                    raise ProtocolError(f"a line is over {MAX_LINE} bytes") from None
                if not line:
                    break
                message = decode_client(line)
                if isinstance(message, Bye):
                    outbox.finish(encode(Bye()))
                    break
                if isinstance(message, Hello):
                    if message.protocol != PROTOCOL_VERSION:
                        raise ProtocolError(
                            f"protocol {message.protocol} is not spoken here "
                            f"(this server speaks {PROTOCOL_VERSION})"
                        )
                    if joined is not None:
                        raise ProtocolError("already at a table: say bye and connect again")
                    if message.table is None:
                        if not outbox.answer(encode(self.tables())):
                            raise ProtocolError("too many answers unread; connection closed")
                        continue
                    entry = self._tables.get(message.table)
                    if entry is None:
                        outbox.finish(encode(Error(message=_no_table(message.table))))
                        break
                    async with entry.lock:
                        outcome = await asyncio.to_thread(entry.host.connect, principal)
                    if isinstance(outcome, Refusal):
                        outbox.finish(encode(Error(message=printable(outcome.reason))))
                        break
                    joined = entry
                    unsubscribe = entry.host.subscribe(principal, outbox.offer_view)
                    view = entry.host.view(principal)
                    outbox.welcome(encode(Welcome(deck=entry.host.deck, view=view)))
                    continue
                if joined is None:
                    raise ProtocolError("send a hello naming a table before any command")
                assert isinstance(message, Send)
                async with joined.lock:
                    outcome = await asyncio.to_thread(
                        joined.host.submit, principal, message.command
                    )
                if isinstance(outcome, Accepted):
                    result = Result(id=message.id, version=outcome.version)
                else:
                    result = Result(id=message.id, refusal=outcome)
                if not outbox.answer(encode(result)):
                    raise ProtocolError("too many answers unread; connection closed")
        except ProtocolError as exc:
            logger.warning("connection of %s cut off: %s", who, exc)
            outbox.finish(encode(Error(message=str(exc))))
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        except Exception as exc:  # a bug here ends this connection, never the server
            logger.error("connection of %s failed: %s", who, printable(repr(exc)), exc_info=True)
            outbox.finish(encode(Error(message="the server could not handle that message")))
        finally:
            if unsubscribe is not None:
                unsubscribe()
            if joined is not None:
                await asyncio.to_thread(joined.host.disconnect, principal)
            if outbox.last is None:
                outbox.finish(b"")
            with contextlib.suppress(asyncio.TimeoutError, ConnectionError):
                await asyncio.wait_for(asyncio.shield(sender), CLOSE_TIMEOUT)
            sender.cancel()
            await _linger(reader, writer)
            writer.close()
            with contextlib.suppress(Exception):
                await asyncio.wait_for(writer.wait_closed(), CLOSE_TIMEOUT)

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


def _no_table(name: str) -> str:
    return printable(f"there is no table named '{name}' here")
