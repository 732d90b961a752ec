"""Pydantic's validation errors in a trainer's words: what is wrong, and what to write instead."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping
from typing import Any

import pydantic

from sammenspil.deck.models import Deck, Kind, Pace
from sammenspil.deck.problems import Loc, counted, did_you_mean, format_loc, one_of


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

    if kind == "unsafe_text":  # the text rule in deck/models.py words its own message
        return loc, str(err["msg"]), False
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
    shown = _show(value)  # not before: a missing field's value is its whole table
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
            f"needs at least {counted(ctx['min_length'], 'item')}; "
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
        pairs: Iterable[tuple[Any, Any]] = (
            enumerate(value) if isinstance(value, list) else value.items()
        )
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
