"""Everything the command line prints passes through here, shown as text.

Deck titles, table names, player arguments and file names come from files a user did not
necessarily write. `echo` shows every character that could drive a terminal (ESC, C1 codes, bidi
overrides, a carriage return) as its escape, so a hostile save cannot clear the screen, set the
window title or write to the clipboard. Styles are ours: `styled` cleans the text first, then
adds them.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import click

# ``printable``/``unsafe_char`` (sammenspil.game.text, which loads every language's texts) and
# rich's cell widths are imported where they are needed: most output is plain printable text,
# and `--help` should cost what click costs.


class UserError(Exception):
    """Something the user can fix; its message is printed on one line, as text, with exit 1."""


def clean(text: str) -> str:
    """The text with newlines and tabs kept and every other unsafe character escaped."""
    if text.replace("\n", "").replace("\t", "").isprintable():  # fast: no unsafe character
        return text
    from sammenspil.game.text import printable

    return printable(text, multiline=True)


def clean_json(text: str) -> str:
    """JSON with every unsafe character inside its strings written as a ``\\u`` escape.

    ``json.dumps(ensure_ascii=False)`` escapes C0 controls but lets C1 codes and bidi overrides
    through; the escape keeps the document's meaning exactly, which ``clean`` would not.
    """
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    from sammenspil.game.text import unsafe_char

    return "".join(_json_escape(ch) if unsafe_char(ch, multiline=True) else ch for ch in text)


def _json_escape(ch: str) -> str:
    code = ord(ch)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def echo(message: object = "", *, err: bool = False, nl: bool = True) -> None:
    """click.echo, for any text that may hold a file's or a player's words."""
    click.echo(clean(str(message)), err=err, nl=nl)


def styled(text: str, **style: object) -> str:
    """The text cleaned, then styled; print it with click.echo, which keeps our styles."""
    return click.style(clean(text), **style)  # type: ignore[arg-type]


def columns(rows: Sequence[Sequence[str]]) -> list[str]:
    """Rows as aligned columns, measured in terminal cells: an emoji or a CJK character takes
    two, so a wide table name does not push the columns after it out of line.

    Latin text is one cell a character (rich's own fast path, the same ranges): rich's width
    tables are imported only for other text."""
    cleaned = [[clean(cell) for cell in row] for row in rows]
    narrow = all(_one_cell_each(cell) for row in cleaned for cell in row)
    cell_len = len if narrow else _wide_len()
    widths = [max(cell_len(row[i]) for row in cleaned) for i in range(len(cleaned[0]))]
    return [
        "  ".join(
            cell + " " * (w - cell_len(cell)) for cell, w in zip(row, widths, strict=True)
        ).rstrip()
        for row in cleaned
    ]


def _one_cell_each(text: str) -> bool:
    """Whether every character is one cell wide by rich's ``_SINGLE_CELL_UNICODE_RANGES``
    (printable ASCII, U+00A0-U+02FF but the soft hyphen; Greek, Cyrillic and box drawing are
    left to rich)."""
    if text.isascii():
        return text.isprintable()
    return all(" " <= ch <= "~" or ("\xa0" <= ch <= "\u02ff" and ch != "\xad") for ch in text)


def _wide_len() -> Callable[[str], int]:
    from rich.cells import cell_len

    return cell_len
