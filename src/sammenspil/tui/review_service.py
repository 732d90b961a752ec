"""What the review screens ask of saved rounds, as a protocol the app hands them.

The screens may not import saves or the rules (import-linter), yet a review lists save files,
replays their events and scores them. So they talk to a ``ReviewService``: the review app
implements it over a saves folder (``tui.review_app.SavesReview``), a test or the lobby may hand
in another. Everything it returns is a plain value: frozen rows, the public ``Debrief`` and
``Comparison`` models, and a ``ReplaySource`` whose tables are already folded.

A failure a user can cause (a broken or vanished save) is a ``ReviewError`` with one line that
says where and what; the screens show it as a notice.
"""

from __future__ import annotations

from datetime import datetime
from typing import Protocol

from pydantic import BaseModel, ConfigDict

from sammenspil.game.state import Phase, Table
from sammenspil.scoring.compare import Comparison
from sammenspil.scoring.debrief import Debrief

__all__ = ["ReplaySource", "ReviewError", "ReviewService", "RoundRow"]


class ReviewError(Exception):
    """One line a reviewer reads: which save, and what is wrong with it."""


class RoundRow(BaseModel):
    """One saved round as the review table lists it; ``error`` is set for a broken save."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    key: str
    file: str
    updated: datetime | None = None
    table: str = ""
    deck: str = ""
    language: str = ""
    phase: Phase | None = None
    total: float | None = None
    total_differs: bool = False
    error: str | None = None


class ReplaySource(Protocol):
    """A round's events, each with the table as it stood after it.

    Step 0 is the table before the first event; step ``k`` is the fold of the first ``k``
    events. Both lookups must be cheap: the replay screen calls them on every key press.
    """

    @property
    def title(self) -> str: ...

    @property
    def count(self) -> int:
        """How many events the round holds."""
        ...

    def sentence(self, step: int) -> str:
        """Step ``step``'s event in words (step 0: how the round began)."""
        ...

    def table(self, step: int) -> Table:
        """The table after the first ``step`` events."""
        ...


class ReviewService(Protocol):
    """Saved rounds for the review screens. Calls may be slow: screens make them in workers."""

    @property
    def where(self) -> str:
        """Where the rounds come from (a folder), for the screen's title."""
        ...

    def rounds(self) -> list[RoundRow]: ...

    def debrief(self, key: str) -> Debrief: ...

    def replay(self, key: str) -> ReplaySource: ...

    def compare(self, key_a: str, key_b: str) -> Comparison: ...
