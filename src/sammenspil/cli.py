"""The `sammenspil` command line: the game, and the deck tools trainers write decks with.

Every command is a plain click command under `main`; the group turns the errors a user can cause
(a broken deck, a missing file, a folder we cannot write) into one line on stderr and exit 1, so
new commands get that for free. Everything printed goes through ``cli_output.echo``, which shows a
deck's, a save's or a player's text as text, never as terminal codes. Textual is imported only
by the commands that open the app, so the deck tools start fast and work where no terminal UI
could.
"""

from __future__ import annotations

import gc
import sys
import textwrap  # click's help formatter imports it anyway
from collections.abc import Iterable, Iterator, Sequence
from importlib import import_module
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from sammenspil import __version__
from sammenspil.cli_output import UserError, clean, columns, echo, styled
from sammenspil.deck.starter import LANGUAGES, deck_id_for, split_file_name, starter_deck

if TYPE_CHECKING:
    from sammenspil.deck.catalog import DeckEntry
    from sammenspil.deck.models import Deck
    from sammenspil.deck.problems import Finding
    from sammenspil.tui.hotseat import HotSeat

CONTEXT_SETTINGS: dict[str, Any] = {"help_option_names": ["-h", "--help"], "max_content_width": 100}


def _os_error_line(exc: OSError) -> str:
    reason = exc.strerror or str(exc)
    return f"{exc.filename}: {reason}" if exc.filename else reason


# The commands kept in other modules, imported only when named (or listed by --help): `play`
# must not pay for the saves, the scoring and the round commands before its first frame.
LAZY_COMMANDS: dict[str, tuple[str, str]] = {
    "demo": ("sammenspil.cli_rounds", "demo"),
    "saves": ("sammenspil.cli_rounds", "saves_cmd"),
    "resume": ("sammenspil.cli_rounds", "resume"),
    "score": ("sammenspil.cli_rounds", "score"),
    "compare": ("sammenspil.cli_rounds", "compare"),
    "export": ("sammenspil.cli_rounds", "export"),
    "review": ("sammenspil.cli_review", "review"),
    "serve": ("sammenspil.cli_serve", "serve"),
    "report": ("sammenspil.cli_report", "report"),
}


def _lazy_short_help(name: str, limit: int) -> str:
    """The short help of a lazy command, from its function's docstring in the module's source.

    The docstring is found as the first string literal after ``def <name>(`` and read with
    ``ast.literal_eval``: parsing the four command modules whole cost 37 ms, more than click's
    own import; importing them would load the saves, the scoring and asyncssh for a list of
    names. Anything unexpected falls back to parsing the module.
    """
    import inspect

    module, attr = LAZY_COMMANDS[name]
    source = _command_source(module)
    if source is None:
        return ""
    doc = _docstring_after(source, attr)
    if doc is None:
        doc = _parsed_docstring(source, attr)
    # Summarised by click's own rule, as the loaded command would be.
    stand_in = click.Command(name, help=inspect.cleandoc(doc) if doc else "")
    return stand_in.get_short_help_str(limit)


_SOURCES: dict[str, str | None] = {}


def _command_source(module: str) -> str | None:
    """The source of one of our command modules (they sit beside this one), read once."""
    if module not in _SOURCES:
        path = Path(__file__).with_name(module.rpartition(".")[2] + ".py")
        try:
            _SOURCES[module] = path.read_text(encoding="utf-8")
        except OSError:
            _SOURCES[module] = None
    return _SOURCES[module]


def _docstring_after(source: str, attr: str) -> str | None:
    """The docstring of top-level function ``attr``, when it is a plain triple-quoted literal
    right after the signature; None when the source is not shaped so."""
    import ast

    start = source.find(f"\ndef {attr}(")
    if start < 0:
        return None
    colon = source.find(":\n", source.find(")", start))
    body = source[colon + 2 :].lstrip(" ") if colon >= 0 else ""
    if not body.startswith('"""'):
        return None
    end = body.find('"""', 3)
    try:
        doc = ast.literal_eval(body[: end + 3]) if end > 0 else None
    except (SyntaxError, ValueError):
        return None
    return doc if isinstance(doc, str) else None


def _parsed_docstring(source: str, attr: str) -> str | None:
    import ast

    for node in ast.parse(source).body:
        if isinstance(node, ast.FunctionDef) and node.name == attr:
            return ast.get_docstring(node, clean=False)
    return None


def _user_error_lines(exc: Exception) -> list[str] | None:
    """The lines a deck or save error a user can cause prints; None for anything else.

    Looked up in sys.modules rather than imported: an error of a class can only exist once its
    module is loaded, and `play` should not load the deck checker or the saves to ask.
    """
    problems = sys.modules.get("sammenspil.deck.problems")
    if problems is not None and isinstance(exc, problems.DeckError):
        findings = exc.findings or [problems.Finding(None, None, (), "invalid deck")]
        return [finding.render() for finding in findings]
    errors = sys.modules.get("sammenspil.saves.errors")
    if isinstance(exc, UserError) or (errors is not None and isinstance(exc, errors.SaveError)):
        return [str(exc)]
    return None


class SammenspilGroup(click.Group):
    """A click group that never lets a traceback reach the user for errors they can cause."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list of ``--help``, without importing every command to ask its help:
        a command not loaded yet is listed with the first line of its docstring, read from
        its module's source (``LAZY_HELP`` caches it), so ``--help`` stays as fast as click."""
        names = [
            name
            for name in self.list_commands(ctx)
            if name not in self.commands or not self.commands[name].hidden
        ]
        limit = formatter.width - 6 - max((len(name) for name in names), default=0)
        rows = []
        for name in names:
            command = self.commands.get(name)
            if command is not None:
                help_text = command.get_short_help_str(limit)
            else:
                help_text = _lazy_short_help(name, limit)
            rows.append((name, help_text))
        if rows:
            with formatter.section("Commands"):
                formatter.write_dl(rows)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name in LAZY_COMMANDS and cmd_name not in self.commands:
            module, name = LAZY_COMMANDS[cmd_name]
            command = getattr(import_module(module), name)
            assert isinstance(command, click.Command)
            self.add_command(command, cmd_name)
        return super().get_command(ctx, cmd_name)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.ClickException as exc:
            # A usage error may echo the value given (a deck id, a file name): show it as text.
            message = exc.format_message
            exc.format_message = lambda: clean(message())  # type: ignore[method-assign]
            raise
        except BrokenPipeError:
            raise  # `... | head`: click itself exits quietly when the reader has gone
        except OSError as exc:
            echo(f"sammenspil: {_os_error_line(exc)}", err=True)
            ctx.exit(1)
        except Exception as exc:
            lines = _user_error_lines(exc)
            if lines is None:
                raise
            for line in lines:
                echo(line, err=True)
            ctx.exit(1)


@click.group(cls=SammenspilGroup, context_settings=CONTEXT_SETTINGS)
@click.version_option(__version__, "-V", "--version", prog_name="sammenspil")
def main() -> None:
    """Sammenspil: a card game on coherence across the state, the regions and the municipalities.

    Run `sammenspil play` to open the game, or `sammenspil deck --help` for the tools that
    check, create and show deck files.
    """


# --- the game ----------------------------------------------------------------------------------


@main.command()
@click.option(
    "--deck",
    "deck_ref",
    metavar="ID|PATH",
    help="A deck to open the lobby with: the id of a bundled or own deck, or a deck file.",
)
@click.option(
    "--players",
    metavar="NAME:ROLE,...",
    help='Deal at once, skipping the lobby, e.g. "Ann:state,Bo:region,Cy:municipality" '
    "(a name without a role watches).",
)
@click.option(
    "--seed", type=click.IntRange(0, 2**63 - 1), help="The deal's seed (default: random)."
)
@click.option(
    "--saves",
    "saves_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder rounds are saved in (default: the user's data folder).",
)
@click.option(
    "--lang",
    type=click.Choice(["da", "en"]),
    help="The language of the screens (default: the deck's).",
)
@click.pass_context
def play(
    ctx: click.Context,
    deck_ref: str | None,
    players: str | None,
    seed: int | None,
    saves_dir: Path | None,
    lang: str | None,
) -> None:
    """Open the game in this terminal: the lobby, or with --players a round at once.

    q quits from the lobby; in a round ctrl+q asks first. Every move is saved, and the lobby
    offers an unfinished round back.
    """
    selected: Path | None = None
    deck: Deck | None = None
    if deck_ref is None and players is not None:
        deck_ref = "sammenhaeng" if lang == "da" else "coherence"
    if deck_ref is not None:
        from sammenspil.deck.catalog import resolve_deck
        from sammenspil.scoring.known import known_heuristics

        # Check the deck before the screen switches over, so its errors read like `deck check`'s.
        deck, _, selected = resolve_deck(deck_ref, heuristics=known_heuristics())
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        # Without a terminal the app would write screen codes into a file and wait for keys
        # that never come.
        echo("sammenspil play: needs a terminal on stdin and stdout", err=True)
        ctx.exit(2)
    # Start-up allocates a great deal and frees little: collecting it is wasted work before the
    # first frame (a full collection there costs as much as drawing the lobby). The app turns
    # the collector back on once the lobby is drawn (SammenspilApp._started).
    gc.disable()
    try:
        from sammenspil.tui.app import create_app
        from sammenspil.tui.css_cache import default_folder

        seat = None
        if players is not None and deck is not None:
            seat = _deal(deck, players, seed, saves_dir, lang)
        app = create_app(
            selected=selected,
            saves_dir=saves_dir,
            lang=lang or (deck.language if deck is not None else None),
            seed=seed,
            seat=seat,
            css_cache=default_folder(),
        )
        app.run()
    finally:
        gc.enable()  # the app has, after its first frame; not if start-up failed before it
    ctx.exit(app.return_code or 0)


def _deal(
    deck: Deck, players: str, seed: int | None, saves_dir: Path | None, lang: str | None
) -> HotSeat:
    """The round ``play --players`` asks for, dealt; a bad player list is one line, exit 1."""
    import random

    from sammenspil.i18n import t
    from sammenspil.saves import default_saves_dir
    from sammenspil.tui.hotseat import HotSeat, SetupError, parse_players

    try:
        return HotSeat.start(
            deck,
            parse_players(players),
            table_name=t(lang or deck.language, "lobby.default_table"),
            seed=seed if seed is not None else random.randint(1, 999_999),
            saves_dir=saves_dir if saves_dir is not None else default_saves_dir(),
        )
    except SetupError as exc:
        raise UserError(f"sammenspil play --players: {exc}") from None


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):  # replaced or closed
        return False


# --- deck tools ----------------------------------------------------------------------------------


@main.group()
def deck() -> None:
    """Check, create, list and show deck files.

    A deck is one TOML file with the cards a round is played with; docs/decks.md explains
    every field.
    """


def _plural(count: int, noun: str, nouns: str | None = None) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def _deck_paths(paths: Iterable[Path]) -> Iterator[tuple[Path, Finding | None]]:
    """Each path to check; a folder stands for the .toml files in it."""
    from sammenspil.deck.problems import Finding

    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.toml"))
            if not files:
                yield path, Finding(None, None, (), "holds no .toml deck files", source=str(path))
            for file in files:
                yield file, None
        else:
            yield path, None


# A deck broken on every line has 100k findings; the first screenful says what is wrong.
MAX_FINDINGS_SHOWN = 50


def _echo_findings(findings: Sequence[Finding]) -> None:
    from sammenspil.deck.problems import Severity

    for finding in findings[:MAX_FINDINGS_SHOWN]:
        echo(finding.render())
    left = findings[MAX_FINDINGS_SHOWN:]
    if left:
        errors = sum(1 for f in left if f.severity is Severity.ERROR)
        warnings = len(left) - errors
        kinds = ((errors, "more error"), (warnings, "more warning"))
        echo("... and " + " and ".join(_plural(n, w) for n, w in kinds if n))


@deck.command("check")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, readable=False))
@click.option("--strict", is_flag=True, help="Count warnings as errors (for decks you share).")
@click.pass_context
def deck_check(ctx: click.Context, paths: tuple[Path, ...], strict: bool) -> None:
    """Check deck files and report every problem found.

    A PATH that is a folder stands for every .toml file in it. Each problem is one line,
    PATH:LINE:COL: field: message, that editors can jump to (the first 50 per deck, then a
    count of the rest); then one summary line per deck.
    Exit status: 0 all valid, 1 any invalid, 2 a usage error.
    """
    from sammenspil.deck.loader import load_deck, summary
    from sammenspil.deck.problems import DeckError
    from sammenspil.scoring.known import known_heuristics

    invalid = 0
    for path, problem in _deck_paths(paths):
        if problem is not None:
            echo(problem.render())
            echo(f"{path}: invalid: 1 error")
            invalid += 1
            continue
        try:
            loaded, warnings = load_deck(path, strict=strict, heuristics=known_heuristics())
        except DeckError as exc:
            _echo_findings(exc.findings)
            echo(f"{path}: invalid: {_plural(max(1, len(exc.errors)), 'error')}")
            invalid += 1
            continue
        _echo_findings(warnings)
        tail = f", {_plural(len(warnings), 'warning')}" if warnings else ""
        echo(f"{path}: ok: {summary(loaded)}{tail}")
    ctx.exit(1 if invalid else 0)


@deck.command("new")
@click.argument("path", type=click.Path(path_type=Path))
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=None,
    help="Language of the starter cards [default: from a .da.toml/.en.toml name, else da].",
)
def deck_new(path: Path, lang: str | None) -> None:
    """Write a small, commented starter deck to PATH.

    The deck id comes from the file name (kursus.da.toml gets the id 'kursus'). An existing file
    is never overwritten.
    """
    if path.exists() or path.is_symlink():
        raise UserError(f"{path}: already exists; choose another name or move the old file away")
    if path.suffix.lower() != ".toml":
        raise UserError(f"{path}: a deck file name ends in .toml, e.g. {path.stem}.toml")
    named = split_file_name(path.name)[1]
    if lang is not None and named is not None and named != lang:
        # Refused, not warned: the file would say one language and its cards speak another,
        # and the fix (another name, or no --lang) costs nothing before anything is written.
        raise UserError(
            f"{path}: the name says '{named}' but --lang is '{lang}'; "
            f"name it {split_file_name(path.name)[0]}.{lang}.toml or leave out --lang"
        )
    language = lang or named or "da"
    text = starter_deck(path.name, language)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("x", encoding="utf-8", newline="\n") as out:
        out.write(text)
    echo(f"Wrote {path}: a starter deck '{deck_id_for(path.name)}' in '{language}'.")
    from shlex import quote

    echo(f"Edit it, then check it with: sammenspil deck check {quote(str(path))}")
    echo(f"Play it with: sammenspil play --deck {quote(str(path))}")
    _echo_where_lobby_finds(path)


def _echo_where_lobby_finds(path: Path) -> None:
    """Whether the lobby lists the new deck: it reads the user's deck folder, not subfolders."""
    folder = user_deck_dir()
    if path.resolve().parent == folder.resolve():
        echo("It is in your deck folder, so the lobby lists it.")
    else:
        echo(f"The lobby lists the decks in your deck folder; to see it there, move it to {folder}")


@deck.command("schema")
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    help="Write the schema to this file instead of printing it.",
)
@click.option("--force", is_flag=True, help="Replace the file given to -o if it exists.")
def deck_schema_command(output: Path | None, force: bool) -> None:
    """Print the JSON Schema of the deck format.

    Editors that know the schema check a deck file while you type it. Save it with
    `-o deck.schema.json`, then start a deck with the line `#:schema ./deck.schema.json`
    (Taplo, Even Better TOML). See docs/decks.md.
    """
    import json

    from sammenspil.deck.schema import deck_schema

    text = json.dumps(deck_schema(), indent=2, ensure_ascii=False) + "\n"
    if output is None:
        echo(text, nl=False)
        return
    if (output.exists() or output.is_symlink()) and not force:
        raise UserError(f"{output}: already exists; add --force to replace it")
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    echo(f"Wrote {output}")


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _list_row(entry: DeckEntry) -> list[str]:
    if entry.deck is None:
        return [entry.id, "(cannot be loaded)", "-", entry.origin, str(entry.path)]
    d = entry.deck
    return [d.id, _shorten(d.title, 40), d.language, entry.origin, str(entry.path)]


def user_deck_dir() -> Path:
    """The user's own deck folder (the catalog, with the deck loader, imported only here)."""
    from sammenspil.deck.catalog import user_deck_dir as folder

    return folder()


@deck.command("list")
def deck_list() -> None:
    """List the bundled decks and the decks in your own deck folder."""
    from sammenspil.deck.catalog import iter_decks

    entries = list(iter_decks())
    if entries:
        header = ["ID", "TITLE", "LANGUAGE", "ORIGIN", "PATH"]
        lines = columns([header, *(_list_row(e) for e in entries)])
        echo(lines[0])
        first_with: dict[str, DeckEntry] = {}
        for entry, line in zip(entries, lines[1:], strict=True):
            echo(line)
            if entry.error:
                echo(f"    error: {entry.error}")
            elif entry.id in first_with:
                # resolve_deck takes the first deck with an id, in this listing's order
                echo(f"    not used by id: '{entry.id}' means {first_with[entry.id].path}")
            else:
                first_with[entry.id] = entry
    else:
        echo("No decks found.")
    folder = user_deck_dir()
    note = "" if folder.is_dir() else " (not created yet)"
    echo(f"\nYour own decks go in: {folder}{note}")


# --- deck show -----------------------------------------------------------------------------------


class _Printer:
    """Plain text for a terminal: headings styled (click drops the styles when not a tty)."""

    def __init__(self, width: int) -> None:
        self.width = width

    def heading(self, text: str) -> None:
        echo()
        click.echo(styled(text, bold=True, underline=True))

    def line(self, text: str = "") -> None:
        echo(text)

    def styled_line(self, text: str, **style: object) -> None:
        click.echo(styled(text, **style))

    def wrapped(self, text: str, indent: int) -> None:
        if not text:
            return
        pad = " " * indent
        for paragraph in text.splitlines() or [""]:
            echo(
                textwrap.fill(
                    paragraph,
                    width=max(20, self.width),
                    initial_indent=pad,
                    subsequent_indent=pad,
                    break_on_hyphens=False,
                )
                if paragraph.strip()
                else ""
            )

    def card(self, card_id: str, title: str) -> None:
        echo()
        if len(card_id) + len(title) + 4 <= self.width:
            click.echo(f"  {styled(card_id, fg='cyan')}  {styled(title, bold=True)}")
            return
        click.echo("  " + styled(card_id, fg="cyan"))
        for line in textwrap.wrap(title, width=max(20, self.width - 4)):
            click.echo("    " + styled(line, bold=True))


def _terminal_width() -> int:
    from shutil import get_terminal_size

    return min(get_terminal_size((80, 24)).columns, 100)


def _show_deck(deck: Deck, path: Path, out: _Printer) -> None:
    out.styled_line(deck.title, bold=True)
    out.wrapped(f"{deck.id} · {deck.language} · v{deck.version} · {path}", 0)
    out.wrapped(deck.description, 0)

    rules = deck.rules
    out.heading("Rules")
    out.wrapped(
        f"Deal {_plural(rules.problems, 'problem')} to the table, "
        f"{_plural(rules.hand, 'remedy', 'remedies')} to each role and "
        f"{_plural(rules.dilemmas, 'dilemma')}.",
        2,
    )
    out.wrapped(
        f"Change budget {rules.change_budget}, effort budget {rules.effort_budget}; an argument "
        f"counts with at least {_plural(rules.argument_min_words, 'word')}.",
        2,
    )
    scoring = deck.scoring
    weights = ", ".join(f"{name} {value:g}" for name, value in scoring.weights.items())
    out.wrapped(
        f"Scoring: culture target {scoring.culture_target:g}, rbo p {scoring.rbo_p:g}"
        + (f"; weights {weights}." if weights else "; every heuristic weighs 1."),
        2,
    )

    out.heading(f"Roles ({len(deck.roles)})")
    for role in deck.roles:
        out.card(role.id, role.name)
        out.wrapped(role.description, 6)

    out.heading(f"Problems ({len(deck.problems)})")
    for problem in deck.problems:
        out.card(problem.id, problem.title)
        out.wrapped(problem.text, 6)
        tags = f" · tags: {', '.join(problem.tags)}" if problem.tags else ""
        out.wrapped(f"levels: {', '.join(problem.levels)}{tags}", 6)

    out.heading(f"Remedies ({len(deck.remedies)})")
    for remedy in deck.remedies:
        out.card(remedy.id, remedy.title)
        out.wrapped(remedy.text, 6)
        out.wrapped(f"addresses: {', '.join(remedy.addresses)}", 6)
        out.wrapped(f"owners: {', '.join(remedy.owners) or '(none)'}", 6)
        out.wrapped(f"{remedy.kind.value} · {remedy.pace.value} · effort {remedy.effort}", 6)

    out.heading(f"Dilemmas ({len(deck.dilemmas)})")
    for dilemma in deck.dilemmas:
        out.card(dilemma.id, dilemma.question)
        out.wrapped(dilemma.text, 6)
        out.wrapped(f"1 {dilemma.left} <-> {dilemma.right} 5", 6)


@deck.command("show")
@click.argument("ref", metavar="ID|PATH")
def deck_show(ref: str) -> None:
    """Show a deck's cards, readable in a terminal.

    ID is the id of a bundled deck or one of your own (see `sammenspil deck list`); PATH is
    a deck file.
    """
    from sammenspil.deck.catalog import resolve_deck
    from sammenspil.scoring.known import known_heuristics

    loaded, warnings, path = resolve_deck(ref, heuristics=known_heuristics())
    _show_deck(loaded, path, _Printer(_terminal_width()))
    if warnings:
        from shlex import quote

        check = f"sammenspil deck check {quote(str(path))}"
        echo(f"{path}: {_plural(len(warnings), 'warning')}; `{check}` lists them", err=True)
