"""The fork server's warm-up: a round played headless leaves nothing running and keeps the
parsed stylesheets for the children's apps.

Each check that changes process-wide state (the caches the warm-up fills, the frozen heap) runs
in a Python of its own, so the test process stays as it was.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from textual.app import App

from sammenspil.tui import css_cache
from test_tui_css_cache import count_parses

SRC = str(Path(__file__).parents[1] / "src")


def run_python(code: str) -> dict[str, Any]:
    """``code`` in a new Python (the package on its path); the JSON it printed last."""
    env = {**os.environ, "PYTHONPATH": SRC}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    result: dict[str, Any] = json.loads(done.stdout.splitlines()[-1])
    return result


WARM = """
import json, os, sys, threading
import textual.css.stylesheet as sheets
from sammenspil.tui import css_cache, fork_main, warm_up

def fds():
    return sorted(os.listdir("/proc/self/fd"))

fork_main.preload(warm=False)
before = {"threads": threading.active_count(), "fds": fds()}
warm_up.warm(warm_up.DECKS[:1])
after = {"threads": threading.active_count(), "fds": fds()}
kept = len(css_cache._kept["entries"]) if css_cache._kept else 0
kept_names = sorted({key[1][1] for key in css_cache._kept["entries"]}) if css_cache._kept else []
import rich.cells
widths = rich.cells.cached_cell_len.cache_info().currsize

parsed = []
real = sheets.parse
def counted(scope, css, read_from, **kw):
    parsed.append(str(read_from))
    return real(scope, css, read_from, **kw)
sheets.parse = counted
warm_up.warm(warm_up.DECKS[:1])  # a second round: its app adopts what the first kept
print(json.dumps({"before": before, "after": after, "kept": kept, "parsed": parsed,
                  "widths": widths, "kept_names": kept_names}))
"""


def test_the_warm_up_leaves_no_thread_or_descriptor_and_its_rules_spare_the_next_app() -> None:
    report = run_python(WARM)
    assert report["after"] == report["before"]  # one thread, the same descriptors
    assert report["before"]["threads"] == 1
    assert report["kept"] > 30  # Textual's widgets, app.tcss, every phase screen's sheet
    # Every screen of a real session composes toasts and a tooltip (the test harness does not,
    # unless asked): a sheet the warm-up never parsed, each child would.
    assert {"ToastRack.DEFAULT_CSS", "Tooltip.DEFAULT_CSS"} <= set(report["kept_names"])
    assert report["widths"] == 0  # the caches of drawn things emptied again (forget_drawn)
    # The next app, made as a forked child makes it, parses none of it again, not even when
    # a screen's own CSS makes Textual reparse the whole stylesheet.
    assert report["parsed"] == []


def test_a_kept_stylesheet_reparses_from_its_cache_with_the_same_rules(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(css_cache, "_kept", None)
    app: App[None] = App()
    plain = app.stylesheet.copy()
    css_cache.adopt(app.stylesheet)
    assert isinstance(app.stylesheet, css_cache.KeptStylesheet)
    for sheet in (app.stylesheet, plain):
        sheet.add_source("Screen { background: $primary; }", read_from=("a.tcss", ""))
        sheet.add_source("Static { color: red; }", read_from=("b.tcss", ""))
        sheet.parse()
    parsed = count_parses(monkeypatch)
    app.stylesheet.add_source("Label { color: blue; }", read_from=("c.tcss", ""))
    app.stylesheet.reparse()  # what Textual does when a screen brings its own CSS
    assert parsed == [str(("c.tcss", ""))]  # only the new sheet
    plain.add_source("Label { color: blue; }", read_from=("c.tcss", ""))
    plain.reparse()
    assert len(parsed) == 4  # a plain stylesheet parses all three again
    assert [r.css for r in app.stylesheet.rules] == [r.css for r in plain.rules]
    # The theme setting the same variables again keeps nothing stale and loses nothing kept.
    app.stylesheet.set_variables(dict(app.stylesheet._variables))
    assert [r.css for r in app.stylesheet.rules] == [r.css for r in plain.rules]


FAILING = """
import json, logging
from sammenspil.tui import fork_main, warm_up

def broken(*args, **kwargs):
    raise warm_up.WarmUpError("the warm-up did not reach the rank screen in 20 s")

warm_up.warm = broken
lines = []
handler = logging.Handler()
handler.emit = lambda record: lines.append(record.getMessage())
logging.getLogger().addHandler(handler)
fork_main.preload()
print(json.dumps({"lines": lines}))
"""


def test_a_warm_up_that_fails_is_one_log_line_and_the_imports_stand() -> None:
    report = run_python(FAILING)
    [line] = report["lines"]
    assert line.startswith("the fork server's warm-up failed, serving without it:")
    assert "rank screen" in line
