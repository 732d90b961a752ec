"""The player's app end of the wire: a ``TableClient`` over a connected socket.

The screens cannot tell it from the hot-seat client: ``view()`` answers at once from the newest
view heard, ``submit()`` sends the command and waits (bounded) for its ``result``, and
subscribers are called from the client's reader thread (the screens post a message, which is
thread-safe). The server sends a view before the result of the command that made it, so after
``submit`` returns ``Accepted`` the view is at least that new.

Which player this is comes from the server (it knows who is on the socket): the principal is
read off the welcome's view, never claimed by the client.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import socket
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.refusals import refuse
from sammenspil.game.text import printable
from sammenspil.host.client import Accepted, Outcome, Subscriber, Unsubscribe
from sammenspil.host.principal import Principal
from sammenspil.host.view import TableView
from sammenspil.net.protocol import (
    MAX_SERVER_LINE,
    PROTOCOL_VERSION,
    Bye,
    Countdown,
    Error,
    Hello,
    Overview,
    ProtocolError,
    Result,
    Send,
    ServerMessage,
    Steer,
    SteerAction,
    TableInfo,
    Tables,
    Update,
    Welcome,
    decode_server,
    encode,
)

logger = logging.getLogger(__name__)

ANSWER_TIMEOUT = 10.0
"""How long ``submit`` waits for the server before answering with a ``no_answer`` refusal."""


class RemoteError(Exception):
    """The server would not serve this connection; the text is its one line, for a person."""


class _Lines:
    """Reads lines of at most ``MAX_SERVER_LINE`` bytes from a socket; longer is an error."""

    def __init__(self, sock: socket.socket) -> None:
        self._file = sock.makefile("rb")

    def next(self) -> ServerMessage | None:
        """The next message, or None at the end of the stream."""
        line = self._file.readline(MAX_SERVER_LINE + 1)
        if not line:
            return None
        if len(line) > MAX_SERVER_LINE or not line.endswith(b"\n"):
            if len(line) > MAX_SERVER_LINE:
                raise ProtocolError(f"the server sent a line over {MAX_SERVER_LINE} bytes")
            return None  # cut off mid-line: the stream ended
        return decode_server(line)

    def close(self) -> None:
        self._file.close()


def list_tables(sock: socket.socket, *, timeout: float = ANSWER_TIMEOUT) -> list[TableInfo]:
    """Ask a server which tables it holds, on a connection that has not joined one."""
    return ask_tables(sock, timeout=timeout).tables


def ask_tables(sock: socket.socket, *, timeout: float = ANSWER_TIMEOUT) -> Tables:
    """The server's tables, and the one where this connection's name sits (to go back to).

    The connection may ask again, or join a table afterwards.
    """
    sock.settimeout(timeout)
    lines = _Lines(sock)
    try:
        sock.sendall(encode(Hello(protocol=PROTOCOL_VERSION)))
        message = lines.next()
    except (OSError, ProtocolError) as exc:
        raise RemoteError(printable(str(exc))) from None
    finally:
        lines.close()
    if isinstance(message, Tables):
        return message
    raise RemoteError(_unexpected(message))


class _Link:
    """What both ends share: a reader thread, answers matched to requests by id, listeners.

    Subclasses say what a message means (``_heard``); everything about waiting for an answer, a
    lost or silent server, and closing is here once.
    """

    def __init__(self, sock: socket.socket, lines: _Lines, *, name: str) -> None:
        self._sock = sock
        self._lines = lines
        self._lock = threading.Lock()
        self._send_lock = threading.Lock()
        self._ids = itertools.count(1)
        self._waiting: dict[int, tuple[threading.Event, list[Result]]] = {}
        self._tokens = itertools.count(1)
        self._closed = False
        self._ended_because: str | None = None
        self._reader = threading.Thread(target=self._read, name=name, daemon=True)

    @property
    def closed(self) -> bool:
        return self._closed

    @property
    def ended_because(self) -> str | None:
        """The server's one line when it ended the connection (e.g. the facilitator removed
        this player), else None."""
        return self._ended_because

    def _listen(self, listeners: dict[int, Any], callback: Any) -> Unsubscribe:
        with self._lock:
            token = next(self._tokens)
            listeners[token] = callback

        def unsubscribe() -> None:
            with self._lock:
                listeners.pop(token, None)

        return unsubscribe

    def _ask(self, build: Callable[[int], Send | Steer], lang: str, timeout: float) -> Outcome:
        """Send the message ``build`` makes with a new id and wait for its result.

        A lost server is the refusal ``disconnected``, a silent one ``no_answer``: never an
        exception to the screen that asked.
        """
        ident = next(self._ids)
        done = threading.Event()
        slot: list[Result] = []
        with self._lock:
            if self._closed:
                return refuse(lang, "disconnected")
            self._waiting[ident] = (done, slot)
        try:
            line = encode(build(ident))
            with self._send_lock:
                self._sock.sendall(line)
        except (OSError, ProtocolError):
            with self._lock:
                self._waiting.pop(ident, None)
            return refuse(lang, "disconnected")
        if not done.wait(timeout):
            with self._lock:
                self._waiting.pop(ident, None)
            return refuse(lang, "no_answer")
        if not slot:
            return refuse(lang, "disconnected")
        result = slot[0]
        if result.refusal is not None:
            return result.refusal
        assert result.version is not None
        return Accepted(version=result.version, events=[])

    def close(self) -> None:
        """Say bye and close; a player's seat stays at the table (presence only)."""
        with self._lock:
            if self._closed:
                return
        with contextlib.suppress(OSError), self._send_lock:
            self._sock.sendall(encode(Bye()))
        self._shut()
        if self._reader is not threading.current_thread():
            self._reader.join(timeout=ANSWER_TIMEOUT)

    # --- the reader thread --------------------------------------------------------------------

    def _read(self) -> None:
        try:
            while True:
                message = self._lines.next()
                if message is None or isinstance(message, Bye):
                    return
                if isinstance(message, Error):
                    self._ended_because = printable(message.message)
                    logger.warning("the table server ended the connection: %s", self._ended_because)
                    return
                if isinstance(message, Result):
                    with self._lock:
                        waiting = self._waiting.pop(message.id, None)
                    if waiting is not None:
                        waiting[1].append(message)
                        waiting[0].set()
                else:
                    self._heard(message)
        except (OSError, ValueError, ProtocolError) as exc:
            if not self._closed:
                logger.warning("connection to the table server lost: %s", printable(str(exc)))
        finally:
            self._shut()

    def _heard(self, message: ServerMessage) -> None:
        """A message that is not an answer: what it means is the subclass's."""

    @staticmethod
    def _tell(listeners: list[Callable[..., None]], *values: object) -> None:
        for callback in listeners:
            try:
                callback(*values)
            except Exception as exc:  # one broken screen must not stop the reader
                logger.error("a listener failed: %s", printable(repr(exc)))

    def _shut(self) -> None:
        with self._lock:
            if self._closed:
                return
            self._closed = True
            waiting = list(self._waiting.values())
            self._waiting.clear()
        for done, _ in waiting:
            done.set()  # with an empty slot: the request answers "disconnected"
        with contextlib.suppress(OSError):
            self._sock.shutdown(socket.SHUT_RDWR)
        self._sock.close()


class RemoteClient(_Link):
    """A ``TableClient`` for one table on the far end of ``sock``; ``join`` makes one."""

    def __init__(self, sock: socket.socket, lines: _Lines, welcome: Welcome) -> None:
        super().__init__(sock, lines, name="remote-client")
        self._deck = welcome.deck
        first = welcome.view
        self._principal = Principal(
            name=first.viewer, facilitator=first.facilitator, spectator=first.spectator
        )
        self._view = first
        self._subscribers: dict[int, Subscriber] = {}
        self.countdown_ends: datetime | None = welcome.countdown_ends
        self._clock_listeners: dict[int, Callable[[datetime | None], None]] = {}
        self._reader.start()

    @classmethod
    def join(
        cls,
        sock: socket.socket,
        table: str,
        *,
        spectator: bool = False,
        timeout: float = ANSWER_TIMEOUT,
    ) -> RemoteClient:
        """Say hello for ``table`` (to watch, with ``spectator``) and wait for the welcome.

        ``RemoteError`` with the server's one line if refused.
        """
        sock.settimeout(timeout)
        lines = _Lines(sock)
        try:
            hello = Hello(protocol=PROTOCOL_VERSION, table=table, spectator=spectator)
            sock.sendall(encode(hello))
            message = lines.next()
        except (OSError, ProtocolError) as exc:
            lines.close()
            raise RemoteError(printable(str(exc))) from None
        if not isinstance(message, Welcome):
            lines.close()
            raise RemoteError(_unexpected(message))
        sock.settimeout(None)  # the reader thread waits for as long as the table lasts
        return cls(sock, lines, message)

    # --- TableClient --------------------------------------------------------------------------

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def deck(self) -> Deck:
        return self._deck

    def view(self) -> TableView:
        with self._lock:
            return self._view

    def submit(self, command: c.Command, *, timeout: float = ANSWER_TIMEOUT) -> Outcome:
        """Send ``command`` and wait for its result; a lost or silent server is a refusal."""
        return self._ask(
            lambda ident: Send(id=ident, command=command), self._deck.language, timeout
        )

    def subscribe(self, callback: Subscriber) -> Unsubscribe:
        return self._listen(self._subscribers, callback)

    def on_countdown(self, callback: Callable[[datetime | None], None]) -> Unsubscribe:
        """Hear when a facilitator starts (the end time) or stops (None) this table's clock."""
        return self._listen(self._clock_listeners, callback)

    def _heard(self, message: ServerMessage) -> None:
        if isinstance(message, Update):
            with self._lock:
                if message.view.table.version < self._view.table.version:
                    return  # an older view cannot follow a newer one; kept safe anyway
                self._view = message.view
                subscribers = list(self._subscribers.values())
            self._tell(subscribers, message.view, message.moves)
        elif isinstance(message, Countdown):
            with self._lock:
                self.countdown_ends = message.ends
                listeners = list(self._clock_listeners.values())
            self._tell(listeners, message.ends)


class Watch(_Link):
    """A facilitator's connection: the overview of every table, and a hand on each.

    ``overview()`` answers at once with the newest overview heard; listeners are called from
    the reader thread. ``steer`` sends one action and waits (bounded) for its result.
    """

    def __init__(self, sock: socket.socket, *, timeout: float = ANSWER_TIMEOUT) -> None:
        sock.settimeout(timeout)
        lines = _Lines(sock)
        try:
            sock.sendall(encode(Hello(protocol=PROTOCOL_VERSION, watch=True)))
            first = lines.next()
        except (OSError, ProtocolError) as exc:
            lines.close()
            raise RemoteError(printable(str(exc))) from None
        if not isinstance(first, Overview):
            lines.close()
            raise RemoteError(_unexpected(first))
        sock.settimeout(None)
        super().__init__(sock, lines, name="watch")
        self._overview = first
        self._listeners: dict[int, Callable[[Overview], None]] = {}
        self._reader.start()

    def overview(self) -> Overview:
        with self._lock:
            return self._overview

    def subscribe(self, callback: Callable[[Overview], None]) -> Unsubscribe:
        return self._listen(self._listeners, callback)

    def steer(
        self,
        table: str,
        action: SteerAction,
        *,
        player: str | None = None,
        seconds: int | None = None,
        lang: str = "en",
        timeout: float = ANSWER_TIMEOUT,
    ) -> Outcome:
        """Do ``action`` to ``table``; a refusal (in the table's language) when it cannot be."""
        return self._ask(
            lambda ident: Steer(
                id=ident, table=table, action=action, player=player, seconds=seconds
            ),
            lang,
            timeout,
        )

    def _heard(self, message: ServerMessage) -> None:
        if isinstance(message, Overview):
            with self._lock:
                self._overview = message
                listeners = list(self._listeners.values())
            self._tell(listeners, message)


def _unexpected(message: ServerMessage | None) -> str:
    if message is None:
        return "the table server closed the connection"
    if isinstance(message, Error):
        return printable(message.message)
    return f"the table server answered with '{message.type}'"
