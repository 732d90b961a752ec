"""Kill -9 at random moments: every save left behind loads, and resumes to a scored round.

A subprocess plays demo rounds back to back, writing its save after every event, while this test
kills it with SIGKILL after a random delay. SAMMENSPIL_CRASH_KILLS raises the number of kills
(default 50).
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

from sammenspil.game.state import Phase
from sammenspil.saves import load_round
from sammenspil.scoring.report import ScoreReport, score_table

KILLS = int(os.environ.get("SAMMENSPIL_CRASH_KILLS", "50"))


def _scorer(table):
    return score_table(table)


def _resume_to_end(path: Path) -> None:
    from sammenspil.game.demo import play_round

    round_ = load_round(path, scorer=_scorer, tidy=True)
    if round_.table.phase is not Phase.SCORED:
        play_round(round_.table, round_.submit)
    again = load_round(path)
    assert again.table.phase is Phase.SCORED
    assert again.table == round_.table
    stored = ScoreReport.model_validate(again.save.result)
    assert stored.same_scores(score_table(again.table)) == []


def test_sigkill_never_leaves_a_broken_save(tmp_path: Path) -> None:
    rng = random.Random(20261126)  # the test's own schedule, not the game's
    saves = tmp_path / "saves"
    killed_mid_round = 0
    for i in range(KILLS):
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "sammenspil",
                "demo",
                "--saves",
                str(saves),
                "--seed",
                str(1000 * i),
                "--rounds",
                "1000",
                "--table",
                f"Crash {i}",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        # Start-up takes a few hundred ms; kill somewhere in the first rounds' writes.
        time.sleep(rng.uniform(0.3, 1.0))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed_mid_round += 1
        _, err = proc.communicate(timeout=30)
        assert b"Traceback" not in err, err.decode(errors="replace")
    assert killed_mid_round >= KILLS * 0.9, "the demo ended before it could be killed"

    files = sorted(saves.glob("*.toml"))
    assert files, "no save was written before the kills"
    unfinished = 0
    for path in files:
        round_ = load_round(path)  # raises SaveError if a write was torn
        if round_.table.phase is not Phase.SCORED:
            unfinished += 1
    assert unfinished >= 1, "no kill landed in the middle of a round"
    for path in files:
        _resume_to_end(path)
    # A kill between creating a temporary file and renaming it leaves the temporary file. It is
    # never read as a save, and taking the save over clears it away; one can outlive the kills only
    # where the kill tore the very first write of a round, before any event existed.
    for tmp in (p for p in saves.iterdir() if p.suffix == ".tmp"):
        target = saves / tmp.name.removeprefix(".").rsplit(".", 2)[0]
        assert target.suffix == ".toml"
        assert not target.exists(), f"{tmp.name} outlived the load of its save"
