"""``python -m sammenspil.tui.remote_main --fd N [--lang da|en]``: one player's app at a server.

The SSH front door starts this on a pseudo-terminal for each player's session, with ``fd N`` a
socket already connected to the table server and authenticated as that player (the server knows
who it is; nothing sent from here names the player). It runs the remote app until the player
quits (exit 0). A bad argument is one line and exit 2; an unexpected error is logged to the
app's log file and told in one line, exit 1: never a traceback on the player's terminal.

Light on the start path: argparse, not click, and nothing slow before the first frame (the fork
server of issue 13 imports this module and the app ahead of any session).
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import socket
import sys
from collections.abc import Sequence

from sammenspil.game.text import printable
from sammenspil.i18n import LANGUAGES, t
from sammenspil.tui import css_cache
from sammenspil.tui.crash import log_error
from sammenspil.tui.remote_app import ANSWER_TIMEOUT, RemoteApp, listing_of
from sammenspil.tui.screens.server_lobby import Listing

logger = logging.getLogger(__name__)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m sammenspil.tui.remote_main",
        description="A player's terminal at a Sammenspil workshop server.",
    )
    parser.add_argument(
        "--fd", type=int, required=True, help="a socket connected to the table server"
    )
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help="the screens' language")
    parser.add_argument(
        "--list-first",
        action="store_true",
        help="ask for the tables before the first frame (the fork server's apps: the client is "
        "imported already, and the round trip is a millisecond)",
    )
    return parser


def wrap_fd(fd: int) -> socket.socket:
    """The socket behind ``fd`` (its family and type read from it); OSError if it is none."""
    sock = socket.socket(fileno=fd)
    try:
        sock.getsockopt(socket.SOL_SOCKET, socket.SO_TYPE)
    except OSError:
        sock.detach()  # not ours to close: the caller gave a number that is no socket
        raise
    return sock


def first_listing(sock: socket.socket) -> Listing | None:
    """The server's tables, for the lobby's first frame; None if it did not answer (the lobby
    then asks again, and says what it hears)."""
    from sammenspil.net.remote import RemoteError, ask_tables

    try:
        return listing_of(ask_tables(sock, timeout=ANSWER_TIMEOUT))
    except RemoteError:
        return None


def make_app(sock: socket.socket, *, lang: str | None, listing: Listing | None) -> RemoteApp:
    """The app on ``sock``, with the stylesheets a fork server's warm-up parsed, if any."""
    app = RemoteApp(sock, lang=lang, listing=listing)
    css_cache.adopt(app.stylesheet)
    return app


def main(argv: Sequence[str] | None = None) -> int:
    """Run the app on ``--fd``; the exit status."""
    args = _parser().parse_args(argv)
    lang = args.lang or "en"
    try:
        sock = wrap_fd(args.fd)
    except (OSError, ValueError) as exc:
        print(
            printable(f"--fd {args.fd}: not a connected socket ({exc.strerror or exc})")
            if isinstance(exc, OSError)
            else printable(f"--fd {args.fd}: {exc}"),
            file=sys.stderr,
        )
        return 2
    try:
        listing = first_listing(sock) if args.list_first else None
        app = make_app(sock, lang=args.lang, listing=listing)
        app.run()
    except Exception as exc:  # outside the app's own handler: still one line, never a traceback
        where = log_error(exc)
        print(t(lang, "lobby.crashed", error=printable(repr(exc))[:200], log=where))
        return 1
    finally:
        with contextlib.suppress(OSError):
            sock.close()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
