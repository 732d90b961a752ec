"""What one viewer may see of a table and of its moves. During the ranking, a role sees only its
own order, and of the other roles only that they have submitted.

The rule is written once here and used for the table and for the move feed alike, so nothing
built on a view (a screen, a message on the wire) can leak another role's order before the
reveal. A facilitator is no exception: the facilitator's screen is often the projector.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from sammenspil.game import events as e
from sammenspil.game.state import Phase, Table


class RankingHidden(BaseModel):
    """Stands in a move feed for another role's ranking before the reveal: who, never what."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    type: Literal["ranking_hidden"] = "ranking_hidden"
    role: str


def seen_role(table: Table, viewer: str | None) -> str | None:
    """The role whose ranking ``viewer`` may see during the ranking: their own, if seated."""
    player = table.players.get(viewer) if viewer else None
    return player.role if player is not None and player.seated else None


def view_for(table: Table, viewer: str | None) -> Table:
    """The table as ``viewer`` (a player name, or None for an onlooker) may see it.

    Until the reveal, other roles' rankings are left out entirely.
    """
    return redact_table(table, seen_role(table, viewer))


def redact_table(table: Table, role: str | None) -> Table:
    """The table as a seat in ``role`` (None: no role) may see it."""
    if table.phase is not Phase.RANK:
        return table
    hidden = {r: k for r, k in table.rankings.items() if r == role}
    return table.model_copy(update={"rankings": hidden})


def redact_event(
    table: Table, event: e.Event | RankingHidden, role: str | None
) -> e.Event | RankingHidden:
    """One move of ``table``'s log as a seat in ``role`` may see it while the table is as now."""
    if table.phase is Phase.RANK and isinstance(event, e.RankingSubmitted) and event.role != role:
        return RankingHidden(role=event.role)
    return event
