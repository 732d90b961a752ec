"""What the screens talk to: a client of one table, local (hot-seat) or remote (the server).

The screens type against ``TableClient`` only, so they never import the rules, the saves or
the network, and the same screen serves hot-seat play and a player on SSH.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.events import Event
from sammenspil.game.refusals import Refusal
from sammenspil.host.principal import Principal
from sammenspil.host.view import Move, TableView


class Accepted(BaseModel):
    """A command taken: on disk when this is returned, at this version, causing these events."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    version: int
    events: list[Event]


Outcome = Accepted | Refusal

Subscriber = Callable[[TableView, tuple[Move, ...]], None]
"""Told after every accepted batch (and presence change): the viewer's view and its new moves."""

Unsubscribe = Callable[[], None]


class TableClient(Protocol):
    """One principal's handle on one table."""

    @property
    def principal(self) -> Principal: ...

    @property
    def deck(self) -> Deck:
        """The deck as played, sent once; views leave it out."""
        ...

    def view(self) -> TableView: ...

    def submit(self, command: c.Command) -> Outcome:
        """Ask for a move; the command's ``player`` is ignored: it is always this principal."""
        ...

    def subscribe(self, callback: Subscriber) -> Unsubscribe: ...
