"""Map pydantic error locations to line and column in a deck's TOML text.

``tomllib`` keeps no positions, so this module scans the text once more and records where every
key and value starts. The scanner is tolerant on purpose: it runs on text that ``tomllib`` has
already accepted, but it must never raise on anything else either, because error reporting that
crashes is worse than error reporting that points a little less precisely.
"""

from __future__ import annotations

import contextlib
import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

__all__ = ["MAX_DEPTH", "Position", "SourceMap"]

# Paths longer than this are not recorded (the text is still scanned to its end). It keeps the
# work linear for pathological input such as thousands of nested "[" or "a.a.a.a..." keys.
MAX_DEPTH = 64

Path = tuple[str | int, ...]
# key offset, value offset, anchor offset (what a missing child falls back to)
_Entry = tuple[int, int, int]

_WS = re.compile(r"[ \t]*+")
_WS_NL = re.compile(r"(?:[ \t\r\n]++|#[^\n]*+)*+")
# One token for every kind of string; an unterminated one ends at its line's (or text's) end.
_STRING = re.compile(
    r'"""(?:[^"\\]++|\\.|"(?!""))*+(?:"""(?:"{1,2})?|\\?\Z)'
    r"|'''(?:[^']++|'(?!''))*+(?:'''(?:'{1,2})?|\Z)"
    r'|"(?:[^"\\\n]++|\\[^\n])*+"?'
    r"|'[^'\n]*+'?",
    re.DOTALL,
)


def _skip(pattern: re.Pattern[str], text: str, pos: int) -> int:
    """Where a pattern that always matches (it may match nothing) ends, from pos."""
    m = pattern.match(text, pos)
    assert m is not None, "the pattern matches the empty string"
    return m.end()


# An array element that is a string or a scalar, with what follows it up to its comma.
_ELEMENT = re.compile(
    "(?:" + _STRING.pattern + r"|[^\s,\[\]{}#\"'=]++)(?:[ \t\r\n]++|#[^\n]*+)*+(,?)", re.DOTALL
)
_KEY = re.compile(r'"(?:[^"\\\n]++|\\[^\n])*+"?' r"|'[^'\n]*+'?" r"|[^\s=.\[\]\"'#,{}]++")
_SIMPLE_KEYVAL = re.compile(r"([A-Za-z0-9_-]++)[ \t]*+=[ \t]*+")
_SCALAR = re.compile(r"[^\s,\[\]{}#\"'=]++")
_ESCAPE = re.compile(r"\\(?:u[0-9A-Fa-f]{4}|U[0-9A-Fa-f]{8}|x[0-9A-Fa-f]{2}|.)", re.DOTALL)
_SIMPLE_ESCAPES = {
    "b": "\b",
    "t": "\t",
    "n": "\n",
    "f": "\f",
    "r": "\r",
    "e": "\x1b",
    '"': '"',
    "\\": "\\",
}


@dataclass(frozen=True)
class Position:
    """A place in the text, as an editor shows it."""

    line: int  # 1-based
    col: int  # 1-based, counted in characters (not bytes)


def _unescape_match(match: re.Match[str]) -> str:
    body = match.group(0)[1:]
    if body[0] in "uUx" and len(body) > 1:
        code = int(body[1:], 16)
        return chr(code) if code <= 0x10FFFF else match.group(0)
    return _SIMPLE_ESCAPES.get(body, match.group(0))


def _key_name(raw: str) -> str:
    """The name a key token stands for; escapes that are invalid stay as written."""
    quote = raw[0]
    if quote != '"' and quote != "'":
        return raw
    inner = raw[1:-1] if len(raw) > 1 and raw[-1] == quote else raw[1:]
    if quote == '"' and "\\" in inner:
        return _ESCAPE.sub(_unescape_match, inner)
    return inner


class _Scanner:
    """A single forward pass recording offsets by path; containers nest on an explicit stack."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.entries: dict[Path, _Entry] = {}
        self.weak: set[Path] = set()  # tables that exist only implicitly so far
        self.aot_count: dict[Path, int] = {}

    def put(self, path: Path | None, key: int, value: int, anchor: int) -> None:
        """Record an explicit definition; it replaces an implicit one, else the first wins."""
        if path is None:
            return
        if path not in self.entries:
            self.entries[path] = (key, value, anchor)
        elif path in self.weak:
            self.weak.discard(path)
            self.entries[path] = (key, value, anchor)

    def put_implicit(self, path: Path | None, offset: int, anchor: int) -> None:
        if path is not None and path not in self.entries:
            self.entries[path] = (offset, anchor, anchor)
            self.weak.add(path)

    def dotted_key(self, pos: int) -> tuple[list[tuple[str, int]], int]:
        """Read `a . "b" . 'c'` at pos; return the parts with their offsets, and the end."""
        text, keys = self.text, list[tuple[str, int]]()
        while True:
            pos = _skip(_WS, text, pos)
            m = _KEY.match(text, pos)
            if m is None or text.startswith(('"""', "'''"), pos):
                return keys, pos
            keys.append((_key_name(m.group(0)), pos))
            pos = _skip(_WS, text, m.end())
            if pos < self.n and text[pos] == ".":
                pos += 1
            else:
                return keys, pos

    def extend(self, base: Path | None, keys: list[tuple[str, int]]) -> Path | None:
        """The path of a dotted key below base, recording the tables it creates on the way."""
        path = base
        for i, (name, offset) in enumerate(keys):
            if path is None or len(path) >= MAX_DEPTH:
                return None
            path = (*path, name)
            if i < len(keys) - 1:
                self.put_implicit(path, offset, offset)
        return path

    def scan(self) -> None:
        text, n = self.text, self.n
        table: Path | None = ()
        pos = 0
        while True:
            pos = _skip(_WS_NL, text, pos)
            if pos >= n:
                return
            if text[pos] == "[":
                table = self.header(pos)
            else:
                m = _SIMPLE_KEYVAL.match(text, pos)
                if m is not None:
                    path = None if table is None else self.extend(table, [(m.group(1), pos)])
                    key, pos = pos, m.end()
                else:
                    keys, after = self.dotted_key(pos)
                    if not keys or after >= n or text[after] != "=":
                        pos = max(after, pos + 1)
                        end = text.find("\n", pos)
                        pos = n if end < 0 else end + 1
                        continue
                    path = self.extend(table, keys)
                    key = keys[-1][1]
                    pos = _skip(_WS, text, after + 1)
                pos = self.value(pos, path, key)
            end = text.find("\n", pos)  # the rest of the line is a comment (or garbage)
            pos = n if end < 0 else end + 1

    def header(self, start: int) -> Path | None:
        """Read a [table] or [[array]] header; return the resolved path of its table."""
        aot = self.text.startswith("[[", start)
        keys, _ = self.dotted_key(start + (2 if aot else 1))
        if not keys or len(keys) > MAX_DEPTH:
            return None
        resolved: Path = ()
        for i, (name, offset) in enumerate(keys):
            resolved = (*resolved, name)
            if i == len(keys) - 1:
                self.put(resolved, offset, start, start)
                if aot:
                    index = self.aot_count.get(resolved, 0)
                    self.aot_count[resolved] = index + 1
                    resolved = (*resolved, index)
                    self.put(resolved, offset, start, start)
            elif resolved in self.aot_count:  # a sub-table of the array's last element
                resolved = (*resolved, self.aot_count[resolved] - 1)
            else:
                self.put_implicit(resolved, offset, start)
        return resolved

    def value(self, pos: int, path: Path | None, key: int) -> int:
        """Scan the value at pos, whose key starts at key; return where the value ends."""
        text, n, entries = self.text, self.n, self.entries
        c = text[pos] if pos < n else ""
        if c == '"' or c == "'":
            self.put(path, key, pos, key)
            return _skip(_STRING, text, pos)
        if c != "[" and c != "{":
            m = _SCALAR.match(text, pos)
            self.put(path, key, key if m is None else pos, key)
            return pos if m is None else m.end()
        self.put(path, key, pos, key)
        # frame: [is_array, path, next index, expecting a value (array) or a key (table)]
        stack: list[list] = [[c == "[", path, 0, True]]
        pos += 1
        while stack:
            frame = stack[-1]
            pos = _skip(_WS_NL, text, pos)
            if pos >= n:
                break
            c = text[pos]
            is_array, base = frame[0], frame[1]
            if c == ("]" if is_array else "}"):
                pos += 1
                stack.pop()
            elif c == "]" or c == "}":  # a mismatched closer belongs to an outer container
                stack.pop()
            elif c == ",":
                pos += 1
                if is_array:
                    frame[2] += 1
                frame[3] = True
            elif not frame[3]:  # something out of place: step over it
                m = _STRING.match(text, pos) or _SCALAR.match(text, pos)
                pos = pos + 1 if m is None else m.end()
            elif is_array:
                frame[3] = False
                child = None if base is None or len(base) >= MAX_DEPTH else (*base, frame[2])
                if c == "[" or c == "{":
                    self.put(child, pos, pos, pos)
                    stack.append([c == "[", child, 0, True])
                    pos += 1
                    continue
                m = _ELEMENT.match(text, pos)
                if m is None:
                    pos += 1
                    continue
                if child is not None and child not in entries:
                    entries[child] = (pos, pos, pos)
                pos = m.end()
                if m.group(1):  # the comma after the element, taken in the same step
                    frame[2] += 1
                    frame[3] = True
            else:
                frame[3] = False
                keys, after = self.dotted_key(pos)
                if not keys or after >= n or text[after] != "=":
                    pos = max(pos + 1, after) if after < n and text[after] not in "]}," else after
                    continue
                child = self.extend(base, keys)
                key = keys[-1][1]
                pos = _skip(_WS, text, after + 1)
                c = text[pos] if pos < n else ""
                if c == "[" or c == "{":
                    self.put(child, key, pos, key)
                    stack.append([c == "[", child, 0, True])
                    pos += 1
                else:
                    pos = self.value(pos, child, key)
        return pos


class SourceMap:
    """Where each key and value of a TOML document starts, by its pydantic-style path."""

    def __init__(self, line_starts: list[int], entries: dict[Path, _Entry]) -> None:
        self._line_starts = line_starts
        self._entries = entries

    @classmethod
    def from_text(cls, text: str) -> SourceMap:
        """Scan text once; never raises: garbage just yields a map that finds less."""
        if text.startswith("\ufeff"):
            text = text[1:]
        line_starts = [0]
        find = text.find
        i = find("\n")
        while i >= 0:
            line_starts.append(i + 1)
            i = find("\n", i + 1)
        scanner = _Scanner(text)
        # A net under the net: the scanner is written not to raise; should it, keep what it found.
        with contextlib.suppress(Exception):
            scanner.scan()
        return cls(line_starts, scanner.entries)

    def _position(self, offset: int) -> Position:
        line = bisect_right(self._line_starts, offset)
        return Position(line, offset - self._line_starts[line - 1] + 1)

    def _lookup(self, path: Sequence[str | int], field: int) -> Position | None:
        t = tuple(path)
        entry = self._entries.get(t)
        if entry is not None:
            return self._position(entry[field])
        for end in range(min(len(t), MAX_DEPTH + 1) - 1, 0, -1):
            entry = self._entries.get(t[:end])
            if entry is not None:
                return self._position(entry[2])
        return None

    def find(self, path: Sequence[str | int]) -> Position | None:
        """The position of the value at path (a table's header, an element's start); for a
        path absent from the text (a missing field), that of the nearest existing ancestor (the
        table header, or the key of the enclosing table); None if nothing matches (the root).
        """
        return self._lookup(path, 1)

    def key_position(self, path: Sequence[str | int]) -> Position | None:
        """The position of the key itself, for 'unknown key' errors. An array element has no
        key, so its own start is given; an absent path falls back like find()."""
        return self._lookup(path, 0)
