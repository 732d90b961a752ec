"""What a workshop report of many saves costs: reading and replaying, scoring, the model, rendering.

The script plays ``--saves`` rounds (20 by default) with the scripted demo players into a
temporary folder, half with each bundled deck, then times, in one process and after one warm-up
run, each step `sammenspil report` takes: every save read and replayed (``load_round``), every
table scored again (``score_table``), the model built (``build_workshop``), and the Markdown and
the HTML rendered. It reports the median of ``--repeat`` runs per step and the total, and the
size of each rendering. Python's start and the imports are not in it (`bench_startup.py` has
those).

Run: ``.venv/bin/python benchmarks/bench_report.py [--saves 20] [--repeat 5]``. Not a test: it
asserts nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from figures import Figure, report

from sammenspil.cli import main
from sammenspil.saves import load_round
from sammenspil.scoring.report import score_table
from sammenspil.scoring.workshop import PlayedRound, build_workshop, share_decks
from sammenspil.scoring.workshop_render import render_workshop_html, render_workshop_markdown


def play(folder: Path, saves: int) -> list[Path]:
    half = saves // 2
    for deck, rounds, seed in (("sammenhaeng", half, 100), ("coherence", saves - half, 200)):
        args = ["demo", "--saves", str(folder), "--deck", deck, "--rounds", str(rounds)]
        result = CliRunner().invoke(main, [*args, "--seed", str(seed), "--table", deck])
        assert result.exit_code == 0, result.output
    return sorted(folder.glob("*.toml"))


def timed(fn: Callable[..., Any], *args: Any) -> tuple[float, Any]:
    start = time.perf_counter()
    value = fn(*args)
    return time.perf_counter() - start, value


def main_() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--saves", type=int, default=20)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        paths = play(Path(tmp), args.saves)
        steps: dict[str, list[float]] = {}
        sizes: dict[str, int] = {}
        for run in range(args.repeat + 1):
            took: dict[str, float] = {}
            took["read and replay"], rounds = timed(lambda ps: [load_round(p) for p in ps], paths)
            took["share decks"], tables = timed(share_decks, [r.table for r in rounds])
            took["score again"], reports = timed(lambda ts: [score_table(t) for t in ts], tables)
            played = [
                PlayedRound(t, rep, r.path.name)
                for t, r, rep in zip(tables, rounds, reports, strict=True)
            ]
            took["build the model"], model = timed(build_workshop, played)
            took["render Markdown"], md = timed(render_workshop_markdown, model)
            took["render HTML"], page = timed(render_workshop_html, model)
            sizes = {"Markdown": len(md.encode()), "HTML": len(page.encode())}
            if run == 0:
                continue  # warm-up: first imports of lazily loaded parts, caches
            for step, seconds in took.items():
                steps.setdefault(step, []).append(seconds)
            steps.setdefault("total", []).append(sum(took.values()))
    print(f"{len(paths)} saves, median of {args.repeat} runs")
    for step, values in steps.items():
        print(f"  {step:<16} {statistics.median(values) * 1000:8.1f} ms")
    for name, size in sizes.items():
        print(f"  {name} {size:,} bytes")
    what = f"report: {len(paths)} saves, read to HTML"
    report([Figure(what, "ms", [v * 1000 for v in steps["total"]])])


if __name__ == "__main__":
    main_()
