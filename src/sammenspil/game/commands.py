"""The verbs a player can ask for. A command is a wish; only ``rules.decide`` makes it a fact.

``seen`` is the table version the player's screen showed when the command was made. Where it is
given, a command that acts on something changed since then is refused rather than applied to a
table the player has not seen (two facilitators advancing at once, say).
"""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter


class _Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    player: str = Field(max_length=64)
    seen: int | None = Field(None, ge=0)


class Join(_Command):
    type: Literal["join"] = "join"
    spectator: bool = False
    facilitator: bool = False


class Leave(_Command):
    type: Literal["leave"] = "leave"


class ChooseRole(_Command):
    type: Literal["choose_role"] = "choose_role"
    role: str = Field(max_length=64)


class Start(_Command):
    """Deal the cards and open the ranking."""

    type: Literal["start"] = "start"


class SubmitRanking(_Command):
    type: Literal["submit_ranking"] = "submit_ranking"
    order: list[str] = Field(max_length=200)
    argument: str = ""


class ReviseRanking(_Command):
    type: Literal["revise_ranking"] = "revise_ranking"
    order: list[str] = Field(max_length=200)
    argument: str = ""


class PlaceRemedy(_Command):
    type: Literal["place_remedy"] = "place_remedy"
    remedy: str = Field(max_length=64)
    problem: str = Field(max_length=64)
    argument: str


class Withdraw(_Command):
    type: Literal["withdraw"] = "withdraw"
    placement: str = Field(max_length=64)


class Endorse(_Command):
    type: Literal["endorse"] = "endorse"
    placement: str = Field(max_length=64)
    comment: str = ""


class Challenge(_Command):
    type: Literal["challenge"] = "challenge"
    placement: str = Field(max_length=64)
    comment: str


class SetPosition(_Command):
    type: Literal["set_position"] = "set_position"
    dilemma: str = Field(max_length=64)
    value: int = Field(ge=1, le=5)
    argument: str = ""


class Advance(_Command):
    """Move the table to its next phase."""

    type: Literal["advance"] = "advance"


class Lock(_Command):
    """Close the round from any playing phase: no more moves, score it."""

    type: Literal["lock"] = "lock"


Command = Annotated[
    Join
    | Leave
    | ChooseRole
    | Start
    | SubmitRanking
    | ReviseRanking
    | PlaceRemedy
    | Withdraw
    | Endorse
    | Challenge
    | SetPosition
    | Advance
    | Lock,
    Field(discriminator="type"),
]

# Built on first use: the messages that carry a command validate it through their own models.
command_adapter: TypeAdapter[Command] = TypeAdapter(Command, config=ConfigDict(defer_build=True))
