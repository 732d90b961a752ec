"""The quiet "saved" mark in a table screen's top right corner.

Every move is written to the save before the host answers or tells anyone, so a screen that has
seen a move accepted may say so. The mark takes no room from the screen: it is positioned
absolutely over the top row's right end (the header's empty clock space, or the end of a
screen's title line), and placed again when the screen's size changes.
"""

from __future__ import annotations

from textual.widgets import Static

WIDTH = 8
"""Room for "saved"/"gemt" with a check mark and a space either side."""


class SavedMark(Static):
    """Hidden until a move is saved; then "✓ saved" in muted text."""

    DEFAULT_CSS = f"""
    SavedMark {{
        position: absolute;
        overlay: screen;
        width: {WIDTH};
        height: 1;
        color: $text-muted;
        background: $panel;
        content-align: right middle;
        display: none;
    }}
    SavedMark.-saved {{ display: block; }}
    """

    def __init__(self, text: str) -> None:
        super().__init__(f"✓ {text} ", markup=False)

    def place(self, width: int) -> None:
        """Put the mark at the right end of the top row of a screen ``width`` cells wide."""
        self.styles.offset = (max(0, width - WIDTH), 0)

    def show_saved(self) -> None:
        self.add_class("-saved")
