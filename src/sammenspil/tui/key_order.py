"""Priority keys that act on what the keys before them did, run after those keys.

Textual runs a priority binding as soon as the app reads its key, and hands every other key to
the focused widget's own queue; a key the widget does not take itself bubbles up, parent by
parent, each through its own queue, to the app, which runs the binding it names (a list's Down).
Keys that arrive together (over SSH several come in one packet) are all read before the focused
widget has taken the first of them. An action that reads the focused widget's state (the text
typed, the option highlighted) would then act on the state before those keys: the end of an
argument lost, the dilemma above the one the player moved to marked. ``in_key_order`` sends
such an action the way those keys go, queue by queue, so it runs behind them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Concatenate, ParamSpec, Protocol, TypeVar

from textual.message_pump import MessagePump
from textual.widget import Widget


class _HasFocus(Protocol):
    @property
    def focused(self) -> Widget | None: ...


P = ParamSpec("P")
S = TypeVar("S", bound=_HasFocus)


def in_key_order(
    action: Callable[Concatenate[S, P], None],
) -> Callable[Concatenate[S, P], None]:
    """Make ``action`` (a screen's action method bound to a priority key) run once the focused
    widget has handled every key queued ahead of it; at once when nothing has focus."""

    @functools.wraps(action)
    def queued(self: S, *args: P.args, **kwargs: P.kwargs) -> None:
        focused = self.focused
        path: list[MessagePump] = [] if focused is None else [*focused.ancestors_with_self]
        _behind(path, functools.partial(action, self, *args, **kwargs))

    return queued


def _behind(path: list[MessagePump], run: Callable[[], None]) -> None:
    """Run ``run`` behind whatever waits in each queue of ``path``, first to last."""
    if not path:
        run()
        return
    path[0].call_later(_behind, path[1:], run)
