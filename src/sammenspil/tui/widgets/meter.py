"""A budget as a meter: filled blocks up to the budget, the excess in the warning colour.

Budgets in the game are soft: going over is allowed and shown, never stopped, so the meter
draws past its end rather than clipping. It keeps room for the longest bar it draws (the budget
twice over), so a move does not change its width: a new width is a layout of the whole screen,
and a workshop's every placement reaches dozens of screens.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from sammenspil.tui.widgets.in_place import set_text

WIDTH = 12


class Meter(Static):
    """``label  ■■■■□□□□ 4/8``; over budget the extra blocks are red and the numbers too."""

    DEFAULT_CSS = """
    Meter { width: auto; height: 1; margin-right: 2; }
    """

    def show(self, label: str, value: int, budget: int) -> None:
        filled = round(min(value, budget) / budget * WIDTH) if budget else 0
        over = value > budget
        extra = min(round((value - budget) / budget * WIDTH), WIDTH) if over and budget else 0
        text = Text(f"{label} ", style="bold")
        text.append("■" * filled, style="yellow" if over else "green")
        text.append("□" * (WIDTH - filled), style="dim")
        text.append("■" * extra, style="red")
        text.append(f" {value}/{budget}", style="red bold" if over else "")
        self.set_class(over, "-over")
        room = cell_len(label) + 1 + 2 * WIDTH + len(f" {max(value, 2 * budget)}/{budget}")
        width = self.styles.width
        if width is None or width.is_auto or width.value < room:
            self.styles.width = room  # once, or when the numbers outgrow it
        set_text(self, text)
