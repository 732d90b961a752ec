"""Reading a deck file into a :class:`Deck`: the entry points, from bytes to a checked deck.

The order is: bytes, UTF-8 text, TOML (:mod:`toml_text`), the pydantic models (their errors
explained by :mod:`explain`), then the cross-references the models cannot see on their own
(:mod:`references`) and the warnings (:mod:`lint`). Every finding is located in the trainer's
text.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

import pydantic

from sammenspil.deck.lint import lint
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import DeckError, Finding, Loc, Severity, format_loc
from sammenspil.deck.references import check_references
from sammenspil.deck.report import Report

# Saves place their TOML errors with the same helper; they import it from here.
from sammenspil.deck.toml_text import parse_toml
from sammenspil.files import UnreadableFile, read_limited

MAX_DECK_BYTES = 2 * 1024 * 1024
EMPTY_FILE = "the file is empty; start from `sammenspil deck new`"


def load_deck(
    path: str | Path,
    *,
    heuristics: Collection[str] | None = None,
    strict: bool = False,
) -> tuple[Deck, list[Finding]]:
    """Load and check a deck file; return it with its warnings, or raise DeckError with all errors.

    ``heuristics`` names the scoring heuristics that weights may refer to (unknown names are
    errors when given). ``strict`` turns warnings into errors.
    """
    path = Path(path)
    source = str(path)
    try:
        data = read_limited(path, MAX_DECK_BYTES, what="deck file")
    except UnreadableFile as exc:
        raise DeckError([_whole_file(source, str(exc))]) from None
    return load_deck_bytes(data, source=source, heuristics=heuristics, strict=strict)


def load_deck_bytes(
    data: bytes,
    *,
    source: str = "<deck>",
    heuristics: Collection[str] | None = None,
    strict: bool = False,
) -> tuple[Deck, list[Finding]]:
    if len(data) > MAX_DECK_BYTES:
        raise DeckError([_whole_file(source, f"a deck may be at most {MAX_DECK_BYTES:,} bytes")])
    wide = _wide_encoding(data)
    if wide:  # Notepad's "Unicode": every other byte is NUL, which is no binary file
        raise DeckError(
            [Finding(1, None, (), f"is saved as {wide}; save it as UTF-8", source=source)]
        )
    nul = data.find(b"\x00")
    if nul >= 0:  # no text file holds NUL; say "binary" rather than TOML's "invalid statement"
        line = data.count(b"\n", 0, nul) + 1
        col = len(data[data.rfind(b"\n", 0, nul) + 1 : nul].decode("utf-8", "replace")) + 1
        raise DeckError(
            [
                Finding(
                    line,
                    col,
                    (),
                    "holds a NUL byte: this is a binary file, not a TOML deck",
                    source=source,
                )
            ]
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        line_start = data.rfind(b"\n", 0, exc.start) + 1
        # Editors count characters, not bytes; everything before the bad byte decodes.
        col = len(data[line_start : exc.start].decode("utf-8")) + 1
        raise DeckError(
            [Finding(line, col, (), "is not UTF-8 text; save the deck as UTF-8", source=source)]
        ) from None
    return load_deck_text(text, source=source, heuristics=heuristics, strict=strict)


def _wide_encoding(data: bytes) -> str | None:
    """The name of a UTF-16 or UTF-32 encoding announced by a byte order mark, if any."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    return None


def load_deck_text(
    text: str,
    *,
    source: str = "<deck>",
    heuristics: Collection[str] | None = None,
    strict: bool = False,
) -> tuple[Deck, list[Finding]]:
    text = text.removeprefix("\ufeff")
    raw = parse_toml(text, source)
    if not raw:  # nothing but blanks and comments: one finding, not one per missing field
        raise DeckError([Finding(1, None, (), EMPTY_FILE, source=source)])
    report = Report(source, text=text)
    deck: Deck | None = None
    invalid: set[Loc] = set()
    try:
        deck = Deck.model_validate(raw)
    except pydantic.ValidationError as exc:
        from sammenspil.deck.explain import explain_validation_error  # only a broken deck's

        errors = exc.errors(include_url=False)
        # A format this version does not read: whatever else is found is measured against
        # the wrong format, so that one line is the whole answer.
        other_format = [
            e for e in errors if e["type"] == "literal_error" and e["loc"] == ("format",)
        ]
        for err in other_format or errors:
            loc, message, at_key = explain_validation_error(err)
            invalid.add(loc)
            report.add(loc, message, at_key=at_key)
        if other_format:
            raise DeckError(report.sorted()) from None
    check_references(raw, report, heuristics=heuristics, invalid=invalid)
    if deck is not None:
        lint(deck, report)
    # A warning where an error already stands (a misspelt tag is both unknown and used once)
    # says nothing new.
    wrong = {f.loc for f in report.findings if f.severity is Severity.ERROR}
    report.findings = [
        f for f in report.findings if f.severity is Severity.ERROR or f.loc not in wrong
    ]
    findings = report.sorted()
    if strict:
        findings = [
            Finding(
                f.line,
                f.col,
                f.loc,
                f.message + " (an error under --strict)",
                Severity.ERROR,
                f.source,
            )
            if f.severity is Severity.WARNING
            else f
            for f in findings
        ]
    if deck is None or any(f.severity is Severity.ERROR for f in findings):
        raise DeckError(findings)
    return deck, findings


def _whole_file(source: str, message: str) -> Finding:
    return Finding(None, None, (), message, source=source)


def summary(deck: Deck) -> str:
    return (
        f"{deck.id} ({deck.language}, v{deck.version}): {len(deck.roles)} roles, "
        f"{len(deck.problems)} problems, {len(deck.remedies)} remedies, "
        f"{len(deck.dilemmas)} dilemmas"
    )


__all__ = [
    "MAX_DECK_BYTES",
    "DeckError",
    "Finding",
    "format_loc",
    "load_deck",
    "load_deck_bytes",
    "load_deck_text",
    "parse_toml",
    "summary",
]
