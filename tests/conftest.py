"""Shared test helpers: a small valid deck and the tools to break it in one readable edit.

The deck tests build each broken deck from ``MINIMAL_DECK`` by a textual edit, so a test reads
as "this deck, but with effort = 0", and find expected positions by searching the edited text
rather than hard-coding line numbers that would rot when the minimal deck grows a line.

It also registers the hypothesis profiles, chosen by ``HYPOTHESIS_PROFILE``: ``default`` for
``make test``, ``ci`` (derandomized, so a red build is red again on rerun) and ``long`` for an
explicit deep run (``HYPOTHESIS_PROFILE=long make test``). Tests scale their own budgets from the
loaded profile's ``max_examples`` rather than reading the environment themselves.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from textual import _wait

from sammenspil.deck.loader import load_deck_text
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import DeckError, Finding

settings.register_profile(
    "default",
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile("ci", settings.get_profile("default"), derandomize=True, print_blob=True)
settings.register_profile("long", settings.get_profile("default"), max_examples=1000)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

SOURCE = "decks/mini.toml"

# Valid and free of warnings even under strict: every problem is addressed, every remedy owned,
# every role owns something, the one tag is used three times, the dilemma's poles differ, and
# the deal (2 problems, 1 card x 3 roles, 1 dilemma) fits.
MINIMAL_DECK = """\
format = 1
id = "mini"
title = "A minimal deck"
language = "en"
version = "1.0.0"

[rules]
problems = 2
hand = 1
dilemmas = 1

[scoring.weights]
coverage = 2
chains = 1

[[roles]]
id = "state"
name = "The state"

[[roles]]
id = "region"
name = "The region"

[[roles]]
id = "municipality"
name = "The municipality"

[[problems]]
id = "handover"
title = "Citizens are passed between authorities"
levels = ["region", "municipality"]
tags = ["health"]

[[problems]]
id = "silos"
title = "Every authority guards its own budget"
levels = ["state", "municipality"]
tags = ["health"]

[[remedies]]
id = "simple"
title = "Make it simple where we can"
addresses = ["handover"]
owners = ["state", "region"]
kind = "culture"
pace = "incremental"
effort = 1

[[remedies]]
id = "pool"
title = "Pool the budgets"
addresses = ["tag:health"]
owners = ["region", "municipality"]
kind = "structure"
pace = "big-bang"
effort = 4

[[remedies]]
id = "talk"
title = "Meet across levels every month"
addresses = ["silos"]
owners = ["municipality"]
kind = "dialogue"
pace = "incremental"
effort = 2

[[dilemmas]]
id = "service-levels"
question = "Who sets the service level?"
left = "The state"
right = "The municipality"
"""


def edit_deck(*edits: tuple[str, str], base: str = MINIMAL_DECK) -> str:
    """Apply (old, new) replacements in order; each old text must occur exactly once."""
    text = base
    for old, new in edits:
        count = text.count(old)
        assert count == 1, f"edit target {old!r} occurs {count} times in the deck"
        text = text.replace(old, new)
    return text


def position(text: str, fragment: str, point: str | None = None) -> tuple[int, int]:
    """(line, col), 1-based, of the unique fragment, or of ``point`` inside it."""
    count = text.count(fragment)
    assert count == 1, f"{fragment!r} occurs {count} times in the deck"
    offset = text.index(fragment)
    if point is not None:
        assert point in fragment, f"{point!r} is not inside {fragment!r}"
        offset += fragment.index(point)
    line = text.count("\n", 0, offset) + 1
    col = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, col


def line_of(text: str, fragment: str) -> int:
    return position(text, fragment)[0]


def deck_findings(
    text: str,
    *,
    heuristics: Collection[str] | None = None,
    strict: bool = False,
) -> list[Finding]:
    """The findings of a deck that must not load; fails the test if it loads."""
    try:
        load_deck_text(text, source=SOURCE, heuristics=heuristics, strict=strict)
    except DeckError as exc:
        assert exc.findings, "a DeckError must carry at least one finding"
        return exc.findings
    raise AssertionError("the deck loaded, but it should have been refused")


def load_ok(
    text: str, *, heuristics: Collection[str] | None = None, strict: bool = False
) -> tuple[Deck, list[Finding]]:
    return load_deck_text(text, source=SOURCE, heuristics=heuristics, strict=strict)


@dataclass(frozen=True)
class DeckKit:
    """The helpers above as one fixture, so tests need not import from conftest."""

    text: str = MINIMAL_DECK
    source: str = SOURCE

    @property
    def data(self) -> dict[str, Any]:
        """A fresh, mutable copy of the minimal deck as TOML data."""
        return tomllib.loads(self.text)

    @staticmethod
    def edit(*edits: tuple[str, str], base: str = MINIMAL_DECK) -> str:
        return edit_deck(*edits, base=base)

    @staticmethod
    def at(text: str, fragment: str, point: str | None = None) -> tuple[int, int]:
        return position(text, fragment, point)

    @staticmethod
    def line(text: str, fragment: str) -> int:
        return line_of(text, fragment)

    @staticmethod
    def errors(
        text: str, *, heuristics: Collection[str] | None = None, strict: bool = False
    ) -> list[Finding]:
        return deck_findings(text, heuristics=heuristics, strict=strict)

    @staticmethod
    def load(
        text: str, *, heuristics: Collection[str] | None = None, strict: bool = False
    ) -> tuple[Deck, list[Finding]]:
        return load_ok(text, heuristics=heuristics, strict=strict)


@pytest.fixture(scope="session")
def decks() -> DeckKit:
    """Build, break and load small decks: ``decks.edit(("effort = 1", "effort = 0"))``."""
    return DeckKit()


# Textual's pilot waits after every key until the process looks idle, sampling every 20 ms
# (``textual._wait.SLEEP_GRANULARITY``): at least 40 ms of sleep per key, most of the time of a
# test that types a round. Sampling every 5 ms keeps the same test (the process must use less
# than a twentieth of the interval in CPU to count as idle) and types four times as fast.
_wait.SLEEP_GRANULARITY = 1 / 200
