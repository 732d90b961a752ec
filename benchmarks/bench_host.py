"""What a command costs through the table host, at 10, 200 and 1,000 events in the log.

For each log length the script builds a round on the bundled English deck (one player, in the
state, who may steer: dealt, ranked and moved on to the dilemmas in 8 events, then filled with
dilemma positions up to the length), and times one more ``SetPosition`` at a time, median of
many. Two subscribers listen (the player and a facilitator watching), as on a server:

- ``handle``: the bare engine (decide and fold), the baseline every ratio is against;
- ``host/memory``: through ``TableHost`` over a round kept in memory, with one subscriber per
  seat, so the host's own work (decide, fold, views, telling) shows alone;
- ``host/round``: through ``TableHost`` over the real ``saves.Round`` in a temporary folder
  (whatever ``Round.record`` does underneath: today a whole-file rewrite, fsynced);
- ``host/batch``: the same, but the commands sent 25 at a time with ``submit_many``: one
  ``record`` per batch; the figure is per command.

Commands per second is one over the median. Ratios are to ``handle`` at the same length.
Run: ``.venv/bin/python benchmarks/bench_host.py [--runs 40]``. Not a test: it asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from figures import Figure, report

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import fold, handle, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import Move, TableView
from sammenspil.saves import Round

LENGTHS = (10, 200, 1000)
BATCH = 25
PLAYER = Principal(name="ann")
WATCHER = Principal(name="fay", facilitator=True)
ARGUMENT = "because the whole table argued for it"


class MemoryRound:
    """The ``Round`` interface the host uses, in memory: the host's own cost, no disk."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.events: list[e.Event] = []

    def record(self, events: list[e.Event]) -> None:
        self.table = fold(self.table, events)
        self.events += events

    def write(self) -> None:
        pass


def english_deck() -> Deck:
    deck, _warnings = load_deck(bundled_deck_dir() / "coherence.en.toml")
    return deck


def position(table: Table, i: int) -> tuple[Principal, c.SetPosition]:
    """The i-th filler move: a role (re)sets its position on a dilemma."""
    dilemma = table.dilemmas[i % len(table.dilemmas)]
    return PLAYER, c.SetPosition(player="", dilemma=dilemma, value=1 + i % 5, argument=ARGUMENT)


def ok(outcome: object) -> None:
    assert not isinstance(outcome, Refusal), outcome


def prepared(host: TableHost, length: int) -> None:
    """Bring the host's round to the dilemmas phase and ``length`` events."""
    ok(host.connect(PLAYER))
    ok(host.submit(PLAYER, c.ChooseRole(player="", role="state")))
    ok(host.submit(PLAYER, c.Start(player="")))
    ok(host.submit(PLAYER, c.SubmitRanking(player="", order=list(host.table.problems))))
    while host.table.phase is not Phase.DILEMMAS:
        ok(host.submit(PLAYER, c.Advance(player="")))
    missing = length - host.table.version
    assert missing >= 0, f"the set-up alone takes {host.table.version} events"
    i = 0
    while missing > 0:
        n = min(missing, 200)
        for outcome in host.submit_many([position(host.table, i + k) for k in range(n)]):
            ok(outcome)
        i, missing = i + n, missing - n
    assert host.table.version == length


def with_subscribers(host: TableHost) -> None:
    """The player and a watching facilitator, each keeping only its latest view."""
    latest: dict[str, TableView] = {}
    for principal in (PLAYER, WATCHER):

        def keep(view: TableView, moves: tuple[Move, ...], name: str = principal.name) -> None:
            latest[name] = view

        host.subscribe(principal, keep)


def timed(step: Callable[[int], object], runs: int) -> list[float]:
    """Seconds of each ``step(i)`` over ``runs`` calls."""
    times = []
    for i in range(runs):
        start = time.perf_counter()
        step(i)
        times.append(time.perf_counter() - start)
    return times


def measure(deck: Deck, length: int, runs: int, folder: Path) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {}

    memory = TableHost(MemoryRound(new_table(deck, table_id="bench", name="bench", seed=3)))  # type: ignore[arg-type]
    prepared(memory, length)
    table = memory.table

    def bare(i: int) -> None:
        player, command = position(table, i)
        result = handle(table, command.model_copy(update={"player": player.name}))
        assert not isinstance(result, Refusal), result

    out["handle"] = timed(bare, runs * 5)

    with_subscribers(memory)
    out["host/memory"] = timed(lambda i: ok(memory.submit(*position(memory.table, i))), runs)

    round_ = Round.create(deck, table_name=f"bench {length}", seed=3, saves_dir=folder)
    real = TableHost(round_)
    prepared(real, length)
    with_subscribers(real)
    out["host/round"] = timed(lambda i: ok(real.submit(*position(real.table, i))), runs)

    def batch(i: int) -> None:
        items = [position(real.table, i * BATCH + k) for k in range(BATCH)]
        for outcome in real.submit_many(items):
            ok(outcome)

    out["host/batch"] = [t / BATCH for t in timed(batch, max(runs // 5, 3))]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=40, help="commands timed per measure")
    args = parser.parse_args()
    deck = english_deck()
    print(f"median per command of {args.runs} runs; ratios to the bare engine at the same length")
    print(f"{'events':>7} {'measure':<12} {'ms/command':>11} {'commands/s':>11} {'x handle':>9}")
    with tempfile.TemporaryDirectory() as tmp:
        for length in LENGTHS:
            folder = Path(tmp) / str(length)
            folder.mkdir()
            times = measure(deck, length, args.runs, folder)
            base = statistics.median(times["handle"])
            for name, values in times.items():
                seconds = statistics.median(values)
                print(
                    f"{length:>7} {name:<12} {seconds * 1000:>11.3f} {1 / seconds:>11.0f} "
                    f"{seconds / base:>9.1f}"
                )
            ms = {name: [t * 1000 for t in values] for name, values in times.items()}
            for name in ("host/memory", "host/round"):
                what = f"{name}: a command at {length:,} events"
                report([Figure(what, "ms", ms[name], "the bare engine", ms["handle"])])


if __name__ == "__main__":
    main()
