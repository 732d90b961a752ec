"""How long scoring a big round takes, next to a baseline measured in the same run.

A large workshop table: 40 problems, 60 live placements, 12 players (4 in each of 3 roles),
every move played through the engine's ``handle`` on a synthetic deck. The script times
``score_table`` (median of many runs) and, in the same process, two baselines: a fixed
pure-Python loop and a ``model_copy`` of the table. The ratio to the loop is the figure to
compare between machines and over time; the milliseconds alone say more about the machine.
The target: ``score_table`` of this round under 10 ms. The substantive-text rule (near-repeats by
shingle index) is timed on its own, in the round and over 1000 texts, to show it stays
near-linear: the round's texts are pasted filler, which an exact-copy lookup keeps cheap.

Run: ``.venv/bin/python benchmarks/bench_scoring.py [--runs 200]``. Not a test: it asserts
nothing about time.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import handle, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.rng import SeededRandom
from sammenspil.scoring.agreement import agreement
from sammenspil.scoring.context import Context
from sammenspil.scoring.export import export_csv, export_html, export_json, export_markdown
from sammenspil.scoring.registry import heuristics
from sammenspil.scoring.report import score_table
from sammenspil.scoring.substantive import Judge, Vocabulary

ROLES = ["state", "region", "municipality"]
KINDS = ["culture", "dialogue", "preparation", "structure", "rule", "capability"]
N_PROBLEMS, N_REMEDIES, N_DILEMMAS = 40, 72, 5
PLAYERS_PER_ROLE, PLACEMENTS_PER_ROLE = 4, 20


def synthetic_deck(seed: int = 1) -> Deck:
    """A deck big enough for the round: 40 problems, 72 remedies, hands of 20 for 3 roles."""
    rng = SeededRandom(seed)
    problems = []
    for i in range(N_PROBLEMS):
        levels = [r for r in ROLES if rng.below(3)] or [ROLES[i % 3]]
        problems.append(
            {
                "id": f"problem-{i}",
                "title": f"Problem {i}",
                "levels": levels,
                "tags": [f"theme-{i % 8}"],
            }
        )
    remedies = []
    for i in range(N_REMEDIES):
        addresses = [f"problem-{rng.below(N_PROBLEMS)}" for _ in range(1 + rng.below(3))]
        if rng.below(4) == 0:
            addresses.append(f"tag:theme-{rng.below(8)}")
        remedies.append(
            {
                "id": f"remedy-{i}",
                "title": f"Remedy {i}",
                "addresses": sorted(set(addresses)),
                "owners": [r for r in ROLES if rng.below(2)] or [ROLES[i % 3]],
                "kind": KINDS[rng.below(len(KINDS))],
                "pace": "big-bang" if rng.below(4) == 0 else "incremental",
                "effort": 1 + rng.below(5),
            }
        )
    return Deck.model_validate(
        {
            "format": 1,
            "id": "bench",
            "title": "Benchmark deck",
            "language": "en",
            "rules": {
                "problems": N_PROBLEMS,
                "hand": PLACEMENTS_PER_ROLE,
                "dilemmas": N_DILEMMAS,
                "change_budget": 40,
                "effort_budget": 150,
                "argument_min_words": 4,
            },
            "roles": [{"id": r, "name": r.title()} for r in ROLES],
            "problems": problems,
            "remedies": remedies,
            "dilemmas": [
                {
                    "id": f"dilemma-{i}",
                    "question": f"Question {i}?",
                    "left": "Left",
                    "right": "Right",
                }
                for i in range(N_DILEMMAS)
            ],
        }
    )


def big_round(seed: int = 7) -> Table:
    """Play the round through ``handle``: every move is one the engine accepted."""
    deck = synthetic_deck()
    table = new_table(deck, table_id="bench", name="Benchmark table", seed=seed)
    rng = SeededRandom(seed)

    def do(command: c.Command) -> None:
        nonlocal table
        result = handle(table, command)
        if isinstance(result, Refusal):
            raise RuntimeError(f"{command!r} refused: {result.reason}")
        table = result[0]

    players = {role: [f"{role}-{k}" for k in range(PLAYERS_PER_ROLE)] for role in ROLES}
    for role, names in players.items():
        for name in names:
            do(c.Join(player=name))
            do(c.ChooseRole(player=name, role=role))
    do(c.Start(player=players["state"][0]))
    for role in ROLES:
        do(
            c.SubmitRanking(
                player=players[role][0],
                order=rng.shuffled(table.problems),
                argument="our citizens wait here first",
            )
        )
    for role in ROLES[:2]:
        order = list(table.rankings[role].order)
        order[0], order[5] = order[5], order[0]
        do(c.ReviseRanking(player=players[role][1], order=order))
    do(c.Advance(player=players["state"][0]))
    for role in ROLES:
        for k, card in enumerate(list(table.hands[role])):
            answers = sorted(deck.addressed_problems(deck.remedy(card)) & set(table.problems))
            target = answers[0] if answers else table.problems[rng.below(N_PROBLEMS)]
            do(
                c.PlaceRemedy(
                    player=players[role][k % PLAYERS_PER_ROLE],
                    remedy=card,
                    problem=target,
                    argument=f"placement {k} answers this well",
                )
            )
    for i, placement in enumerate(list(table.placements)):
        others = [r for r in ROLES if r != placement.role]
        for j, role in enumerate(others[: 1 + i % 2]):
            player = players[role][(i + j) % PLAYERS_PER_ROLE]
            if (i + j) % 3:
                do(c.Endorse(player=player, placement=placement.id, comment="agreed, go on"))
            else:
                do(c.Challenge(player=player, placement=placement.id, comment="who pays?"))
    do(c.Advance(player=players["state"][0]))
    for role in ROLES:
        for dilemma in table.dilemmas:
            do(
                c.SetPosition(
                    player=players[role][2],
                    dilemma=dilemma,
                    value=1 + rng.below(5),
                    argument="this is how we see it",
                )
            )
    do(c.Lock(player=players["state"][0]))
    assert table.phase is Phase.SCORED
    return table


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm caches and lazy imports outside the measurement
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def python_loop() -> int:
    """A fixed amount of plain interpreter work: the yardstick for this machine, this run."""
    total = 0
    for i in range(20_000):
        total += i * i % 7
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="timed runs per figure")
    args = parser.parse_args()
    runs = max(1, args.runs)

    table = big_round()
    live = table.live_placements()
    registry = heuristics()
    report = score_table(table)
    print(
        f"round: {len(table.problems)} problems, {len(live)} placements, "
        f"{sum(len(p.reactions) for p in live)} reactions, {len(table.players)} players in "
        f"{len(table.hands)} roles, {sum(len(d) for d in table.positions.values())} positions; "
        f"total {report.total:.1f}"
    )
    loop = median_ms(python_loop, runs)
    copy = median_ms(lambda: table.model_copy(deep=True), runs)
    full = median_ms(lambda: score_table(table), runs)
    bare = median_ms(lambda: score_table(table, registry), runs)
    print(f"median of {runs} runs each (time.perf_counter):")
    print(f"  baseline: python loop (20k iterations)    {loop:8.3f} ms")
    print(f"  baseline: table.model_copy(deep=True)     {copy:8.3f} ms")
    print(
        f"  score_table(table)                        {full:8.3f} ms   "
        f"{full / loop:6.2f} x loop   {full / copy:6.2f} x copy"
    )
    print(
        f"  score_table(table, registry) (no lookup)  {bare:8.3f} ms   "
        f"{bare / loop:6.2f} x loop   {bare / copy:6.2f} x copy"
    )
    said = median_ms(lambda: Context(table).said, runs)
    texts = len(Context(table).said)
    print(
        f"  the substantive-text rule ({texts} texts)    {said:8.3f} ms   "
        f"{said / loop:6.2f} x loop   (part of score_table)"
    )
    deck = table.deck
    words = [f"w{chr(97 + i % 26)}{chr(97 + i // 26 % 26)}" for i in range(2000)]
    for label, many in (
        ("1000 different texts", [" ".join(words[i : i + 10]) for i in range(1000)]),
        ("1000 near-copies", [f"we agree on this one {i % 7} {words[i % 5]}" for i in range(1000)]),
    ):

        def judge_all(many: list[str] = many) -> None:
            judge = Judge(Vocabulary(deck), deck.rules.argument_min_words)
            for text in many:
                judge.judge(text, ("problem-1",))

        ms = median_ms(judge_all, max(1, runs // 10))
        print(f"  the rule over {label:<22}      {ms:8.3f} ms   {ms / loop:6.2f} x loop")
    few = max(1, runs // 20)
    print(f"median of {few} runs each, for the debrief (computes Kendall's W p-values):")
    test = median_ms(lambda: agreement(table).test, few)
    print(f"  agreement(table).test (permutation)       {test:8.3f} ms   {test / loop:6.2f} x loop")
    for name, export in (
        ("markdown", export_markdown),
        ("html", export_html),
        ("csv", export_csv),
        ("json", export_json),
    ):
        ms = median_ms(lambda export=export: export(table, report), few)
        print(f"  export_{name:<9}                         {ms:8.3f} ms   {ms / loop:6.2f} x loop")


if __name__ == "__main__":
    main()
