"""``python -m sammenspil.tui.fork_main --control FD``: the fork server with the apps imported.

``sammenspil serve`` starts this once (``net/fork_client.py``); it imports everything a player's
or a facilitator's session needs (Textual, the player's app with every phase screen, the
console and its screens, the network client and its pydantic models), freezes what it imported
out of the garbage collector's reach (so the children's copies of it stay shared), and then
serves start requests on the control socket FD (``net/fork_server.py``). Each child runs
``remote_main`` or ``console_main`` exactly as a plainly started app would, with the table
socket on fd 3.

It lives in ``tui`` because the network layer may not import the apps.
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from collections.abc import Sequence

from sammenspil.net import fork_server
from sammenspil.net.fork_server import StartRequest

PRELOADED = (
    "sammenspil.tui.remote_main",
    "sammenspil.tui.console_main",
    "sammenspil.tui.console_app",
    "sammenspil.tui.screens.too_small",
    "sammenspil.tui.screens.review",
    "sammenspil.tui.screens.review_round",
    "textual.drivers.linux_driver",
    "textual._xterm_parser",
    "platformdirs",
)
"""Beyond ``remote_app.preload()``: the console, the modules both apps import lazily, and the
terminal driver Textual picks at run time."""


def preload() -> None:
    """Import everything a session will need, so no child imports anything of its own."""
    from sammenspil.tui import remote_app

    remote_app.preload()
    for name in PRELOADED:
        importlib.import_module(name)


def run_app(request: StartRequest) -> int:
    """In a child: the app the request asks for, on fd 3, in its language."""
    if request.kind == "console":
        from sammenspil.tui import console_main

        return console_main.run(["--fd", "3", "--lang", request.lang])
    from sammenspil.tui import remote_main

    return remote_main.main(["--fd", "3", "--lang", request.lang, "--list-first"])


def main(argv: Sequence[str] | None = None) -> int:
    started = time.monotonic()
    parser = argparse.ArgumentParser(
        prog="python -m sammenspil.tui.fork_main",
        description="Start players' apps for a workshop server by forking a warm process.",
    )
    parser.add_argument("--control", type=int, required=True, help="the control socket's fd")
    args = parser.parse_args(argv)
    return fork_server.serve(args.control, run_app, preload=preload, started=started)


if __name__ == "__main__":
    sys.exit(main())
