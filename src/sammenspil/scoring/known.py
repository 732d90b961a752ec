"""The heuristics' names a deck's weights may use, known without loading the registry.

A deck that weighs only built-in heuristics is checked against their names alone; the registry
(its dataclasses, the heuristics, the scan for plugins) is loaded when a name is not built in.
``registry`` re-exports these.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sammenspil.scoring.registry import Heuristic

# The built-in heuristics' names, in their documented order (tests check them against what
# scoring/heuristics.py registers): a deck's weights name these, and checking a name against them
# needs neither the heuristics (which import the game's models) nor a scan of the installed
# packages for plugins.
BUILTIN_NAMES = (
    "coverage",
    "chains",
    "alignment",
    "focus",
    "pace",
    "culture",
    "simplicity",
    "ownership",
    "deliberation",
    "consensus",
)


class KnownHeuristics(Collection[str]):
    """Every heuristic's name, as ``heuristic_names``, for checking a deck's weights: a built-in
    name is known at once; only another name (a plugin's, or a typo) loads the registry."""

    def __contains__(self, name: object) -> bool:
        return name in BUILTIN_NAMES or name in _heuristics()

    def __iter__(self) -> Iterator[str]:
        return iter(_heuristics())

    def __len__(self) -> int:
        return len(_heuristics())


def known_heuristics() -> Collection[str]:
    """The names a deck's ``[scoring.weights]`` may use, loaded only when a name is not built in."""
    return KnownHeuristics()


def _heuristics() -> Mapping[str, Heuristic]:
    """The registry's heuristics, the registry imported (and looked up) at the call."""
    from sammenspil.scoring import registry

    return registry.heuristics()
