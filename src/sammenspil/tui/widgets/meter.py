"""A budget as a meter: filled blocks up to the budget, the excess in the warning colour.

Budgets in the game are soft: going over is allowed and shown, never stopped, so the meter
draws past its end rather than clipping.
"""

from __future__ import annotations

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
        set_text(self, text)
