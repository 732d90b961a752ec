"""Findings about a deck file: errors that stop it and warnings that a trainer should look at.

A finding knows where it is (file, line, column) and which field it speaks of, and renders as the
single line a trainer's editor can jump to: ``PATH:LINE:COL: field.path: what is wrong``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from sammenspil.game.text import printable

Loc = tuple[str | int, ...]

# A key or id may hold any character TOML can escape; a rendered finding must stay one line.
_ONE_LINE = {
    c: repr(chr(c))[1:-1]
    for c in [*range(0x20), 0x7F, 0x85, 0x2028, 0x2029]
    if c != 0x09  # a tab keeps the line whole and reads fine
}


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Finding:
    line: int | None
    col: int | None
    loc: Loc = field(compare=False)
    message: str = field(compare=False)
    severity: Severity = field(default=Severity.ERROR, compare=False)
    source: str = field(default="<deck>", compare=False)

    @property
    def field_path(self) -> str:
        return format_loc(self.loc)

    def render(self) -> str:
        where = self.source
        if self.line is not None:
            where += f":{self.line}"
            if self.col is not None:
                where += f":{self.col}"
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        path = f"{self.field_path}: " if self.loc else ""
        line = f"{where}: {prefix}{path}{self.message}".translate(_ONE_LINE)
        # printable() last: a C1 code or a bidi override in a path or a key is shown, not obeyed.
        # isprintable() holds for no unsafe character and is fast, so most lines skip the walk.
        return line if line.isprintable() else printable(line, multiline=True)

    def __str__(self) -> str:
        return self.render()


class DeckError(Exception):
    """A deck that cannot be played; carries every error found, not just the first."""

    def __init__(self, findings: Sequence[Finding]) -> None:
        self.findings = list(findings)
        super().__init__(len(self.findings))

    def __str__(self) -> str:
        # Rendered on demand: a broken 2 MB deck has 100k findings, and most callers print
        # only the first ones.
        return "\n".join(f.render() for f in self.findings)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def format_loc(loc: Iterable[str | int]) -> str:
    """``("remedies", 3, "addresses", 1)`` becomes ``remedies[3].addresses[1]``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """A '; did you mean ...?' tail when one choice is close, else ''."""
    import difflib  # only a misspelt name needs it

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean '{close[0]}'?" if close else ""


def one_of(choices: Iterable[str], limit: int = 12) -> str:
    items = list(choices)
    shown = ", ".join(items[:limit])
    return shown + (f" (and {len(items) - limit} more)" if len(items) > limit else "")


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 item', '2 items': a trainer reads these, so no 'item(s)'."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
