"""The wire between the table server and a player's app: newline-delimited JSON, one model a line.

Each line is one message, a frozen pydantic model told apart by its ``type``. A client says
``hello`` (to list the tables, or to join one), then ``send``s commands and finally ``bye``; the
server answers a join with ``welcome`` (the deck once, and the first view), tells every change
with ``update`` (the latest view and the moves since the last update, both redacted for that
connection), answers each ``send`` with a ``result`` echoing its id, lists tables with
``tables``, and ends a connection it cannot serve with ``error``. No message from a client names a
player: the server knows who is on each socket from whoever authenticated it.

A line longer than ``MAX_LINE`` bytes, a line that is not JSON, or a message this version does
not know ends that connection with an ``error``; the server itself goes on.
"""

from __future__ import annotations

from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.view import Move, Presence, TableView

PROTOCOL_VERSION = 1
"""Raised whenever a message changes shape; a server refuses a hello of another version."""

MAX_LINE = 1 << 20
"""The longest line the server reads from a client (1 MiB, newline included): commands are
small, and a longer line ends that connection."""

MAX_SERVER_LINE = 48 << 20
"""The longest line a client reads from the server (48 MiB): a welcome carries the deck (at
most 2 MiB) and a view carries the whole move feed (at most ``saves.MAX_EVENTS`` events, each
argument bounded), far more than a real round sends, but still a bound."""

TABLE_NAME_MAX = 80
"""Longer than any table name a save allows, so every hosted table can be named in a hello."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


# --- client to server -------------------------------------------------------------------------


class Hello(_Message):
    """The first word of a connection: which protocol, and the table to join (none: list them)."""

    type: Literal["hello"] = "hello"
    protocol: int
    table: str | None = Field(None, max_length=TABLE_NAME_MAX)


class Send(_Message):
    """A command against the version the player saw; its ``player`` is overwritten by the server."""

    type: Literal["send"] = "send"
    id: int = Field(ge=0)
    command: c.Command


class Bye(_Message):
    """Either side is closing the connection on purpose."""

    type: Literal["bye"] = "bye"


# --- server to client -------------------------------------------------------------------------


class Welcome(_Message):
    """Joined: the deck as played (sent only here) and the table as this connection sees it."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    deck: Deck
    view: TableView


class Update(_Message):
    """The table changed: the newest view, and the moves since the last update sent.

    Intermediate views of a slow connection are dropped (a view is the whole state), so a client
    may see versions jump; ``view.feed`` always holds every move.
    """

    type: Literal["update"] = "update"
    view: TableView
    moves: tuple[Move, ...] = ()


class Result(_Message):
    """The answer to the ``send`` with this ``id``: the version it made, or why it was refused."""

    type: Literal["result"] = "result"
    id: int
    version: int | None = None
    refusal: Refusal | None = None


class SeatInfo(_Message):
    name: str
    role: str | None
    spectator: bool
    facilitator: bool
    presence: Presence


class TableInfo(_Message):
    """One hosted table as the list shows it: no rankings, no hands, just who sits where."""

    name: str
    phase: Phase
    version: int
    seats: list[SeatInfo]


class Tables(_Message):
    type: Literal["tables"] = "tables"
    tables: list[TableInfo]


class Error(_Message):
    """Why the server ends (or will not start) this connection, one line for a person."""

    type: Literal["error"] = "error"
    message: str


ClientMessage = Annotated[Hello | Send | Bye, Field(discriminator="type")]
ServerMessage = Annotated[
    Welcome | Update | Result | Tables | Error | Bye, Field(discriminator="type")
]

_client: TypeAdapter[ClientMessage] = TypeAdapter(ClientMessage)
_server: TypeAdapter[ServerMessage] = TypeAdapter(ServerMessage)


class ProtocolError(Exception):
    """A line that is not a message of this protocol; the text says what, in one line."""


def encode(message: _Message) -> bytes:
    """One message as one line of JSON (JSON escapes every control character).

    ``ProtocolError`` if the line is longer than the other side reads.
    """
    line = message.model_dump_json().encode() + b"\n"
    limit = MAX_LINE if isinstance(message, Hello | Send | Bye) else MAX_SERVER_LINE
    if len(line) > limit:
        raise ProtocolError(f"a {message.__class__.__name__} message is over {limit} bytes")
    return line


def decode_client(line: bytes) -> ClientMessage:
    """A line from a client, or ``ProtocolError``."""
    return _decode(_client, line, MAX_LINE)


def decode_server(line: bytes) -> ServerMessage:
    """A line from the server, or ``ProtocolError``."""
    return _decode(_server, line, MAX_SERVER_LINE)


M = TypeVar("M")


def _decode(adapter: TypeAdapter[M], line: bytes, limit: int) -> M:
    if len(line) > limit:
        raise ProtocolError(f"a line is over {limit} bytes")
    try:
        return adapter.validate_json(line)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "message"
        raise ProtocolError(printable(f"{where}: {first['msg']}")[:200]) from None
