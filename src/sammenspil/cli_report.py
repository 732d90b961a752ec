"""`sammenspil report`: every table of a workshop side by side, as Markdown or one HTML file.

Each save is replayed and scored again here (``score_table``): a score stored in a save is never
shown. A save that cannot be read is handled by how it was named: one named on the command line
stops the command (the facilitator asked for that table; a report without it would mislead),
while one found in a folder is left out with a warning and named in the report itself (a
workshop folder may hold an unrelated broken file, and the room is waiting for the report).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path

import click

from sammenspil.cli_output import UserError, clean, echo
from sammenspil.cli_rounds import _check_target, _load, _saves, resolve_save, saves_option
from sammenspil.game.state import Table
from sammenspil.saves import SaveError
from sammenspil.scoring.report import score_table
from sammenspil.scoring.workshop import PlayedRound, build_workshop, share_decks
from sammenspil.scoring.workshop_render import render_workshop_html, render_workshop_markdown

_SUFFIXES = {".md": "md", ".markdown": "md", ".html": "html", ".htm": "html"}


def parse_since(value: str) -> datetime:
    """A day (YYYY-MM-DD: from its start, UTC) or an ISO time (without an offset: UTC)."""
    text = value.strip()
    try:
        if len(text) == 10:
            return datetime.combine(date.fromisoformat(text), time(), tzinfo=UTC)
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise UserError(
            f"--since: {value!r} is not a date; give YYYY-MM-DD or an ISO time such as "
            "2026-11-29T09:00"
        ) from None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _format_for(output: Path | None, fmt: str | None) -> str:
    if output is None or not output.suffix:
        return fmt or "md"
    ending = output.suffix.lower()
    named = _SUFFIXES.get(ending)
    if named is None:
        raise UserError(f"{output}: the ending {ending} is not a report format; use .md or .html")
    if fmt is not None and fmt != named:
        raise UserError(f"{output}: the ending {ending} means {named}, not {fmt}")
    return named


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(UTC) if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _gather(
    paths: Sequence[Path], *, strict: bool, since: datetime | None
) -> tuple[list[PlayedRound], list[str]]:
    """The rounds read from ``paths``, each scored again, and one line per save left out."""
    loaded: list[tuple[Table, str]] = []
    left_out: list[str] = []
    for path in paths:
        try:
            round_ = _load(path)
        except SaveError as exc:
            if strict:
                raise
            echo(f"warning: {exc}; left out of the report", err=True)
            left_out.append(str(exc))
            continue
        if since is not None and _utc(round_.save.meta.updated) < since:
            continue
        loaded.append((round_.table, path.name))
    tables = share_decks([table for table, _ in loaded])
    rounds = [
        PlayedRound(table, score_table(table), source)
        for table, (_, source) in zip(tables, loaded, strict=True)
    ]
    return rounds, left_out


@click.command()
@click.argument("save_files", nargs=-1, type=click.Path(path_type=Path, readable=False))
@saves_option
@click.option(
    "--since",
    metavar="DATE",
    help="Only rounds updated on or after this day (YYYY-MM-DD, UTC) or time (ISO 8601).",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["md", "html"]),
    help="md or html [default: from the -o file's ending, else md].",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path, dir_okay=False, readable=False),
    help="Write to this file instead of printing.",
)
@click.option("--force", is_flag=True, help="Replace the file given to -o if it exists.")
def report(
    save_files: tuple[Path, ...],
    saves_dir: Path | None,
    since: str | None,
    fmt: str | None,
    output: Path | None,
    force: bool,
) -> None:
    """Every table of a workshop side by side: scores, joint rankings, what is on top and what
    nobody covered, the remedies most played, the dilemmas, the strongest arguments.

    SAVE_FILES are save files (or names that `sammenspil saves` lists); without them, every save
    in the saves folder. Scores are recomputed from each round's events; unfinished rounds are
    included and marked provisional. Tables played with different decks are reported per deck.
    With -o the format follows the file's ending (.md, .html); an existing file is replaced only
    with --force, and never when it is one of the saves.
    """
    if save_files and saves_dir is not None:
        raise UserError("give save files or --saves DIR, not both")
    since_at = parse_since(since) if since is not None else None
    fmt = _format_for(output, fmt)
    if save_files:
        paths = list(dict.fromkeys(resolve_save(p) for p in save_files))
        where = "the files given"
    else:
        folder = _saves(saves_dir)
        if not folder.is_dir():
            raise UserError(f"{folder}: no such folder of saves")
        paths = sorted(folder.glob("*.toml"))
        where = str(folder)
        if not paths:
            raise UserError(f"{folder}: no saves (*.toml files) to report")
    if output is not None:
        for path in paths:
            _check_target(output, path, force)
    rounds, left_out = _gather(paths, strict=bool(save_files), since=since_at)
    if not rounds:
        when = f" updated since {since}" if since is not None else ""
        raise UserError(f"{where}: no rounds{when} to report")
    model = build_workshop(rounds, left_out=left_out)
    text = render_workshop_html(model) if fmt == "html" else render_workshop_markdown(model)
    text = clean(text)  # the last guard, as for `export`
    if output is None:
        echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    with output.open("w" if force else "x", encoding="utf-8") as out:
        out.write(text)
    tables = f"{model.tables} table{'' if model.tables == 1 else 's'}"
    echo(f"wrote {output} ({fmt}): {tables}")  # the command line speaks English, as `export`
