"""Warnings: weak spots in a valid deck that a trainer should look at, though the deck plays."""

from __future__ import annotations

from collections import Counter

from sammenspil.deck.models import Deck
from sammenspil.deck.problems import Loc, Severity
from sammenspil.deck.report import Report


def lint(deck: Deck, report: Report) -> None:
    """Weak spots that still play: a trainer should look, but the deck is valid."""
    warn = Severity.WARNING
    addressed: set[str] = set()
    for remedy in deck.remedies:
        addressed |= deck.addressed_problems(remedy)
    for i, problem in enumerate(deck.problems):
        if problem.id not in addressed:
            report.add(
                ("problems", i, "id"), f"no remedy addresses problem '{problem.id}'", severity=warn
            )
    owning: set[str] = set()
    for i, remedy in enumerate(deck.remedies):
        owning.update(remedy.owners)
        if not remedy.owners:
            report.add(
                ("remedies", i, "owners"), f"no role owns remedy '{remedy.id}'", severity=warn
            )
    for i, role in enumerate(deck.roles):
        if role.id not in owning:
            report.add(("roles", i, "id"), f"role '{role.id}' owns no remedy", severity=warn)

    uses: Counter[str] = Counter()
    first: dict[str, Loc] = {}
    for i, problem in enumerate(deck.problems):
        for j, tag in enumerate(problem.tags):
            uses[tag] += 1
            first.setdefault(tag, ("problems", i, "tags", j))
    for i, remedy in enumerate(deck.remedies):
        for j, ref in enumerate(remedy.addresses):
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                uses[tag] += 1
                first.setdefault(tag, ("remedies", i, "addresses", j))
    for tag, count in uses.items():
        if count == 1:
            report.add(first[tag], f"the tag '{tag}' is used only once", severity=warn)

    for i, dilemma in enumerate(deck.dilemmas):
        if dilemma.left.strip().casefold() == dilemma.right.strip().casefold():
            report.add(
                ("dilemmas", i, "right"),
                f"dilemma '{dilemma.id}' has the same pole on both sides",
                severity=warn,
            )
