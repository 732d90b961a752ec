"""Building views: the redaction rule applied to a table and its moves, cached per seat.

Everything in a view but the viewer's name and the presence list depends only on the table's
version and the viewer's seat (role, facilitator, spectator, at the table or not), so it is
built once per seat and version and shared by every player in that seat: twelve players in
three roles cost three views per move, not twelve.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import NamedTuple

from sammenspil.game.allowed import allowed
from sammenspil.game.queries import Allowed, submitted_roles, waiting_roles
from sammenspil.game.state import Phase, Table
from sammenspil.game.views import redact_event, redact_table
from sammenspil.host.principal import Principal
from sammenspil.host.view import Move, Presence, SeenTable, TableView


class Seat(NamedTuple):
    """What a view depends on besides the table; a principal not at the table has no role."""

    at_table: bool
    role: str | None
    facilitator: bool
    spectator: bool

    @property
    def sees_role(self) -> str | None:
        """The one role whose ranking this seat may see before the reveal."""
        return self.role if self.at_table and not self.spectator else None


def seat_of(table: Table, principal: Principal) -> Seat:
    """The seat the table gives ``principal``: its flags are the table's, once joined."""
    p = table.players.get(principal.name)
    if p is None:
        return Seat(False, None, principal.facilitator, principal.spectator)
    return Seat(True, p.role, p.facilitator, p.spectator)


def redact_moves(table: Table, moves: Sequence[Move], seat: Seat) -> tuple[Move, ...]:
    """``moves`` as ``seat`` may see them while the table is as it is now."""
    if table.phase is not Phase.RANK:  # nothing is hidden: share the moves as they are
        return tuple(moves)
    role = seat.sees_role
    out = []
    for move in moves:
        shown = redact_event(table, move.event, role)
        out.append(move if shown is move.event else Move(version=move.version, event=shown))
    return tuple(out)


class _Part(NamedTuple):
    table: SeenTable
    feed: tuple[Move, ...]
    waiting: list[str]
    submitted: list[str]
    allowed: Allowed | None  # None for a principal not at the table: that depends on the name


class Views:
    """The views of one table, cached per (version, seat); only the newest versions are kept."""

    KEEP_VERSIONS = 2

    def __init__(self) -> None:
        self._parts: dict[tuple[int, Seat], _Part] = {}
        self._lock = threading.Lock()

    def view(
        self,
        table: Table,
        moves: Sequence[Move],
        presence: Mapping[str, Presence],
        principal: Principal,
    ) -> TableView:
        """The view of ``table`` (whose first ``table.version`` moves are ``moves``)."""
        seat = seat_of(table, principal)
        part = self._part(table, moves, seat)
        may = part.allowed if part.allowed is not None else allowed(table, principal.name)
        return TableView.model_construct(
            viewer=principal.name,
            role=seat.role,
            facilitator=seat.facilitator,
            spectator=seat.spectator,
            at_table=seat.at_table,
            table=part.table,
            presence=dict(presence),
            waiting=part.waiting,
            submitted=part.submitted,
            allowed=may,
            feed=part.feed,
        )

    def _part(self, table: Table, moves: Sequence[Move], seat: Seat) -> _Part:
        key = (table.version, seat)
        with self._lock:
            part = self._parts.get(key)
        if part is not None:
            return part
        role = seat.sees_role
        feed = redact_moves(table, moves[: table.version], seat)
        part = _Part(
            table=SeenTable.of(redact_table(table, role)),
            feed=feed,
            waiting=waiting_roles(table),
            submitted=submitted_roles(table),
            # Every player in one seat may do the same; a name must first join.
            allowed=allowed(table, _member(table, seat)) if seat.at_table else None,
        )
        with self._lock:
            self._parts[key] = part
            oldest = table.version - self.KEEP_VERSIONS
            for stale in [k for k in self._parts if k[0] <= oldest]:
                del self._parts[stale]
        return part


def _member(table: Table, seat: Seat) -> str:
    """A player sitting in ``seat``, to ask the rules for (all in one seat get the same answer)."""
    return next(
        name
        for name, p in table.players.items()
        if (p.role, p.facilitator, p.spectator) == (seat.role, seat.facilitator, seat.spectator)
    )
