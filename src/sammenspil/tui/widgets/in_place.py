"""Updating widgets in place: only what changed is drawn, and laid out only when its size may.

Every table screen repaints from a new view on each move at the table, and in a workshop a move
reaches dozens of screens at once. Textual's ``Static.update`` and ``OptionList.set_options``
redraw (and lay out the whole screen) even when nothing changed; these do the least that shows
the new content: nothing when it is the same, a repaint when its size cannot change, a layout
only when it may.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast

from rich.cells import cell_len
from rich.text import Text
from textual.content import Content
from textual.css.styles import RulesMap
from textual.geometry import Region
from textual.visual import VisualType
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option


def _plain(content: object) -> str:
    if isinstance(content, Text | Content):
        return content.plain
    return str(content)


def set_text(static: Static, content: Text | str) -> None:
    """Show ``content`` in ``static``; nothing when it shows that already.

    A layout is asked for only when the widget's size follows its content and may change: an
    auto width whose text changed length, or an auto height or a scrolling widget (wrapping).
    """
    old = static.content
    if type(old) is type(content) and old == content:
        return
    styles = static.styles
    auto_width = styles.width is not None and styles.width.is_auto
    auto_height = styles.height is None or styles.height.is_auto
    scrolls = styles.overflow_y in ("auto", "scroll") or styles.overflow_x in ("auto", "scroll")
    if auto_height or scrolls:
        layout = True
    elif auto_width:
        layout = cell_len(_plain(old)) != cell_len(_plain(content))
    else:
        layout = False
    static.update(content, layout=layout)


def refill(options: OptionList, new: Sequence[Option], keep: str | None) -> None:
    """Show ``new`` in ``options``, the highlight on the same id where it is still enabled, else
    on the first enabled option.

    The same options (ids, enabled) with some new texts only have those texts replaced, and new
    options after them are added: the highlight, the scroll position and the drawings of the
    options kept stay. Anything else replaces the list.
    """
    old = options.options
    kinds = [(o.id, o.disabled) for o in new]
    if old and [(o.id, o.disabled) for o in old] == kinds[: len(old)]:
        for i, (was, now) in enumerate(zip(old, new, strict=False)):
            if not _same(was.prompt, now.prompt):
                replace_prompt(options, i, now.prompt)
        if len(new) > len(old):  # a new placement: added, the others kept as they are drawn
            options.add_options(new[len(old) :])
            if options.highlighted is None:
                _highlight(options, new, keep)
        return
    options.set_options(new)
    _highlight(options, new, keep)


def _highlight(options: OptionList, new: Sequence[Option], keep: str | None) -> None:
    ids = [o.id for o in new if not o.disabled]
    if keep in ids:
        options.highlighted = [o.id for o in new].index(keep)
    elif any(not o.disabled for o in new):
        options.highlighted = next(i for i, o in enumerate(new) if not o.disabled)


def replace_prompt(options: OptionList, index: int, prompt: VisualType) -> None:
    """Give the option at ``index`` a new prompt, repainting only its own lines.

    ``OptionList.replace_option_prompt_at_index`` forgets every option's rendering and repaints
    the whole list: a move that changes one problem's count redrew all ten. When the option
    keeps its height, only its rendering is forgotten and only its lines are repainted; else the
    list's own method does it all. This reads the list's private caches (Textual 8's), which
    tests/test_tui_in_place.py checks.
    """
    option = options.get_option_at_index(index)
    lines = options._line_cache
    before = lines.heights.get(index)
    first = lines.index_to_line.get(index)
    region = options.scrollable_content_region
    width = region.width - options._get_left_gutter_width()
    padding = options.get_component_styles("option-list--option").padding
    if before is None or first is None or width - padding.width <= 0:  # not laid out (now)
        options.replace_option_prompt_at_index(index, prompt)
        return
    option._set_prompt(prompt)
    visual = options._get_visual(option)
    rules = cast(RulesMap, options.styles)
    after = visual.get_height(rules, width - padding.width) + option._divider
    if after != before:
        options.replace_option_prompt_at_index(index, prompt)
        return
    forget_render(options, option)
    options.refresh(Region(0, first - options.scroll_offset.y, region.width, after))


def forget_render(options: OptionList, option: Option) -> None:
    """Forget how ``option`` was drawn (at every width and style), and only that option."""
    cache = options._option_render_cache
    kept = cache.keys()  # an LRUCache, not a dict: no iteration of its own
    for key in [key for key in kept if key[0] is option]:
        cache.discard(key)


def _same(a: VisualType, b: VisualType) -> bool:
    return type(a) is type(b) and a == b
