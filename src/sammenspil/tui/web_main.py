"""``python -m sammenspil.tui.web_main --door PATH [--lang da|en] [--address IP]``: a browser
visitor's app.

textual-serve starts this for each browser tab (``sammenspil serve --web``), with PATH the web
door's Unix socket (``net/web_door.py``) and IP the browser's address (the door's failed-login
limit counts per address). The app first asks for a name and the join code
(``WebLoginScreen``), logs in at the door on a worker thread, shows the door's refusal in one
line and lets the visitor try again; once in, it is the SSH player's app (``RemoteApp``) over
that same connection: the server's lobby, a table, its screens. An unexpected error is logged
to the app's log file and told in one line, never a traceback.
"""

from __future__ import annotations

import argparse
import socket
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from textual import on, work
from textual.screen import Screen

from sammenspil.game.text import printable
from sammenspil.i18n import LANGUAGES, t
from sammenspil.tui import css_cache
from sammenspil.tui.crash import log_error
from sammenspil.tui.remote_app import ANSWER_TIMEOUT, RemoteApp
from sammenspil.tui.screens.server_lobby import Listing, ServerLobbyScreen
from sammenspil.tui.screens.web_login import LoginWanted, WebLoginScreen

ANSWER_MAX = 64 * 1024
"""The longest answer to a login the app reads: a ``logged_in`` or an ``error`` of one line."""


class DoorRefused(Exception):
    """The door said no (the text is its line for the visitor) or could not be reached."""


class DoorLink:
    """The app's connection to the web door, before and during the login (thread-safe)."""

    def __init__(
        self, path: Path, sock: socket.socket, *, timeout: float, address: str | None = None
    ) -> None:
        self.path = path
        self.address = address
        self.sock = sock
        self.timeout = timeout
        self._lock = threading.Lock()
        self._connected = False
        self._ended = False

    def login(self, name: str, code: str, lang: str) -> None:
        """Log in as ``name``; ``DoorRefused`` with the line to show when that did not work."""
        from sammenspil.net.protocol import (
            Error,
            LoggedIn,
            Login,
            ProtocolError,
            decode_server,
            encode,
        )

        with self._lock:
            if self._ended:
                raise DoorRefused(t(lang, "web.too_many_tries"))
            try:
                if not self._connected:
                    self.sock.settimeout(self.timeout)
                    self.sock.connect(str(self.path))
                    self._connected = True
                self.sock.sendall(
                    encode(Login(name=name[:64], code=code[:64], address=self.address))
                )
                line = self._answer()
            except OSError as exc:
                self._ended = self._connected
                error = exc.strerror or type(exc).__name__
                raise DoorRefused(t(lang, "web.login.no_door", error=error)) from None
            try:
                answer = decode_server(line) if line else None
            except ProtocolError as exc:
                answer = Error(message=str(exc))
            if isinstance(answer, LoggedIn):
                self.sock.settimeout(None)
                return
            if answer is None:
                self._ended = True
                raise DoorRefused(t(lang, "web.too_many_tries"))
            raise DoorRefused(answer.message if isinstance(answer, Error) else "?")

    def _answer(self) -> bytes:
        """One line from the door, read without taking anything after it off the socket."""
        line = bytearray()
        while not line.endswith(b"\n") and len(line) < ANSWER_MAX:
            byte = self.sock.recv(1)
            if not byte:
                return b""
            line += byte
        return bytes(line)


class WebApp(RemoteApp):
    """The player's remote app, behind a login at the web door."""

    def __init__(
        self,
        door: Path,
        *,
        lang: str | None = None,
        timeout: float = ANSWER_TIMEOUT,
        address: str | None = None,
    ) -> None:
        sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        super().__init__(sock, lang=lang, timeout=timeout)
        self.door = DoorLink(door, sock, timeout=timeout, address=address)
        self.logged_in: str | None = None

    def get_default_screen(self) -> Screen[None]:
        """The lobby, as in ``RemoteApp``, asking nothing until the login is done."""
        return ServerLobbyScreen(self._ask, lang=self.lang)

    def _ask(self) -> Listing | None:
        return self.link.ask() if self.logged_in is not None else None

    def on_mount(self) -> None:
        # RemoteApp's on_mount runs too (Textual calls each class's handler in the MRO).
        self.push_screen(WebLoginScreen(lang=self.lang))

    @on(LoginWanted)
    def _login_wanted(self, message: LoginWanted) -> None:
        self._login(message.name, message.code)

    @work(thread=True, exclusive=True, group="login")
    def _login(self, name: str, code: str) -> None:
        try:
            self.door.login(name, code, self.lang)
        except DoorRefused as exc:
            self.call_from_thread(self._refused, str(exc))
            return
        self.call_from_thread(self._in, name)

    def _refused(self, line: str) -> None:
        screen = self.screen
        if isinstance(screen, WebLoginScreen):
            screen.refused(line)

    def _in(self, name: str) -> None:
        """Logged in: the server's lobby, as an SSH player sees it."""
        self.logged_in = name
        if isinstance(self.screen, WebLoginScreen):
            self.pop_screen()
        lobby = self.screen_stack[0]
        if isinstance(lobby, ServerLobbyScreen):
            lobby.refresh_list()


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sammenspil.tui.web_main",
        description="A browser visitor's app at a Sammenspil workshop server.",
    )
    parser.add_argument("--door", type=Path, required=True, help="the web door's Unix socket")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="the screens' language")
    parser.add_argument(
        "--address", default=None, help="the browser's address, for the failed-login limit"
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app; the exit status."""
    args = _parser().parse_args(argv)
    lang = args.lang or "en"
    try:
        address = args.address[:64] if args.address else None
        app = WebApp(args.door, lang=args.lang, address=address)
        css_cache.adopt(app.stylesheet)  # a forked tab's app: what the warm-up parsed
        app.run()
    except Exception as exc:  # outside the app's own handler: still one line, never a traceback
        where = log_error(exc)
        print(t(lang, "lobby.crashed", error=printable(repr(exc))[:200], log=where))
        return 1
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
