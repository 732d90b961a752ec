"""The facts of a round. The state of a table is the fold of its events, nothing more.

Events carry no time and no sequence number: those belong to the log that stores them (the
save, the server), so the engine stays free of the clock.
"""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), milliseconds of every command that reads a save.

from typing import Annotated, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter

from sammenspil.game import subjects as s
from sammenspil.game.state import Phase


class _Event(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    FIXED_SUBJECTS: ClassVar[tuple[str, ...]] = ()

    def subjects(self) -> tuple[str, ...]:
        """What this event changes, for refusing commands made against an older view."""
        return self.FIXED_SUBJECTS


class PlayerJoined(_Event):
    type: Literal["player_joined"] = "player_joined"
    player: str
    spectator: bool = False
    facilitator: bool = False

    def subjects(self) -> tuple[str, ...]:
        return (s.seat(self.player),)


class PlayerLeft(_Event):
    type: Literal["player_left"] = "player_left"
    player: str

    def subjects(self) -> tuple[str, ...]:
        return (s.seat(self.player),)


class RoleChosen(_Event):
    type: Literal["role_chosen"] = "role_chosen"
    player: str
    role: str

    def subjects(self) -> tuple[str, ...]:
        return (s.seat(self.player),)


class Dealt(_Event):
    type: Literal["dealt"] = "dealt"
    problems: list[str]
    dilemmas: list[str]
    hands: dict[str, list[str]]

    FIXED_SUBJECTS = (s.PHASE,)


class PhaseChanged(_Event):
    type: Literal["phase_changed"] = "phase_changed"
    phase: Phase

    FIXED_SUBJECTS = (s.PHASE,)


class RankingSubmitted(_Event):
    type: Literal["ranking_submitted"] = "ranking_submitted"
    role: str
    player: str
    order: list[str]
    argument: str = ""

    def subjects(self) -> tuple[str, ...]:
        return (s.ranking(self.role),)


class RankingRevised(_Event):
    type: Literal["ranking_revised"] = "ranking_revised"
    role: str
    player: str
    order: list[str]
    argument: str = ""

    def subjects(self) -> tuple[str, ...]:
        return (s.ranking(self.role),)


class RemedyPlaced(_Event):
    type: Literal["remedy_placed"] = "remedy_placed"
    placement: str
    role: str
    player: str
    remedy: str
    problem: str
    argument: str

    def subjects(self) -> tuple[str, ...]:
        return (s.card(self.remedy), s.placement(self.placement))


class PlacementWithdrawn(_Event):
    type: Literal["placement_withdrawn"] = "placement_withdrawn"
    placement: str
    player: str

    def subjects(self) -> tuple[str, ...]:
        return (s.placement(self.placement),)


class PlacementReacted(_Event):
    type: Literal["placement_reacted"] = "placement_reacted"
    placement: str
    role: str
    player: str
    kind: Literal["endorse", "challenge"]
    comment: str = ""

    def subjects(self) -> tuple[str, ...]:
        return (s.placement(self.placement),)


class PositionSet(_Event):
    type: Literal["position_set"] = "position_set"
    role: str
    player: str
    dilemma: str
    value: int = Field(ge=1, le=5)
    argument: str = ""

    def subjects(self) -> tuple[str, ...]:
        return (s.position(self.role, self.dilemma),)


Event = Annotated[
    PlayerJoined
    | PlayerLeft
    | RoleChosen
    | Dealt
    | PhaseChanged
    | RankingSubmitted
    | RankingRevised
    | RemedyPlaced
    | PlacementWithdrawn
    | PlacementReacted
    | PositionSet,
    Field(discriminator="type"),
]

# Built on first use: a save validates its events through its own model, so reading one never
# needs these, and building each at import cost every command that reads a save milliseconds.
_LATER = ConfigDict(defer_build=True)
event_adapter: TypeAdapter[Event] = TypeAdapter(Event, config=_LATER)
events_adapter: TypeAdapter[list[Event]] = TypeAdapter(list[Event], config=_LATER)
