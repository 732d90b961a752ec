"""The command line imports only what the command named uses: `play` and `--help` start fast.

Each check runs in a fresh interpreter, since this test process has long imported everything.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import cast

import click
from click.testing import CliRunner

from sammenspil.cli import LAZY_COMMANDS, main

SRC = Path(__file__).resolve().parents[1] / "src"

# Heavy or off the start path: the saves, the scoring, the deck loader, the round commands.
NOT_AT_START = (
    "sammenspil.saves",
    "sammenspil.scoring",
    "sammenspil.deck.loader",
    "sammenspil.deck.catalog",
    "sammenspil.cli_rounds",
    "sammenspil.cli_review",
    "sammenspil.host",
    "pydantic",
)


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter has loaded after running ``code``."""
    script = f"{code}\nimport json, sys\nprint(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(SRC), "PATH": "/usr/bin:/bin"},
        stdin=subprocess.DEVNULL,
    ).stdout
    return set(json.loads(out.splitlines()[-1]))


def heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if any(m == h or m.startswith(h + ".") for h in NOT_AT_START)}


def test_importing_the_command_line_loads_no_deck_saves_scoring_or_textual() -> None:
    modules = loaded_after("import sammenspil.cli")
    assert heavy(modules) == set()
    assert not any(m == "textual" or m.startswith("textual.") for m in modules)


def test_play_loads_the_app_but_not_the_saves_or_scoring_before_the_first_frame() -> None:
    # The app is built but not run: what `play` has imported when it hands over to Textual.
    code = (
        "import sammenspil.cli as cli\n"
        "import sammenspil.tui.app as app_module\n"
        "cli._is_terminal = lambda stream: True\n"
        "class Built:\n"
        "    return_code = 0\n"
        "    def run(self): pass\n"
        "app_module.SammenspilApp.run = Built.run\n"
        "try:\n"
        "    cli.main(['play', '--saves', '/nonexistent-saves'], standalone_mode=False)\n"
        "except SystemExit:\n"
        "    pass"
    )
    modules = loaded_after(code)
    assert "sammenspil.tui.screens.lobby" in modules
    assert heavy(modules) == set()


def test_help_lists_every_command_the_lazy_ones_with_their_summary() -> None:
    result = CliRunner().invoke(main, ["--help"])
    assert result.exit_code == 0
    listed = result.output.split("Commands:")[1]
    names = [line.split()[0] for line in listed.splitlines() if line.strip()]
    assert names == sorted([*LAZY_COMMANDS, "deck", "play"])
    assert "Review saved rounds" in listed


def test_a_lazy_command_runs_and_an_unknown_one_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["saves", "--saves", str(tmp_path)])
    assert result.exit_code == 0, result.output
    unknown = CliRunner().invoke(main, ["sores"])
    assert unknown.exit_code == 2
    assert "No such command 'sores'" in unknown.output


def test_help_imports_no_command_module_and_says_what_each_command_says() -> None:
    code = (
        "import sammenspil.cli as cli\ntry:\n    cli.main(['--help'])\nexcept SystemExit:\n    pass"
    )
    modules = loaded_after(code)
    assert not {module for module, _ in LAZY_COMMANDS.values()} & modules
    assert heavy(modules) == set() and "asyncssh" not in modules
    # Each summary is the one the loaded command would give.
    fast = CliRunner().invoke(main, ["--help"]).output
    group = cast(click.Group, main)
    for name in LAZY_COMMANDS:
        group.get_command(click.Context(group), name)  # now loaded: click's own short help
    assert CliRunner().invoke(main, ["--help"]).output == fast


def run_command(args: list[str]) -> str:
    """Code that runs one command in the fresh interpreter, its output thrown away."""
    return (
        "import contextlib, io, sammenspil.cli as cli\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n"
        f"        cli.main({args!r})\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code"
    )


def test_score_replays_a_save_without_the_commands_or_the_rules_that_decide_them(
    tmp_path: Path,
) -> None:
    made = CliRunner().invoke(
        main, ["demo", "--deck", "coherence", "--seed", "3", "--saves", str(tmp_path)]
    )
    assert made.exit_code == 0, made.output
    (save,) = tmp_path.glob("*.toml")
    modules = loaded_after(run_command(["score", str(save)]))
    assert "sammenspil.game.fold" in modules and "sammenspil.scoring.heuristics" in modules
    # Deciding, the players' commands and the user's data folder are for rounds being played.
    assert not {"sammenspil.game.rules", "sammenspil.game.commands", "platformdirs"} & modules


def test_deck_list_and_check_load_neither_rich_for_latin_titles_nor_the_heuristics() -> None:
    # The bundled decks' titles are English and Danish: one cell a character.
    for args in (["deck", "list"], ["deck", "check", str(SRC.parent / "decks")]):
        modules = loaded_after(run_command(args))
        assert "sammenspil.deck.models" in modules
        assert not any(m == "rich" or m.startswith("rich.") for m in modules), args
        # The bundled decks weigh built-in heuristics only: their names, not the registry.
        assert "sammenspil.scoring.registry" not in modules, args
