"""The lobby's deck list: one line per deck in three columns, their names on the top border.

An ``OptionList`` (line-based, and already loaded for the players' list) rather than a
``DataTable``, whose module, CSS and per-cell machinery cost the lobby's first frame more than
the whole list of a trainer's decks: the columns are laid out here once per listing, the widest
value of each short column setting its width, and the title takes the rest of the line, cut
with an ellipsis (the details panel shows it whole). Each option's id is its row's key, so the
list's own ``OptionHighlighted`` and ``OptionSelected`` messages say which deck is meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.game.text import printable

GAP = "  "
"""Between two columns."""


@dataclass(frozen=True)
class DeckRow:
    """One deck as the list shows it; texts are shown as text, never markup."""

    key: str
    language: str
    counts: str
    title: str
    broken: bool = False


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


class DeckList(OptionList):
    """Decks in columns: language, counts, title; a broken deck's title in red."""

    DEFAULT_CSS = """
    DeckList {
        padding: 0 1 0 2;  /* the first column starts under the border's first name */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border-title-color: $text-muted;
        border-title-style: bold;
    }
    """

    def __init__(self, header: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(id=id)
        lang, counts, title = (printable(name) for name in header)
        self.header = (lang, counts, title)
        self.rows: list[DeckRow] = []
        self._set_title(cell_len(self.header[0]), cell_len(self.header[1]))

    def _set_title(self, first: int, second: int) -> None:
        lang, counts, title = self.header
        self.border_title = Text(_pad(lang, first) + GAP + _pad(counts, second) + GAP + title)

    def show(self, rows: Sequence[DeckRow], highlight: int | None = None) -> None:
        """List ``rows`` (replacing any before) and highlight the one at ``highlight``."""
        self.rows = list(rows)
        first = max([cell_len(self.header[0])] + [cell_len(r.language) for r in self.rows])
        second = max([cell_len(self.header[1])] + [cell_len(r.counts) for r in self.rows])
        self._set_title(first, second)
        options = []
        for row in self.rows:
            line = Text(end="")
            line.append(_pad(printable(row.language), first) + GAP)
            line.append(_pad(printable(row.counts), second) + GAP)
            line.append(printable(row.title), style="red" if row.broken else "")
            options.append(Option(line, id=row.key))
        self.clear_options()
        self.add_options(options)
        if highlight is not None and self.rows:
            self.highlighted = highlight
