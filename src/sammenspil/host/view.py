"""What the host sends a viewer: frozen models, safe to put on a wire as JSON.

A view holds the table without the deck (the deck is sent once, separately, as ``host.deck``),
who the viewer is, who is connected, the ranking's progress, what the viewer may do now and a
move feed. Everything in it is already redacted for the viewer: another role's ranking is not
in it before the reveal, neither in the table nor in the feed. Texts inside are players' data;
screens show them with ``markup=False`` and ``printable()`` like any other.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.game import events as e
from sammenspil.game.queries import Allowed
from sammenspil.game.state import Phase, Placement, Player, Position, Ranking, Settings, Table
from sammenspil.game.views import RankingHidden


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Presence(StrEnum):
    CONNECTED = "connected"
    AWAY = "away"


class SeenTable(_Model):
    """A table as sent to a viewer: no deck, no seed, no bookkeeping of the stale rule."""

    id: str
    name: str
    settings: Settings
    version: int
    phase: Phase
    locked_from: Phase | None
    players: dict[str, Player]
    problems: list[str]
    dilemmas: list[str]
    hands: dict[str, list[str]]
    rankings: dict[str, Ranking]
    revised: dict[str, Ranking]
    placements: list[Placement]
    positions: dict[str, dict[str, Position]]

    @classmethod
    def of(cls, table: Table) -> SeenTable:
        """The fields of an (already redacted) table, shared, not copied: both are frozen."""
        return cls.model_construct(**{name: getattr(table, name) for name in cls.model_fields})


NOT_SENT = frozenset({"deck", "seed", "touched"})
"""Table fields a view leaves out: the deck goes once by itself, the rest is the host's."""


FeedEvent = Annotated[
    e.PlayerJoined
    | e.PlayerLeft
    | e.RoleChosen
    | e.Dealt
    | e.PhaseChanged
    | e.RankingSubmitted
    | e.RankingRevised
    | e.RemedyPlaced
    | e.PlacementWithdrawn
    | e.PlacementReacted
    | e.PositionSet
    | RankingHidden,
    Field(discriminator="type"),
]


class Move(_Model):
    """One event of the round as this viewer may see it, with the table version it made."""

    version: int
    event: FeedEvent


class TableView(_Model):
    viewer: str
    role: str | None = Field(description="The viewer's role, if seated in one.")
    facilitator: bool
    spectator: bool
    at_table: bool = Field(description="Whether the viewer has a seat (joined and not left).")
    table: SeenTable
    presence: dict[str, Presence] = Field(description="Connected or away, per player seated.")
    waiting: list[str] = Field(description="Roles still to submit a first ranking.")
    submitted: list[str] = Field(description="Roles that have submitted: public, unlike orders.")
    allowed: Allowed
    feed: tuple[Move, ...] = Field(description="Every move so far, redacted for the viewer.")
