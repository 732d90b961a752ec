"""One shape for every benchmark's results, so `make bench` can print them as one table.

A benchmark measures a figure several times, and where the issue states a goal as a ratio, a
baseline in the same run, alternating with it so a busy machine slows both alike. It prints its
own readable lines as before and calls ``report(figures)``: when ``SAMMENSPIL_BENCH_OUT`` names a
file (``run_all.py`` sets it), each figure is appended to it as one JSON line.

A goal is either a ratio of the figure's median to its baseline's median (``ratio=1.2``) or an
absolute bound on the median (``at_most=120``) or on the worst run (``worst_at_most=150``), in
the figure's unit. A figure without a goal is reported for information.
"""

from __future__ import annotations

import json
import os
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass, field

OUT_ENV = "SAMMENSPIL_BENCH_OUT"


@dataclass(frozen=True)
class Figure:
    what: str
    unit: str
    values: Sequence[float]
    baseline: str = ""
    baseline_values: Sequence[float] = field(default_factory=tuple)
    ratio: float | None = None
    at_most: float | None = None
    worst_at_most: float | None = None

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def baseline_median(self) -> float | None:
        return statistics.median(self.baseline_values) if self.baseline_values else None

    @property
    def measured_ratio(self) -> float | None:
        base = self.baseline_median
        return self.median / base if base else None

    def goal(self) -> str:
        parts = []
        if self.ratio is not None:
            parts.append(f"<= {self.ratio:g}x")
        if self.at_most is not None:
            parts.append(f"median <= {self.at_most:g} {self.unit}")
        if self.worst_at_most is not None:
            parts.append(f"worst <= {self.worst_at_most:g} {self.unit}")
        return ", ".join(parts)

    def holds(self) -> bool | None:
        """Whether every stated goal holds; None when the figure has none."""
        checks: list[bool] = []
        if self.ratio is not None:
            measured = self.measured_ratio
            checks.append(measured is not None and measured <= self.ratio)
        if self.at_most is not None:
            checks.append(self.median <= self.at_most)
        if self.worst_at_most is not None:
            checks.append(max(self.values) <= self.worst_at_most)
        return all(checks) if checks else None


def report(figures: Iterable[Figure]) -> None:
    """Append the figures to the file ``run_all.py`` collects, when it asked for them."""
    path = os.environ.get(OUT_ENV)
    if not path:
        return
    with open(path, "a", encoding="utf-8") as out:
        for figure in figures:
            record = asdict(figure)
            record["values"] = list(figure.values)
            record["baseline_values"] = list(figure.baseline_values)
            out.write(json.dumps(record) + "\n")


def load(lines: Iterable[str]) -> list[Figure]:
    return [Figure(**json.loads(line)) for line in lines if line.strip()]


def table(figures: Sequence[Figure]) -> str:
    """The figures as one plain-text table: median, min, max, baseline, ratio, goal, verdict."""
    head = ("what", "median", "min", "max", "baseline (median)", "ratio", "goal", "")
    rows = [head]
    for f in figures:
        base = f.baseline_median
        ratio = f.measured_ratio
        verdict = {True: "holds", False: "MISSED", None: ""}[f.holds()]
        rows.append(
            (
                f.what,
                _amount(f.median, f.unit),
                _amount(min(f.values), f.unit),
                _amount(max(f.values), f.unit),
                f"{f.baseline}: {_amount(base, f.unit)}" if base is not None else "",
                f"{ratio:.2f}x" if ratio is not None else "",
                f.goal(),
                verdict,
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = []
    for n, row in enumerate(rows):
        cells = [
            cell.ljust(width) if i in (0, 4, 6, 7) else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        lines.append("  ".join(cells).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths).rstrip())
    return "\n".join(lines)


def _amount(value: float, unit: str) -> str:
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{digits}f} {unit}"
