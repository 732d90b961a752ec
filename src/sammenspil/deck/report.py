"""Findings as they are collected, each placed where the trainer wrote the value it speaks of."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sammenspil.deck.problems import Finding, Loc, Severity

if TYPE_CHECKING:  # the scanner (and its patterns) is imported with the first finding
    from sammenspil.deck.locate import SourceMap


class Report:
    """Collects findings and gives each its place in the text.

    Given the ``text``, the source map is built on the first finding that needs a place: a deck
    with nothing wrong never pays for the second scan of its text.
    """

    def __init__(self, source: str, smap: SourceMap | None = None, *, text: str | None = None):
        self.source = source
        self._smap = smap
        self._text = text
        self.findings: list[Finding] = []

    @property
    def smap(self) -> SourceMap | None:
        if self._smap is None and self._text is not None:
            from sammenspil.deck.locate import SourceMap

            self._smap = SourceMap.from_text(self._text)
        return self._smap

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
        smap = self.smap if where else None
        if smap is not None:
            pos = smap.key_position(where) if at_key else None
            pos = pos or smap.find(where)
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
