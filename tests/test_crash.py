"""Kill -9 at random moments: no acknowledged command is ever lost, and every save replays.

A helper process imports Sammenspil once, then forks one writer at a time. Each writer takes a
round over (``load_round(..., tidy=True)``) or starts one, plays demo commands through
``Round.submit`` and prints an acknowledgement after each ``record`` returns: the seq of the
batch's last event and a checksum of it. This test kills the writer with SIGKILL after a random
number of acknowledgements (often none: during start-up, the take-over or the first write) plus
a random sliver of time, then reloads the round as a reader and checks every acknowledged event
is there, unchanged. Forking from a warm process spends the test's seconds on kills, not on
interpreter start-ups. SAMMENSPIL_CRASH_KILLS sets the number of kills (default 64).
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

# The helper: reads "go PATH" or "new SEED" lines; for each forks a writer, says "pid N", reaps
# it and says "dead". The writer says "round PATH", then "ack PATH SEQ CRC" per accepted command.
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

    def writer(order, arg):
        if order == "go":
            round_ = load_round(Path(arg), scorer=score_table, tidy=True)
        else:
            round_ = Round.create(
                deck, table_name="Crash " + arg, seed=int(arg), saves_dir=saves, scorer=score_table
            )
        say("round " + str(round_.path))

        def submit(command):
            out = round_.submit(command)
            if not isinstance(out, Refusal):
                last = round_.save.events[-1]
                crc = zlib.crc32(last.event.model_dump_json().encode())
                say(f"ack {round_.path} {last.seq} {crc}")
            return out

        play_round(round_.table, submit)
        say("finished " + str(round_.path))

    for line in sys.stdin:
        order, arg = line.split()
        pid = os.fork()
        if pid == 0:
            try:
                writer(order, arg)
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
    killed_mid_round = taken_over = 0
    started = time.perf_counter()
    try:
        for i in range(KILLS):
            order = f"go {current}" if current is not None else f"new {1000 * i}"
            taken_over += current is not None
            helper.stdin.write(order + "\n")
            pid_line = helper.stdout.readline().split()
            assert pid_line[0] == "pid", pid_line
            wait_for = rng.choice([0, 0, 1, 2, 3, 5, 8])
            seen = 0
            finished = False
            while seen < wait_for:
                line = helper.stdout.readline().split()
                assert line and line[0] != "error", line
                if line[0] == "ack":
                    acked[Path(line[1])] = (int(line[2]), int(line[3]))
                    seen += 1
                elif line[0] == "round":
                    current = Path(line[1])
                elif line[0] == "finished":
                    finished = True
                    break
            if not finished:
                time.sleep(rng.uniform(0, 0.004))  # land anywhere inside the next write
            os.kill(int(pid_line[1]), signal.SIGKILL)
            killed_mid_round += not finished
            # What the writer said before it died counts too: each ack followed a return.
            while (line := helper.stdout.readline().split()) != ["dead"]:
                assert line and line[0] != "error", line
                if line[0] == "ack":
                    acked[Path(line[1])] = (int(line[2]), int(line[3]))
                elif line[0] == "round":
                    current = Path(line[1])
            if current is not None:
                round_ = load_round(current)  # a reader; raises SaveError if anything was torn
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
    assert killed_mid_round >= KILLS * 0.8, "the writer finished before it could be killed"
    assert taken_over >= KILLS * 0.5
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
