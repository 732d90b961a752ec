"""Findings as they are collected, each placed where the trainer wrote the value it speaks of."""

from __future__ import annotations

from sammenspil.deck.locate import SourceMap
from sammenspil.deck.problems import Finding, Loc, Severity


class Report:
    """Collects findings and gives each its place in the text."""

    def __init__(self, source: str, smap: SourceMap | None) -> None:
        self.source = source
        self.smap = smap
        self.findings: list[Finding] = []

    def add(
        self,
        loc: Loc,
        message: str,
        *,
        severity: Severity = Severity.ERROR,
        at_key: bool = False,
        at: Loc | None = None,
    ) -> None:
        """``at`` places the finding elsewhere than ``loc`` names, e.g. a default's table."""
        pos = None
        where = loc if at is None else at
        if self.smap is not None and where:
            pos = self.smap.key_position(where) if at_key else None
            pos = pos or self.smap.find(where)
        self.findings.append(
            Finding(
                # What the map cannot place belongs to the root table, which starts at line 1.
                line=pos.line if pos else 1,
                col=pos.col if pos else None,
                loc=tuple(loc),
                message=message,
                severity=severity,
                source=self.source,
            )
        )

    def sorted(self) -> list[Finding]:
        return sorted(self.findings, key=lambda f: (f.line or 0, f.col or 0, f.message))
