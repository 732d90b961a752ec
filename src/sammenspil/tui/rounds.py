"""What the lobby asks of the app: the rounds there are to resume, and a round to start.

The lobby may not import the saves or the host (see the import-linter contracts), so it gets a
``Rounds`` service to read unfinished rounds with, and asks for a round with a message; the app
implements both (``tui.hotseat``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from textual.message import Message

SPECTATOR = "spectator"
"""The role a lobby or ``--players`` gives for someone who only watches."""


@dataclass(frozen=True)
class Seat:
    """A player as the lobby names them: a name and a role id (or ``SPECTATOR``)."""

    name: str
    role: str


@dataclass(frozen=True)
class RoundInfo:
    """An unfinished round as the lobby offers it for resuming; texts already printable."""

    path: Path
    table: str
    deck: str
    phase: str
    updated: str


class Rounds(Protocol):
    """The saves folder as the lobby sees it. Called from a worker thread: it reads files."""

    def unfinished(self) -> list[RoundInfo]: ...


class StartRound(Message):
    """The lobby's Start: deal a new round of this deck with these players."""

    def __init__(self, deck: Path, table_name: str, seed: int, seats: list[Seat]) -> None:
        super().__init__()
        self.deck = deck
        self.table_name = table_name
        self.seed = seed
        self.seats = seats


class OpenReview(Message):
    """The lobby's Review: the saved rounds, finished ones too, in the review screens."""


class ResumeRound(Message):
    """The lobby's Resume: carry on with the round saved at ``path``."""

    def __init__(self, path: Path) -> None:
        super().__init__()
        self.path = path
