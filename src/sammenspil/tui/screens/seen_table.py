"""A ``Table`` rebuilt from what a viewer was sent, for the pure code that reads tables.

The joint ranking and the score are pure functions of a table (``scoring``); a screen has only
its view and the deck. Both are already redacted for the viewer, so the table rebuilt here holds
nothing the screen could not see anyway. The seed is not sent (it only seeds the permutation
test's p value), so a screen that knows it passes it in.
"""

from __future__ import annotations

from sammenspil.deck.models import Deck
from sammenspil.game.state import Table
from sammenspil.host.view import SeenTable, TableView


def table_of(view: TableView, deck: Deck, *, seed: int = 0) -> Table:
    """The viewer's table as a ``Table`` (shared, not copied: both are frozen)."""
    seen = view.table
    fields = {name: getattr(seen, name) for name in SeenTable.model_fields}
    return Table.model_construct(**fields, deck=deck, seed=seed, touched={})
