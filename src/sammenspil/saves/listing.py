"""Listing the rounds in a folder: from a sealed save's header when the file is as Sammenspil
wrote it, else replayed with its score recomputed, not trusted.

A listing reads every save in a folder; replaying each cost time in proportion to its events
(a second for four long rounds). A save whose seal holds (``seal``) is byte for byte what
Sammenspil wrote, and what it wrote in ``[meta]``, ``[[players]]`` and ``[result]`` was computed
from the replayed table, so the listing reads those and skips the events: one hash over the file
and a parse of its head and its result, whatever the number of events. Every other save (edited
by hand, written before the seal, with journal events the file does not hold yet, a score made
under other scoring rules, or anything unexpected) is replayed exactly as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sammenspil.deck import toml_text
from sammenspil.files import UnreadableFile, read_limited
from sammenspil.game.state import Phase
from sammenspil.saves.errors import SaveError
from sammenspil.saves.journal import last_seq
from sammenspil.saves.limits import MAX_SAVE_BYTES
from sammenspil.saves.model import FORMAT, Meta
from sammenspil.saves.names import journal_path
from sammenspil.saves.reading import load_round
from sammenspil.saves.round import Scorer
from sammenspil.saves.seal import sealed_body
from sammenspil.scoring.report import ScoreReport


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

    A sealed save is read from its header (see the module's docstring); any other is replayed
    (journal included), so a file whose events do not replay is listed as broken, and the phase
    shown is the replayed table's rather than what ``[meta]`` claims.
    """
    if not folder.is_dir():
        return []
    oldest = datetime.min.replace(tzinfo=UTC)
    keyed: list[tuple[datetime, int, SaveSummary]] = []
    for path in sorted(folder.glob("*.toml")):
        mtime = max(_mtime(path), _mtime(journal_path(path)))
        quick = _from_seal(path, scorer)
        if quick is not None:
            assert quick.meta is not None
            keyed.append((quick.meta.updated, mtime, quick))
            continue
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


def _from_seal(path: Path, scorer: Scorer | None) -> SaveSummary | None:
    """The summary a sealed save's header gives, or None: replay it."""
    try:
        data = read_limited(path, MAX_SAVE_BYTES, what="save file")
        body = sealed_body(data.decode("utf-8"))
    except (UnreadableFile, UnicodeDecodeError):
        return None
    if body is None:
        return None
    events = body.count("\n[[events]]\n")
    first = body.find("\n[[events]]\n")
    result_at = body.rfind("\n[result]\n")
    head = body if first < 0 else body[: first + 1]
    if result_at >= 0 and not (first < 0 or result_at > body.rfind("\n[[events]]\n")):
        return None  # not the order Sammenspil writes
    try:
        raw = toml_text.loads(head)
        result_raw = toml_text.loads(body[result_at + 1 :]) if result_at >= 0 else {}
        if raw.get("format") != FORMAT or "result" in raw:
            return None
        meta = Meta.model_validate(raw["meta"])
        result = (
            ScoreReport.model_validate(result_raw["result"]) if "result" in result_raw else None
        )
        deck_id = raw["deck"]["id"]
        players = _players(raw.get("players", []))
    except (ValueError, KeyError, TypeError):  # TOML's errors and pydantic's are ValueErrors
        return None
    if not isinstance(deck_id, str) or players is None:
        return None
    journal = last_seq(journal_path(path))
    if journal is None or journal > events:
        return None  # the journal holds events the file does not
    if meta.phase is Phase.SCORED and scorer is not None and (result is None or not result.current):
        return None  # no score, or one made under other rules: recompute it
    total = result.total if result is not None else None
    return SaveSummary(path, meta, deck_id, players, total, stored_total=total)


def _players(items: Any) -> int | None:
    """The players (not the spectators) a header lists; None for a list not as written."""
    if not isinstance(items, list) or not all(isinstance(p, dict) for p in items):
        return None
    return sum(1 for p in items if not p.get("spectator", False))


def _mtime(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return 0
