"""The `sammenspil` command line through click's runner: every deck command and its exit codes."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import click
import jsonschema
import pytest
from click.testing import CliRunner, Result

import sammenspil
from sammenspil.cli import main
from sammenspil.deck import catalog
from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.starter import starter_deck

BUNDLED_IDS = ("sammenhaeng", "coherence")


@pytest.fixture(autouse=True)
def own_deck_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets an empty deck folder of its own instead of the real user's."""
    folder = tmp_path / "user-decks"
    monkeypatch.setattr(catalog, "user_deck_dir", lambda: folder)
    monkeypatch.setattr("sammenspil.cli.user_deck_dir", lambda: folder)
    return folder


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def write_starter(path: Path, lang: str = "da", **replace: str) -> Path:
    """A starter deck with some text replaced (each replacement must match exactly once)."""
    text = starter_deck(path.name, lang)
    for old, new in replace.items():
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    return path


def line_of(path: Path, fragment: str) -> int:
    lines = path.read_text(encoding="utf-8").splitlines()
    return next(i for i, line in enumerate(lines, 1) if fragment in line)


# --- the group ---------------------------------------------------------------------------------


def test_version_prints_the_package_version() -> None:
    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"sammenspil, version {sammenspil.__version__}\n"


def _all_commands(group: click.Group, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for name, command in group.commands.items():
        if isinstance(command, click.Group):
            found += _all_commands(command, (*prefix, name))
        else:
            found.append((*prefix, name))
    return found


@pytest.mark.parametrize("command", _all_commands(main), ids=" ".join)
def test_every_command_has_help(command: tuple[str, ...]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Usage: ")
    assert "Show this message and exit." in result.output


def test_the_deck_commands_are_all_there() -> None:
    assert set(main.commands) >= {"deck", "play"}
    deck = main.commands["deck"]
    assert isinstance(deck, click.Group)
    assert set(deck.commands) == {"check", "new", "schema", "list", "show"}


# --- deck check --------------------------------------------------------------------------------


def test_check_bundled_decks_are_valid() -> None:
    paths = [bundled_deck_dir() / "sammenhaeng.da.toml", bundled_deck_dir() / "coherence.en.toml"]
    result = run("deck", "check", "--strict", *paths)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith(f"{paths[0]}: ok: sammenhaeng (da, v")
    assert lines[1].startswith(f"{paths[1]}: ok: coherence (en, v")
    assert len(lines) == 2


def test_check_valid_deck_prints_summary(tmp_path: Path) -> None:
    deck = write_starter(tmp_path / "kursus.da.toml")
    result = run("deck", "check", deck)
    assert result.exit_code == 0
    assert result.output == (
        f"{deck}: ok: kursus (da, v0.1.0): 3 roles, 4 problems, 6 remedies, 2 dilemmas\n"
    )


def test_check_invalid_deck_prints_located_line_and_exits_1(tmp_path: Path) -> None:
    deck = write_starter(
        tmp_path / "typo.toml",
        **{'addresses = ["handover"]': 'addresses = ["handovr"]'},
    )
    line = line_of(deck, '"handovr"')
    col = deck.read_text(encoding="utf-8").splitlines()[line - 1].index('"handovr"') + 1
    result = run("deck", "check", deck)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{deck}:{line}:{col}: remedies[0].addresses[0]: unknown problem 'handovr'; "
        "did you mean 'handover'?",
        f"{deck}: invalid: 1 error",
    ]


def test_check_reports_every_error_in_one_run(tmp_path: Path) -> None:
    deck = write_starter(
        tmp_path / "two.toml",
        **{'kind = "culture"': 'kind = "cultur"', "effort = 1": "effort = 9"},
    )
    result = run("deck", "check", deck)
    assert result.exit_code == 1
    kind_line = line_of(deck, 'kind = "cultur"')
    assert f"{deck}:{kind_line}:8: " in result.output
    assert "remedies[1].kind: 'cultur' is not a valid kind (did you mean 'culture'?)" in (
        result.output
    )
    assert f"{deck}:{line_of(deck, 'effort = 9')}:" in result.output
    assert "remedies[1].effort: 9 is out of range; it must be at most 5" in result.output
    assert result.output.endswith(f"{deck}: invalid: 2 errors\n")


def test_check_warning_passes_but_fails_under_strict(tmp_path: Path) -> None:
    deck = write_starter(
        tmp_path / "poles.toml",
        **{'right = "Store reformer"': 'right = "Lidt, men hele tiden"'},
    )
    line = line_of(deck, 'right = "Lidt, men hele tiden"')
    warning = "dilemmas[1].right: dilemma 'steady-pace' has the same pole on both sides"

    relaxed = run("deck", "check", deck)
    assert relaxed.exit_code == 0
    assert relaxed.output.splitlines()[0].startswith(f"{deck}:{line}:")
    assert f"warning: {warning}" in relaxed.output
    assert relaxed.output.splitlines()[-1].endswith("2 dilemmas, 1 warning")

    strict = run("deck", "check", "--strict", deck)
    assert strict.exit_code == 1
    assert f"{warning} (an error under --strict)" in strict.output
    assert strict.output.splitlines()[-1] == f"{deck}: invalid: 1 error"


def test_check_missing_file_is_an_invalid_deck(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = run("deck", "check", missing)
    assert result.exit_code == 1
    assert result.output.splitlines() == [
        f"{missing}: no such file",
        f"{missing}: invalid: 1 error",
    ]


def test_check_one_bad_deck_among_good_ones_exits_1(tmp_path: Path) -> None:
    good = write_starter(tmp_path / "good.toml")
    bad = tmp_path / "bad.toml"
    bad.write_bytes(b"format = 1\nid = \n")
    result = run("deck", "check", good, bad)
    assert result.exit_code == 1
    assert f"{good}: ok: good " in result.output
    assert f"{bad}:2:" in result.output
    assert "TOML syntax" in result.output
    assert result.output.endswith(f"{bad}: invalid: 1 error\n")


def test_check_folder_checks_each_deck_in_it(tmp_path: Path) -> None:
    write_starter(tmp_path / "a.toml")
    write_starter(tmp_path / "b.en.toml", lang="en")
    result = run("deck", "check", tmp_path)
    assert result.exit_code == 0
    assert result.output.splitlines() == [
        f"{tmp_path / 'a.toml'}: ok: a (da, v0.1.0): 3 roles, 4 problems, 6 remedies, 2 dilemmas",
        f"{tmp_path / 'b.en.toml'}: ok: b (en, v0.1.0): 3 roles, 4 problems, 6 remedies, "
        "2 dilemmas",
    ]


def test_check_empty_folder_is_invalid(tmp_path: Path) -> None:
    result = run("deck", "check", tmp_path)
    assert result.exit_code == 1
    assert f"{tmp_path}: holds no .toml deck files" in result.output


def test_check_without_paths_is_a_usage_error() -> None:
    result = run("deck", "check")
    assert result.exit_code == 2
    assert "Missing argument 'PATHS...'" in result.output


def test_check_unknown_option_is_a_usage_error(tmp_path: Path) -> None:
    result = run("deck", "check", "--strcit", write_starter(tmp_path / "x.toml"))
    assert result.exit_code == 2
    assert "No such option '--strcit'" in result.output


# --- deck new ----------------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["da", "en"])
def test_new_writes_a_deck_that_passes_strict_check(tmp_path: Path, lang: str) -> None:
    target = tmp_path / "nested" / "folder" / "Kursus i Århus.toml"
    result = run("deck", "new", target, "--lang", lang)
    assert result.exit_code == 0, result.output
    assert str(target) in result.output
    assert "sammenspil deck check" in result.output
    assert target.is_file()

    check = run("deck", "check", "--strict", target)
    assert check.exit_code == 0, check.output
    assert len(check.output.splitlines()) == 1  # no warnings, just the summary

    deck, warnings = load_deck(target, strict=True)
    assert warnings == []
    assert deck.id == "kursus-i-aarhus"
    assert deck.title == "Kursus i Århus"
    assert deck.language == lang
    assert (len(deck.roles), len(deck.problems), len(deck.remedies), len(deck.dilemmas)) == (
        3,
        4,
        6,
        2,
    )
    assert [r.id for r in deck.roles] == ["state", "region", "municipality"]
    assert (deck.rules.problems, deck.rules.hand, deck.rules.dilemmas) == (3, 2, 1)


def test_new_says_how_to_play_a_deck_outside_the_deck_folder(
    tmp_path: Path, own_deck_dir: Path
) -> None:
    target = tmp_path / "my decks" / "kursus.da.toml"
    result = run("deck", "new", target)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Play it with: sammenspil play --deck '{target}'" in lines
    assert lines[-1] == (
        f"The lobby lists the decks in your deck folder; to see it there, move it to {own_deck_dir}"
    )
    assert "so the lobby lists it" not in result.output


def test_new_in_the_deck_folder_says_the_lobby_lists_it(own_deck_dir: Path) -> None:
    target = own_deck_dir / "kursus.en.toml"
    result = run("deck", "new", target)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"Play it with: sammenspil play --deck {target}" in lines
    assert lines[-1] == "It is in your deck folder, so the lobby lists it."
    # and so it does: the catalog the lobby reads finds it there
    assert "kursus" in [entry.id for entry in catalog.iter_decks()]


def test_new_starter_is_commented_and_has_no_machine_paths(tmp_path: Path) -> None:
    target = tmp_path / "kommenteret.toml"
    assert run("deck", "new", target).exit_code == 0
    text = target.read_text(encoding="utf-8")
    assert not text.startswith("#:schema")
    assert str(tmp_path) not in text
    keys = "format id title language levels addresses owners kind pace effort change_budget"
    for key in [*keys.split(), "argument_min_words", "left", "right"]:
        lines = text.splitlines()
        at = next(i for i, ln in enumerate(lines) if ln.startswith(f"{key} ="))
        # Each field is explained: on its own line, or in a comment just above it.
        assert "#" in lines[at] or any(ln.startswith("#") for ln in lines[at - 2 : at]), key


def test_new_takes_language_from_the_file_name(tmp_path: Path) -> None:
    target = tmp_path / "workshop.en.toml"
    assert run("deck", "new", target).exit_code == 0
    deck, _ = load_deck(target)
    assert (deck.id, deck.language) == ("workshop", "en")


def test_new_falls_back_to_my_deck_for_a_name_without_letters(tmp_path: Path) -> None:
    target = tmp_path / "___.toml"
    assert run("deck", "new", target).exit_code == 0
    deck, _ = load_deck(target)
    assert deck.id == "my-deck"


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "mine.toml"
    target.write_text("# my precious deck\n", encoding="utf-8")
    result = run("deck", "new", target)
    assert result.exit_code == 1
    message = "already exists; choose another name or move the old file away"
    assert result.stderr == f"{target}: {message}\n"
    assert result.stdout == ""
    assert target.read_text(encoding="utf-8") == "# my precious deck\n"


def test_new_rejects_an_unknown_language(tmp_path: Path) -> None:
    result = run("deck", "new", tmp_path / "x.toml", "--lang", "sv")
    assert result.exit_code == 2
    assert not (tmp_path / "x.toml").exists()


def test_new_into_an_unwritable_place_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    result = run("deck", "new", blocker / "deck.toml")  # parent is a file
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert "Traceback" not in result.output


# --- deck schema -------------------------------------------------------------------------------


def _schema() -> dict[str, object]:
    result = run("deck", "schema")
    assert result.exit_code == 0
    return json.loads(result.stdout)


def test_schema_is_a_draft_2020_12_schema() -> None:
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] == "Sammenspil deck"
    assert schema["description"]
    jsonschema.Draft202012Validator.check_schema(schema)
    assert jsonschema.validators.validator_for(schema) is jsonschema.Draft202012Validator


@pytest.mark.parametrize("lang", ["da", "en"])
def test_schema_validates_starter_deck(lang: str) -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    data = tomllib.loads(starter_deck("kursus.toml", lang))
    assert list(validator.iter_errors(data)) == []


def test_schema_validates_bundled_decks() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    for deck_id in BUNDLED_IDS:
        path = next(bundled_deck_dir().glob(f"{deck_id}.*.toml"))
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        assert list(validator.iter_errors(data)) == [], path


def test_schema_rejects_broken_deck() -> None:
    validator = jsonschema.Draft202012Validator(_schema())
    data = tomllib.loads(starter_deck("kursus.toml"))
    data["remedies"][0]["kind"] = "cultur"
    data["problems"][0]["titel"] = "typo"
    errors = {tuple(e.absolute_path): e.validator for e in validator.iter_errors(data)}
    assert errors == {("remedies", 0, "kind"): "enum", ("problems", 0): "additionalProperties"}


def test_schema_output_file(tmp_path: Path) -> None:
    target = tmp_path / "deck.schema.json"
    result = run("deck", "schema", "-o", target)
    assert result.exit_code == 0
    assert result.output == f"Wrote {target}\n"
    assert json.loads(target.read_text(encoding="utf-8")) == _schema()


# --- deck list ---------------------------------------------------------------------------------


def test_list_shows_bundled_decks_and_the_user_folder(own_deck_dir: Path) -> None:
    result = run("deck", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].split() == ["ID", "TITLE", "LANGUAGE", "ORIGIN", "PATH"]
    rows = {line.split()[0]: line for line in lines[1:] if line and not line.startswith(" ")}
    for deck_id in BUNDLED_IDS:
        assert deck_id in rows
        assert " bundled " in rows[deck_id]
        assert str(bundled_deck_dir()) in rows[deck_id]
    assert " da " in rows["sammenhaeng"]
    assert " en " in rows["coherence"]
    assert lines[-1] == f"Your own decks go in: {own_deck_dir} (not created yet)"


def test_list_shows_own_decks_and_broken_ones_with_their_error(own_deck_dir: Path) -> None:
    own_deck_dir.mkdir(parents=True)
    write_starter(own_deck_dir / "egen.da.toml")
    broken_deck = write_starter(own_deck_dir / "broken.toml", **{"format = 1 ": "format = 2 "})
    result = run("deck", "list")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    own = next(line for line in lines if line.startswith("egen "))
    assert own.split()[-2:] == ["user", str(own_deck_dir / "egen.da.toml")]
    broken = next(line for line in lines if line.startswith("broken "))
    assert "(cannot be loaded)" in broken
    error = lines[lines.index(broken) + 1]
    assert error.startswith(f"    error: {broken_deck}:{line_of(broken_deck, 'format = 2')}:")
    assert "format 2 is not supported" in error
    assert lines[-1] == f"Your own decks go in: {own_deck_dir}"


# --- deck show ---------------------------------------------------------------------------------


@pytest.mark.parametrize("deck_id", BUNDLED_IDS)
def test_show_by_id_prints_every_card(deck_id: str) -> None:
    result = run("deck", "show", deck_id)
    assert result.exit_code == 0, result.output
    path = next(bundled_deck_dir().glob(f"{deck_id}.*.toml"))
    deck, _ = load_deck(path)
    out = result.stdout
    assert out.startswith(deck.title + "\n")
    for heading in (
        "Rules",
        "Roles (3)",
        f"Problems ({len(deck.problems)})",
        f"Remedies ({len(deck.remedies)})",
        f"Dilemmas ({len(deck.dilemmas)})",
    ):
        assert f"\n{heading}\n" in out
    for card in [*deck.problems, *deck.remedies]:
        assert f"  {card.id}  {card.title}\n" in out
    for dilemma in deck.dilemmas:
        assert f"  {dilemma.id}  {dilemma.question}\n" in out


def test_show_by_path_prints_fields_in_order(tmp_path: Path) -> None:
    deck = write_starter(tmp_path / "vis.en.toml", lang="en")
    result = run("deck", "show", deck)
    assert result.exit_code == 0
    out = result.stdout
    assert "\x1b[" not in out  # no colour when not a terminal
    order = [
        "Deal 3 problems to the table, 2 remedies to each role and 1 dilemma.",
        "  state  The state",
        "  handover  The citizen falls between two chairs",
        "levels: region, municipality · tags: health",
        "  simple  Make it simple where we can",
        "addresses: tag:complexity",
        "owners: state, region, municipality",
        "culture · incremental · effort 1",
        "  service-levels  Who sets the level of service?",
        "1 The state <-> The municipality 5",
    ]
    positions = [out.index(text) for text in order]
    assert positions == sorted(positions)


def test_show_wraps_to_the_terminal_width(tmp_path: Path) -> None:
    deck = write_starter(tmp_path / "smal.toml")
    result = CliRunner(env={"COLUMNS": "50"}).invoke(main, ["deck", "show", str(deck)])
    assert result.exit_code == 0
    assert max(len(line) for line in result.stdout.splitlines() if " " in line.strip()) <= 50


def test_show_unknown_id_is_one_line_and_exit_1() -> None:
    result = run("deck", "show", "no-such-deck")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        "no-such-deck: no deck with id 'no-such-deck'; known decks: coherence, sammenhaeng"
    ]


def test_show_broken_deck_prints_its_errors(tmp_path: Path) -> None:
    deck = write_starter(tmp_path / "brudt.toml", **{"effort = 1": 'effort = "1"'})
    result = run("deck", "show", deck)
    assert result.exit_code == 1
    assert result.stdout == ""
    effort_line = line_of(deck, 'effort = "1"')
    assert result.stderr.startswith(f"{deck}:{effort_line}:10: ")
    assert "remedies[1].effort: expected a whole number, got text '1'" in result.stderr
    assert "Traceback" not in result.output


# --- play --------------------------------------------------------------------------------------


def test_play_with_unknown_deck_fails_before_the_app_starts(tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    result = run("play", "--deck", missing)
    assert result.exit_code == 1
    assert result.stderr == f"{missing}: no such file\n"


def test_schema_never_writes_over_an_existing_file(tmp_path: Path) -> None:
    deck = tmp_path / "kursus.da.toml"
    assert run("deck", "new", str(deck)).exit_code == 0
    before = deck.read_text("utf-8")
    result = run("deck", "schema", "-o", str(deck))
    assert result.exit_code == 1
    assert "already exists; add --force" in result.output
    assert deck.read_text("utf-8") == before
    assert run("deck", "schema", "-o", str(deck), "--force").exit_code == 0
    nested = tmp_path / "new" / "folder" / "deck.schema.json"
    assert run("deck", "schema", "-o", str(nested)).exit_code == 0 and nested.is_file()


def test_new_wants_a_toml_file_name(tmp_path: Path) -> None:
    result = run("deck", "new", str(tmp_path / "kursus.txt"))
    assert result.exit_code == 1
    assert "a deck file name ends in .toml, e.g. kursus.toml" in result.output
    assert not (tmp_path / "kursus.txt").exists()


def test_list_says_which_deck_an_id_means_when_two_share_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    user = tmp_path / "user-decks"
    user.mkdir()
    assert run("deck", "new", str(user / "coherence.en.toml")).exit_code == 0
    monkeypatch.setattr("sammenspil.deck.catalog.user_deck_dir", lambda: user)
    out = run("deck", "list").output
    bundled = [line for line in out.splitlines() if line.startswith("coherence ")]
    assert len(bundled) == 2
    assert "not used by id: 'coherence' means" in out
    assert "coherence.en.toml" in out.split("not used by id")[1].splitlines()[0]


def test_play_without_a_terminal_refuses_in_one_line() -> None:
    result = CliRunner().invoke(main, ["play"])  # the runner's streams are no terminal
    assert result.exit_code == 2
    assert result.output == "sammenspil play: needs a terminal on stdin and stdout\n"


def test_new_refuses_a_language_the_file_name_contradicts(tmp_path: Path) -> None:
    target = tmp_path / "kursus.da.toml"
    result = CliRunner().invoke(main, ["deck", "new", str(target), "--lang", "en"])
    assert result.exit_code == 1
    assert result.output == (
        f"{target}: the name says 'da' but --lang is 'en'; "
        "name it kursus.en.toml or leave out --lang\n"
    )
    assert not target.exists()
    assert run("deck", "new", tmp_path / "kursus.en.toml", "--lang", "en").exit_code == 0


def test_check_prints_the_first_50_findings_then_counts_the_rest(tmp_path: Path) -> None:
    text = starter_deck("many.en.toml", "en") + "".join(
        f'\n[[dilemmas]]\nid = "d-{i}"\nquestion = ""\nleft = "a"\nright = "b"\n' for i in range(80)
    )
    path = tmp_path / "many.en.toml"
    path.write_text(text, encoding="utf-8")
    result = run("deck", "check", path)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    assert len(lines) == 52
    assert all(": dilemmas[" in line and "question: is empty" in line for line in lines[:50])
    assert lines[50:] == ["... and 30 more errors", f"{path}: invalid: 80 errors"]


def test_play_exits_with_the_apps_return_code(monkeypatch: pytest.MonkeyPatch) -> None:
    class FakeApp:
        return_code = 3

        def run(self) -> None:
            pass

    monkeypatch.setattr("sammenspil.cli._is_terminal", lambda stream: True)
    monkeypatch.setattr("sammenspil.tui.app.create_app", lambda **kwargs: FakeApp())
    assert CliRunner().invoke(main, ["play"]).exit_code == 3
