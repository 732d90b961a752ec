"""`sammenspil review`: the saved rounds in a terminal, to open, replay and compare.

Registered by ``cli.main``. A SAVE named on the command line is read before the screen switches
over, so a broken one is one line on stderr like `sammenspil score`'s, not a notice in an app;
without a terminal the command refuses in one line, as `play` does. Textual is imported only
once the app is about to run.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from sammenspil.cli_output import echo
from sammenspil.cli_rounds import resolve_save, saves_option
from sammenspil.i18n import LANGUAGES
from sammenspil.saves import default_saves_dir, load_round

__all__ = ["review"]


@click.command()
@click.argument("save", required=False, type=click.Path(path_type=Path, readable=False))
@saves_option
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    help="The screens' language [default: the SAVE's deck language, else English].",
)
@click.pass_context
def review(ctx: click.Context, save: Path | None, saves_dir: Path | None, lang: str | None) -> None:
    """Review saved rounds: open one, replay its events step by step, compare two (F1: help).

    SAVE opens that round at once (a save file, or a name `sammenspil saves` lists); the list
    behind it shows the rounds in --saves, else in SAVE's folder, else the default saves folder.
    """
    if save is not None:
        save = resolve_save(save)
        table = load_round(save).table  # a broken save: one line, from the group
        lang = lang or table.deck.language
    folder = saves_dir or (save.parent if save is not None else default_saves_dir())
    if not (_is_terminal(sys.stdin) and _is_terminal(sys.stdout)):
        echo("sammenspil review: needs a terminal on stdin and stdout", err=True)
        ctx.exit(2)
    from sammenspil.tui.review_app import create_review_app

    app = create_review_app(folder, lang=lang or "en", open_save=save)
    app.run()
    ctx.exit(app.return_code or 0)


def _is_terminal(stream: Any) -> bool:
    """As `play` checks: a replaced or closed stream is no terminal."""
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
