"""What every app of the game does with an error nobody foresaw: a file gets the traceback, the
terminal one line saying where it is. The hot-seat app, the remote player's app, the facilitator
console and their ``python -m`` entry points all end this way, and only this way.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from rich.text import Text
from textual.app import App

from sammenspil.game.text import printable
from sammenspil.i18n import t

logger = logging.getLogger("sammenspil")


def log_path() -> Path:
    """Where unexpected errors are written: the user's log folder."""
    import platformdirs

    return Path(platformdirs.user_log_dir("sammenspil")) / "sammenspil.log"


def log_error(
    error: BaseException, what: str = "unexpected error", path: Path | None = None
) -> str:
    """Append ``error``'s traceback to the log file; where it went ('-' if it could not be)."""
    path = log_path() if path is None else path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(path, encoding="utf-8")
    except OSError:
        return "-"
    logger.addHandler(handler)
    try:
        logger.error(what, exc_info=error)
    finally:
        logger.removeHandler(handler)
        handler.close()
    return str(path)


def end_app(app: App[Any], error: Exception, *, line_key: str, lang: str, where: str) -> str:
    """End ``app`` on ``error`` (logged at ``where``) with one line for the terminal; the line.

    The app exits with code 1, and the test pilot still sees the exception.
    """
    app._return_code = 1
    if app._exception is None:  # the test pilot re-raises it
        app._exception = error
        app._exception_event.set()
    line = t(lang, line_key, error=printable(repr(error))[:200], log=where)
    app._exit_renderables.append(Text(line))
    app._close_messages_no_wait()
    return line
