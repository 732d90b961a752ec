"""An option list that moves at the table add to and change, drawn in place.

Textual's ``OptionList``, given a new option or a prompt of another height, forgets and repaints
every line it shows, and as its lines grow it has the whole screen laid out again (a widget's
``virtual_size`` asks for a layout when it changes). At the respond screen that made a placement
on the problem a player looks at cost every screen at the table about twice what a move elsewhere
did (benchmarks/bench_move.py, "on the problem shown"), and that is where a table's players place
their cards. ``GrowingList`` draws only the lines that changed and lays the screen out only when
a scrollbar comes or goes (Textual's own ``show_vertical_scrollbar`` asks for that).

It reads the list's private caches (Textual 8's), as ``in_place.replace_prompt`` does;
tests/test_tui_growing_list.py checks what it draws against what Textual's list draws.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Self

from textual.geometry import Region, Size
from textual.reactive import Reactive
from textual.visual import VisualType
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from sammenspil.tui.widgets.in_place import forget_render


class GrowingList(OptionList):
    """An ``OptionList`` whose height the screen's layout sets (not ``auto``), for options that
    arrive and change while it shows: placements, and reactions to them."""

    virtual_size: Reactive[Size] = Reactive(Size(0, 0), layout=False, repaint=False)
    """The list's lines: their number changes what it scrolls, not where anything on the screen
    is; the lines that changed are repainted by whatever changed them."""

    _holding = False
    """While ``add_options`` runs: its repaint of every line is left out (see ``refresh``)."""

    def _in_place(self) -> bool:
        """Whether the list can be drawn in place now: mounted, sized by the screen, laid out."""
        return (
            self.is_mounted
            and not self.styles.auto_dimensions
            and bool(self.scrollable_content_region)
        )

    def add_options(self, new_options: Iterable[Option | VisualType | None]) -> Self:
        new_options = list(new_options)
        if not self._in_place() or None in new_options:  # a divider changes the last option
            return super().add_options(new_options)
        first = len(self._line_cache.lines)
        self._holding = True
        try:
            super().add_options(new_options)
        finally:
            self._holding = False
        self._repaint_from(first)
        return self

    def replace_option_prompt_at_index(self, index: int, prompt: VisualType) -> Self:
        """A new prompt for one option: its lines and the lines after it are drawn again (they
        move when its height changes); the other options' drawings are kept."""
        cache = self._line_cache
        first = cache.index_to_line.get(index)
        if not self._in_place() or first is None:
            return super().replace_option_prompt_at_index(index, prompt)
        option = self.get_option_at_index(index)
        option._set_prompt(prompt)
        forget_render(self, option)
        del cache.lines[first:]
        for later in [i for i in cache.heights if i >= index]:
            del cache.heights[later]
            cache.index_to_line.pop(later, None)
        self._update_lines()
        self._repaint_from(first)
        return self

    def refresh(
        self,
        *regions: Region,
        repaint: bool = True,
        layout: bool = False,
        recompose: bool = False,
    ) -> Self:
        if self._holding and not (regions or layout or recompose):
            return self  # add_options repainting it all: its new lines are repainted after
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def watch_show_vertical_scrollbar(self) -> None:
        """The scrollbar came or went, and with it a column: every option is wrapped again.

        Textual's list wraps each option once, at the width it had then, and a scrollbar that
        comes later sends it no resize: a placement wrapped before the list overflowed kept its
        last letters under the bar (seen at 80 columns)."""
        self._clear_caches()

    def _repaint_from(self, line: int) -> None:
        """Repaint the list's lines from ``line`` (of all its lines) to the bottom of the view."""
        region = self.scrollable_content_region
        top = max(0, line - self.scroll_offset.y)
        if top < region.height:
            self.refresh(Region(0, top, region.width, region.height - top))
