"""Hostile text and files: what a deck, a save or a folder holds is shown as text, never obeyed.

Issue 8. A deck is held to the one text rule when it loads (a located error); a save whose text
got past every check (written by hand here) still reaches the terminal only as visible escapes;
paths that are not regular files cost one error line; Rich markup in a deck title is shown
literally on every command and in the lobby.
"""

from __future__ import annotations

import os
import re
import threading
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from textual.widgets import Static

from conftest import MINIMAL_DECK, edit_deck, position
from sammenspil.cli import main
from sammenspil.deck import catalog
from sammenspil.deck.loader import load_deck
from sammenspil.deck.problems import DeckError, format_loc
from sammenspil.game.text import printable
from sammenspil.tui.app import create_app
from sammenspil.tui.widgets.deck_list import DeckList
from tui_support import decks_loaded

# What a hostile trainer or player writes: each drives a terminal if printed raw.
CONTROL = {
    "csi": "\x1b[2J",
    "osc0": "X\x1b[2J\x1b]0;PWNED\x07",
    "osc52": "\x1b]52;c;SGVsbG8=\x07",
    "osc8": "\x1b]8;;http://evil.example/\x1b\\here\x1b]8;;\x1b\\",
    "bidi": "abc\u202edef",
    "c1": "x\u009b31m",
}
# Valid text that Rich would read as markup: shown literally or it is a bug.
MARKUP = ["Regler [/] og rammer", "[udkast] Ny plan", "[blink red on white]Alarm"]
LINK = "[link=http://evil.example]klik[/link]"
BIG = "A" * 100_000
# No byte of these may reach a user's terminal or file: ESC, CSI (C1), BEL, RLO.
FORBIDDEN = ("\x1b", "\x9b", "\x07", "\u202e")


def toml_string(text: str) -> str:
    """A TOML basic string holding text, every non-printable character as a \\u escape."""
    body = "".join(
        c if c.isprintable() and c not in '"\\' else f"\\u{ord(c):04x}"
        for c in text
        if ord(c) <= 0xFFFF
    )
    return f'"{body}"'


def assert_text_only(output: str | bytes, where: str = "output") -> None:
    text = output.decode("utf-8", "replace") if isinstance(output, bytes) else output
    for ch in FORBIDDEN:
        assert ch not in text, f"{printable(ch)} reached the {where}: {printable(text[:300])}"


HANG = 60.0
"""A guard against a read that blocks for ever (a pipe, a device): not a measure of speed."""


def finishes(work: Callable[[], Result]) -> Result:
    """``work()``'s result, failing the test (instead of hanging it) if it never returns."""
    done: list[Result] = []
    thread = threading.Thread(target=lambda: done.append(work()), daemon=True)
    thread.start()
    thread.join(HANG)
    assert done, f"still running after {HANG:g} s: a read blocks"
    return done[0]


def run(*args: str | Path) -> Result:
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


# --- the deck loader refuses unsafe text, located ----------------------------------------------

FIELDS = [
    (("title",), 'title = "A minimal deck"'),
    (("roles", 0, "name"), 'name = "The state"'),
    (("problems", 1, "title"), 'title = "Every authority guards its own budget"'),
    (("remedies", 2, "title"), 'title = "Meet across levels every month"'),
    (("dilemmas", 0, "question"), 'question = "Who sets the service level?"'),
    (("dilemmas", 0, "right"), 'right = "The municipality"'),
]


@pytest.mark.parametrize("loc,line", FIELDS, ids=[format_loc(f[0]) for f in FIELDS])
@pytest.mark.parametrize("kind", sorted(CONTROL))
def test_the_deck_loader_refuses_control_text_in_every_field(
    loc: tuple[str | int, ...], line: str, kind: str, tmp_path: Path
) -> None:
    key, value = line.split(" = ", 1)
    hostile_line = f"{key} = {toml_string(CONTROL[kind] + value.strip(chr(34)))}"
    text = edit_deck((line, hostile_line))
    path = tmp_path / "hostile.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    (finding,) = info.value.findings
    first = next(c for c in CONTROL[kind] if not c.isprintable())
    what = "a bidirectional control" if first == "\u202e" else "a control character"
    row, col = position(text, hostile_line, '"')
    assert finding.render() == (
        f"{path}:{row}:{col}: {format_loc(loc)}: contains {what} ({printable(first)}); "
        + ("it makes the text read otherwise" if first == "\u202e" else "remove it")
    )


def test_a_line_break_is_refused_in_a_title_and_kept_in_a_text(decks) -> None:
    findings = decks.errors(
        decks.edit(('title = "Pool the budgets"', 'title = "Pool\\nthe budgets"'))
    )
    assert [f.message for f in findings] == ["contains a line break (\\n); this field is one line"]
    deck, _ = decks.load(
        decks.edit(
            ('title = "Pool the budgets"', 'title = "Pool the budgets"\ntext = "One\\n\\tTwo"')
        )
    )
    assert deck.remedies[1].text == "One\n\tTwo"


def test_markup_is_valid_deck_text(decks) -> None:
    """Brackets are ordinary text in a deck; showing them is the screens' job."""
    deck, warnings = decks.load(
        decks.edit(('title = "A minimal deck"', f'title = "{MARKUP[0]}"')), strict=True
    )
    assert deck.title == MARKUP[0] and warnings == []


@pytest.mark.parametrize("field,limit", [("title", 80), ("text", 600)])
def test_a_100_kb_string_is_refused_by_its_length(decks, field: str, limit: int) -> None:
    line = 'title = "Pool the budgets"'
    new = f'title = "{BIG}"' if field == "title" else f'{line}\ntext = "{BIG}"'
    (finding,) = decks.errors(decks.edit((line, new)))
    assert finding.message == f"is too long ({len(BIG)} characters); at most {limit}"
    assert len(finding.render()) < 200


def test_deck_check_prints_the_refusal_as_one_clean_line(tmp_path: Path) -> None:
    path = tmp_path / "esc.toml"
    path.write_text(
        edit_deck(('title = "A minimal deck"', f"title = {toml_string(CONTROL['osc0'])}")),
        encoding="utf-8",
    )
    for strict in ([], ["--strict"]):
        result = run("deck", "check", *strict, path)
        assert result.exit_code == 1
        assert_text_only(result.output)
        assert result.output.splitlines() == [
            f"{path}:3:9: title: contains a control character (\\x1b); remove it",
            f"{path}: invalid: 1 error",
        ]


# --- files that are not files ------------------------------------------------------------------


@pytest.fixture
def not_files(tmp_path: Path) -> dict[str, Path]:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    return {"a device": Path("/dev/zero"), "a pipe": fifo, "a device ": link}


def test_deck_check_of_a_device_a_pipe_or_a_link_is_one_line_each(
    not_files: dict[str, Path],
) -> None:
    result = finishes(lambda: run("deck", "check", *not_files.values()))
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if "invalid" not in line]
    assert errors == [
        f"{path}: is {kind.strip()}, not a deck file" for kind, path in not_files.items()
    ]


def test_score_of_a_device_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["score", "/dev/zero"])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1
    assert "Traceback" not in result.output


# --- a hostile deck folder: deck list, deck show, the lobby ------------------------------------


@pytest.fixture
def hostile_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The user's deck folder, holding markup titles, a refused deck and things not files."""
    folder = tmp_path / "user-decks"
    folder.mkdir()
    markup = edit_deck(
        ('title = "A minimal deck"', f'title = "{MARKUP[0]}"'),
        ('name = "The state"', f'name = "{MARKUP[2]}"'),
        ('title = "Pool the budgets"', f'title = "{MARKUP[1]}"\ntext = "{LINK}"'),
    )
    (folder / "markup.toml").write_text(markup, encoding="utf-8")
    refused = edit_deck(
        ('id = "mini"', 'id = "refused"'),
        ('title = "A minimal deck"', f"title = {toml_string(CONTROL['osc52'])}"),
    )
    (folder / "refused.toml").write_text(refused, encoding="utf-8")
    (folder / "zero.toml").symlink_to("/dev/zero")
    os.mkfifo(folder / "pipe.toml")
    (folder / "\x1b[2Jname.toml").write_text(
        MINIMAL_DECK.replace('id = "mini"', 'id = "escname"'), encoding="utf-8"
    )
    monkeypatch.setattr(catalog, "user_deck_dir", lambda: folder)
    monkeypatch.setattr("sammenspil.cli.user_deck_dir", lambda: folder)
    return folder


def test_deck_list_shows_titles_literally_and_names_what_it_cannot_read(
    hostile_folder: Path,
) -> None:
    result = finishes(lambda: run("deck", "list"))
    assert result.exit_code == 0
    assert_text_only(result.output)
    out = result.output
    assert MARKUP[0] in out
    assert "zero.toml" in out and "is a device, not a deck file" in out
    assert "pipe.toml" in out and "is a pipe, not a deck file" in out
    assert "title: contains a control character (\\x1b)" in out
    assert "\\x1b[2Jname.toml" in out


def test_deck_show_prints_markup_as_written(hostile_folder: Path) -> None:
    result = run("deck", "show", hostile_folder / "markup.toml")
    assert result.exit_code == 0
    assert_text_only(result.output)
    for text in (*MARKUP, LINK):
        assert text in result.output
    refused = run("deck", "show", hostile_folder / "refused.toml")
    assert refused.exit_code == 1
    assert_text_only(refused.output)
    assert len(refused.output.splitlines()) == 1


async def test_the_lobby_shows_a_hostile_folder_as_text(hostile_folder: Path) -> None:
    app = create_app(deck_dirs=[hostile_folder], selected=hostile_folder / "markup.toml")
    async with app.run_test(size=(120, 40)) as pilot:
        await decks_loaded(pilot)
        decks = app.screen.query_one("#decks", DeckList)
        # Rows are keyed by the deck's path.
        ids = {str(e.path): e.id for e in app.screen.entries}  # type: ignore[attr-defined]
        titles = {ids[row.key]: row.title for row in decks.rows}
        assert titles["mini"] == MARKUP[0]
        assert titles["zero"] == "zero ⚠"
        assert titles["escname"] == "A minimal deck"
        for y in range(len(decks.options)):
            assert_text_only(decks.render_line(y).text, "lobby deck list")

        def detail(name: str) -> str:
            return str(app.screen.query_one(f"#detail-{name}", Static).render())

        assert detail("title") == MARKUP[0]
        assert f"• {MARKUP[2]} (state)" in detail("roles")
        metas = []
        decks.highlighted = 0
        for _ in range(len(decks.options)):  # every deck described, the broken ones too
            await pilot.pause()
            for name in ("title", "meta", "description", "roles"):
                assert_text_only(detail(name), f"lobby {name}")
            metas.append(detail("meta"))
            await pilot.press("down")
        assert any("\\x1b[2Jname.toml" in meta for meta in metas)  # the file's name, escaped
        await pilot.press("enter")
        await pilot.pause()
    assert app.return_code in (0, None)


# --- a hostile save: every command shows its text as text --------------------------------------

HOSTILE_NAME = "[blink red on white]Ann\x1b]52;c;SGVsbG8=\x07"
HOSTILE_TABLE = "Bord [/] " + CONTROL["osc0"] + CONTROL["bidi"]


@pytest.fixture(scope="module")
def saves(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A hostile save (text written by hand past every check) and a plain one beside it."""
    folder = tmp_path_factory.mktemp("hostile-saves")
    runner = CliRunner()
    for seed in ("3", "4"):
        result = runner.invoke(
            main, ["demo", "--deck", "coherence", "--seed", seed, "--saves", str(folder)]
        )
        assert result.exit_code == 0, result.output
    hostile, plain = sorted(folder.glob("*.toml"))
    text = hostile.read_text("utf-8")
    table = f"table = {toml_string(HOSTILE_TABLE)}"
    text = re.sub(r'(?m)^table = ".*"$', lambda _: table, text, count=1)
    text = text.replace('"player1"', toml_string(HOSTILE_NAME))
    payloads = [*CONTROL.values(), LINK, "![i](http://evil.example/p.png)", BIG]
    counter = iter(range(10_000))

    def argument(match: re.Match[str]) -> str:
        hostile_text = payloads[next(counter) % len(payloads)] + " fire ord mindst her"
        return f"{match.group(1)} = {toml_string(hostile_text)}"

    text = re.sub(r'(?m)^(argument|comment) = ".*"$', argument, text)
    assert next(counter) > len(payloads), "the demo round should have enough arguments"
    hostile.write_text(text, "utf-8")
    return hostile, plain


def check_command(result: Result) -> None:
    """Either the command shows the save as text, or it refuses it in one clean line."""
    assert "Traceback" not in result.output
    assert_text_only(result.output)
    if result.exit_code != 0:
        assert result.exit_code == 1
        assert len(result.output.strip().splitlines()) == 1, result.output[:500]


COMMANDS = [
    ["resume"],
    ["score"],
    ["score", "-v"],
    ["score", "--json"],
    ["export", "--format", "md"],
    ["export", "--format", "html"],
    ["export", "--format", "csv"],
    ["export", "--format", "csv", "--raw"],
    ["export", "--format", "json"],
]


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_shows_a_hostile_save_as_text(
    saves: tuple[Path, Path], command: list[str]
) -> None:
    hostile, _ = saves
    result = CliRunner().invoke(main, [*command, str(hostile)])
    check_command(result)


def test_saves_and_compare_show_a_hostile_save_as_text(saves: tuple[Path, Path]) -> None:
    hostile, plain = saves
    listing = run("saves", "--saves", hostile.parent)
    check_command(listing)
    compared = CliRunner().invoke(main, ["compare", str(hostile), str(plain)])
    check_command(compared)
    if listing.exit_code == 0 and "broken" not in listing.output:
        # The table name is shown, its markup literally and its escapes as visible text.
        assert "Bord [/] X\\x1b[2J\\x1b]0;PWNED\\x07abc\\u202edef" in listing.output


def test_resume_shows_markup_in_a_player_name_literally(saves: tuple[Path, Path]) -> None:
    hostile, _ = saves
    result = CliRunner().invoke(main, ["resume", str(hostile)])
    check_command(result)
    if result.exit_code == 0:
        assert "[blink red on white]Ann\\x1b]52;c;SGVsbG8=\\x07" in result.output


@pytest.mark.parametrize("ending", ["md", "html", "csv", "json"])
def test_exported_files_hold_no_control_bytes(
    saves: tuple[Path, Path], tmp_path: Path, ending: str
) -> None:
    hostile, _ = saves
    out = tmp_path / f"debrief.{ending}"
    result = CliRunner().invoke(main, ["export", str(hostile), "-o", str(out)])
    check_command(result)
    if result.exit_code == 0:
        assert_text_only(out.read_bytes(), f"{ending} file")


def test_a_save_with_a_hostile_deck_title_is_refused_in_one_clean_line(
    saves: tuple[Path, Path], tmp_path: Path
) -> None:
    _, plain = saves
    text = plain.read_text("utf-8")
    deck_title = re.search(r'(?m)^\[deck\]\n(?:.*\n)*?title = ".*"$', text)
    assert deck_title is not None
    edited = tmp_path / "deck-title.toml"
    old = deck_title.group(0)
    title = f"title = {toml_string(CONTROL['osc52'])}"
    new = re.sub(r'title = ".*"$', lambda _: title, old)
    edited.write_text(text.replace(old, new, 1), "utf-8")
    for command in (["score"], ["resume"], ["export"]):
        result = CliRunner().invoke(main, [*command, str(edited)])
        assert result.exit_code == 1
        assert_text_only(result.output)
        (line,) = result.output.splitlines()
        assert line.startswith(f"{edited}:")
        assert "deck.title: contains a control character (\\x1b)" in line


@pytest.mark.parametrize(
    "args",
    [
        ["\x1b[2Jplay"],
        ["deck", "\x1b]0;PWNED\x07"],
        ["export", "x.toml", "--format", "\x1b]52;c;SGVsbG8=\x07"],
        ["deck", "show", "\u202eid"],
        ["score", "\x9b31m.toml"],
    ],
    ids=["command", "subcommand", "choice", "deck-id", "save-path"],
)
def test_usage_errors_echo_the_value_as_text(args: list[str]) -> None:
    result = CliRunner().invoke(main, args)
    assert result.exit_code in (1, 2)
    assert_text_only(result.output)
    assert "\\x1b" in result.output or "\\u202e" in result.output or "\\x9b" in result.output
