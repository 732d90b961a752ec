"""``python -m sammenspil.tui.fork_main --control FD``: the fork server with the apps imported.

``sammenspil serve`` starts this once (``net/fork_client.py``); it imports everything a player's
or a facilitator's session needs (Textual, the player's app with every phase screen, the
console and its screens, the network client and its pydantic models), plays a round headless
in a player's app to fill every cache the apps fill as they draw (``warm_up.py``), freezes what
it made out of the garbage collector's reach (so the children's copies of it stay shared), and then
serves start requests on the control socket FD (``net/fork_server.py``). Each child runs
``remote_main`` or ``console_main`` exactly as a plainly started app would, with the table
socket on fd 3.

It lives in ``tui`` because the network layer may not import the apps.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from sammenspil.net import fork_server
from sammenspil.net.fork_server import StartRequest, WebStartRequest

PRELOADED = (
    "sammenspil.tui.remote_main",
    "sammenspil.tui.console_main",
    "sammenspil.tui.console_app",
    "sammenspil.tui.screens.too_small",
    "sammenspil.tui.screens.review",
    "sammenspil.tui.screens.review_round",
    "sammenspil.tui.web_main",
    "textual.drivers.web_driver",
    "platformdirs",
    "concurrent.futures.thread",
    "rich._emoji_codes",
    "textual.drivers.linux_driver",
    "textual.drivers.headless_driver",
    "textual._xterm_parser",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.pilot",
    "textual.scrollbar",
)
"""Beyond ``remote_app.preload()``: the console, the modules both apps import lazily, and what
Textual and Rich import at run time (found by listing what forked apps imported after the fork
during the end-to-end workshop; tests/test_fork_server.py checks that it stays nothing)."""


logger = logging.getLogger(__name__)


def preload(*, warm: bool = True) -> None:
    """Import everything a session will need, so no child imports anything of its own; then
    (``warm``) play a round headless, so no child fills Textual's and Rich's caches or parses
    a stylesheet of its own either (``warm_up.py``). A warm-up that fails is one log line:
    the children start as they did without it (or, if it left a thread, plainly, since the
    fork server refuses to fork then)."""
    from rich import _unicode_data

    from sammenspil.tui import remote_app

    remote_app.preload()
    for name in PRELOADED:
        importlib.import_module(name)
    _unicode_data.load()  # the table of character widths, imported by name on first use
    if warm:
        from sammenspil.tui import warm_up

        try:
            warm_up.warm()
        except Exception as exc:  # only slower children: a thread left makes them plain ones
            logger.warning("the fork server's warm-up failed, serving without it: %r", exc)


LATE_IMPORTS = "SAMMENSPIL_LATE_IMPORTS"
"""A folder (tests): each child that ends normally writes there, in a file named by its pid,
the modules it imported after the fork, one per line; the preload is right when none are."""


def run_app(request: StartRequest | WebStartRequest) -> int:
    """In a child: the app the request asks for, on fd 3, in its language."""
    folder = os.environ.get(LATE_IMPORTS)
    if not folder:
        return _run_app(request)
    before = set(sys.modules)
    try:
        return _run_app(request)
    finally:
        late = sorted(set(sys.modules) - before)
        (Path(folder) / str(os.getpid())).write_text("".join(f"{name}\n" for name in late))


def _run_app(request: StartRequest | WebStartRequest) -> int:
    if isinstance(request, WebStartRequest):
        return _run_web_app(request)
    if request.kind == "console":
        from sammenspil.tui import console_main

        return console_main.run(["--fd", "3", "--lang", request.lang])
    from sammenspil.tui import remote_main

    return remote_main.main(["--fd", "3", "--lang", request.lang, "--list-first"])


def _run_web_app(request: WebStartRequest) -> int:
    """A browser tab's app: Textual reads its driver and colours from the environment when it
    is imported, so its settings are read again from the tab's environment first."""
    import textual.constants

    from sammenspil.tui import web_main

    importlib.reload(textual.constants)
    argv = ["--door", request.door, "--lang", request.lang]
    if request.address is not None:
        argv += ["--address", request.address]
    return web_main.main(argv)


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
