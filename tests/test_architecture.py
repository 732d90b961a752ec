"""The arrows point one way: the rules, the scoring, decks and saves never pull in the UI.

import-linter checks the imports as written; this checks what actually lands in sys.modules when
each headless module is imported in a fresh interpreter, which also catches imports made by a
dependency on our behalf.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEADLESS = [
    "sammenspil.deck.loader",
    "sammenspil.deck.toml_text",
    "sammenspil.deck.catalog",
    "sammenspil.game.rules",
    "sammenspil.game.demo",
    "sammenspil.scoring.report",
    "sammenspil.scoring.export",
    "sammenspil.scoring.compare",
    "sammenspil.saves",
]
FORBIDDEN = ("textual", "rich", "asyncssh", "click", "sammenspil.tui", "sammenspil.net")


@pytest.mark.parametrize("module", HEADLESS)
def test_headless_module_imports_no_ui(module: str) -> None:
    code = f"import json, sys, {module}; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    leaked = [m for m in loaded if m.split(".")[0] in FORBIDDEN or m.startswith(FORBIDDEN)]
    assert leaked == [], f"{module} pulls in {leaked[:5]}"


def test_engine_and_scoring_load_neither_saves_nor_ui() -> None:
    """The engine and the scoring stand alone: no save files, no screens, no network."""
    code = (
        "import sys; before = set(sys.modules); import sammenspil.game.rules, "
        "sammenspil.scoring.heuristics; import json; "
        "print(json.dumps(sorted(set(sys.modules) - before)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    ours = [m for m in json.loads(out) if m.startswith("sammenspil")]
    assert "sammenspil.saves" not in ours
    assert not [m for m in ours if m.startswith(("sammenspil.tui", "sammenspil.net"))]
