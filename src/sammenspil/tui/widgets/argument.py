"""Writing an argument: a text box that counts words as they are typed, and a dialog around it.

The count is against the deck's ``argument_min_words`` and is only a guide: whether an argument
is long enough is the host's decision, so the dialog never refuses on its own; a short argument
is sent and the host's refusal comes back as a notice. What a player types is data: the box is a
``TextArea`` (an editor, never markup) and the title is shown as ``Text``.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static, TextArea

from sammenspil.game.text import printable, word_count
from sammenspil.i18n import t
from sammenspil.tui.key_order import in_key_order


class ArgumentBox(Vertical):
    """A text area with a live word count ("3 of 4 words") and a hint while it is too short."""

    DEFAULT_CSS = """
    ArgumentBox { height: auto; }
    ArgumentBox TextArea { height: 5; }
    ArgumentBox .argument-count { height: 1; color: $text-muted; }
    ArgumentBox .argument-hint { height: auto; color: $warning; }
    ArgumentBox.-enough .argument-count { color: $success; }
    ArgumentBox.-enough .argument-hint { display: none; }
    """

    def __init__(
        self,
        text: str = "",
        *,
        min_words: int,
        lang: str,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(id=id, classes=classes)
        self.min_words = min_words
        self.lang = lang
        self._initial = text
        self._counted: int | None = None  # the word count shown: redrawn only when it changes

    def compose(self) -> ComposeResult:
        yield TextArea(self._initial, soft_wrap=True, tab_behavior="focus", compact=True)
        yield Static(classes="argument-count", markup=False)
        yield Static(classes="argument-hint", markup=False)

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.move_cursor(area.document.end)  # a text given to go on with is typed on at its end
        self._count()

    @property
    def text(self) -> str:
        return self.query_one(TextArea).text

    @property
    def words(self) -> int:
        return word_count(self.text)

    @property
    def enough(self) -> bool:
        return self.words >= self.min_words

    @on(TextArea.Changed)
    def _changed(self, event: TextArea.Changed) -> None:
        self._count()

    def _count(self) -> None:
        """Show the word count; a key that does not change it redraws nothing (a keystroke
        must not cost a layout of the screen)."""
        n, need = self.words, self.min_words
        if n == self._counted:
            return
        first = self._counted is None
        self._counted = n
        count = (
            t(self.lang, "play.words", n=n, need=need)
            if need
            else t(self.lang, "play.words.free", n=n)
        )
        self.query_one(".argument-count", Static).update(count)
        if first:
            hint = t(self.lang, "play.words.short", need=need)
            self.query_one(".argument-hint", Static).update(hint)
        self.set_class(n >= need, "-enough")

    def focus_text(self) -> None:
        self.query_one(TextArea).focus()


class ArgumentDialog(ModalScreen[str | None]):
    """Ask for an argument: the text on Enter or ctrl+s, None on Escape."""

    DEFAULT_CSS = """
    ArgumentDialog { align: center middle; }
    ArgumentDialog > Vertical {
        width: 70; max-width: 100%; height: auto; max-height: 100%;
        padding: 1 2; background: $panel; border: thick $accent;
    }
    ArgumentDialog .dialog-title { text-style: bold; margin-bottom: 1; }
    ArgumentDialog .dialog-keys { color: $text-muted; margin-top: 1; }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "commit", "Commit", priority=True),
        Binding("ctrl+s", "commit", "Commit", show=False, priority=True),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, title: str, *, min_words: int, lang: str, text: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.min_words = min_words
        self.lang = lang
        self.initial = text
        self._committed = False

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(Text(printable(self.title_text)), classes="dialog-title")
            yield ArgumentBox(self.initial, min_words=self.min_words, lang=self.lang)
            yield Static(t(self.lang, "play.dialog.keys"), classes="dialog-keys", markup=False)

    def on_mount(self) -> None:
        self.query_one(ArgumentBox).focus_text()

    @in_key_order  # the keys typed just before Enter are in the text it reads
    def action_commit(self) -> None:
        if self._committed:  # a second Enter in the same burst
            return
        self._committed = True
        self.dismiss(self.query_one(ArgumentBox).text.strip())

    def action_cancel(self) -> None:
        self.dismiss(None)
