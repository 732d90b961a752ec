"""Commands about rounds: the scripted demo, listing and resuming saves, scores, debriefs.

They are plain click commands that ``cli.main`` registers; errors a user can cause (a broken save,
a missing deck) are raised as SaveError or DeckError and turned into one line by the group.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import textwrap
from datetime import UTC, datetime
from pathlib import Path

import click

from sammenspil.cli_output import UserError, clean, clean_json, columns, echo
from sammenspil.game.refusals import phase_name
from sammenspil.game.state import Phase, Table
from sammenspil.i18n import t
from sammenspil.saves import (
    Round,
    SaveError,
    SaveSummary,
    Scorer,
    default_saves_dir,
    list_saves,
    load_round,
)
from sammenspil.scoring.report import ScoreReport, score_table

# The deck catalogue, the demo players, the comparison and the exporters are imported by the
# command that uses them: `score` and `saves` should not pay for the debrief's renderers.

MAX_SEED = 2**63 - 1  # TOML's largest integer

saves_option = click.option(
    "--saves",
    "saves_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder of save files (default: ./saves in the project folder, else your data "
    "folder).",
)


def scorer(table: Table) -> ScoreReport:
    """What a save stores once its round is scored."""
    return score_table(table)


def _saves(saves_dir: Path | None) -> Path:
    return saves_dir if saves_dir is not None else default_saves_dir()


def _width() -> int:
    return min(shutil.get_terminal_size((100, 30)).columns, 120)


# --- demo ----------------------------------------------------------------------------------------


@click.command()
@click.option(
    "--deck",
    "deck_ref",
    default="sammenhaeng",
    metavar="ID|PATH",
    show_default=True,
    help="The deck to play.",
)
@click.option("--seed", type=click.IntRange(0, MAX_SEED), help="The deal's seed (default: random).")
@saves_option
@click.option(
    "--players",
    type=click.IntRange(1, 12),
    default=3,
    show_default=True,
    help="Scripted players, seated round the deck's roles.",
)
@click.option("--table", "table_name", default="Demo", show_default=True, help="The table's name.")
@click.option(
    "--rounds",
    type=click.IntRange(1, 1000),
    default=1,
    show_default=True,
    help="Play this many rounds one after another (seeds count up from --seed).",
)
def demo(
    deck_ref: str,
    seed: int | None,
    saves_dir: Path | None,
    players: int,
    table_name: str,
    rounds: int,
) -> None:
    """Play a whole round with scripted players, save it and print its score.

    No terminal is needed: every move goes through the same rules and the same save files as a
    real round, which makes this the quickest way to see what a save and a score look like.
    """
    first_seed = seed if seed is not None else int.from_bytes(os.urandom(4), "big")
    if first_seed + rounds - 1 > MAX_SEED:
        # A save stores its seed as a TOML integer, which other TOML tools read as 64 bits.
        raise UserError(
            f"--seed: {rounds} rounds from seed {first_seed} pass {MAX_SEED}, the largest seed "
            "a save can hold; choose a smaller --seed"
        )
    from sammenspil.deck.catalog import resolve_deck
    from sammenspil.game.demo import play_round
    from sammenspil.scoring.known import known_heuristics

    deck, _, _ = resolve_deck(deck_ref, heuristics=known_heuristics())
    folder = _saves(saves_dir)
    for i in range(rounds):
        this_seed = first_seed + i
        name = table_name if rounds == 1 else f"{table_name} {i + 1}"
        round_ = Round.create(
            deck, table_name=name, seed=this_seed, saves_dir=folder, scorer=scorer
        )
        table = play_round(round_.table, round_.submit, players=players)
        total = score_table(table).total
        echo(f"{round_.path}")
        shown = "n/a" if total is None else f"{total:.1f}"
        echo(f"  seed {this_seed}, {len(round_.save.events)} events, score {shown}")


# --- saves ---------------------------------------------------------------------------------------


def _score_cell(s: SaveSummary) -> tuple[str, bool]:
    """The recomputed score as listed, and whether the stored one disagrees with it."""
    if s.meta is not None and s.meta.phase is not Phase.SCORED:
        stored = s.stored_total
        return ("" if stored is None else f"{stored:.1f}?"), stored is not None
    if s.total is None:
        return "", False
    if s.total_differs and s.stored_total is not None:
        return f"{s.total:.1f} (stored {s.stored_total:.1f}!)", True
    return f"{s.total:.1f}", s.total_differs


def _utc(moment: datetime) -> datetime:
    """Saves write UTC; a hand-edited time without an offset is taken as UTC too."""
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment


@click.command(name="saves")
@saves_option
def saves_cmd(saves_dir: Path | None) -> None:
    """List the saved rounds, newest first, with their scores.

    A save exactly as Sammenspil wrote it is listed from its header and stored score, so long
    rounds list as fast as short ones; an edited save is replayed and its score recomputed from
    its events, and `!` marks a stored score that differs. `sammenspil score FILE` always
    recomputes.
    """
    folder = _saves(saves_dir)
    entries = list_saves(folder, scorer=scorer)
    if not entries:
        missing = "" if folder.is_dir() else " (there is no such folder)"
        echo(f"No saved rounds in {folder}{missing}")
        return
    rows = [["updated (UTC)", "table", "deck", "phase", "players", "score", "file"]]
    disagree = False
    for s in entries:
        if s.meta is None:
            rows.append(["?", "?", "?", "broken", "", "", f"{s.path.name}: {s.error}"])
            continue
        total, differs = _score_cell(s)
        disagree = disagree or differs
        rows.append(
            [
                f"{_utc(s.meta.updated):%Y-%m-%d %H:%M}",
                s.meta.table,
                s.deck_id,
                s.meta.phase.value,
                str(s.players),
                total,
                s.path.name,
            ]
        )
    for line in columns(rows):
        echo(line)
    if disagree:
        echo(
            "\n!: the score stored in the save differs from what its events score to; "
            "`sammenspil score FILE` shows where"
        )
    echo(f"\n{len(entries)} {'round' if len(entries) == 1 else 'rounds'} in {folder}")


def _next_step(table: Table) -> str:
    from sammenspil.game.describe import next_step
    from sammenspil.game.rules import next_phase

    return next_step(table, next_phase(table))


@click.command()
@click.argument("save", type=click.Path(path_type=Path, readable=False))
def resume(save: Path) -> None:
    """Say where a saved round stands and what comes next.

    SAVE is a save file, or a file name that `sammenspil saves` lists. This reports the phase,
    the players, and what the table does next; to play on, open it from the list of
    unfinished rounds in the lobby of `sammenspil play`.
    """
    round_ = _load(save, scorer=scorer)
    table = round_.table
    lang = table.deck.language
    phase = phase_name(lang, table.phase)
    echo(
        t(
            lang,
            "cli.resume.head",
            table=table.name,
            deck=table.deck.id,
            seed=table.seed,
            phase=phase,
        )
    )
    echo(
        t(
            lang,
            "cli.resume.players",
            players=", ".join(_who(table)) or t(lang, "cli.resume.nobody"),
        )
    )
    placements, events = len(table.live_placements()), len(round_.save.events)
    echo(t(lang, "cli.resume.counts", placements=placements, events=events))
    echo(t(lang, "cli.resume.next", step=_next_step(table)))


def _who(table: Table) -> list[str]:
    lang = table.deck.language
    out = []
    for p in table.players.values():
        role = table.role_name(p.role) if p.role else t(lang, "cli.who.no_role")
        out.append(f"{p.name} ({t(lang, 'cli.who.spectator') if p.spectator else role})")
    return out


# --- score, compare, export ----------------------------------------------------------------------


def render_report(table: Table, report: ScoreReport, width: int) -> str:
    """The score as an aligned table; each reason wraps in its column rather than being cut."""
    lang = report.language
    head = tuple(t(lang, f"cli.report.{k}") for k in ("heuristic", "weight", "score", "reason"))
    name_w = max(len(head[0]), *(len(h.title) for h in report.heuristics))
    indent = name_w + 2 + 6 + 2 + 6 + 2
    room = max(24, width - indent)
    lines = [f"{head[0]:<{name_w}}  {head[1]:>6}  {head[2]:>6}  {head[3]}"]
    for h in report.heuristics:
        score = t(lang, "na") if h.score is None else f"{h.score:.1f}"
        reason = textwrap.wrap(h.lines[0] if h.lines else "", room) or [""]
        lines.append(f"{h.title:<{name_w}}  {h.weight:>6g}  {score:>6}  {reason[0]}")
        lines.extend(" " * indent + more for more in reason[1:])
    total = t(lang, "na") if report.total is None else f"{report.total:.1f}"
    lines.append(f"{t(lang, 'cli.report.total')}: {total}")
    if table.phase is not Phase.SCORED:
        lines.append(t(lang, "cli.report.provisional", phase=phase_name(lang, table.phase)))
    return "\n".join(lines)


@click.command()
@click.argument("save", type=click.Path(path_type=Path, readable=False))
@click.option("--json", "as_json", is_flag=True, help="Print the full report as JSON.")
@click.option("-v", "--verbose", is_flag=True, help="Every explanation line and suggestion.")
@click.option(
    "--check",
    is_flag=True,
    help="Exit with status 3 when the score stored in the save differs from the recomputation.",
)
@click.pass_context
def score(ctx: click.Context, save: Path, as_json: bool, verbose: bool, check: bool) -> None:
    """Recompute a round's score from its events and the deck it was played with."""
    round_ = _load(save)
    save = round_.path
    report = score_table(round_.table)
    stored = round_.save.result
    outdated = stored is not None and not stored.current
    diffs = stored.same_scores(report) if stored is not None and not outdated else []
    if as_json:
        data = report.model_dump(mode="json")
        data["matches_stored"] = None if stored is None else not diffs
        echo(clean_json(json.dumps(data, ensure_ascii=False, indent=2)))
    else:
        echo(render_report(round_.table, report, _width()))
        if verbose:
            for h in report.heuristics:
                echo(f"\n{h.title} ({h.name})")
                for line in h.lines:
                    echo(f"  - {line}")
                if h.suggestion:
                    echo(f"  -> {h.suggestion}")
        echo(f"(scoring rules version {report.scoring})")
    if outdated and stored is not None:
        echo(
            f"{save}: the stored score used scoring rules version {stored.scoring}; "
            f"recomputed with version {report.scoring}",
            err=True,
        )
    if diffs:
        echo(
            f"{save}: the stored score differs from the recomputation: {'; '.join(diffs)}",
            err=True,
        )
        if check:
            ctx.exit(SCORE_DIFFERS)


SCORE_DIFFERS = 3  # not 1: a broken save is 1, and a script may tell the two apart


@click.command()
@click.argument("save_a", type=click.Path(path_type=Path, readable=False))
@click.argument("save_b", type=click.Path(path_type=Path, readable=False))
def compare(save_a: Path, save_b: Path) -> None:
    """Two rounds side by side: totals, each heuristic, the joint rankings, agreement."""
    from sammenspil.scoring.compare import compare as compare_rounds
    from sammenspil.scoring.compare import render_comparison_text

    a, b = _load(save_a), _load(save_b)
    cmp = compare_rounds(a.table, b.table, score_table(a.table), score_table(b.table))
    for label, round_ in (("A", a), ("B", b)):
        echo(f"{label}: {round_.path} (seed {round_.table.seed})")
    echo(render_comparison_text(cmp, _width()))


_FORMATS = ("csv", "html", "json", "md")


_SUFFIXES = {
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".csv": "csv",
    ".json": "json",
}


@click.command()
@click.argument("save", type=click.Path(path_type=Path, readable=False))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(_FORMATS),
    help="md and html for the debrief, csv for spreadsheets [default: from the -o file's "
    "ending, else md].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    help="Write to this file instead of printing.",
)
@click.option(
    "--raw",
    is_flag=True,
    help="CSV only: keep cells exactly as written. By default a cell that starts with = + - @ "
    "gets an apostrophe, so a spreadsheet shows a player's text instead of running it.",
)
@click.option("--force", is_flag=True, help="Replace the file given to -o if it exists.")
def export(save: Path, fmt: str | None, output: Path | None, raw: bool, force: bool) -> None:
    """The debrief of a round: rankings, placements with arguments, positions and the score.

    With -o the format follows the file's ending (.md, .html, .csv, .json); an existing file is
    replaced only with --force, and never when it is the save itself.
    """
    save = resolve_save(save)
    if output is not None:
        _check_target(output, save, force)
        fmt = _format_for(output, fmt)
    fmt = fmt or "md"
    if raw and fmt != "csv":
        raise UserError(f"--raw keeps CSV cells as written; it means nothing for {fmt}")
    from sammenspil.scoring import export as exporters

    round_ = _load(save)
    report = score_table(round_.table)
    if fmt == "csv":
        text = exporters.export_csv(round_.table, report, spreadsheet_safe=not raw)
    else:
        render = {
            "md": exporters.export_markdown,
            "html": exporters.export_html,
            "json": exporters.export_json,
        }[fmt]
        text = render(round_.table, report)
    # A file gets the same guard as the terminal: `cat debrief.md` must not run a save's text.
    text = clean_json(text) if fmt == "json" else clean(text)
    if output is None:
        echo(text, nl=not text.endswith("\n"))
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    mode = "w" if force else "x"  # "x": a file that appeared since the check is not replaced
    with output.open(mode, encoding="utf-8", newline="" if fmt == "csv" else None) as out:
        out.write(text)
    echo(f"wrote {output} ({fmt})")


def _format_for(output: Path, fmt: str | None) -> str | None:
    """The format the -o file's ending names; an ending that names another is refused."""
    ending = output.suffix.lower()
    if not ending:
        return fmt
    named = _SUFFIXES.get(ending)
    if named is None:
        raise UserError(
            f"{output}: the ending {ending} is not an export format; use .md, .html, .csv or .json"
        )
    if fmt is not None and fmt != named:
        raise UserError(f"{output}: the ending {ending} means {named}, not {fmt}")
    return named


def _check_target(output: Path, save: Path, force: bool) -> None:
    """Refuse to write over the save (a hard link or a symlink to it too) or, without --force,
    over any file."""
    try:
        there = os.stat(output)
    except FileNotFoundError:
        if output.is_symlink():  # a dangling link: writing would create its target
            raise UserError(f"{output}: is a link to a missing file; choose another name") from None
        return
    except OSError:
        return  # the write itself will say what is wrong, in one line
    try:
        it = os.stat(save)
    except OSError:
        it = None
    if it is not None and (there.st_dev, there.st_ino) == (it.st_dev, it.st_ino):
        raise SaveError(f"{output}: that is the save itself; choose another file for -o")
    if not force:
        raise UserError(f"{output}: already exists; add --force to replace it")


def _load(path: Path, scorer: Scorer | None = None) -> Round:
    """Load a save for a command, telling the user what was set aside while reading it."""
    path = resolve_save(path)
    _refuse_non_file(path)
    round_ = load_round(path, scorer=scorer)
    for warning in round_.warnings:
        echo(f"warning: {warning}", err=True)
    return round_


def _refuse_non_file(path: Path) -> None:
    """A device or a pipe named as a save is one line, not a read that never ends.

    The save reader checks the size it is told, which is 0 for ``/dev/zero``; until it reads
    with ``files.read_limited`` itself, the command line looks first.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # missing or unreadable: the reader says so in its own words
    if not stat.S_ISREG(mode) and not stat.S_ISDIR(mode):
        kind = "a pipe" if stat.S_ISFIFO(mode) else "a device or a socket"
        raise SaveError(f"{path}: is {kind}, not a save file")


def resolve_save(path: Path) -> Path:
    """A save by path, or by bare file name in the saves folder, as `sammenspil saves` lists it."""
    if path.exists() or path.parent != Path("."):
        return path
    candidate = default_saves_dir() / path.name
    return candidate if candidate.exists() else path


COMMANDS = [demo, saves_cmd, resume, score, compare, export]

__all__ = ["COMMANDS", "SaveError", "scorer"]
