"""The command line answers at once: each command as a whole process, beside its baseline.

Every figure is a fresh ``python -m sammenspil ...`` process timed from start to exit (its
output thrown away), alternating run by run with a baseline process, so a busy machine slows
both alike; the figure is the median, the goal the ratio of the medians (issue 13):

- ``--help`` against ``python -c "import click"``: at most 1.5x;
- ``deck list``, ``deck check FILE`` and ``score SAVE`` against ``python -c "import pydantic"``:
  at most 2x (for scale, a process that builds one one-field pydantic model is printed too);
- the same three against the floor they stand on: a process that imports click and builds one
  one-field pydantic model (``CLICK_AND_ONE_MODEL``). The first model imports pydantic's schema
  machinery, which alone is more than 2x ``import pydantic``, so the issue's goal cannot hold for
  a command that validates with pydantic; beside this floor the figure is what the command's
  own code and its own models cost: at most 1.2x for the deck commands, 1.5x for ``score``
  (which builds 34 models: the deck's, the table's, the events', the save's and the score's);
- ``saves`` on a folder of 4 rounds of 10,000 events against the same command on 4 rounds of
  100 events: at most 1.2x, i.e. flat in the number of events;
- the debrief export (Markdown, HTML and JSON one after another) of a 40-problem round, in
  process, each run on a fresh copy of the table so nothing computed for an earlier run is
  reused: median at most 50 ms.

The saves and the deck are written into a temporary folder first (the bundled English deck;
scripted rounds played through ``Round``, padded with spectators joining and leaving in the
lobby to reach their length). Everything runs on this machine only and is removed at the end.

Run: ``PYTHONPATH=src .venv/bin/python benchmarks/bench_cli.py [--runs 11]``.
Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench_scoring import big_round
from figures import Figure, report

from sammenspil.deck.catalog import resolve_deck
from sammenspil.game import events as e
from sammenspil.game.demo import play_round
from sammenspil.game.events import Event
from sammenspil.saves import Round
from sammenspil.scoring.export import export_html, export_json, export_markdown
from sammenspil.scoring.report import score_table

SRC = Path(__file__).resolve().parents[1] / "src"
TIMEOUT = 60.0
ONE_MODEL = "from pydantic import BaseModel\nclass A(BaseModel):\n    x: int\n"
CLICK_AND_ONE_MODEL = "import click\n" + ONE_MODEL
# What each data command stands on beside the floor (the module docstring says why).
DATA_COMMANDS = {"deck list": "deck list", "deck check": "deck check FILE", "score": "score SAVE"}
"""The data commands' figures: each one's key in the times, and its label in the table."""

FLOOR_GOALS = {"deck list": 1.2, "deck check": 1.2, "score": 1.5}


def spectators(count: int) -> list[Event]:
    """Events that always apply in the lobby: a spectator joining, then leaving again."""
    out: list[Event] = []
    for i in range(count):
        name = f"s{i // 2}"
        joined = e.PlayerJoined(player=name, spectator=True)
        out.append(joined if i % 2 == 0 else e.PlayerLeft(player=name))
    return out


def write_saves(folder: Path, events: int, count: int = 4) -> Path:
    """``count`` scored rounds of about ``events`` events each, in ``folder``."""
    deck, _, _ = resolve_deck("coherence")
    folder.mkdir(parents=True)
    for i in range(count):
        round_ = Round.create(
            deck, table_name=f"Bench {i}", seed=i + 1, saves_dir=folder, scorer=score_table
        )
        padding = max(0, events - 90)  # a scripted three-player round is about 90 events
        padding -= padding % 2
        for start in range(0, padding, 1000):
            round_.record(spectators(min(1000, padding - start)))
        play_round(round_.table, round_.submit, players=3)
        round_.close()
    return folder


def process_ms(argv: Sequence[str], env: dict[str, str]) -> float:
    """Milliseconds from the process's start to its exit."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    try:
        _, err = proc.communicate(timeout=TIMEOUT)  # stderr is small: one line at most
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        raise
    elapsed = (time.perf_counter() - start) * 1000
    if proc.returncode != 0:
        raise RuntimeError(f"{list(argv)} exited {proc.returncode}: {err.decode()[-500:]}")
    return elapsed


def children_cpu_ms() -> float:
    """Processor time (user and system) of every child reaped so far: read around one process,
    what it used, which a machine shared with other work blurs far less than the wall clock."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (usage.ru_utime + usage.ru_stime) * 1000


def alternate(
    pairs: dict[str, Sequence[str]], runs: int, env: dict[str, str]
) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Each command once per round, round after round, after one untimed warm-up each: wall
    and processor milliseconds per command."""
    for argv in pairs.values():
        process_ms(argv, env)
    wall: dict[str, list[float]] = {name: [] for name in pairs}
    cpu: dict[str, list[float]] = {name: [] for name in pairs}
    for _ in range(runs):
        for name, argv in pairs.items():
            before = children_cpu_ms()
            wall[name].append(process_ms(argv, env))
            cpu[name].append(children_cpu_ms() - before)
    return wall, cpu


def in_process_ms(
    work: Callable[[], object], runs: int, clock: Callable[[], float] = time.perf_counter
) -> list[float]:
    work()
    out = []
    for _ in range(runs):
        start = clock()
        work()
        out.append((clock() - start) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--long", type=int, default=10_000, help="events in each long save")
    args = parser.parse_args()
    runs = max(1, args.runs)

    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(SRC), env.get("PYTHONPATH", "")) if p)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as installed: the bytecode is compiled once
    py = sys.executable
    tmp = Path(tempfile.mkdtemp(prefix="bench-cli-"))
    try:
        env["HOME"] = str(tmp / "home")  # the user's deck folder: empty, as on a fresh machine
        env["XDG_DATA_HOME"] = str(tmp / "home" / "data")
        deck_file = tmp / "coherence.en.toml"
        shutil.copy(resolve_deck("coherence")[2], deck_file)
        short = write_saves(tmp / "short", 100)
        long = write_saves(tmp / "long", args.long)
        scored = next(iter(sorted(short.glob("*.toml"))))
        cli = [py, "-m", "sammenspil"]
        times, cpu = alternate(
            {
                "click": [py, "-c", "import click"],
                "help": [*cli, "--help"],
                "pydantic": [py, "-c", "import pydantic"],
                "one model": [py, "-c", ONE_MODEL],
                "floor": [py, "-c", CLICK_AND_ONE_MODEL],
                "deck list": [*cli, "deck", "list"],
                "deck check": [*cli, "deck", "check", str(deck_file)],
                "score": [*cli, "score", str(scored)],
                "saves short": [*cli, "saves", "--saves", str(short)],
                "saves long": [*cli, "saves", "--saves", str(long)],
            },
            runs,
            env,
        )
        table = big_round()
        score = score_table(table)

        def export_all() -> None:
            fresh = table.model_copy(deep=True)  # nothing cached on the table from a run before
            export_markdown(fresh, score)
            export_html(fresh, score)
            export_json(fresh, score)

        export = in_process_ms(export_all, max(3, runs))
        export_cpu = in_process_ms(export_all, max(3, runs), clock=time.process_time)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    med = {name: statistics.median(values) for name, values in times.items()}
    cpu_med = {name: statistics.median(values) for name, values in cpu.items()}
    print(f"whole processes, median of {runs} runs each, alternating: wall, then processor time")
    rows = [
        ("python -c 'import click'", "click", "click"),
        ("sammenspil --help", "help", "click"),
        ("python -c 'import pydantic'", "pydantic", "pydantic"),
        ("one pydantic model", "one model", "pydantic"),
        ("click and one pydantic model", "floor", "pydantic"),
        ("sammenspil deck list", "deck list", "pydantic"),
        ("sammenspil deck check FILE", "deck check", "pydantic"),
        ("sammenspil score SAVE", "score", "pydantic"),
        ("saves: 4 x 100 events", "saves short", "saves short"),
        (f"saves: 4 x {args.long:,} events", "saves long", "saves short"),
    ]
    for label, key, base in rows:
        print(
            f"  {label:34} {med[key]:7.1f} ms  {med[key] / med[base]:5.2f}x   "
            f"{cpu_med[key]:7.1f} ms  {cpu_med[key] / cpu_med[base]:5.2f}x {base}"
        )
    for key in FLOOR_GOALS:
        print(
            f"  {'sammenspil ' + key:34} {'':10} {med[key] / med['floor']:5.2f}x   "
            f"{'':10} {cpu_med[key] / cpu_med['floor']:5.2f}x click and one model"
        )
    print(
        f"  debrief export (md, html, json), 40 problems: {statistics.median(export):.1f} ms, "
        f"processor {statistics.median(export_cpu):.1f} ms"
    )
    figures = [
        Figure("--help", "ms", times["help"], "import click", times["click"], ratio=1.5),
        Figure(
            "one pydantic model (floor)",
            "ms",
            times["one model"],
            "import pydantic",
            times["pydantic"],
        ),
    ]
    for name, label in DATA_COMMANDS.items():
        figures.append(
            Figure(label, "ms", times[name], "import pydantic", times["pydantic"], ratio=2)
        )
    figures.append(
        Figure(
            "click and one pydantic model (floor)",
            "ms",
            times["floor"],
            "import pydantic",
            times["pydantic"],
        )
    )
    for name, label in DATA_COMMANDS.items():
        figures.append(
            Figure(
                f"{label} (beside its floor)",
                "ms",
                times[name],
                "click + one model",
                times["floor"],
                ratio=FLOOR_GOALS[name],
            )
        )
    figures.append(
        Figure(
            f"saves: 4 x {args.long:,} events",
            "ms",
            times["saves long"],
            "4 x 100 events",
            times["saves short"],
            ratio=1.2,
        )
    )
    # The same commands in processor time, which a machine busy with other work blurs less.
    figures.append(
        Figure("--help (cpu)", "ms", cpu["help"], "import click", cpu["click"], ratio=1.5)
    )
    figures.append(
        Figure(
            "one pydantic model (floor, cpu)",
            "ms",
            cpu["one model"],
            "import pydantic",
            cpu["pydantic"],
        )
    )
    for name, label in DATA_COMMANDS.items():
        figures.append(
            Figure(f"{label} (cpu)", "ms", cpu[name], "import pydantic", cpu["pydantic"], ratio=2)
        )
    for name, label in DATA_COMMANDS.items():
        figures.append(
            Figure(
                f"{label} (beside its floor, cpu)",
                "ms",
                cpu[name],
                "click + one model",
                cpu["floor"],
                ratio=FLOOR_GOALS[name],
            )
        )
    figures.append(
        Figure(
            f"saves: 4 x {args.long:,} events (cpu)",
            "ms",
            cpu["saves long"],
            "4 x 100 events",
            cpu["saves short"],
            ratio=1.2,
        )
    )
    figures.append(Figure("debrief export md+html+json, 40 problems", "ms", export, at_most=50))
    figures.append(
        Figure("debrief export md+html+json, 40 problems (cpu)", "ms", export_cpu, at_most=50)
    )
    report(figures)


if __name__ == "__main__":
    main()
