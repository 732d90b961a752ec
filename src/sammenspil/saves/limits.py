"""The limits a save is held to: the same as play, so a file cannot smuggle in what a player
could not type, nor be so big that reading it becomes the attack.

A round of 20,000 events is far beyond any workshop (a long one has a few hundred). A save is
at most 16 MiB, which lets a loader refuse a 60 MB file before parsing a byte of it; its
journal at most 10 MiB, about 500 bytes for each of 20,000 events, so that the TOML file the
journal's events are folded into (the same events, a little longer as TOML, and a deck of at
most 2 MiB) still fits in a save.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from sammenspil.game.text import ARGUMENT_MAX, COMMENT_MAX, name_problem, text_problem

MAX_SAVE_BYTES = 16 * 1024 * 1024
MAX_JOURNAL_BYTES = 10 * 1024 * 1024
MAX_EVENTS = 20_000
# The longest text a save holds is an argument: 1,000 characters, at most 2,000 as TOML escapes
# them. A line or a multi-line string eight times that is no save's; refusing it before
# parsing keeps a hostile file from costing seconds.
MAX_LINE = 16 * 1024
TABLE_NAME_MAX = 80
ID_MAX = 64  # deck ids are at most 52 characters, placement ids a few


def table_name_problem(name: str) -> str | None:
    """Why a table name cannot be saved, or None; the name is checked after stripping."""
    name = name.strip()
    if not name:
        return "the table name cannot be empty"
    return text_problem(name, what="table_name", max_len=TABLE_NAME_MAX)


def field_problems(fields: dict[str, Any]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """(where within the item, why) for each text in an event or a player the engine would
    refuse: names as names, arguments and comments as a player may type them, every id as a
    short line of safe characters."""
    for key, value in fields.items():
        if key in ("player", "name") and isinstance(value, str):
            problem = name_problem(value)
        elif key == "argument" and isinstance(value, str):
            problem = text_problem(value, what="argument", max_len=ARGUMENT_MAX, multiline=True)
        elif key == "comment" and isinstance(value, str):
            problem = text_problem(value, what="comment", max_len=COMMENT_MAX, multiline=True)
        else:
            yield from _id_problems((key,), value)
            continue
        if problem is not None:
            yield (key,), problem


def _id_problems(
    loc: tuple[str | int, ...], value: Any
) -> Iterator[tuple[tuple[str | int, ...], str]]:
    if isinstance(value, str):
        if len(value) <= ID_MAX and value.isascii() and value.isprintable():
            return  # the common case, decided in C: plain ASCII without controls
        problem = text_problem(value, what="id", max_len=ID_MAX)
        if problem is not None:
            yield loc, problem
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _id_problems((*loc, i), item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _id_problems((*loc, key), key)
            yield from _id_problems((*loc, key), item)
