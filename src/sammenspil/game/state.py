"""The nouns of the game: a table, its players, the cards on it and the moves made.

A table is never changed in place: each event yields a new one (see ``rules.apply``), sharing
what did not change with the old. That keeps replay, undo-free review and concurrent readers
simple, and copies stay cheap because the deck and untouched collections are shared.
"""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), milliseconds of every command that reads a save.

from enum import StrEnum
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.deck.models import Deck


# Empty-list defaults are `lambda: []`, not `list`: pydantic reads each factory's signature,
# and a builtin's is parsed from text by the tokenizer, about 10 ms of a command's start.
class Phase(StrEnum):
    LOBBY = "lobby"
    RANK = "rank"
    REVEAL = "reveal"
    RESPOND = "respond"
    DILEMMAS = "dilemmas"
    SCORED = "scored"

    @property
    def playing(self) -> bool:
        return self not in (Phase.LOBBY, Phase.SCORED)


PHASE_ORDER = list(Phase)


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Player(_Model):
    name: str
    role: str | None = None
    spectator: bool = False
    facilitator: bool = False

    @property
    def seated(self) -> bool:
        return self.role is not None and not self.spectator


class Ranking(_Model):
    order: list[str]
    player: str
    argument: str = ""


class Reaction(_Model):
    role: str
    player: str
    kind: Literal["endorse", "challenge"]
    comment: str = ""


class Placement(_Model):
    id: str
    role: str
    player: str
    remedy: str
    problem: str
    argument: str
    reactions: list[Reaction] = Field(default_factory=lambda: [])
    withdrawn: bool = False

    def reaction_of(self, role: str) -> Reaction | None:
        return next((r for r in self.reactions if r.role == role), None)


class Position(_Model):
    role: str
    player: str
    dilemma: str
    value: int = Field(ge=1, le=5)
    argument: str = ""


class Settings(_Model):
    """How a table is run; the server sets these, hot-seat play keeps the defaults."""

    anyone_advances: bool = Field(
        True, description="Any seated player may advance the phase (hot-seat); else facilitators."
    )


class Table(_Model):
    id: str
    name: str
    seed: int
    deck: Deck
    settings: Settings = Field(default_factory=Settings)
    version: int = 0
    phase: Phase = Phase.LOBBY
    locked_from: Phase | None = Field(
        None, description="The phase the round was in when it was locked (scored)."
    )
    players: dict[str, Player] = Field(default_factory=dict)
    problems: list[str] = Field(default_factory=lambda: [], description="Dealt, in deal order.")
    dilemmas: list[str] = Field(default_factory=lambda: [])
    hands: dict[str, list[str]] = Field(default_factory=dict)
    rankings: dict[str, Ranking] = Field(default_factory=dict, description="First rankings.")
    revised: dict[str, Ranking] = Field(default_factory=dict, description="After the reveal.")
    placements: list[Placement] = Field(default_factory=lambda: [])
    positions: dict[str, dict[str, Position]] = Field(
        default_factory=dict, description="role -> dilemma -> position"
    )
    touched: dict[str, int] = Field(
        default_factory=dict, description="Subject -> version of the last event that changed it."
    )

    @property
    def locked(self) -> bool:
        return self.phase is Phase.SCORED

    def deck_role_ids(self) -> list[str]:
        return [r.id for r in self.deck.roles]

    def active_roles(self) -> list[str]:
        """Roles with at least one seated player, in the deck's order."""
        seated = {p.role for p in self.players.values() if p.seated}
        return [r.id for r in self.deck.roles if r.id in seated]

    def dealt_roles(self) -> list[str]:
        """Roles that hold a hand: those seated when the cards were dealt, in deck order."""
        return [r.id for r in self.deck.roles if r.id in self.hands]

    def role_name(self, role: str) -> str:
        return self.deck.role(role).name

    def final_ranking(self, role: str) -> Ranking | None:
        """The revised ranking where the role revised, else its first one."""
        return self.revised.get(role) or self.rankings.get(role)

    def live_placements(self) -> list[Placement]:
        return [p for p in self.placements if not p.withdrawn]

    def placement(self, placement_id: str) -> Placement | None:
        return next((p for p in self.placements if p.id == placement_id), None)

    def card_places(self) -> dict[str, list[str]]:
        """Where each remedy card is ('pile', 'hand:<role>', 'placement:<id>'): a card is in one."""
        places: dict[str, list[str]] = {r.id: [] for r in self.deck.remedies}
        for role, hand in self.hands.items():
            for card in hand:
                places.setdefault(card, []).append(f"hand:{role}")
        for p in self.placements:
            places.setdefault(p.remedy, []).append(f"placement:{p.id}")
        for where in places.values():
            if not where:
                where.append("pile")
        return places
