"""One registry of heuristics: the built-in ones, and any another package adds.

A package adds its own through the entry-point group ``sammenspil.heuristics``; the entry point
names a :class:`Heuristic` object. A broken plugin is reported, never allowed to stop a round.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sammenspil.scoring.context import Context

from sammenspil.scoring.known import BUILTIN_NAMES as BUILTIN_NAMES  # re-exported
from sammenspil.scoring.known import KnownHeuristics as KnownHeuristics
from sammenspil.scoring.known import known_heuristics as known_heuristics

ENTRY_POINT_GROUP = "sammenspil.heuristics"


@dataclass(frozen=True)
class Verdict:
    """A heuristic's answer: a score 0..100 (None: not applicable), why, and what to try."""

    score: float | None
    lines: list[str] = field(default_factory=list)
    suggestion: str = ""
    details: dict[str, float | None] = field(default_factory=dict)


@dataclass(frozen=True)
class Heuristic:
    name: str
    # language -> short title, e.g. {"en": "No central holes", "da": "Ingen centrale huller"}
    title: dict[str, str]
    score: Callable[[Context], Verdict]

    def title_in(self, language: str) -> str:
        from sammenspil.i18n import pick

        return pick(language, self.title, self.name)


_BUILTIN: dict[str, Heuristic] = {}


def builtin(name: str, **title: str) -> Callable[[Callable[[Context], Verdict]], Heuristic]:
    def register(fn: Callable[[Context], Verdict]) -> Heuristic:
        heuristic = Heuristic(name=name, title=title, score=fn)
        _BUILTIN[name] = heuristic
        return heuristic

    return register


@functools.cache
def heuristics() -> Mapping[str, Heuristic]:
    """The registry, read-only: built-ins first, in their documented order, then plugins by
    entry-point name.

    Scanning installed packages for entry points costs milliseconds, more than scoring a
    round, so it happens once per process; ``heuristics.cache_clear()`` rescans.
    """
    from importlib import metadata

    from sammenspil.scoring import heuristics as _  # noqa: F401  (registers the built-ins)

    out = dict(_BUILTIN)
    for ep in sorted(metadata.entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        if ep.name in out:
            continue
        try:
            loaded = ep.load()
        except Exception as exc:  # a plugin's import error must not stop scoring
            out[ep.name] = _broken(ep.name, f"{type(exc).__name__}: {exc}")
            continue
        if isinstance(loaded, Heuristic):
            out[ep.name] = loaded if loaded.name == ep.name else _renamed(loaded, ep.name)
        else:
            out[ep.name] = _broken(ep.name, "the entry point does not name a Heuristic")
    return MappingProxyType(out)


def heuristic_names() -> list[str]:
    return list(heuristics())


def _renamed(h: Heuristic, name: str) -> Heuristic:
    return Heuristic(name=name, title=h.title, score=h.score)


def _broken(name: str, why: str) -> Heuristic:
    def score(_: Context) -> Verdict:
        return Verdict(None, [f"the plugin heuristic could not be loaded ({why})"])

    return Heuristic(name=name, title={"en": name}, score=score)
