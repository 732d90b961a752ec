"""A ranking a player reorders: problems as a line-based list, moved by keys or by dragging.

It only displays and reorders; what the order means, and whether it may be sent, is for the
screen and the rules. Titles are deck text: each option is a Rich ``Text``, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.game.text import printable


class RankingList(OptionList):
    """Problem ids in an order the player sets; the highlighted one can be moved."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("shift+up,K", "move(-1)", "lobby.key.up"),
        Binding("shift+down,J", "move(1)", "lobby.key.down"),
        Binding("t", "to_top", "lobby.key.top"),
    ]

    class Reordered(Message):
        """The order changed (by key or drag)."""

        def __init__(self, ranking: RankingList) -> None:
            super().__init__()
            self.ranking = ranking

        @property
        def control(self) -> RankingList:
            return self.ranking

    def __init__(
        self, order: Sequence[str], titles: Mapping[str, str], *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.order = list(order)
        self.titles = dict(titles)
        self._dragged: int | None = None
        self._fill()

    def _fill(self, highlight: int = 0) -> None:
        width = len(str(len(self.order)))
        self.clear_options()
        self.add_options(
            Option(Text(f"{i:>{width}}. {printable(self.titles.get(p, p))}"), id=p)
            for i, p in enumerate(self.order, 1)
        )
        if self.order:
            self.highlighted = max(0, min(highlight, len(self.order) - 1))

    @property
    def current(self) -> str | None:
        """The highlighted problem's id."""
        i = self.highlighted
        return self.order[i] if i is not None and 0 <= i < len(self.order) else None

    def move_to(self, index: int, target: int) -> None:
        """Put the problem at ``index`` at ``target``; the others shift to make room."""
        if not (0 <= index < len(self.order)):
            return
        target = max(0, min(target, len(self.order) - 1))
        if target == index:
            return
        item = self.order.pop(index)
        self.order.insert(target, item)
        self._fill(target)
        self.post_message(self.Reordered(self))

    def action_move(self, delta: int) -> None:
        if self.highlighted is not None:
            self.move_to(self.highlighted, self.highlighted + delta)

    def action_to_top(self) -> None:
        if self.highlighted is not None:
            self.move_to(self.highlighted, 0)

    # --- dragging: press on one problem, release on another ------------------------------------

    def _index_at(self, event: events.MouseEvent) -> int | None:
        offset = event.get_content_offset(self)
        if offset is None:
            return None
        line = offset.y + self.scroll_offset.y
        lines = self._lines
        return lines[line][0] if 0 <= line < len(lines) else None

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._dragged = self._index_at(event)
        if self._dragged is not None:
            self.capture_mouse()

    def on_mouse_up(self, event: events.MouseUp) -> None:
        dragged, self._dragged = self._dragged, None
        self.release_mouse()
        target = self._index_at(event)
        if dragged is not None and target is not None and target != dragged:
            self.move_to(dragged, target)
            event.stop()
