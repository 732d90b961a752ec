"""A dilemma's 1..5 scale between its two poles: where the viewer leans and where others stand.

Display only: the widget knows a value being chosen (``pending``), the value committed, and the
other roles' marks; it knows nothing of the rules. Pole texts come from the deck and are shown
as ``Text``, never markup.
"""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.widgets import Static

from sammenspil.game.text import printable

STEPS = 5


def scale_text(
    left: str,
    right: str,
    pending: int | None,
    committed: int | None,
    others: dict[int, list[str]],
    *,
    width: int | None = None,
    indent: str = "",
) -> Text:
    """``Left ─①─②─[③]─④─⑤─ Right``, then a line of who stands where (initials under steps).

    Given the ``width`` the line has, a right label that would not fit goes on a line of its
    own after ``indent`` (the option's), rather than wrapping to the start of the next."""
    text = Text()
    text.append(printable(left), style="bold")
    text.append("  ")
    for value in range(1, STEPS + 1):
        if value == pending:
            style = "reverse bold"
        elif value == committed:
            style = "bold green"
        else:
            style = ""
        text.append("─")
        text.append(f"[{value}]" if value == committed else f" {value} ", style=style)
    text.append("─")
    label = printable(right)
    if width is not None and text.cell_len + 2 + cell_len(label) > width:
        text.append("\n" + indent)
    else:
        text.append("  ")
    text.append(label, style="bold")
    for value in range(1, STEPS + 1):
        names = others.get(value)
        if names:
            text.append(f"\n  {value}: ", style="dim")
            text.append(", ".join(printable(n) for n in names))
    return text


class Scale(Static):
    """One dilemma's scale; ``show`` repaints it."""

    DEFAULT_CSS = """
    Scale { height: auto; }
    """

    def show(
        self,
        left: str,
        right: str,
        *,
        pending: int | None,
        committed: int | None,
        others: dict[int, list[str]],
    ) -> None:
        self.update(scale_text(left, right, pending, committed, others))
