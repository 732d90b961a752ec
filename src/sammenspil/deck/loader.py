"""Reading a deck file into a :class:`Deck`, with every error located in the trainer's text.

The order is: bytes, UTF-8 text, TOML, the pydantic models, then the cross-references the models
cannot see on their own (ids that must exist, deals that must fit the deck). The cross-reference
checks read the raw data defensively, so a deck with a type error still gets its dangling
references reported in the same run.
"""

from __future__ import annotations

import math
import re
import tomllib
from collections import Counter
from collections.abc import Collection, Iterator, Mapping
from pathlib import Path
from typing import Any

import pydantic

from sammenspil.deck.locate import SourceMap
from sammenspil.deck.models import Deck, Kind, Pace, Rules
from sammenspil.deck.problems import (
    DeckError,
    Finding,
    Loc,
    Severity,
    did_you_mean,
    format_loc,
    one_of,
)

MAX_DECK_BYTES = 2 * 1024 * 1024
EMPTY_FILE = "the file is empty; start from `sammenspil deck new`"

_SECTIONS = {"roles": "role", "problems": "problem", "remedies": "remedy", "dilemmas": "dilemma"}


class _Report:
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


# --- reading ---------------------------------------------------------------------------------


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
        size = path.stat().st_size
        if size > MAX_DECK_BYTES:
            raise DeckError(
                [
                    _whole_file(
                        source,
                        f"the file is {size:,} bytes; a deck may be at most {MAX_DECK_BYTES:,}",
                    )
                ]
            )
        data = path.read_bytes()
    except IsADirectoryError:
        raise DeckError([_whole_file(source, "is a folder, not a deck file")]) from None
    except FileNotFoundError:
        raise DeckError([_whole_file(source, "no such file")]) from None
    except OSError as exc:
        raise DeckError([_whole_file(source, f"cannot be read: {exc.strerror or exc}")]) from None
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
    report = _Report(source, SourceMap.from_text(text))
    deck: Deck | None = None
    invalid: set[Loc] = set()
    try:
        deck = Deck.model_validate(raw)
    except pydantic.ValidationError as exc:
        for err in exc.errors(include_url=False):
            loc, message, at_key = explain_validation_error(err)
            invalid.add(loc)
            report.add(loc, message, at_key=at_key)
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


MAX_KEY_PARTS = 64


def _check_key_depth(text: str, source: str) -> None:
    """Refuse absurdly dotted keys before tomllib, whose time grows with their square."""
    for number, line in enumerate(text.split("\n"), start=1):
        head = line.split("=", 1)[0] if "=" in line else line
        if head.count(".") >= MAX_KEY_PARTS and (head.lstrip().startswith("[") or "=" in line):
            raise DeckError(
                [
                    Finding(
                        number,
                        None,
                        (),
                        f"a key with more than {MAX_KEY_PARTS} dotted parts is not a deck key",
                        source=source,
                    )
                ]
            )


def parse_toml(text: str, source: str) -> dict[str, Any]:
    """tomllib with its error turned into a located finding."""
    _check_key_depth(text, source)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        line, col, message = toml_error_position(exc, text)
        lines = text.split("\n")
        if line is not None and 1 <= line <= len(lines) and _CURLY.search(lines[line - 1]):
            message += '; use straight quotes (") instead of curly ones'
        raise DeckError(
            [Finding(line, col, (), f"TOML syntax: {message}", source=source)]
        ) from None
    except RecursionError:
        raise DeckError(
            [Finding(1, None, (), "is nested too deeply to be a deck", source=source)]
        ) from None


_CURLY = re.compile("[\u201c\u201d\u2018\u2019]")
_AT = re.compile(r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$")


def toml_error_position(
    exc: tomllib.TOMLDecodeError, text: str = ""
) -> tuple[int | None, int | None, str]:
    message = str(exc.args[0]) if exc.args else str(exc)
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    if hasattr(exc, "msg"):
        message = exc.msg
    m = _AT.search(message)
    if m:
        if m.group(1):
            line, col = int(m.group(1)), int(m.group(2))
        elif line is None:  # "at end of document": where the text stops
            line = text.count("\n") + 1
            col = len(text) - (text.rfind("\n") + 1) + 1
        message = message[: m.start()]
    if line is None:
        line = 1
    return line, col, message[:1].lower() + message[1:]


def _whole_file(source: str, message: str) -> Finding:
    return Finding(None, None, (), message, source=source)


# --- pydantic's errors in a trainer's words --------------------------------------------------


def _model_for(loc: Loc) -> type[pydantic.BaseModel] | None:
    """The model that owns the table at loc (for listing valid keys)."""
    from sammenspil.deck import models

    tables: dict[str, type[pydantic.BaseModel]] = {
        "rules": models.Rules,
        "scoring": models.Scoring,
        "roles": models.Role,
        "problems": models.Problem,
        "remedies": models.Remedy,
        "dilemmas": models.Dilemma,
    }
    names = [p for p in loc if isinstance(p, str)]
    if not names:
        return models.Deck
    return tables.get(names[0])


def explain_validation_error(err: Mapping[str, Any]) -> tuple[Loc, str, bool]:
    """Return (location, message, point-at-key) for one pydantic error."""
    loc: Loc = tuple(p for p in err["loc"] if p != "[key]")
    kind = err["type"]
    value = err.get("input")
    ctx = err.get("ctx") or {}
    field = str(loc[-1]) if loc else "deck"
    shown = _show(value)

    if kind == "missing":
        return loc, "is missing; this field is required", False
    if kind == "extra_forbidden":
        if len(loc) > 1 and field in _top_level_keys():
            # Written after a [table] header, a top-level key lands inside that table.
            return (
                loc,
                f"unknown key '{field}' in {format_loc(loc[:-1])}; top-level keys such as "
                f"'{field}' must come before the first [table] or [[array]] in the file",
                True,
            )
        model = _model_for(loc[:-1])
        valid = list(model.model_fields) if model else []
        hint = did_you_mean(field, valid)
        tail = hint or (f"; valid keys are {one_of(valid)}" if valid else "")
        return loc, f"unknown key '{field}'{tail}", True
    if kind == "enum":
        choices = [k.value for k in Kind] if field == "kind" else [p.value for p in Pace]
        close = did_you_mean(str(value), choices).removeprefix("; ")
        hint = f" ({close})" if close else ""
        return loc, f"{shown} is not a valid {field}{hint}; use one of {one_of(choices)}", False
    if kind == "string_pattern_mismatch":
        if "[key]" in err["loc"]:
            return (
                loc,
                f"{shown} is not a valid name: use lowercase letters, digits and hyphens",
                True,
            )
        if field == "language":
            return loc, f"{shown} is not a two-letter language code like 'da' or 'en'", False
        if field == "version":
            return loc, f"{shown} is not a version like '1.0.0'", False
        if "tag:" in ctx.get("pattern", ""):
            return (
                loc,
                f"{shown} is neither a problem id nor 'tag:<tag>'; ids use lowercase letters, "
                "digits and single hyphens",
                False,
            )
        return (
            loc,
            f"{shown} is not a valid id: use lowercase letters, digits and single hyphens, "
            "e.g. 'handover'",
            False,
        )
    if kind == "literal_error" and field == "format":
        return (
            loc,
            f"format {shown} is not supported; this version of Sammenspil reads format 1",
            False,
        )
    if kind in ("string_too_short",):
        return loc, "is empty; write some text", False
    if kind == "string_too_long":
        return (
            loc,
            f"is too long ({len(str(value))} characters); at most {ctx['max_length']}",
            False,
        )
    if kind == "too_short":
        actual = ctx.get("actual_length") or 0
        return (
            loc,
            f"needs at least {_count(ctx['min_length'], 'item')}; "
            f"it has {actual if actual else 'none'}",
            False,
        )
    if kind == "finite_number":
        return loc, f"{shown} is not a finite number; write a number such as 1", False
    if kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
        bound = {
            "greater_than_equal": f"at least {ctx.get('ge')}",
            "less_than_equal": f"at most {ctx.get('le')}",
            "greater_than": f"more than {ctx.get('gt')}",
            "less_than": f"less than {ctx.get('lt')}",
        }[kind]
        if isinstance(value, float) and math.isnan(value):
            return loc, f"{shown} is not a number; write a number such as 0.5", False
        if isinstance(value, float) and math.isinf(value):
            return loc, f"{shown} is not a finite number; it must be {bound}", False
        return loc, f"{shown} is out of range; it must be {bound}", False
    expected = {
        "int_type": "a whole number",
        "int_from_float": "a whole number",
        "float_type": "a number",
        "string_type": "text in quotes",
        "list_type": 'a list in square brackets, e.g. ["a", "b"]',
        "dict_type": "a table",
        "model_type": "a table",
        "model_attributes_type": "a table",
        "bool_type": "true or false",
    }.get(kind)
    if expected:
        return loc, f"expected {expected}, got {_type_name(value)} {shown}", False
    return loc, str(err.get("msg", "is not valid")).rstrip(".").lower(), False


def _top_level_keys() -> frozenset[str]:
    return frozenset(Deck.model_fields)


def _count(n: int, noun: str, plural: str | None = None) -> str:
    """'1 item', '2 items': a trainer reads these, so no 'item(s)'."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


_SHOW_LIMIT = 40


def _show(value: Any) -> str:
    """A value as the trainer wrote it in TOML, cut short; a lone string keeps single quotes."""
    text = f"'{value}'" if isinstance(value, str) else _toml(value, _SHOW_LIMIT)
    return text if len(text) <= _SHOW_LIMIT else text[: _SHOW_LIMIT - 3] + "..."


def _toml(value: Any, budget: int, depth: int = 0) -> str:
    """TOML's spelling of a parsed value; stops early once ``budget`` characters are written,
    and at a depth no deck reaches, so a pathological value costs little."""
    if depth > 8:
        return "..."
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if math.isnan(value):
            return "nan"
        if math.isinf(value):
            return "inf" if value > 0 else "-inf"
        return repr(value)
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | dict):
        is_list = isinstance(value, list)
        pairs = enumerate(value) if is_list else value.items()
        parts: list[str] = []
        used = 0
        for key, item in pairs:
            if used > budget:
                parts.append("...")
                break
            shown = _toml(item, budget - used, depth + 1)
            part = shown if is_list else f"{_toml_key(str(key))} = {shown}"
            parts.append(part)
            used += len(part) + 2
        if is_list:
            return "[" + ", ".join(parts) + "]"
        return "{ " + ", ".join(parts) + " }" if parts else "{}"
    if hasattr(value, "isoformat"):  # TOML's dates, times and date-times
        return str(value.isoformat())
    return str(value)


def _toml_key(key: str) -> str:
    return key if re.fullmatch(r"[A-Za-z0-9_-]+", key) else _toml(key, _SHOW_LIMIT)


def _type_name(value: Any) -> str:
    return {
        bool: "a boolean",
        int: "a whole number",
        float: "a number",
        str: "text",
        list: "a list",
        dict: "a table",
    }.get(type(value)) or {
        "date": "a date",
        "datetime": "a date and time",
        "time": "a time of day",
    }.get(type(value).__name__, type(value).__name__)


# --- cross-references ------------------------------------------------------------------------


def _entries(raw: Mapping[str, Any], section: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    items = raw.get(section)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                yield i, item


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield i, v


def _ids(raw: Mapping[str, Any], section: str) -> list[str]:
    return [e["id"] for _, e in _entries(raw, section) if isinstance(e.get("id"), str)]


def check_references(
    raw: Mapping[str, Any],
    report: _Report,
    *,
    heuristics: Collection[str] | None = None,
    invalid: Collection[Loc] = (),
) -> None:
    """Errors that take more than one card to see: duplicates, dangling ids, deals too big.

    ``invalid`` holds the locations the models already refused, so no value is blamed twice.
    """
    for section, noun in _SECTIONS.items():
        seen: dict[str, int] = {}
        for i, entry in _entries(raw, section):
            card_id = entry.get("id")
            if not isinstance(card_id, str):
                continue
            if card_id in seen:
                first = report.smap.find((section, seen[card_id], "id")) if report.smap else None
                where = f" (first at line {first.line})" if first else ""
                report.add((section, i, "id"), f"duplicate {noun} id '{card_id}'{where}")
            else:
                seen[card_id] = i

    roles = list(dict.fromkeys(_ids(raw, "roles")))  # a duplicate is named once
    problems = list(dict.fromkeys(_ids(raw, "problems")))
    tags = {t for _, p in _entries(raw, "problems") for _, t in _strings(p.get("tags"))}

    def check_role_list(loc: Loc, value: Any, what: str) -> None:
        seen: set[str] = set()
        for j, role in _strings(value):
            if role in seen:
                report.add((*loc, j), f"role '{role}' is listed twice in {what}")
            seen.add(role)
            if roles and role not in roles:
                hint = did_you_mean(role, roles)
                report.add(
                    (*loc, j), f"unknown role '{role}'{hint or ''}; roles are {one_of(roles)}"
                )

    for i, problem in _entries(raw, "problems"):
        check_role_list(("problems", i, "levels"), problem.get("levels"), "levels")

    for i, remedy in _entries(raw, "remedies"):
        check_role_list(("remedies", i, "owners"), remedy.get("owners"), "owners")
        seen_refs: set[str] = set()
        for j, ref in _strings(remedy.get("addresses")):
            loc = ("remedies", i, "addresses", j)
            if ref in seen_refs:
                report.add(loc, f"'{ref}' is listed twice in addresses")
            seen_refs.add(ref)
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                if tag not in tags:
                    hint = did_you_mean(tag, tags)
                    report.add(loc, f"no problem has the tag '{tag}'{hint}")
            elif problems and ref not in problems:
                hint = did_you_mean(ref, problems)
                tail = hint or f"; problems are {one_of(problems)}"
                report.add(loc, f"unknown problem '{ref}'{tail}")

    scoring = raw.get("scoring")
    if heuristics is not None and isinstance(scoring, Mapping):
        weights = scoring.get("weights")
        if isinstance(weights, Mapping):
            for name in weights:
                if name not in heuristics:
                    hint = did_you_mean(str(name), heuristics)
                    tail = hint or f"; heuristics are {one_of(sorted(heuristics))}"
                    report.add(
                        ("scoring", "weights", name),
                        f"unknown heuristic '{name}'{tail}",
                        at_key=True,
                    )

    _check_deal(raw, report, invalid)


def _check_deal(raw: Mapping[str, Any], report: _Report, invalid: Collection[Loc]) -> None:
    """Deals that cannot fit the deck, checked only for values the trainer can trust: a rule
    that already failed is not measured again, and with a misspelt rule in [rules] the defaults
    it may have meant to replace are not measured at all."""
    rules = raw.get("rules")
    if rules is not None and not isinstance(rules, Mapping):
        return  # its type error says enough; defaults the trainer never chose would mislead
    rules = rules if isinstance(rules, Mapping) else {}
    guessing = any(key not in Rules.model_fields for key in rules)

    def rule(name: str) -> int | None:
        if ("rules", name) in invalid or (guessing and name not in rules):
            return None
        value = rules.get(name, Rules.model_fields[name].default)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def add(name: str, message: str) -> None:
        # A default the file never states is pinned on [rules], or on line 1 without one.
        at = ("rules", name) if name in rules else ("rules",) if "rules" in raw else ()
        report.add(("rules", name), message, at=at)

    def count(section: str) -> int | None:
        """Cards in a section; None when the section itself failed, whose error says enough."""
        if (section,) in invalid or (section in raw and not isinstance(raw[section], list)):
            return None
        return len(_ids(raw, section))

    n_roles, n_problems = count("roles"), count("problems")
    n_remedies, n_dilemmas = count("remedies"), count("dilemmas")

    problems = rule("problems")
    if problems is not None and n_problems and problems > n_problems:
        add(
            "problems",
            f"deals {_count(problems, 'problem')} but the deck has {n_problems}; "
            "lower rules.problems or add problem cards",
        )
    hand = rule("hand")
    if hand is not None and n_roles and n_remedies and hand * n_roles > n_remedies:
        add(
            "hand",
            f"hands of {hand} for {_count(n_roles, 'role')} need "
            f"{_count(hand * n_roles, 'remedy', 'remedies')} but the deck has {n_remedies}; "
            "lower rules.hand or add remedy cards",
        )
    dilemmas = rule("dilemmas")
    if dilemmas is not None and n_dilemmas is not None and dilemmas > n_dilemmas:
        add(
            "dilemmas",
            f"deals {_count(dilemmas, 'dilemma')} but the deck has {n_dilemmas}; "
            "lower rules.dilemmas or add dilemma cards",
        )


# --- warnings --------------------------------------------------------------------------------


def lint(deck: Deck, report: _Report) -> None:
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
    "summary",
]
