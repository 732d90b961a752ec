"""Reading TOML text, with its syntax errors placed on the line and column an editor shows.

Decks and saves both read TOML (``loads``); both place its errors with
:func:`toml_error_position`. ``loads`` is the compiled ``tomli`` where it is installed (the
parser the standard library's ``tomllib`` was taken from, with the same grammar and messages,
three to five times faster as a compiled wheel on a 1,000-card deck), else ``tomllib``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from sammenspil.deck.problems import DeckError, Finding

# tomllib is imported only without tomli: importing it compiles its parser's patterns (about 15
# ms of every deck and save command's start) for a parser that would never run.
loads: Callable[[str], dict[str, Any]]
TOMLDecodeError: tuple[type[ValueError], ...]
try:  # the same parser, compiled: optional, never required
    import tomli as _tomli
except ImportError:  # pragma: no cover - tomli is a dependency, kept optional on purpose
    import tomllib

    loads, TOMLDecodeError = tomllib.loads, (tomllib.TOMLDecodeError,)
else:
    loads, TOMLDecodeError = _tomli.loads, (_tomli.TOMLDecodeError,)

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
    """The TOML parser with its error turned into a located finding."""
    _check_key_depth(text, source)
    try:
        return loads(text)
    except TOMLDecodeError as exc:
        line, col, message = toml_error_position(exc, text)
        lines = text.split("\n")
        if line is not None and 1 <= line <= len(lines) and re.search(_CURLY, lines[line - 1]):
            message += '; use straight quotes (") instead of curly ones'
        raise DeckError(
            [Finding(line, col, (), f"TOML syntax: {message}", source=source)]
        ) from None
    except RecursionError:
        raise DeckError(
            [Finding(1, None, (), "is nested too deeply to be a deck", source=source)]
        ) from None


# Patterns, compiled (and cached by re) with the first syntax error that needs them.
_CURLY = "[\u201c\u201d\u2018\u2019]"
_AT = r"\s*\(at line (\d+), column (\d+)\)$|\s*\(at end of document\)$"


def toml_error_position(exc: ValueError, text: str = "") -> tuple[int | None, int | None, str]:
    message = str(exc.args[0]) if exc.args else str(exc)
    line = getattr(exc, "lineno", None)
    col = getattr(exc, "colno", None)
    if hasattr(exc, "msg"):
        message = exc.msg
    m = re.search(_AT, message)
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
