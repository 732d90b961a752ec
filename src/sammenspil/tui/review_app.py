"""The review app: saved rounds listed, opened, replayed and compared, over a saves folder.

``SavesReview`` is the ``ReviewService`` the review screens are handed: it lists a folder with
``saves.list_saves`` (a sealed save's score as it was computed and written, any edited one
replayed and scored again: never a number typed into a file), loads a round with ``load_round``
(read-only: a round being played elsewhere is never written to) and folds a replay's tables once,
when it is opened, so stepping through a thousand events costs a list lookup per key.
``create_review_app`` builds the app for ``sammenspil review``; the game's app opens the same
screens by handing them a ``SavesReview`` of its own saves folder.
"""

from __future__ import annotations

import contextlib
import threading
from collections import OrderedDict
from collections.abc import Sequence
from datetime import UTC
from pathlib import Path, PurePath
from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from sammenspil.game.describe import describe
from sammenspil.game.events import Event
from sammenspil.game.rules import apply, new_table
from sammenspil.game.state import Table
from sammenspil.game.text import printable
from sammenspil.i18n import t
from sammenspil.saves import Round, SaveError, journal_path, list_saves, load_round
from sammenspil.scoring.compare import Comparison, compare
from sammenspil.scoring.debrief import Debrief, build_debrief
from sammenspil.scoring.report import score_table
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.review_service import ReviewError, RoundRow
from sammenspil.tui.screens.help import help_for
from sammenspil.tui.screens.review import ReviewScreen

__all__ = ["FoldedReplay", "ReviewApp", "SavesReview", "create_review_app"]

LOADED_KEPT = 8  # rounds kept loaded, so opening, replaying and comparing one reads it once


class FoldedReplay:
    """A round's events with every intermediate table, folded once through the engine."""

    def __init__(self, title: str, start: Table, events: Sequence[Event], lang: str) -> None:
        self._title = title
        tables = [start]
        for event in events:
            tables.append(apply(tables[-1], event))
        self._tables = tables
        # Placements keep their id, role, remedy and problem once made, so the last table
        # names every placement an event refers to, withdrawn or not.
        last = tables[-1]
        begun = t(
            lang,
            "review.replay.start",
            table=printable(start.name),
            deck=printable(start.deck.title),
            seed=start.seed,
        )
        self._sentences = [begun, *(describe(event, last, lang) for event in events)]

    @property
    def title(self) -> str:
        return self._title

    @property
    def count(self) -> int:
        return len(self._tables) - 1

    def sentence(self, step: int) -> str:
        return self._sentences[step]

    def table(self, step: int) -> Table:
        return self._tables[step]


class SavesReview:
    """The rounds in one saves folder, read and never written."""

    def __init__(self, folder: Path, *, lang: str = "en") -> None:
        self.folder = Path(folder)
        self.lang = lang
        self._loaded: OrderedDict[str, tuple[int, Round]] = OrderedDict()
        self._lock = threading.Lock()  # screens call from worker threads

    @property
    def where(self) -> str:
        return printable(str(self.folder))

    def rounds(self) -> list[RoundRow]:
        try:
            listed = list_saves(self.folder, scorer=score_table)
        except OSError as exc:
            raise ReviewError(printable(f"{self.folder}: {exc.strerror or exc}")) from None
        rows = []
        for s in listed:
            if s.meta is None:
                rows.append(RoundRow(key=str(s.path), file=s.path.name, error=s.error or "?"))
                continue
            updated = s.meta.updated
            rows.append(
                RoundRow(
                    key=str(s.path),
                    file=s.path.name,
                    updated=updated.astimezone(UTC) if updated.tzinfo else updated,
                    table=s.meta.table,
                    deck=s.deck_id,
                    phase=s.meta.phase,
                    total=s.total,
                    total_differs=s.total_differs,
                )
            )
        return rows

    def load(self, key: str) -> Round:
        """The round saved at ``key`` (a path), loaded again only when its files changed."""
        path = Path(key)
        stamp = _stamp(path)
        with self._lock:
            kept = self._loaded.get(key)
            if kept is not None and kept[0] == stamp:
                self._loaded.move_to_end(key)
                return kept[1]
        try:
            round_ = load_round(path, tidy=False)
        except SaveError as exc:
            raise ReviewError(str(exc)) from None
        except OSError as exc:
            raise ReviewError(printable(f"{path}: {exc.strerror or exc}")) from None
        with self._lock:
            self._loaded[key] = (stamp, round_)
            while len(self._loaded) > LOADED_KEPT:
                self._loaded.popitem(last=False)
        return round_

    def debrief(self, key: str) -> Debrief:
        table = self.load(key).table
        return build_debrief(table, score_table(table))

    def replay(self, key: str) -> FoldedReplay:
        round_ = self.load(key)
        save = round_.save
        start = new_table(
            save.deck,
            table_id=save.meta.id,
            name=save.meta.table,
            seed=save.meta.seed,
            **save.meta.settings.model_dump(),
        )
        return FoldedReplay(printable(save.meta.table), start, round_.events, self.lang)

    def compare(self, key_a: str, key_b: str) -> Comparison:
        a, b = self.load(key_a).table, self.load(key_b).table
        return compare(a, b, score_table(a), score_table(b))


def _stamp(path: Path) -> int:
    """When the save or its journal last changed; 0 when neither can be read."""
    stamp = 0
    for file in (path, journal_path(path)):
        with contextlib.suppress(OSError):
            stamp = max(stamp, file.stat().st_mtime_ns)
    return stamp


class ReviewApp(App[None]):
    """Saved rounds: the list, one round, its replay, two side by side; F1 helps anywhere."""

    # Textual loads a screen's CSS_PATH when the screen is pushed, not for the default screen,
    # so the list's own stylesheet is named here too (a stylesheet is read once either way).
    CSS_PATH: ClassVar[list[str | PurePath]] = ["app.tcss", "screens/review_list.tcss"]
    TITLE = "Sammenspil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "review.key.quit"),
        Binding("ctrl+q", "app.quit", "review.key.quit", priority=True, show=False),
        Binding("f1", "help", "review.key.help"),
    ]

    def __init__(self, service: SavesReview, *, lang: str = "en", open_key: str | None = None):
        super().__init__()
        self.service = service
        self.lang = lang
        self.open_key = open_key
        translate_bindings(self, lang)

    def get_default_screen(self) -> Screen[None]:
        return ReviewScreen(self.service, lang=self.lang, open_key=self.open_key)

    def action_help(self) -> None:
        help_screen = help_for(self.screen, self.lang)
        if help_screen is not None:
            self.push_screen(help_screen)


def create_review_app(
    folder: Path, *, lang: str = "en", open_save: Path | None = None
) -> ReviewApp:
    """The review of the rounds in ``folder``; ``open_save`` opens one of them at once."""
    service = SavesReview(folder, lang=lang)
    return ReviewApp(service, lang=lang, open_key=str(open_save) if open_save is not None else None)
