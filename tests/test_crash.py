"""Kill -9 at random moments: no acknowledged command is ever lost, and every save replays.

A helper process imports Sammenspil once, then forks one writer at a time. Each writer takes a
round over (``load_round(..., tidy=True)``) or starts one, plays demo commands through
``Round.submit``, round after round, and prints an acknowledgement after each ``record``
returns: the seq of the batch's last event and a checksum of it. This test kills the writer
with SIGKILL after a random number of acknowledgements (often none: the kill lands in the
take-over; sometimes enough to end a round and begin the next) plus a random sliver of time,
then reloads the round as a reader and checks every acknowledged event is there, unchanged;
at the end every save loads and plays on to a scored round. Forking from a warm process spends
the test's seconds on kills, not on interpreter start-ups. SAMMENSPIL_CRASH_KILLS sets the
number of kills (default 64).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
import zlib
from pathlib import Path

from sammenspil.game.state import Phase
from sammenspil.saves import journal_path, load_round
from sammenspil.scoring.report import ScoreReport, score_table

KILLS = int(os.environ.get("SAMMENSPIL_CRASH_KILLS", "64"))

# The helper: reads "go PATH SEED" or "new SEED" lines; for each forks a writer, says "pid N",
# reaps it and says "dead". The writer takes PATH over (or starts a round), plays it to the end,
# then starts the next round from SEED on, and so on until it is killed. It says "round PATH"
# for each round, "ack PATH SEQ CRC" for each accepted command, "finished PATH" at each end.
HELPER = textwrap.dedent(
    """
    import os, sys, zlib
    from pathlib import Path
    from sammenspil.deck.catalog import resolve_deck
    from sammenspil.game.demo import play_round
    from sammenspil.game.refusals import Refusal
    from sammenspil.saves import Round, load_round
    from sammenspil.scoring.registry import heuristic_names
    from sammenspil.scoring.report import score_table

    saves = Path(sys.argv[1])
    deck, _, _ = resolve_deck("sammenhaeng", heuristics=heuristic_names())

    def say(line):
        os.write(1, (line + "\\n").encode())

    def new(seed):
        return Round.create(
            deck, table_name=f"Crash {seed}", seed=seed, saves_dir=saves, scorer=score_table
        )

    def writer(order, args):
        if order == "go":
            round_ = load_round(Path(args[0]), scorer=score_table, tidy=True)
        else:
            round_ = new(int(args[-1]))
        seed = int(args[-1])
        while True:
            say("round " + str(round_.path))

            def submit(command, round_=round_):
                out = round_.submit(command)
                if not isinstance(out, Refusal):
                    last = round_.save.events[-1]
                    crc = zlib.crc32(last.event.model_dump_json().encode())
                    say(f"ack {round_.path} {last.seq} {crc}")
                return out

            play_round(round_.table, submit)
            say("finished " + str(round_.path))
            seed += 1
            round_ = new(seed)

    for line in sys.stdin:
        order, *args = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                writer(order, args)
            except BaseException as exc:
                say("error " + repr(exc).replace("\\n", " "))
            os._exit(0)
        say(f"pid {pid}")
        os.waitpid(pid, 0)
        say("dead")
    """
)


def _scorer(table):
    return score_table(table)


def _crc(round_, seq: int) -> int:
    return zlib.crc32(round_.save.events[seq - 1].event.model_dump_json().encode())


def _resume_to_end(path: Path) -> None:
    from sammenspil.game.demo import play_round

    round_ = load_round(path, scorer=_scorer, tidy=True)
    if round_.table.phase is not Phase.SCORED:
        play_round(round_.table, round_.submit)
    round_.close()
    again = load_round(path)
    assert again.table.phase is Phase.SCORED
    assert again.table == round_.table
    stored = ScoreReport.model_validate(again.save.result)
    assert stored.same_scores(score_table(again.table)) == []


def test_sigkill_never_loses_an_acknowledged_command(tmp_path: Path) -> None:
    rng = random.Random(20261129)  # the test's own schedule, not the game's
    saves = tmp_path / "saves"
    helper = subprocess.Popen(
        [sys.executable, "-c", HELPER, str(saves)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        bufsize=1,
    )
    assert helper.stdin is not None and helper.stdout is not None
    acked: dict[Path, tuple[int, int]] = {}  # the last acknowledged event of each round
    current: Path | None = None
    taken_over = finished = 0
    phases: set[Phase] = set()  # where the kills landed
    started = time.perf_counter()

    def take(line: list[str]) -> None:
        nonlocal current, finished
        assert line and line[0] != "error", line
        if line[0] == "ack":
            acked[Path(line[1])] = (int(line[2]), int(line[3]))
        elif line[0] == "round":
            current = Path(line[1])
        elif line[0] == "finished":
            finished += 1

    try:
        for i in range(KILLS):
            if current is not None:
                order = f"go {current} {1000 * i}"
                taken_over += 1
            else:
                order = f"new {1000 * i}"
            helper.stdin.write(order + "\n")
            pid_line = helper.stdout.readline().split()
            assert pid_line[0] == "pid", pid_line
            # Often no acknowledgement at all (the kill lands in the take-over), sometimes
            # enough for a round to end and the next to begin.
            wait_for = rng.choice([0, 0, 1, 2, 3, 5, 8, 13, 21, 40])
            seen = 0
            while seen < wait_for:
                line = helper.stdout.readline().split()
                take(line)
                seen += line[0] == "ack"
            time.sleep(rng.uniform(0, 0.004))  # land anywhere inside the next write
            os.kill(int(pid_line[1]), signal.SIGKILL)
            # What the writer said before it died counts too: each ack followed a return.
            while (line := helper.stdout.readline().split()) != ["dead"]:
                take(line)
            if current is None:
                continue
            round_ = load_round(current)  # a reader; raises SaveError if anything was torn
            phases.add(round_.table.phase)
            if current in acked:
                seq, crc = acked[current]
                assert len(round_.save.events) >= seq, (i, current, seq)
                assert _crc(round_, seq) == crc, (i, current, seq)
            if round_.table.phase is Phase.SCORED:
                current = None
    finally:
        helper.stdin.close()
        helper.wait(timeout=30)
    elapsed = time.perf_counter() - started
    assert helper.stderr is not None
    err = helper.stderr.read()
    assert "Traceback" not in err, err
    assert taken_over >= KILLS * 0.5
    assert finished >= 2, "no round was played to its end between kills"
    assert {Phase.LOBBY, Phase.RANK, Phase.RESPOND, Phase.DILEMMAS} <= phases, phases
    assert sum(seq for seq, _ in acked.values()) >= KILLS, "too few commands were acknowledged"
    assert elapsed < 60, elapsed

    files = sorted(saves.glob("*.toml"))
    assert files, "no save was written before the kills"
    for path in files:
        round_ = load_round(path)  # every save loads, journal and all
        if path in acked:
            seq, crc = acked[path]
            assert _crc(round_, seq) == crc
        _resume_to_end(path)
    # A kill between creating a temporary file and renaming it leaves the temporary file. It is
    # never read as a save, and taking the save over clears it away; one can outlive the kills only
    # where the kill tore the very first write of a round, before any event existed.
    for tmp in (p for p in saves.iterdir() if p.suffix == ".tmp"):
        target = saves / tmp.name.removeprefix(".").rsplit(".", 2)[0]
        assert target.suffix == ".toml"
        assert not target.exists(), f"{tmp.name} outlived the load of its save"
    # A journal is only ever begun beside a save that exists.
    for journal in saves.glob("*.journal"):
        assert journal_path(journal.with_suffix("")) == journal
        assert journal.with_suffix("").exists(), journal.name
