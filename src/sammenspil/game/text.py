"""What players may type: length limits and no characters that could drive another terminal.

Names, arguments and comments travel to every screen at the table. An escape sequence in an
argument would repaint, or worse, another player's terminal; bidirectional overrides would make
a text read differently from what it says. Both are refused with a reason, never stripped
silently, so what is saved is exactly what the player wrote.
"""

from __future__ import annotations

import unicodedata
from typing import Any, Literal


def t(language: str, key: str, /, **fields: Any) -> str:
    """``i18n.t``, imported with the first refusal: the deck commands check every text with this
    module, and loading every language's catalog for no refusal cost them 5 ms."""
    from sammenspil.i18n import t as translate

    return translate(language, key, **fields)


NAME_MAX = 32
ARGUMENT_MAX = 1000
COMMENT_MAX = 500

# Bidirectional embeddings, overrides and isolates.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}


# What is checked, as the message names it in the table's language.
_WHAT = {
    "argument": "text.what.argument",
    "comment": "text.what.comment",
    "name": "text.what.name",
    "table_name": "text.what.table_name",
    "id": "text.what.id",
}
Checked = Literal["argument", "comment", "name", "table_name", "id"]


def text_problem(
    text: str, *, what: Checked, max_len: int, multiline: bool = False, language: str = "en"
) -> str | None:
    """Why a player's text is refused, or None when it is fine."""
    if len(text) > max_len:
        subject = t(language, _WHAT[what])
        return t(language, "text.too_long", what=subject, n=len(text), most=max_len)
    ch = first_unsafe(text, multiline=multiline)
    if ch is not None:
        subject = t(language, _WHAT[what])
        return t(language, "text.control", what=subject, code=_escape(ch))
    return None


def first_unsafe(text: str, *, multiline: bool = False) -> str | None:
    """The first character of ``text`` that ``unsafe_char`` refuses, or None."""
    if _plainly_safe(text, multiline=multiline):
        return None
    return next((ch for ch in text if unsafe_char(ch, multiline=multiline)), None)


def _plainly_safe(text: str, *, multiline: bool) -> bool:
    """A quick yes for the common case, in C: ``str.isprintable`` is false for every control,
    format (the bidi marks among them), surrogate, private-use and unassigned character, so a
    printable text holds nothing ``unsafe_char`` refuses. False only means: look closer (a tab,
    a no-break space or a line break is not "printable" but may be fine)."""
    if multiline:
        return all(line.isprintable() for line in text.replace("\t", " ").split("\n"))
    return text.isprintable()


def unsafe_char(ch: str, *, multiline: bool = False) -> bool:
    """A character that may drive a terminal or make text read otherwise than it says.

    C0 and C1 controls (newline and tab only in multi-line text), bidirectional overrides and
    isolates, surrogates, private-use and unassigned code points.
    """
    if multiline and ch in "\n\t":
        return False
    return ch in _BIDI or unicodedata.category(ch) in ("Cc", "Cs", "Co", "Cn")


def _escape(ch: str) -> str:
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii")


def printable(text: str, *, multiline: bool = False) -> str:
    """The text with every unsafe character shown as its escape (``\\x1b``), for any output.

    The last guard before a terminal, a file or an error message: whatever got past the checks
    (an old save, a file named on the command line) is still shown, but as visible text.
    """
    if first_unsafe(text, multiline=multiline) is None:
        return text
    return "".join(_escape(ch) if unsafe_char(ch, multiline=multiline) else ch for ch in text)


def name_problem(name: str, *, language: str = "en") -> str | None:
    if not name.strip():
        return t(language, "text.name_empty")
    if name != name.strip():
        return t(language, "text.name_spaces")
    return text_problem(name, what="name", max_len=NAME_MAX, language=language)


def word_count(text: str) -> int:
    return len(text.split())
