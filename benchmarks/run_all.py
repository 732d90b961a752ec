"""`make bench`: run every benchmark on loopback and print their figures as one table.

Each ``bench_*.py`` runs as its own process (so one's imports and caches do not colour
another's), with its usual output shown as it goes and a time limit of its own; the figures it
reports (``figures.report``) are collected and printed together at the end: median, min and max
over its runs, the baseline measured in the same run beside it, the ratio, the issue's goal and
whether it holds. The exit status is 0 even when a goal is missed (the table says so); it is 1
when a benchmark fails or runs out of time.

Run: ``.venv/bin/python benchmarks/run_all.py [NAME ...] [--limit SECONDS]``, NAME as in
``startup`` for ``bench_startup.py``.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from figures import OUT_ENV, load, table

HERE = Path(__file__).resolve().parent

LAST = ("bench_server.py",)
"""Run after the others: its crowds of 60 apps keep the machine busy for a while after them (the
startup benchmark run right after them measured `play` at 1.31x the bare app, where a quiet
machine gives 1.10x)."""


def machine() -> str:
    load1, load5, _ = os.getloadavg()
    return (
        f"{platform.node()}: {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"load average {load1:.2f} / {load5:.2f} (1 / 5 min)"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="which benchmarks (default: all)")
    parser.add_argument("--limit", type=float, default=600.0, help="seconds per benchmark")
    args = parser.parse_args()
    scripts = sorted(HERE.glob("bench_*.py"), key=lambda script: (script.name in LAST, script.name))
    if args.names:
        scripts = [s for s in scripts if s.stem.removeprefix("bench_") in args.names]
    src = HERE.parent / "src"
    failed: list[str] = []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "figures.jsonl"
        out.touch()
        env = dict(os.environ)
        env[OUT_ENV] = str(out)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(src), env.get("PYTHONPATH")) if p)
        print(machine())
        for script in scripts:
            print(f"\n== {script.name}", flush=True)
            started = time.monotonic()
            try:
                done = subprocess.run(
                    [sys.executable, str(script)], env=env, timeout=args.limit, check=False
                )
                if done.returncode:
                    failed.append(f"{script.name} (exit {done.returncode})")
            except subprocess.TimeoutExpired:
                failed.append(f"{script.name} (over {args.limit:.0f} s)")
            print(f"   ({time.monotonic() - started:.0f} s)", flush=True)
        figures = load(out.read_text(encoding="utf-8").splitlines())
    print(f"\n{machine()}\n")
    print(table(figures))
    for name in failed:
        print(f"failed: {name}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
