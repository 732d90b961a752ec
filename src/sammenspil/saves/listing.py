"""Listing the rounds in a folder, each replayed, with its score recomputed, not trusted."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sammenspil.game.state import Phase
from sammenspil.saves.errors import SaveError
from sammenspil.saves.model import Meta
from sammenspil.saves.names import journal_path
from sammenspil.saves.reading import load_round
from sammenspil.saves.round import Scorer


@dataclass(frozen=True)
class SaveSummary:
    """One round as a listing shows it.

    ``total`` is the score recomputed from the events when a scorer was given (else the stored
    one); ``stored_total`` is what the file claims, and ``total_differs`` says whether the stored
    score disagrees with the recomputation, so a hand-edited score can be marked.
    """

    path: Path
    meta: Meta | None
    deck_id: str
    players: int
    total: float | None
    error: str | None = None
    stored_total: float | None = None
    total_differs: bool = False


def list_saves(folder: Path, *, scorer: Scorer | None = None) -> list[SaveSummary]:
    """Every round in a folder, newest first; broken files are listed with their error.

    Each save is replayed (journal included), so a file whose events do not replay is listed as
    broken, and the phase shown is the replayed table's rather than what ``[meta]`` claims.
    """
    if not folder.is_dir():
        return []
    oldest = datetime.min.replace(tzinfo=UTC)
    keyed: list[tuple[datetime, int, SaveSummary]] = []
    for path in sorted(folder.glob("*.toml")):
        mtime = max(_mtime(path), _mtime(journal_path(path)))
        try:
            round_ = load_round(path, tidy=False)
        except SaveError as exc:
            keyed.append((oldest, mtime, SaveSummary(path, None, "?", 0, None, str(exc))))
            continue
        save, table = round_.save, round_.table
        meta = save.meta.model_copy(update={"phase": table.phase})
        players = sum(1 for p in table.players.values() if not p.spectator)
        stored = save.result
        total = stored.total if stored else None
        differs = False
        if scorer is not None and table.phase is Phase.SCORED:
            report = scorer(table)
            total = report.total
            # A score made under older rules is recomputed, not a disagreement.
            differs = stored is not None and stored.current and bool(stored.same_scores(report))
        summary = SaveSummary(
            path,
            meta,
            save.deck.id,
            players,
            total,
            stored_total=stored.total if stored else None,
            total_differs=differs,
        )
        keyed.append((meta.updated, mtime, summary))
    # meta.updated has whole seconds; the file's time orders rounds written within one second.
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [summary for _, _, summary in keyed]


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
