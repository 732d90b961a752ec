"""A list in columns, the columns' names on its top border: the lobbies' decks and tables.

An ``OptionList`` (line-based, and already loaded for the players' list) rather than a
``DataTable``, whose module, CSS and per-cell machinery cost a lobby's first frame more than the
whole list, and whose columns take their rows' widths only when the table is next idle (a list
refilled by a timer could show its columns at the names' widths until then). Here the columns
are laid out once per listing: each column but the last is as wide as its widest value or name
(at most its cap, cut with an ellipsis), and the last takes the rest of the line, cut with an
ellipsis too. Each option's id is its row's key, so the list's own ``OptionHighlighted`` and
``OptionSelected`` messages say which row is meant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.game.text import printable

GAP = "  "
"""Between two columns."""


@dataclass(frozen=True)
class Row:
    """One line: its key (the option's id) and one cell per column, already made printable."""

    key: str
    cells: tuple[Text, ...]


def _fit(cell: Text, width: int) -> Text:
    fitted = cell.copy()
    fitted.truncate(width, overflow="ellipsis", pad=True)
    return fitted


class ColumnList(OptionList):
    """Rows in columns; the last column takes the rest of the line."""

    DEFAULT_CSS = """
    ColumnList {
        padding: 0 1 0 2;  /* the first column starts under the border's first name */
        text-wrap: nowrap;
        text-overflow: ellipsis;
        border-title-color: $text-muted;
        border-title-style: bold;
    }
    """

    def __init__(
        self, header: Sequence[str], *, caps: Sequence[int] = (), id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.header = tuple(Text(printable(name)) for name in header)
        self.caps = tuple(caps)
        """The widest each column but the last may be, in cells (none: as wide as its values)."""
        self.lines: list[Row] = []
        """The rows shown now."""
        self._set_title(self._widths([]))

    def _widths(self, rows: Sequence[Row]) -> list[int]:
        widths = []
        for column, name in enumerate(self.header[:-1]):
            widest = max([name.cell_len] + [row.cells[column].cell_len for row in rows])
            cap = self.caps[column] if column < len(self.caps) else widest
            widths.append(min(widest, cap))
        return widths

    def _set_title(self, widths: Sequence[int]) -> None:
        title = Text(GAP).join(
            [_fit(name, width) for name, width in zip(self.header, widths, strict=False)]
            + [self.header[-1]]
        )
        self.border_title = title

    def show(self, rows: Sequence[Row], highlight: int | None = None) -> None:
        """List ``rows`` (replacing any before) and highlight the one at ``highlight``."""
        widths = self._widths(rows)
        self._set_title(widths)
        options = []
        for row in rows:
            cells = [_fit(cell, width) for cell, width in zip(row.cells, widths, strict=False)]
            line = Text(GAP, end="").join([*cells, *row.cells[len(widths) :]])
            options.append(Option(line, id=row.key))
        self.lines = list(rows)
        self.clear_options()
        self.add_options(options)
        if highlight is not None and rows:
            self.highlighted = highlight

    @property
    def highlighted_key(self) -> str | None:
        """The highlighted row's key, if a row is highlighted."""
        index = self.highlighted
        lines = self.lines
        return lines[index].key if index is not None and 0 <= index < len(lines) else None
