"""Who is speaking to a table, as established by whoever authenticated the connection."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class Principal(BaseModel):
    """An authenticated speaker: the SSH front door, or the hot-seat screen, makes one.

    Never built from a command or any other message a client sends: the name a command carries
    is overwritten with the principal's, and the facilitator flag comes only from here.
    """

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(max_length=64)
    facilitator: bool = False
    spectator: bool = False
