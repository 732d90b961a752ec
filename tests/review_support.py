"""Saved rounds for the review's tests: real rounds played through the host, then copied with
fixed times, ids and table names, so lists and snapshots do not change from run to run."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.content import Content
from textual.screen import Screen
from textual.widgets import OptionList, Static

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.saves import read_save, save_filename
from tui_support import PlayedTable, table_at

WHEN = datetime(2026, 5, 4, 9, 30, tzinfo=UTC)
HOSTILE = "[bold red]LOUD[/] [/] [link=https://evil.example]click[/link] \\x1b[31m we must act now"


def fixed_copy(played: PlayedTable, where: Path, folder: Path, *, n: int, name: str) -> Path:
    """The round played in ``where`` (table_at's tmp_path), closed, copied into ``folder`` with
    times, id and name fixed. Round ``n`` is written ``n`` hours after WHEN, so the review lists
    higher ``n`` first."""
    played.host.close()
    (source,) = (where / "saves").glob("*.toml")
    save, _ = read_save(source)
    at = WHEN + timedelta(hours=n)
    meta = save.meta.model_copy(
        update={"id": f"round{n:04d}", "table": name, "created": at, "updated": at}
    )
    events = [e.model_copy(update={"at": at}) for e in save.events]
    save = save.model_copy(update={"meta": meta, "events": events})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / save_filename(meta)
    path.write_text(save.to_toml(), encoding="utf-8")
    return path


def review_folder(tmp: Path, lang: str = "en") -> tuple[Path, Path, Path]:
    """A folder with a finished round (n=1) and an unfinished one (n=2, in respond)."""
    folder = tmp / f"review-{lang}"
    a, b = tmp / f"a-{lang}", tmp / f"b-{lang}"
    finished = fixed_copy(table_at(a, Phase.SCORED, lang), a, folder, n=1, name="Morning table")
    unfinished = fixed_copy(
        table_at(b, Phase.RESPOND, lang, seed=11), b, folder, n=2, name="Afternoon table"
    )
    return folder, finished, unfinished


def hostile_round(tmp: Path, folder: Path) -> Path:
    """A finished round whose revised ranking and one placement argue in markup and escapes."""
    where = tmp / "hostile"
    t = table_at(where, Phase.REVEAL)
    order = list(reversed(t.table.problems))
    t.do("Ann", c.ReviseRanking(player="Ann", order=order, argument=HOSTILE))
    t.do("Ann", c.Advance(player="Ann"))
    card = t.table.hands["state"][0]
    t.do("Ann", c.PlaceRemedy(player="Ann", remedy=card, problem=order[0], argument=HOSTILE))
    t.do("Ann", c.Advance(player="Ann"))
    t.do("Ann", c.Advance(player="Ann"))
    return fixed_copy(t, where, folder, n=3, name="[red]Table[/] [/]")


def shown(screen: Screen[object]) -> str:
    """The text of every Static and OptionList on a screen, as a terminal would show it."""
    out = io.StringIO()
    console = Console(width=200, file=out, color_system=None, legacy_windows=False)
    for static in screen.query(Static):
        visual = static.visual  # what the widget draws: a str is parsed unless markup=False
        console.print(Text(visual.plain) if isinstance(visual, Content) else static.content)
    for options in screen.query(OptionList):
        for i in range(options.option_count):
            console.print(options.get_option_at_index(i).prompt)
    return out.getvalue()
