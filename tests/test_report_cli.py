"""`sammenspil report` as a facilitator runs it: a folder or files, --since, -o and its rules,
and every mistake as one line."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from sammenspil.cli import main
from sammenspil.game.state import Phase
from sammenspil.saves import load_round
from sammenspil.scoring.report import score_table
from tui_support import table_at


def run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def one_line_error(result: Result) -> str:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, lines
    return lines[0]


@pytest.fixture(scope="module")
def workshop(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two finished Danish tables, a finished English one and an English one still responding."""
    root = tmp_path_factory.mktemp("workshop")
    folder = root / "saves"
    unfinished = table_at(root, Phase.RESPOND)  # writes its save into root / "saves"
    unfinished.host.close()
    for args in (
        ["--seed", "7", "--table", "Bord A"],
        ["--seed", "8", "--table", "Bord B"],
        ["--seed", "9", "--table", "Table C", "--deck", "coherence"],
    ):
        assert run("demo", "--saves", str(folder), *args).exit_code == 0
    assert len(list(folder.glob("*.toml"))) == 4
    return folder


def test_a_folder_becomes_one_report_per_deck(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    result = run("report", "--saves", str(workshop), "-o", str(out))
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (md): 4 tables"
    text = out.read_text("utf-8")
    assert text.startswith("# Workshop report")
    decks = re.findall(r"(?m)^## Deck: (.*)$", text)
    assert [d.split(" (")[0] for d in decks] == [
        "Coherence across the public sector",
        "Sammenhæng på tværs",
    ]
    assert "Table 1 (provisional)" in text  # the table still responding
    assert "Provisional: 1 of the tables" in text
    for name in ("Bord A", "Bord B", "Table C"):
        assert f"## Table: {name}" in text


def test_scores_are_recomputed_not_read_from_the_save(workshop: Path, tmp_path: Path) -> None:
    path = next(p for p in workshop.glob("*bord-a*.toml"))
    real = score_table(load_round(path).table).total
    assert real is not None
    edited = tmp_path / "edited" / "edited.toml"
    edited.parent.mkdir()
    text = path.read_text("utf-8")
    edited.write_text(re.sub(r"(?m)^total = .*$", "total = 99.9", text, count=1), "utf-8")
    result = run("report", str(edited))
    assert result.exit_code == 0, result.output
    # a Danish table alone: the report speaks Danish
    assert f"**I alt: {real:.1f}**" in result.output and "99.9" not in result.output


def test_html_follows_the_ending_and_is_one_offline_file(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    result = run("report", "--saves", str(workshop), "-o", str(out))
    assert result.exit_code == 0 and "(html)" in result.output
    page = out.read_text("utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<script" not in page
    assert set(re.findall(r"https?://[^\s\"'<>]*", page)) == {"http://www.w3.org/2000/svg"}


def test_named_files_only_and_printed_without_o(workshop: Path) -> None:
    a, b = sorted(workshop.glob("*bord-*.toml"))
    result = run("report", str(a), str(b), str(a))  # a file named twice counts once
    assert result.exit_code == 0
    assert "Borde: 2. Kortsæt: 1." in result.output
    assert "## Bord: Bord A" in result.output and "Table C" not in result.output


def test_since_keeps_the_rounds_updated_since_a_day_or_a_time(workshop: Path) -> None:
    assert "Tables: 4." in run("report", "--saves", str(workshop), "--since", "2000-01-01").output
    assert (
        "Tables: 4."
        in run("report", "--saves", str(workshop), "--since", "2000-01-01T09:30").output
    )
    later = one_line_error(run("report", "--saves", str(workshop), "--since", "2999-01-01"))
    assert later == f"{workshop}: no rounds updated since 2999-01-01 to report"
    bad = one_line_error(run("report", "--saves", str(workshop), "--since", "yesterday"))
    assert bad.startswith("--since: 'yesterday' is not a date")


def test_a_broken_save_in_a_folder_is_left_out_and_named(workshop: Path, tmp_path: Path) -> None:
    folder = tmp_path / "saves"
    folder.mkdir()
    good = next(workshop.glob("*bord-a*.toml"))
    (folder / good.name).write_bytes(good.read_bytes())
    broken = folder / "broken.toml"
    broken.write_text("format = 1\n[meta]\nid = 3\n", encoding="utf-8")
    result = run("report", "--saves", str(folder))
    assert result.exit_code == 0
    warning = [line for line in result.stderr.splitlines() if line.startswith("warning:")]
    assert len(warning) == 1 and str(broken) in warning[0] and "left out" in warning[0]
    assert "Udeladt af rapporten:" in result.stdout
    assert "broken.toml" in result.stdout and "## Bord: Bord A" in result.stdout


def test_a_broken_save_named_on_the_command_line_stops_the_report(
    workshop: Path, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.toml"
    broken.write_text("format = 1\n[meta]\nid = 3\n", encoding="utf-8")
    good = next(workshop.glob("*bord-a*.toml"))
    line = one_line_error(run("report", str(good), str(broken)))
    assert line.startswith(f"{broken}:")
    missing = one_line_error(run("report", str(tmp_path / "nope.toml")))
    assert missing == f"{tmp_path / 'nope.toml'}: no such file"


def test_no_saves_is_one_line(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    assert one_line_error(run("report", "--saves", str(empty))) == (
        f"{empty}: no saves (*.toml files) to report"
    )
    missing = tmp_path / "missing"
    assert one_line_error(run("report", "--saves", str(missing))) == (
        f"{missing}: no such folder of saves"
    )


def test_files_and_a_folder_together_are_refused(workshop: Path) -> None:
    save = next(workshop.glob("*.toml"))
    line = one_line_error(run("report", str(save), "--saves", str(workshop)))
    assert line == "give save files or --saves DIR, not both"


def test_o_never_replaces_a_file_unless_forced(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.md"
    out.write_text("mine", encoding="utf-8")
    line = one_line_error(run("report", "--saves", str(workshop), "-o", str(out)))
    assert line == f"{out}: already exists; add --force to replace it"
    assert out.read_text("utf-8") == "mine"
    assert run("report", "--saves", str(workshop), "-o", str(out), "--force").exit_code == 0
    assert out.read_text("utf-8").startswith("# Workshop report")


def test_o_never_writes_over_a_save(workshop: Path, tmp_path: Path) -> None:
    save = next(workshop.glob("*bord-b*.toml"))
    before = save.read_bytes()
    link = tmp_path / "report.md"
    os.symlink(save, link)
    line = one_line_error(run("report", "--saves", str(workshop), "-o", str(link), "--force"))
    assert line == f"{link}: that is the save itself; choose another file for -o"
    named = one_line_error(run("report", str(save), "-o", str(save), "--force"))
    assert "not a report format" in named
    assert save.read_bytes() == before


def test_o_refuses_an_ending_or_a_format_it_contradicts(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "report.html"
    line = one_line_error(run("report", "--saves", str(workshop), "-o", str(out), "--format", "md"))
    assert line == f"{out}: the ending .html means html, not md"
    csv = tmp_path / "report.csv"
    line = one_line_error(run("report", "--saves", str(workshop), "-o", str(csv)))
    assert line == f"{csv}: the ending .csv is not a report format; use .md or .html"
    plain = tmp_path / "report"
    result = run("report", "--saves", str(workshop), "-o", str(plain), "--format", "html")
    assert result.exit_code == 0 and plain.read_text("utf-8").startswith("<!DOCTYPE html>")


def test_the_report_is_listed_in_the_help() -> None:
    result = run("--help")
    assert re.search(r"(?m)^\s+report\s", result.output)
    assert "Every table of a workshop side by side" in run("report", "--help").output


def test_one_table_is_one_table(workshop: Path, tmp_path: Path) -> None:
    save = next(workshop.glob("*bord-a*.toml"))
    out = tmp_path / "one.md"
    assert run("report", str(save), "-o", str(out)).output.strip() == f"wrote {out} (md): 1 table"
