"""Parsed stylesheets kept from one start to the next, as Python keeps compiled bytecode.

Textual parses every stylesheet the first frame needs (its own widgets' CSS, ours) at each
start, in pure Python: some 20 ms of the lobby's first frame. A stylesheet keeps what it parsed
in a cache keyed by the source text itself (``Stylesheet._parse_cache``); ``preload`` fills that
cache from a file written by an earlier start, and ``save`` writes what the app parsed, from a
worker thread once the first frame is drawn, when it holds something the file did not.

The file is only a copy of what the parser would build, so it can always be thrown away: it is
used only when Python, Textual's parser (its files) and the theme's variables are those it was
made with, and any change to a stylesheet's text misses its entry (the key is the text) and is
parsed as before. A file that cannot be read or unpickled is ignored. It lives in the user's
own cache folder, written by the user's own processes, like the bytecode Python runs from
there anyway.
"""

from __future__ import annotations

import contextlib
import logging
import os
import pickle
import sys
import tempfile
from pathlib import Path
from typing import Any

import textual
from textual.css.stylesheet import Stylesheet

from sammenspil.files import read_limited

logger = logging.getLogger(__name__)

MAX_BYTES = 4 * 1024 * 1024
"""A cache file larger than this is not ours to read (the lobby's is some 70 kB)."""


def default_folder() -> Path:
    """The user's cache folder for the game (platformdirs: ~/.cache/sammenspil on Linux)."""
    import platformdirs

    return Path(platformdirs.user_cache_dir("sammenspil"))


def cache_file(folder: Path) -> Path:
    """The cache's file in ``folder``."""
    return folder / "textual-css.pickle"


def textual_release() -> tuple[object, ...]:
    """This Python and this Textual's parser, as files on disk: an upgrade replaces them.

    (``textual.__version__`` would do, but it reads the package metadata: 25 ms of imports.)
    """
    css = Path(textual.__file__).parent / "css"
    files = [css / name for name in ("parse.py", "model.py", "styles.py", "tokenize.py")]
    return (sys.version, *((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files))


def _entries(stylesheet: Stylesheet) -> dict[tuple[Any, ...], Any]:
    cache = stylesheet._parse_cache
    return {key: cache.get(key) for key in list(cache.keys())}


def keys(stylesheet: Stylesheet) -> set[tuple[Any, ...]]:
    """What ``stylesheet`` has parsed (or was given by ``preload``)."""
    return set(stylesheet._parse_cache.keys())


def preload(stylesheet: Stylesheet, folder: Path) -> int:
    """Fill ``stylesheet``'s parse cache from the file in ``folder``; the entries loaded."""
    try:
        data = read_limited(cache_file(folder), MAX_BYTES)
        saved = pickle.loads(data)
    except Exception:  # missing, unreadable, from another Python: parse as if it were not there
        return 0
    if not isinstance(saved, dict) or saved.get("variables") != stylesheet._variables:
        return 0
    try:
        if saved.get("textual") != textual_release():
            return 0
    except OSError:
        return 0
    entries = saved.get("entries")
    if not isinstance(entries, dict):
        return 0
    cache = stylesheet._parse_cache
    for key, rules in entries.items():
        cache.set(key, rules)
    return len(entries)


def snapshot(stylesheet: Stylesheet) -> dict[str, Any]:
    """What ``save`` writes, taken on the app's thread (the parser may add to it meanwhile)."""
    return {
        "textual": textual_release(),
        "variables": dict(stylesheet._variables),
        "entries": _entries(stylesheet),
    }


def save(saved: dict[str, Any], folder: Path) -> None:
    """Write ``saved`` (a ``snapshot``) to the file in ``folder``, replacing it in one step."""
    name = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        data = pickle.dumps(saved, protocol=pickle.HIGHEST_PROTOCOL)
        handle, name = tempfile.mkstemp(dir=folder, prefix=".css-", suffix=".tmp")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(name, cache_file(folder))  # another start reads the old file or this one
    except Exception as error:  # a cache that cannot be written is parsed again next time
        logger.debug("css cache not written: %r", error)
        if name is not None:
            with contextlib.suppress(OSError):
                os.unlink(name)


# --- kept in memory, for forked apps ----------------------------------------------------------

_kept: dict[str, Any] | None = None
"""The rules a warm app parsed in the fork server (``keep``), shared with every child."""


def keep(stylesheet: Stylesheet) -> None:
    """Remember what ``stylesheet`` parsed, for the apps of this process's children to adopt."""
    global _kept
    _kept = snapshot(stylesheet)
    _kept["styles"] = {
        key: stylesheet._style_parse_cache.get(key)
        for key in list(stylesheet._style_parse_cache.keys())
    }


ROOM = 1024
"""Parsed sheets a kept or adopting stylesheet holds (Textual's default, 64, is fewer than a
whole round's screens and widgets parse)."""


def make_room(stylesheet: Stylesheet) -> None:
    """Let ``stylesheet`` keep every sheet it parses, for ``keep``."""
    stylesheet._parse_cache.maxsize = max(stylesheet._parse_cache.maxsize, ROOM)


def gather(stylesheet: Stylesheet) -> None:
    """Let ``stylesheet`` keep every sheet it parses, through reparses too, for ``keep``."""
    make_room(stylesheet)
    stylesheet.__class__ = KeptStylesheet


def adopt(stylesheet: Stylesheet) -> int:
    """Give ``stylesheet`` what ``keep`` remembered, now and after Textual clears it; the
    parsed sheets adopted (none when nothing was kept).

    Textual parses every sheet again, without its cache, each time a screen brings CSS of its
    own (``Stylesheet.reparse`` builds a new stylesheet), and empties the cache when the theme
    sets its variables: ``KeptStylesheet`` keeps the cache through both (and through the
    reparses of an app whose fork server kept nothing).
    """
    stylesheet.__class__ = KeptStylesheet
    return _refill(stylesheet)


def _refill(stylesheet: Stylesheet) -> int:
    kept = _kept
    if kept is None or kept["variables"] != stylesheet._variables:
        return 0
    entries: dict[tuple[Any, ...], Any] = kept["entries"]
    make_room(stylesheet)
    cache = stylesheet._parse_cache
    for key, rules in entries.items():
        cache.set(key, rules)
    styles = stylesheet._style_parse_cache
    for text, style in kept["styles"].items():
        styles.set(text, style)
    return len(entries)


class KeptStylesheet(Stylesheet):
    """A stylesheet whose parses outlive Textual's reparse and a theme's same variables."""

    def set_variables(self, variables: dict[str, str]) -> None:
        super().set_variables(variables)  # empties the caches: the rules hold the old values
        _refill(self)

    def reparse(self) -> None:
        """Textual's ``Stylesheet.reparse`` (textual 8), its new stylesheet given our caches."""
        fresh = Stylesheet(variables=self._variables)
        fresh._parse_cache = self._parse_cache
        fresh._style_parse_cache = self._style_parse_cache
        for read_from, (css, is_defaults, tie_breaker, scope) in self.source.items():
            fresh.add_source(
                css,
                read_from=read_from,
                is_default_css=is_defaults,
                tie_breaker=tie_breaker,
                scope=scope,
            )
        try:
            fresh.parse()
        except Exception:
            self._invalid_css.update(fresh._invalid_css)
            raise
        self._rules = fresh.rules
        self._rules_map = None
        self.source = fresh.source
        self._require_parse = False
