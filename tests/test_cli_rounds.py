"""The round commands as a user runs them: demo, saves, resume, score, compare, export."""

from __future__ import annotations

import csv
import io
import json
import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from rich.cells import cell_len

from sammenspil.cli import main
from sammenspil.deck.catalog import resolve_deck
from sammenspil.game import commands as c
from sammenspil.saves import Round, load_round
from sammenspil.scoring.report import score_table


def run(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


@pytest.fixture(scope="module")
def played(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("saves")
    a = run("demo", "--saves", str(folder), "--seed", "7", "--table", "Bord A")
    b = run("demo", "--saves", str(folder), "--seed", "8", "--deck", "coherence", "--players", "5")
    assert a.exit_code == 0 and b.exit_code == 0
    path_a = Path(a.output.splitlines()[0])
    path_b = Path(b.output.splitlines()[0])
    return path_a, path_b


def test_demo_prints_the_save_and_its_score(played: tuple[Path, Path]) -> None:
    path, _ = played
    assert path.is_file() and path.name.endswith(".toml") and "bord-a" in path.name
    table = load_round(path).table
    assert table.phase.value == "scored"
    total = score_table(table).total
    assert total is not None
    out = run("demo", "--saves", str(path.parent), "--seed", "7", "--table", "Bord A").output
    assert f"score {total:.1f}" in out


def test_demo_plays_several_rounds_with_counting_seeds(tmp_path: Path) -> None:
    result = run("demo", "--saves", str(tmp_path), "--seed", "40", "--rounds", "3")
    assert result.exit_code == 0
    assert [f"seed {s}" in result.output for s in (40, 41, 42)] == [True] * 3
    assert len(list(tmp_path.glob("*.toml"))) == 3


def test_saves_lists_rounds_with_deck_phase_and_score(played: tuple[Path, Path]) -> None:
    path_a, path_b = played
    out = run("saves", "--saves", str(path_a.parent)).output
    assert path_a.name in out and path_b.name in out
    assert "sammenhaeng" in out and "coherence" in out and "scored" in out
    total = score_table(load_round(path_a).table).total
    assert f"{total:.1f}" in out


def test_saves_in_an_empty_folder(tmp_path: Path) -> None:
    result = run("saves", "--saves", str(tmp_path))
    assert result.exit_code == 0
    assert result.output == f"No saved rounds in {tmp_path}\n"
    missing = tmp_path / "typo"
    result = run("saves", "--saves", str(missing))
    assert result.output == f"No saved rounds in {missing} (there is no such folder)\n"


def test_resume_says_where_an_unfinished_round_stands(tmp_path: Path) -> None:
    deck, _, _ = resolve_deck("coherence")
    round_ = Round.create(deck, table_name="Half", seed=3, saves_dir=tmp_path)
    for cmd in (
        c.Join(player="ann"),
        c.ChooseRole(player="ann", role="state"),
        c.Join(player="bo"),
        c.ChooseRole(player="bo", role="region"),
        c.Start(player="ann"),
    ):
        round_.submit(cmd)
    result = run("resume", str(round_.path))
    assert result.exit_code == 0
    assert "phase rank" in result.output
    assert "waiting for rankings from The state, The regions" in result.output


def test_score_prints_every_heuristic_and_the_total(played: tuple[Path, Path]) -> None:
    path, _ = played
    report = score_table(load_round(path).table)
    result = run("score", str(path))
    assert result.exit_code == 0
    for h in report.heuristics:
        assert h.title in result.output
    assert f"I alt: {report.total:.1f}" in result.output


def test_score_json_is_the_report_and_matches_the_stored_one(played: tuple[Path, Path]) -> None:
    path, _ = played
    data = json.loads(run("score", str(path), "--json").output)
    assert data["matches_stored"] is True
    assert data["total"] == pytest.approx(score_table(load_round(path).table).total)
    assert {h["name"] for h in data["heuristics"]} >= {"coverage", "alignment", "consensus"}


def test_score_says_when_the_stored_report_differs(played: tuple[Path, Path], tmp_path) -> None:
    path, _ = played
    edited = tmp_path / "edited.toml"
    text = path.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"(?m)^total = .*$", "total = 12.5", text, count=1), "utf-8")
    result = CliRunner().invoke(main, ["score", str(edited)])
    assert result.exit_code == 0
    assert "the stored score differs from the recomputation: total 12.5 !=" in result.output


def test_compare_shows_both_totals_and_the_delta(played: tuple[Path, Path]) -> None:
    path_a, path_b = played
    total_a = score_table(load_round(path_a).table).total
    total_b = score_table(load_round(path_b).table).total
    out = run("compare", str(path_a), str(path_b)).output
    assert f"{total_a:.1f}" in out and f"{total_b:.1f}" in out
    assert f"{total_b - total_a:+.1f}" in out


def test_compare_says_which_round_is_not_finished(tmp_path: Path) -> None:
    from tests.review_support import review_folder

    _, finished, unfinished = review_folder(tmp_path)
    out = run("compare", str(finished), str(unfinished)).output
    assert "B is not finished (phase respond): its score is provisional" in out
    assert "A is not finished" not in out


@pytest.mark.parametrize("fmt", ["md", "html", "csv", "json"])
def test_export_writes_each_format(played: tuple[Path, Path], tmp_path: Path, fmt: str) -> None:
    path, _ = played
    table = load_round(path).table
    out = tmp_path / "deep" / f"debrief.{fmt}"
    result = run("export", str(path), "--format", fmt, "-o", str(out))
    assert result.exit_code == 0 and out.is_file()
    text = out.read_text(encoding="utf-8")
    arguments = [p.argument for p in table.placements]
    if fmt == "csv":
        rows = list(csv.DictReader(io.StringIO(text, newline="")))
        assert [r["argument"] for r in rows] == arguments
    elif fmt == "json":
        assert json.loads(text)
    else:
        assert all(a in text for a in arguments)


def test_export_csv_guards_against_spreadsheet_formulas_unless_raw(
    played: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = played
    text = path.read_text("utf-8")
    first = load_round(path).table.placements[0].argument
    edited = tmp_path / "formula.toml"
    edited.write_text(
        text.replace(f'argument = "{first}"', 'argument = "=1+2 is the sum"'), "utf-8"
    )

    safe = next(csv.DictReader(io.StringIO(run("export", str(edited), "--format", "csv").output)))
    assert safe["argument"] == "'=1+2 is the sum"
    raw_out = run("export", str(edited), "--format", "csv", "--raw").output
    raw = next(csv.DictReader(io.StringIO(raw_out)))
    assert raw["argument"] == "=1+2 is the sum"  # --raw round-trips the text exactly


def test_export_takes_the_format_from_the_output_file(played: tuple[Path, Path], tmp_path) -> None:
    path, _ = played
    out = tmp_path / "debrief.html"
    result = run("export", str(path), "-o", str(out))
    assert result.exit_code == 0 and "(html)" in result.output
    assert out.read_text("utf-8").lstrip().lower().startswith("<!doctype html")


def test_export_never_writes_over_the_save_or_another_toml(
    played: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = played
    copy = tmp_path / "copy.toml"
    copy.write_text(path.read_text("utf-8"), "utf-8")
    before = copy.read_bytes()
    result = CliRunner().invoke(main, ["export", str(copy), "-o", str(copy)])
    assert result.exit_code == 1 and "that is the save itself" in result.output
    other = tmp_path / "deck.toml"
    other.write_text("format = 1\n", "utf-8")
    result = CliRunner().invoke(main, ["export", str(copy), "--format", "md", "-o", str(other)])
    assert result.exit_code == 1 and "already exists" in result.output
    assert copy.read_bytes() == before and other.read_text("utf-8") == "format = 1\n"


def test_a_bare_save_name_is_found_in_the_saves_folder(
    played: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path, _ = played
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr("sammenspil.cli_rounds.default_saves_dir", lambda: path.parent)
    for command in (["score"], ["resume"], ["export", "--format", "json"]):
        result = run(*command, path.name)
        assert result.exit_code == 0, result.output


@pytest.mark.parametrize("command", ["resume", "score", "export"])
def test_a_missing_or_broken_save_is_one_line_and_exit_1(command: str, tmp_path: Path) -> None:
    missing = CliRunner().invoke(main, [command, str(tmp_path / "nope.toml")])
    assert missing.exit_code == 1
    assert missing.output.strip() == f"{tmp_path / 'nope.toml'}: no such file"
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[meta]\nid = 3\n", encoding="utf-8")
    result = CliRunner().invoke(main, [command, str(broken)])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert result.output.startswith(f"{broken}:")
    assert "Traceback" not in result.output


def test_a_save_from_a_newer_sammenspil_is_refused_clearly(
    played: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = played
    newer = tmp_path / "newer.toml"
    newer.write_text(path.read_text("utf-8").replace("format = 1", "format = 2", 1), "utf-8")
    result = CliRunner().invoke(main, ["score", str(newer)])
    assert result.exit_code == 1
    assert "save format 2 by a newer Sammenspil" in result.output


# --- derived numbers are recomputed, files are never overwritten unasked ------------------------


def edited_total(path: Path, tmp_path: Path, total: str = "99.9") -> Path:
    edited = tmp_path / "saves" / "edited.toml"
    edited.parent.mkdir(exist_ok=True)
    text = path.read_text(encoding="utf-8")
    edited.write_text(re.sub(r"(?m)^total = .*$", f"total = {total}", text, count=1), "utf-8")
    return edited


def test_saves_shows_the_recomputed_total_and_marks_a_stored_one_that_differs(
    played: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = played
    edited = edited_total(path, tmp_path)
    real = score_table(load_round(path).table).total
    result = run("saves", "--saves", str(edited.parent))
    assert result.exit_code == 0
    header, row = result.output.splitlines()[:2]
    assert header.startswith("updated (UTC)")
    assert f"{real:.1f} (stored 99.9!)" in row
    assert "the score stored in the save differs" in result.output


def test_score_check_exits_3_when_the_stored_total_differs(
    played: tuple[Path, Path], tmp_path: Path
) -> None:
    path, _ = played
    assert run("score", "--check", str(path)).exit_code == 0
    edited = edited_total(path, tmp_path)
    result = CliRunner().invoke(main, ["score", "--check", str(edited)])
    assert result.exit_code == 3
    assert "the stored score differs from the recomputation: total 99.9 !=" in result.output


def test_saves_aligns_a_wide_table_name(tmp_path: Path) -> None:
    folder = tmp_path / "wide"
    result = run("demo", "--saves", str(folder), "--seed", "7", "--table", "Bord 🎉 東京")
    assert result.exit_code == 0
    run("demo", "--saves", str(folder), "--seed", "8", "--table", "Plain")
    lines = run("saves", "--saves", str(folder)).output.splitlines()[:3]
    starts = [cell_len(line[: line.index("sammenhaeng")]) for line in lines[1:]]
    assert starts[0] == starts[1] == cell_len(lines[0][: lines[0].index("deck")])


def test_export_refuses_to_overwrite_without_force(played: tuple[Path, Path], tmp_path) -> None:
    path, _ = played
    out = tmp_path / "debrief.md"
    out.write_text("mine\n", "utf-8")
    result = CliRunner().invoke(main, ["export", str(path), "-o", str(out)])
    assert result.exit_code == 1
    assert result.output == f"{out}: already exists; add --force to replace it\n"
    assert out.read_text("utf-8") == "mine\n"
    assert run("export", str(path), "-o", str(out), "--force").exit_code == 0
    assert out.read_text("utf-8").startswith("# ")


@pytest.mark.parametrize("link", ["hard", "symbolic"])
def test_export_never_writes_through_a_link_to_the_save(
    played: tuple[Path, Path], tmp_path: Path, link: str
) -> None:
    path, _ = played
    save = tmp_path / "round.toml"
    save.write_bytes(path.read_bytes())
    before = save.read_bytes()
    out = tmp_path / "debrief.md"
    if link == "hard":
        os.link(save, out)
    else:
        out.symlink_to(save)
    result = CliRunner().invoke(main, ["export", str(save), "-o", str(out), "--force"])
    assert result.exit_code == 1
    assert result.output == f"{out}: that is the save itself; choose another file for -o\n"
    assert save.read_bytes() == before


@pytest.mark.parametrize(
    "args,message",
    [
        (["-o", "{tmp}/new.toml"], "the ending .toml is not an export format"),
        (["-o", "{tmp}/out.xlsx"], "the ending .xlsx is not an export format"),
        (["-o", "{tmp}/out.html", "--format", "md"], "the ending .html means html, not md"),
        (["--raw"], "--raw keeps CSV cells as written; it means nothing for md"),
        (["--raw", "--format", "json"], "--raw keeps CSV cells as written; it means nothing"),
    ],
)
def test_export_refuses_a_format_the_file_or_the_flags_contradict(
    played: tuple[Path, Path], tmp_path: Path, args: list[str], message: str
) -> None:
    path, _ = played
    args = [a.format(tmp=tmp_path) for a in args]
    result = CliRunner().invoke(main, ["export", str(path), *args])
    assert result.exit_code == 1
    assert message in result.output and len(result.output.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_export_without_an_ending_takes_the_format_given(played, tmp_path: Path) -> None:
    path, _ = played
    out = tmp_path / "debrief"
    assert run("export", str(path), "-o", str(out), "--format", "json").exit_code == 0
    assert json.loads(out.read_text("utf-8"))


def test_demo_refuses_seeds_beyond_what_toml_holds(tmp_path: Path) -> None:
    top = str(2**63 - 1)
    result = CliRunner().invoke(
        main, ["demo", "--saves", str(tmp_path), "--seed", top, "--rounds", "3"]
    )
    assert result.exit_code == 1
    assert result.output == (
        f"--seed: 3 rounds from seed {top} pass {top}, the largest seed a save can hold; "
        "choose a smaller --seed\n"
    )
    assert not tmp_path.exists() or list(tmp_path.iterdir()) == []
    one = run("demo", "--saves", str(tmp_path), "--seed", top)
    assert one.exit_code == 0 and f"seed {top}," in one.output
