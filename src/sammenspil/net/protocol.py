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

from datetime import datetime
from typing import Annotated, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.view import Move, Presence, TableView

PROTOCOL_VERSION = 2
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
    """The first word of a connection: which protocol, and the table to join (none: list them).

    ``spectator`` joins to watch (a player may always ask for less). ``watch`` is for
    facilitators: instead of one table, the connection hears an ``overview`` of every table
    whenever one changes, and may ``steer`` any of them.
    """

    type: Literal["hello"] = "hello"
    protocol: int
    table: str | None = Field(None, max_length=TABLE_NAME_MAX)
    spectator: bool = False
    watch: bool = False


class Send(_Message):
    """A command against the version the player saw; its ``player`` is overwritten by the server."""

    type: Literal["send"] = "send"
    id: int = Field(ge=0)
    command: c.Command


SteerAction = Literal["start", "advance", "lock", "countdown", "remove", "takeover", "open"]


class Steer(_Message):
    """A facilitator's hand on a table, from a ``watch`` connection; answered by a ``result``.

    ``start`` deals, ``advance`` and ``lock`` move the table on (the facilitator takes a seat
    there to do it, so the round's log says who); ``countdown`` starts (``seconds`` > 0) or
    stops (0) a clock every player of the table sees; ``remove`` cuts ``player``'s connections
    and makes them leave; ``takeover`` lets the next connection under ``player``'s name
    replace the connected one; ``open`` opens a new table of that name with the server's deck.
    """

    type: Literal["steer"] = "steer"
    id: int = Field(ge=0)
    table: str = Field(max_length=TABLE_NAME_MAX)
    action: SteerAction
    player: str | None = Field(None, max_length=64)
    seconds: int | None = Field(None, ge=0, le=24 * 3600)


class Bye(_Message):
    """Either side is closing the connection on purpose."""

    type: Literal["bye"] = "bye"


LOGIN_NAME_MAX = 64
LOGIN_CODE_MAX = 64


class Login(_Message):
    """The first line on the web door (no SSH identity there): who, and the workshop's join code.

    Answered by ``logged_in`` (then the connection goes on as any other, from ``hello``) or by an
    ``error`` with the line the visitor reads, after which they may send another ``login``.
    """

    type: Literal["login"] = "login"
    name: str = Field(max_length=LOGIN_NAME_MAX)
    code: str = Field(max_length=LOGIN_CODE_MAX)
    address: str | None = Field(None, max_length=64, description="The browser's, for the limit.")


# --- server to client -------------------------------------------------------------------------


class Welcome(_Message):
    """Joined: the deck as played (sent only here) and the table as this connection sees it."""

    type: Literal["welcome"] = "welcome"
    protocol: int = PROTOCOL_VERSION
    deck: Deck
    view: TableView
    countdown_ends: datetime | None = None


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
    role_name: str | None = None
    """The deck's name of ``role`` (the list comes before a table's deck does)."""
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
    """The tables, and the one where this connection's name already sits (to go back to it)."""

    type: Literal["tables"] = "tables"
    tables: list[TableInfo]
    yours: str | None = None


class TableStatus(TableInfo):
    """One table as the facilitator console shows it: who still has to act, and how long."""

    deck: str
    roles: dict[str, str] = Field(description="Role id -> the deck's name for it.")
    waiting: list[str] = Field(description="Roles (ids) the phase still waits for.")
    phase_since: datetime | None
    countdown_ends: datetime | None = None
    total: float | None = Field(None, description="The score as the table stands now.")
    save: str


class Overview(_Message):
    """Every table, sent to a facilitator's ``watch`` connection when any of them changes."""

    type: Literal["overview"] = "overview"
    tables: list[TableStatus]


class Countdown(_Message):
    """A facilitator started (``ends``) or stopped (None) the clock of this table's phase."""

    type: Literal["countdown"] = "countdown"
    ends: datetime | None


class LoggedIn(_Message):
    """The web door took a ``login``: from here on the connection is ``name``'s."""

    type: Literal["logged_in"] = "logged_in"
    name: str


class Error(_Message):
    """Why the server ends (or will not start) this connection, one line for a person."""

    type: Literal["error"] = "error"
    message: str


ClientMessage = Annotated[Hello | Send | Steer | Bye, Field(discriminator="type")]
ServerMessage = Annotated[
    Welcome | Update | Result | Tables | Overview | Countdown | LoggedIn | Error | Bye,
    Field(discriminator="type"),
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
    client = isinstance(message, Hello | Send | Steer | Bye | Login)
    limit = MAX_LINE if client else MAX_SERVER_LINE
    if len(line) > limit:
        raise ProtocolError(f"a {message.__class__.__name__} message is over {limit} bytes")
    return line


def decode_client(line: bytes, *, limit: int = MAX_LINE) -> ClientMessage:
    """A line from a client (at most ``limit`` bytes, the server's choice), or ``ProtocolError``."""
    return _decode(_client, line, min(limit, MAX_LINE))


def decode_server(line: bytes) -> ServerMessage:
    """A line from the server, or ``ProtocolError``."""
    return _decode(_server, line, MAX_SERVER_LINE)


LOGIN_LINE = 1024
"""The longest ``login`` line the web door reads: a name and a code, JSON-escaped."""

_login: TypeAdapter[Login] = TypeAdapter(Login)


def decode_login(line: bytes) -> Login:
    """A ``login`` line on the web door, or ``ProtocolError``."""
    return _decode(_login, line, LOGIN_LINE)


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
