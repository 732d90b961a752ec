"""The save file's models: what a round's TOML holds, and how it is written out."""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), milliseconds of every command that reads a save.

from datetime import datetime
from typing import Annotated, Any

import tomli_w
from pydantic import BaseModel, ConfigDict, Field, Strict

from sammenspil.deck.models import Deck
from sammenspil.game.events import Event
from sammenspil.game.state import Phase, Player, Settings
from sammenspil.saves.limits import TABLE_NAME_MAX
from sammenspil.saves.seal import seal
from sammenspil.scoring.report import ScoreReport

FORMAT = 1


# Empty-list defaults are `lambda: []`, not `list`: pydantic reads each factory's signature,
# and a builtin's is parsed from text by the tokenizer, about 10 ms of a command's start.
class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Model):
    id: str = Field(pattern=r"^[a-z0-9]{4,32}$")
    table: str = Field(min_length=1, max_length=TABLE_NAME_MAX)
    created: datetime
    updated: datetime
    seed: int
    app_version: str
    phase: Phase = Phase.LOBBY
    settings: Settings = Field(default_factory=Settings)


class LoggedEvent(_Model):
    # Strict: a hand-edited ``seq = "15"`` is a broken save, not a number to guess at.
    seq: Annotated[int, Strict(), Field(ge=1)]
    at: datetime
    event: Event


class SaveFile(_Model):
    format: int
    meta: Meta
    deck: Deck
    players: list[Player] = Field(default_factory=lambda: [])
    events: list[LoggedEvent] = Field(default_factory=lambda: [])
    result: ScoreReport | None = None

    def to_toml(self) -> str:
        data: dict[str, Any] = {
            "format": self.format,
            "meta": self.meta.model_dump(mode="python", exclude_none=True),
            "deck": self.deck.model_dump(mode="json", exclude_none=True),
            "players": [p.model_dump(mode="python", exclude_none=True) for p in self.players],
            "events": [
                {
                    "seq": logged.seq,
                    "at": logged.at,
                    **logged.event.model_dump(mode="json", exclude_none=True),
                }
                for logged in self.events
            ],
        }
        if self.result is not None:
            data["result"] = self.result.to_toml_data()
        return seal(tomli_w.dumps(data))


def unflatten_event(item: Any) -> Any:
    """A file's flat event (seq, at and the event's fields) as LoggedEvent's shape."""
    if not isinstance(item, dict):
        return item
    rest = {k: v for k, v in item.items() if k not in ("seq", "at")}
    return {"seq": item.get("seq"), "at": item.get("at"), "event": rest}
