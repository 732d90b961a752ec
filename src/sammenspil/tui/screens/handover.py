"""The hand-over: before a role's hidden step, a cover over the whole table.

Hot-seat players share one screen; what one role ranks the others must not see. The cover is
opaque, names who gets the keyboard and who else still has to rank, and goes on Enter.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Center, Middle
from textual.screen import ModalScreen
from textual.widgets import Static

from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.words import name_mid


class HandOverScreen(ModalScreen[None]):
    """Covers the table until the named role's player presses Enter."""

    CSS_PATH = "handover.tcss"
    BINDINGS: ClassVar[list[BindingType]] = [Binding("enter", "dismiss_cover", "lobby.key.ready")]

    def __init__(self, role_name: str, still: Sequence[str], lang: str) -> None:
        super().__init__()
        self.role_name = name_mid(role_name, lang)
        self.still = [name_mid(name, lang) for name in still]
        self.lang = lang
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        with Middle(), Center(id="handover-box"):
            yield Static(t(self.lang, "lobby.handover.title"), id="handover-title", markup=False)
            yield Static(
                t(self.lang, "lobby.handover.pass", role=self.role_name),
                id="handover-text",
                markup=False,
            )
            yield Static(
                t(self.lang, "lobby.handover.still", roles=", ".join(self.still)),
                id="handover-still",
                markup=False,
            )
        yield KeyBar()

    def action_dismiss_cover(self) -> None:
        self.dismiss()
