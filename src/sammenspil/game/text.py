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


# What is checked, in Danish; the refusal is shown in the table's language, detail and all.
_WHAT_DA = {"the argument": "argumentet", "the comment": "kommentaren", "the name": "navnet"}


def text_problem(
    text: str, *, what: str, max_len: int, multiline: bool = False, language: str = "en"
) -> str | None:
    """Why a player's text is refused, or None when it is fine."""
    da = language == "da"
    subject = _WHAT_DA.get(what, what) if da else what
    if len(text) > max_len:
        if da:
            return f"{subject} er for lang ({len(text)} tegn; højst {max_len})"
        return f"{what} is too long ({len(text)} characters; at most {max_len})"
    for ch in text:
        if unsafe_char(ch, multiline=multiline):
            code = _escape(ch)
            if da:
                return f"{subject} indeholder et kontroltegn ({code})"
            return f"{what} contains a control character ({code})"
    return None


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
    if all(not unsafe_char(ch, multiline=multiline) for ch in text):
        return text
    return "".join(_escape(ch) if unsafe_char(ch, multiline=multiline) else ch for ch in text)


def name_problem(name: str, *, language: str = "en") -> str | None:
    da = language == "da"
    if not name.strip():
        return "et navn kan ikke være tomt" if da else "a name cannot be empty"
    if name != name.strip():
        if da:
            return "et navn kan ikke begynde eller slutte med mellemrum"
        return "a name cannot start or end with spaces"
    return text_problem(name, what="the name", max_len=NAME_MAX, language=language)


def word_count(text: str) -> int:
    return len(text.split())
