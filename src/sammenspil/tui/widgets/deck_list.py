"""The lobby's deck list: one line per deck in three columns, their names on the top border.

A ``ColumnList``: language and counts as wide as their widest value, the title taking the rest of
the line, cut with an ellipsis (the details panel shows it whole); a broken deck's title in red.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text

from sammenspil.game.text import printable
from sammenspil.tui.widgets.column_list import ColumnList, Row


@dataclass(frozen=True)
class DeckRow:
    """One deck as the list shows it; texts are shown as text, never markup."""

    key: str
    language: str
    counts: str
    title: str
    broken: bool = False


class DeckList(ColumnList):
    """Decks in columns: language, counts, title."""

    def __init__(self, header: Sequence[str], *, id: str | None = None) -> None:
        super().__init__(header, id=id)
        self.rows: list[DeckRow] = []

    def show_decks(self, rows: Sequence[DeckRow], highlight: int | None = None) -> None:
        """List ``rows`` (replacing any before) and highlight the one at ``highlight``."""
        self.rows = list(rows)
        self.show(
            [
                Row(
                    row.key,
                    (
                        Text(printable(row.language)),
                        Text(printable(row.counts)),
                        Text(printable(row.title), style="red" if row.broken else ""),
                    ),
                )
                for row in self.rows
            ],
            highlight,
        )
