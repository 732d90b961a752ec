"""A stored score made under older scoring rules is recomputed, with one line saying so, never
reported as a hand-edited difference; ``score`` says which rules it used."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from sammenspil.cli import main
from sammenspil.saves import list_saves, load_round
from sammenspil.scoring.report import SCORING_VERSION, score_table


@pytest.fixture(scope="module")
def save(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("saves")
    result = CliRunner().invoke(
        main, ["demo", "--saves", str(folder), "--seed", "7", "--deck", "coherence"]
    )
    assert result.exit_code == 0, result.output
    return Path(result.output.splitlines()[0])


def test_a_new_save_stores_the_current_scoring_version(save: Path) -> None:
    stored = load_round(save).save.result
    assert stored is not None and stored.scoring == SCORING_VERSION and stored.current
    result = CliRunner().invoke(main, ["score", str(save)])
    assert f"(scoring rules version {SCORING_VERSION})" in result.output
    assert "differs" not in result.output


def test_a_score_stored_under_version_1_is_recomputed_with_a_notice(
    save: Path, tmp_path: Path
) -> None:
    old = tmp_path / "old.toml"
    text = save.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^scoring = \d+\n", "", text, count=1)  # reports before v2 had none
    text = re.sub(r"(?m)^total = .*$", "total = 88.0", text, count=1)  # the old, higher score
    old.write_text(text, encoding="utf-8")
    assert load_round(old).save.result.scoring == 1  # type: ignore[union-attr]

    result = CliRunner().invoke(main, ["score", "--check", str(old)])
    assert result.exit_code == 0  # not SCORE_DIFFERS: the rules changed, nobody edited it
    notice = [line for line in result.output.splitlines() if "scoring rules version 1" in line]
    assert notice == [
        f"{old}: the stored score used scoring rules version 1; recomputed with version 2"
    ]
    assert "differs from the recomputation" not in result.output
    total = score_table(load_round(old).table).total
    assert f"{total:.1f}" in result.output

    data = json.loads(CliRunner().invoke(main, ["score", "--json", str(old)]).stdout)
    assert data["scoring"] == SCORING_VERSION


def test_loading_with_a_scorer_recomputes_an_old_score_and_listing_does_not_flag_it(
    save: Path, tmp_path: Path
) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    old = folder / save.name
    text = re.sub(r"(?m)^scoring = \d+\n", "", save.read_text(encoding="utf-8"), count=1)
    old.write_text(re.sub(r"(?m)^total = .*$", "total = 88.0", text, count=1), encoding="utf-8")

    loaded = load_round(old, scorer=score_table)
    assert loaded.save.result is not None and loaded.save.result.current
    assert loaded.save.result.total == score_table(loaded.table).total
    assert [w for w in loaded.warnings if "scoring rules version 1" in w] == [
        f"{old}: the stored score was made under scoring rules version 1; recomputed under "
        "version 2 from the events, which are unchanged"
    ]
    [listed] = list_saves(folder, scorer=score_table)
    assert listed.stored_total == 88.0 and not listed.total_differs
    assert "stored" not in CliRunner().invoke(main, ["saves", "--saves", str(folder)]).output


def test_the_worked_example_in_docs_scoring_md(save: Path) -> None:
    # docs/scoring.md, "A worked example": the demo round of the coherence deck, seed 7
    report = score_table(load_round(save).table)
    assert {h.name: h.score for h in report.heuristics} == {
        "coverage": 100.0,
        "chains": 44.444444,
        "alignment": 11.767196,
        "focus": 83.333333,
        "pace": 100.0,
        "culture": 33.333333,
        "simplicity": 100.0,
        "ownership": 100.0,
        "deliberation": 3.703704,
        "consensus": 0.0,
    }
    assert report.total == 48.961335
