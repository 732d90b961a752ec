"""The keys of the screen, on its bottom line: one widget that draws one line of text.

Textual's ``Footer`` composes a widget per key and, whenever the bindings change (every move of
the focus, every screen), composes them all again and restyles each one twice. Measured on the
server lobby, that was half the processor time of an app's first frame; on a workshop server
thirty apps pay it on every move. ``KeyBar`` shows the same thing (each shown binding's key and
description, the disabled ones dimmed, the command palette's key on the right) as a single
``Text`` drawn from ``screen.active_bindings``, redrawn when the screen says its bindings
changed; a click on a key presses it.
"""

from __future__ import annotations

from typing import ClassVar

from rich.cells import cell_len
from rich.text import Text
from textual import events
from textual.reactive import reactive
from textual.widget import Widget

SEPARATOR = "▏"
"""Between the keys and the command palette's key, as the footer draws it."""


class KeyBar(Widget, can_focus=False):
    """The active bindings of the screen, keys and descriptions, on one line."""

    ALLOW_SELECT = False
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "key-bar--key",
        "key-bar--description",
        "key-bar--separator",
    }
    DEFAULT_CSS = """
    KeyBar {
        dock: bottom;
        height: 1;
        color: $footer-foreground;
        background: $footer-background;
    }
    KeyBar > .key-bar--key {
        color: $footer-key-foreground;
        background: $footer-key-background;
        text-style: bold;
    }
    KeyBar > .key-bar--description {
        color: $footer-description-foreground;
        background: $footer-description-background;
    }
    KeyBar > .key-bar--separator {
        color: $foreground 20%;
    }
    """

    compact = reactive(False)
    """Less space around each key, so more keys fit on the line."""

    def __init__(self, *, compact: bool = False, id: str | None = None) -> None:
        super().__init__(id=id)
        self.set_reactive(KeyBar.compact, compact)
        self._spans: list[tuple[int, int, str, bool]] = []
        """Where each key is drawn: start and end cell, the key, whether it is enabled."""
        self._shown: object = None
        """The keys the line was last drawn with (``_keys()``)."""

    def on_mount(self) -> None:
        self.screen.bindings_updated_signal.subscribe(self, self._bindings_changed)

    def on_unmount(self) -> None:
        self.screen.bindings_updated_signal.unsubscribe(self)

    def _bindings_changed(self, screen: object) -> None:
        """Redraw when what the line shows changed: most moves at a table and many focus moves
        change no key, and a workshop's screens all hear of every move."""
        if self._keys() != self._shown:
            self.refresh()

    def _keys(self) -> tuple[list[tuple[str, str, str, bool]], tuple[str, str, str, bool] | None]:
        """The keys to show (key, its display, description, enabled), first binding of each
        action only, and the command palette's apart."""
        app = self.app
        shown: dict[str, tuple[str, str, str, bool]] = {}
        palette = None
        palette_key = app.COMMAND_PALETTE_BINDING if app.ENABLE_COMMAND_PALETTE else None
        for key, (_node, binding, enabled, _tooltip) in self.screen.active_bindings.items():
            entry = (binding.key, app.get_key_display(binding), binding.description, enabled)
            if key == palette_key:  # shown apart, though its binding is not shown among the keys
                palette = entry
            elif binding.show:
                shown.setdefault(binding.action, entry)
        return list(shown.values()), palette

    def render(self) -> Text:
        self._shown = keys, palette = self._keys()
        key_style = self.get_component_rich_style("key-bar--key", partial=True)
        description_style = self.get_component_rich_style("key-bar--description", partial=True)
        line = Text(no_wrap=True, overflow="crop", end="")
        spans: list[tuple[int, int, str, bool]] = []
        keys, tight, palette = _fitted(keys, palette, self.size.width, compact=self.compact)

        def add(entry: tuple[str, str, str, bool], *, tight: bool = False) -> None:
            key, display, description, enabled = entry
            start = line.cell_len
            if tight:
                line.append(display, key_style)
                if description:
                    line.append(f" {description}", description_style)
                line.append(" ")
            else:
                line.append(f" {display} ", key_style)
                if description:
                    line.append(f"{description} ", description_style)
            if not enabled:
                line.stylize("dim", start)
            spans.append((start, line.cell_len, key, enabled))

        for entry in keys:
            add(entry, tight=tight)
        if palette is not None:
            room = max(0, self.size.width - _palette_width(palette))
            if line.cell_len > room:
                line.truncate(room)
                spans = [span for span in spans if span[1] <= room]
            line.append(" " * (room - line.cell_len))
            line.append(SEPARATOR, self.get_component_rich_style("key-bar--separator"))
            add(palette, tight=True)
        self._spans = spans
        return line

    def on_click(self, event: events.Click) -> None:
        for start, end, key, enabled in self._spans:
            if start <= event.x < end:
                event.stop()
                if enabled:
                    self.app.simulate_key(key)
                else:
                    self.app.bell()
                return


Entry = tuple[str, str, str, bool]
"""A key as the bar shows it: the key, its display, its description, whether it is enabled."""

HELP_KEY = "f1"
"""The key of the help, which lists every key: the last the bar gives up when short of room."""


def _entry_width(entry: Entry, *, tight: bool) -> int:
    _key, display, description, _enabled = entry
    if tight:
        return cell_len(display) + 1 + (cell_len(description) + 1 if description else 0)
    return cell_len(display) + 2 + (cell_len(description) + 1 if description else 0)


def _palette_width(palette: Entry) -> int:
    return len(SEPARATOR) + _entry_width(palette, tight=True)


def _fitted(
    keys: list[Entry], palette: Entry | None, width: int, *, compact: bool
) -> tuple[list[Entry], bool, Entry | None]:
    """What fits on a line ``width`` cells wide: the keys, drawn tight or not, and the palette's.

    Short of room the bar first draws every key tight, then leaves out the palette's key (the
    palette is ctrl+p on every screen), then the keys before the help's from the last one on:
    the help lists them all, so it is the one key that must stay in view (in Danish, or at 80
    columns, the keys of a busy screen did not fit and the help's was cut off).
    """

    def needed(shown: list[Entry], tight: bool, with_palette: Entry | None) -> int:
        total = sum(_entry_width(e, tight=tight) for e in shown)
        return total + (_palette_width(with_palette) if with_palette is not None else 0)

    tight = compact or needed(keys, False, palette) > width
    if needed(keys, tight, palette) <= width:
        return keys, tight, palette
    shown = list(keys)
    while needed(shown, tight, None) > width:
        others = [i for i, entry in enumerate(shown) if entry[0] != HELP_KEY]
        if not others:
            break
        del shown[others[-1]]
    return shown, tight, None
