"""The browser visitor's first screen: a name and the join code, before the server's lobby.

Over SSH the login names the player; in the browser nobody has, so this screen asks. The code
is masked. Enter (or the button) posts ``LoginWanted``; the app logs in at the web door and
either moves on to the lobby or gives this screen the door's refusal, shown in one line, and
the visitor tries again. The screen knows nothing of the network (screens never import it).
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Input, Label, Static

from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.title_bar import TitleBar

NAME_MAX = 32
"""The name rule's longest name (``game.text.name_problem``): longer is refused anyway."""
CODE_MAX = 64


class LoginWanted(Message):
    """The visitor asks to come in as ``name`` with ``code``."""

    def __init__(self, name: str, code: str) -> None:
        super().__init__()
        self.name = name
        self.code = code


class WebLoginScreen(Screen[None]):
    """Name, join code, and the door's last refusal."""

    CSS_PATH = "web_login.tcss"

    def __init__(self, lang: str = "en") -> None:
        super().__init__()
        self.lang = lang
        self.busy = False
        translate_bindings(self, lang)

    def compose(self) -> ComposeResult:
        yield TitleBar()
        with Vertical(id="login-box"):
            yield Static(t(self.lang, "web.login.title"), id="login-title", markup=False)
            yield Label(t(self.lang, "web.login.name"), markup=False)
            yield Input(max_length=NAME_MAX, id="login-name")
            yield Label(t(self.lang, "web.login.code"), markup=False)
            yield Input(max_length=CODE_MAX, password=True, id="login-code")
            yield Button(t(self.lang, "web.login.go"), id="login-go", variant="primary")
            yield Static("", id="login-said", markup=False)
        yield KeyBar()

    def on_mount(self) -> None:
        self.sub_title = t(self.lang, "web.login.title")
        self.query_one("#login-name", Input).focus()

    @on(Input.Submitted, "#login-name")
    def _name_given(self) -> None:
        self.query_one("#login-code", Input).focus()

    @on(Input.Submitted, "#login-code")
    @on(Button.Pressed, "#login-go")
    def _go(self) -> None:
        if self.busy:
            return
        name = self.query_one("#login-name", Input).value
        code = self.query_one("#login-code", Input).value
        if not name.strip() or not code.strip():
            self.say(t(self.lang, "web.login.empty"))
            self.query_one("#login-name" if not name.strip() else "#login-code", Input).focus()
            return
        self.busy = True
        self.say(t(self.lang, "web.login.waiting"))
        self.post_message(LoginWanted(name, code))

    def say(self, line: str) -> None:
        """Show one line under the form (the door's text is data: never markup)."""
        self.query_one("#login-said", Static).update(Text(printable(line)))

    def refused(self, line: str) -> None:
        """The door said no: show why, and let the visitor try again."""
        self.busy = False
        self.say(line)
        code = self.query_one("#login-code", Input)
        code.value = ""
        code.focus()
