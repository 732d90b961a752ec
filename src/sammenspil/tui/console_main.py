"""``python -m sammenspil.tui.console_main --fd N``: the facilitator console on a connected socket.

The serve command (for its own terminal, and for each facilitator who logs in over SSH with a
key) connects a socket to the table server, authenticated as a facilitator, and starts this
module on a terminal with that socket as file descriptor N. The console watches every table
through it until the facilitator quits (exit 0). A socket that is not there, a server that will
not serve it, or an unexpected error is one line on stderr (the traceback goes to the log
file), exit 1; never a traceback on the terminal.
"""

from __future__ import annotations

import argparse
import logging
import os
import socket
import sys
from collections.abc import Sequence

from sammenspil.game.text import printable
from sammenspil.i18n import LANGUAGES, t

logger = logging.getLogger(__name__)


def _arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m sammenspil.tui.console_main",
        description="The facilitator console, on a socket connected to the table server.",
    )
    parser.add_argument("--fd", type=int, required=True, help="the connected socket's descriptor")
    parser.add_argument("--lang", choices=LANGUAGES, default="en", help="the console's language")
    parser.add_argument(
        "--server-console",
        action="store_true",
        help="this is the serve command's own console: quitting stops the server",
    )
    return parser.parse_args(argv)


def run(argv: Sequence[str] | None = None) -> int:
    """Run the console; the exit code."""
    args = _arguments(argv)
    lang: str = args.lang
    try:
        from sammenspil.net.remote import RemoteError, Watch
        from sammenspil.tui.console_app import console_app

        try:
            sock = socket.socket(fileno=args.fd)
        except OSError as exc:
            error = f"fd {args.fd}: {exc.strerror or exc}"
            print(t(lang, "console.not_connected", error=printable(error)), file=sys.stderr)
            return 1
        try:
            watch = Watch(sock)
        except RemoteError as exc:
            sock.close()
            print(t(lang, "console.not_connected", error=printable(str(exc))), file=sys.stderr)
            return 1
        try:
            join = os.environ.get("SAMMENSPIL_JOIN") if args.server_console else None
            app = console_app(
                watch,
                lang=lang,
                server_console=args.server_console,
                join=printable(join, multiline=True) if join else None,
            )
            from sammenspil.tui import css_cache

            css_cache.adopt(app.stylesheet)  # the widgets' sheets a fork server parsed, if any
            app.run()
        finally:
            watch.close()
        return app.return_code or 0
    except Exception as exc:  # the last guard: one line, the traceback in the log
        from sammenspil.tui.crash import log_error

        where = log_error(exc, "the console failed")
        line = t(lang, "console.crashed", error=printable(repr(exc))[:200], log=where)
        print(line, file=sys.stderr)
        return 1


def main() -> None:
    sys.exit(run())


if __name__ == "__main__":
    main()
