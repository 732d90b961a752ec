"""What players may type: length limits and no characters that could drive another terminal.

Names, arguments and comments travel to every screen at the table. An escape sequence in an
argument would repaint, or worse, another player's terminal; bidirectional overrides would make
a text read differently from what it says. Both are refused with a reason, never stripped
silently, so what is saved is exactly what the player wrote.
"""

from __future__ import annotations

import unicodedata

NAME_MAX = 32
ARGUMENT_MAX = 1000
COMMENT_MAX = 500

# Bidirectional embeddings, overrides and isolates.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


def text_problem(text: str, *, what: str, max_len: int, multiline: bool = False) -> str | None:
    """Why a player's text is refused, or None when it is fine."""
    if len(text) > max_len:
        return f"{what} is too long ({len(text)} characters; at most {max_len})"
    for ch in text:
        if ch == "\n" and multiline:
            continue
        if ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn"):
            return f"{what} contains a control character ({ch.encode('unicode_escape').decode()})"
    return None


def name_problem(name: str) -> str | None:
    if not name.strip():
        return "a name cannot be empty"
    if name != name.strip():
        return "a name cannot start or end with spaces"
    return text_problem(name, what="the name", max_len=NAME_MAX)


def word_count(text: str) -> int:
    return len(text.split())
