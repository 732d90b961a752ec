"""SIGTERM is the server ending an app's session (a take-over, the server stopping, idle time).

The app then quits the way ctrl+q does, so that Textual puts the player's terminal back (main
screen, cursor, mouse off) while the server still carries its bytes; only then does the server
close the session with its reason (``net/ssh_front.py``, docs/server.md). A SIGTERM before the
app runs still ends it at once, and the server puts the terminal back itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import Any

from textual.app import App


def quit_on_sigterm(app: App[Any]) -> None:
    """From now on SIGTERM makes ``app`` quit cleanly (call it on the app's own loop)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):  # not main thread
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, app.exit)


def forget_sigterm() -> None:
    """SIGTERM ends the process again (the app has ended; a test's loop goes on)."""
    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        asyncio.get_running_loop().remove_signal_handler(signal.SIGTERM)
