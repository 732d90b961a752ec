"""What one accepted command costs on disk: the journal, beside the whole-file rewrite it replaced.

For rounds already holding 10, 200 and 1,000 events, the script times ``Round.record`` for a run
of single-event commands (a spectator joining or leaving, so no phase changes and no checkpoint)
and, in the same run and the same folder, a copy of the approach before the journal: the whole
TOML save rewritten atomically (temporary file, fsync, rename, folder fsync) after every batch.
The commands are interleaved across sizes and approaches, so whatever else the disk is doing
falls on every column alike. It reports per command the median and 90th percentile wall time,
the median CPU time (which fsync waits do not blur), and the bytes passed to write calls (from
/proc/self/io, Linux), and the cost of one TOML checkpoint (what a phase change, the lock and
``close()`` pay) at each size.

Run: ``.venv/bin/python benchmarks/bench_journal.py [--commands 40] [--dir DIR]``. The folder
decides what fsync costs; by default a temporary folder beside the current one, on the disk
the saves would live on. Not a test: it asserts nothing about time.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from figures import Figure, report

from sammenspil.deck.catalog import resolve_deck
from sammenspil.game import events as e
from sammenspil.game.events import Event
from sammenspil.game.rules import apply
from sammenspil.game.state import Table
from sammenspil.saves import LoggedEvent, Round, SaveFile
from sammenspil.scoring.registry import heuristic_names

SIZES = tuple(int(s) for s in os.environ.get("BENCH_SIZES", "10,200,1000").split(","))


def write_atomic_before(path: Path, text: str) -> None:
    """saves.write_atomic as it was before the journal, copied so the comparison stays honest."""
    folder = path.parent
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


class RewriteEveryBatch:
    """Round.record before the journal: fold the batch in, then rewrite the whole save."""

    def __init__(self, path: Path, save: SaveFile, table: Table) -> None:
        self.path, self.save, self.table = path, save, table

    def record(self, events: Sequence[Event]) -> None:
        table = self.table
        now = self.save.meta.updated
        logged = list(self.save.events)
        for event in events:
            table = apply(table, event)
            logged.append(LoggedEvent(seq=len(logged) + 1, at=now, event=event))
        self.save = self.save.model_copy(
            update={
                "meta": self.save.meta.model_copy(update={"updated": now, "phase": table.phase}),
                "players": list(table.players.values()),
                "events": logged,
            }
        )
        write_atomic_before(self.path, self.save.to_toml())
        self.table = table


def spectator_events(start: int, count: int) -> list[Event]:
    """Events that always apply in the lobby: spectators joining and leaving again, so the log
    grows while the table stays small and only the log's length differs between sizes."""
    out: list[Event] = []
    for i in range(start, start + count):
        name = f"s{i // 2}"
        out.append(
            e.PlayerJoined(player=name, spectator=True) if i % 2 == 0 else e.PlayerLeft(player=name)
        )
    return out


def written_bytes() -> int | None:
    """Bytes this process has passed to write calls so far (Linux), or None."""
    try:
        with open("/proc/self/io", encoding="ascii") as io:
            for line in io:
                if line.startswith("wchar:"):
                    return int(line.split()[1])
    except OSError:
        return None
    return None


Record = Callable[[Sequence[Event]], None]


class Timings:
    """Wall and CPU milliseconds, and bytes written, for each command of one setup."""

    def __init__(self) -> None:
        self.wall: list[float] = []
        self.cpu: list[float] = []
        self.written: list[int] = []

    def run(self, record: Record, event: Event) -> None:
        before = written_bytes() or 0
        cpu, wall = time.process_time(), time.perf_counter()
        record([event])
        self.wall.append((time.perf_counter() - wall) * 1000)
        self.cpu.append((time.process_time() - cpu) * 1000)
        self.written.append((written_bytes() or 0) - before)


def p50(values: list[float]) -> float:
    return statistics.median(values)


def p90(values: list[float]) -> float:
    return statistics.quantiles(values, n=10)[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--commands", type=int, default=60, help="Commands timed at each size.")
    parser.add_argument("--dir", type=Path, default=Path.cwd(), help="Where to write the saves.")
    args = parser.parse_args()
    deck, _, _ = resolve_deck("sammenhaeng", heuristics=heuristic_names())
    with tempfile.TemporaryDirectory(prefix="bench-journal-", dir=args.dir) as tmp:
        folder = Path(tmp)
        journal: dict[int, Round] = {}
        rewrite: dict[int, RewriteEveryBatch] = {}
        for i, size in enumerate(SIZES):
            round_ = Round.create(deck, table_name=f"Bench {size}", seed=i, saves_dir=folder)
            round_.record(spectator_events(0, size))  # one batch: the log as it stands
            round_.write()
            journal[size] = round_
            old_path = folder / f"before-{size}.toml"
            rewrite[size] = RewriteEveryBatch(old_path, round_.save, round_.table)
            write_atomic_before(old_path, round_.save.to_toml())
        timed = spectator_events(10_000, args.commands)
        results = {(size, way): Timings() for size in SIZES for way in ("journal", "rewrite")}
        # Interleaved, so whatever else the disk is doing falls on every column alike.
        for event in timed:
            for size in SIZES:
                results[size, "journal"].run(journal[size].record, event)
                results[size, "rewrite"].run(rewrite[size].record, event)
        checkpoint = {}
        for size in SIZES:
            start = time.perf_counter()
            journal[size].write()
            checkpoint[size] = (time.perf_counter() - start) * 1000
            journal[size].close()

    print(f"per command: {args.commands} single-event commands at each size, in {args.dir}")
    print(
        f"{'events':>6} | {'journal p50':>11} {'p90':>6} {'cpu':>6} {'bytes':>6} | "
        f"{'rewrite p50':>11} {'p90':>6} {'cpu':>6} {'bytes':>8} | {'checkpoint':>10}"
    )
    for size in SIZES:
        j, r = results[size, "journal"], results[size, "rewrite"]
        print(
            f"{size:>6} | {p50(j.wall):>9.2f}ms {p90(j.wall):>4.1f}ms {p50(j.cpu):>4.2f}ms "
            f"{statistics.mean(j.written):>6,.0f} | {p50(r.wall):>9.2f}ms {p90(r.wall):>4.1f}ms "
            f"{p50(r.cpu):>4.1f}ms {statistics.mean(r.written):>8,.0f} | {checkpoint[size]:>8.1f}ms"
        )
    first, last = SIZES[0], SIZES[-1]
    for way in ("journal", "rewrite"):
        a, b = results[first, way], results[last, way]
        print(
            f"{way}: {last} events / {first} events: wall {p50(b.wall) / p50(a.wall):.2f}x, "
            f"cpu {p50(b.cpu) / p50(a.cpu):.2f}x, bytes "
            f"{statistics.mean(b.written) / statistics.mean(a.written):.2f}x"
        )
    report(
        [
            Figure(
                f"journal: a command at {last:,} events",
                "ms",
                results[last, "journal"].wall,
                "whole-file rewrite",
                results[last, "rewrite"].wall,
            )
        ]
    )


if __name__ == "__main__":
    main()
