"""What the facilitator console's screens ask of the table server, as plain rows and a protocol.

The screens may not import the network (import-linter), yet they show every table of a server
and steer them. So the console app reads the server's overview (``net.protocol.TableStatus``)
into the frozen rows below, and hands the screens a ``ConsoleService``: the rows, a hand on each
table, and the review of the saves the tables write (the console runs on the server's machine).
A test hands in rows of its own, so a snapshot does not depend on the clock.
"""

from __future__ import annotations

from datetime import datetime
from typing import Literal, Protocol

from pydantic import BaseModel, ConfigDict

from sammenspil.game.state import Phase
from sammenspil.host.client import Outcome
from sammenspil.tui.review_service import ReviewService

__all__ = ["Action", "ConsoleService", "SeatRow", "TableRow"]

Action = Literal["start", "advance", "lock", "countdown", "remove", "takeover", "open"]
"""What the console does to a table: the actions of the protocol's ``steer``."""


class _Row(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SeatRow(_Row):
    """One person at a table; ``role`` is the deck's name for the role (None: no role yet)."""

    name: str
    role: str | None = None
    spectator: bool = False
    facilitator: bool = False
    connected: bool = False


class TableRow(_Row):
    """One table as the console lists it; ``waiting`` holds role names, not ids."""

    name: str
    phase: Phase
    version: int
    deck: str
    seats: list[SeatRow]
    waiting: list[str]
    phase_since: datetime | None = None
    countdown_ends: datetime | None = None
    total: float | None = None
    save: str


class ConsoleService(Protocol):
    """Every table of one server, and a hand on each. ``steer`` blocks: call it in a worker."""

    def tables(self) -> list[TableRow]:
        """The newest overview heard, at once."""
        ...

    def steer(
        self,
        table: str,
        action: Action,
        *,
        player: str | None = None,
        seconds: int | None = None,
    ) -> Outcome:
        """Do ``action`` to ``table``: accepted, or a refusal in the table's language."""
        ...

    @property
    def closed(self) -> bool:
        """Whether the connection to the server is gone."""
        ...

    def write_report(self) -> str:
        """Write one workshop report (HTML) of every table beside their saves; its path.

        Blocks (every save is replayed and scored): call it in a worker. ``OSError`` or the
        saves' own error when it cannot be written."""
        ...

    @property
    def review(self) -> ReviewService:
        """The tables' saves, read as the review reads them (``debrief(save)``)."""
        ...
