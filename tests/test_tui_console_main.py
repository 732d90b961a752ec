"""``python -m sammenspil.tui.console_main``: what it says when it cannot start the console.

A console that runs is tried in the pilot tests (test_tui_console.py) and by hand in a
terminal (scripts/console_trial.py); here, the ways it cannot start end in one line and exit 1.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from net_support import ServerThread, english_deck
from sammenspil.net.table_server import TableServer
from sammenspil.tui.console_main import run

SRC = Path(__file__).resolve().parents[1] / "src"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    server = TableServer(tmp_path / "saves", deck=english_deck())
    server.open_table("Table 1", english_deck(), seed=7)
    running = ServerThread(server)
    try:
        yield running
    finally:
        running.stop()
        server.close()


def test_a_descriptor_that_is_not_open_is_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    spare = os.open(os.devnull, os.O_RDONLY)
    os.close(spare)  # a descriptor number that is surely closed now
    assert run(["--fd", str(spare)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("The console could not reach the table server: fd ")
    assert err.count("\n") == 1 and "Traceback" not in err


def test_a_player_is_not_let_watch_and_is_told_so_in_one_line(
    served: ServerThread, capsys: pytest.CaptureFixture[str]
) -> None:
    sock = served.attach("Ann")  # not a facilitator
    fd = sock.detach()  # the console owns the descriptor now, as under the serve command
    assert run(["--fd", str(fd), "--lang", "da"]) == 1
    err = capsys.readouterr().err
    assert err == "Konsollen kunne ikke nå bordserveren: only facilitators may watch every table\n"


def test_the_module_runs_as_a_program_and_refuses_a_bad_language() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sammenspil.tui.console_main", "--fd", "3", "--lang", "xx"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(SRC)},
        timeout=30,
    )
    assert done.returncode == 2
    assert "invalid choice: 'xx'" in done.stderr and "Traceback" not in done.stderr
