"""Reading a round back: the TOML save, checked and located, then the journal's newer events,
then every event replayed through the engine, so no stored state is ever trusted.

Every error is one line that starts with the file and, where it can, the line:
``FILE:LINE: events[12].argument: the argument is too long (...)``.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pydantic

from sammenspil.deck import toml_text
from sammenspil.deck.problems import format_loc
from sammenspil.deck.toml_text import toml_error_position
from sammenspil.files import UnreadableFile, read_limited
from sammenspil.game.fold import EventError, apply, new_table
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.saves.errors import SaveError
from sammenspil.saves.journal import Journal, JournalWriter, read_journal, truncate_journal
from sammenspil.saves.limits import (
    MAX_EVENTS,
    MAX_LINE,
    MAX_SAVE_BYTES,
    field_problems,
    table_name_problem,
)
from sammenspil.saves.model import FORMAT, LoggedEvent, SaveFile, unflatten_event
from sammenspil.saves.names import journal_path
from sammenspil.saves.round import Clock, Round, Scorer, utc_now
from sammenspil.scoring.report import ScoreReport

if TYPE_CHECKING:  # the scanner is imported when an error needs a line
    from sammenspil.deck.locate import SourceMap


class _Places:
    """Where the keys of a save's text sit, scanned only when an error needs a line: a load
    that goes well never pays for it."""

    def __init__(self, text: str) -> None:
        self._text = text
        self._map: SourceMap | None = None

    @property
    def map(self) -> SourceMap:
        if self._map is None:
            from sammenspil.deck.locate import SourceMap

            self._map = SourceMap.from_text(self._text)
        return self._map


def _where(path: Path, places: _Places, loc: Sequence[str | int]) -> str:
    pos = places.map.find(tuple(loc)) if loc else None
    return f"{path}:{pos.line}" if pos else str(path)


def read_save(path: Path) -> tuple[SaveFile, SourceMap]:
    """Parse and validate a save file, without replaying it (and without its journal)."""
    try:
        save, places, _warnings = _read_save(Path(path))
    except SaveError as exc:
        raise SaveError(printable(str(exc))) from None
    return save, places.map


def _read_save(path: Path) -> tuple[SaveFile, _Places, list[str]]:
    """The save, where its keys sit, and what was recoverable (a stored result that is not one)."""
    try:
        data = read_limited(path, MAX_SAVE_BYTES, what="save file")
    except UnreadableFile as exc:
        raise SaveError(f"{path}: {exc}") from None
    try:
        text = data.decode("utf-8")
        text = text.removeprefix("\ufeff")  # Windows Notepad's byte order mark
        _scan_before_parsing(path, text)
        raw = toml_text.loads(text)
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a save file (not UTF-8 text)") from None
    except toml_text.TOMLDecodeError as exc:
        line, col, message = toml_error_position(exc, text)
        at = f"{line}:{col}" if col is not None else f"{line}"
        raise SaveError(f"{path}:{at}: not a save file (TOML syntax: {message})") from None
    except RecursionError:
        raise SaveError(f"{path}: not a save file (nested too deeply)") from None
    smap = _Places(text)
    fmt = raw.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise SaveError(f"{_where(path, smap, ('format',))}: not a Sammenspil save (no format)")
    if fmt > FORMAT:
        raise SaveError(
            f"{_where(path, smap, ('format',))}: written in save format {fmt} by a newer "
            f"Sammenspil; this version reads format {FORMAT}, so update Sammenspil to open it"
        )
    events = raw.get("events")
    if isinstance(events, list) and len(events) > MAX_EVENTS:
        raise SaveError(
            f"{_where(path, smap, ('events', MAX_EVENTS))}: events: {len(events):,} events; a "
            f"save holds at most {MAX_EVENTS:,}"
        )
    # The stored result is only a copy of what the events score to, so a broken one costs a
    # warning, not the round.
    warnings: list[str] = []
    stored_result = raw.pop("result", None)
    result: ScoreReport | None = None
    if stored_result is not None:
        try:
            result = ScoreReport.model_validate(stored_result)
        except pydantic.ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            loc = ("result", *err["loc"])
            warnings.append(
                f"{_where(path, smap, loc)}: {format_loc(loc)}: {err['msg'].lower()}; "
                "the stored score is ignored and recomputed from the events"
            )
    try:
        save = SaveFile.model_validate(_unflatten_events(raw))
    except pydantic.ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = _toml_loc(err["loc"])
        more = len(exc.errors()) - 1
        tail = f" (and {more} more problem{'s' if more != 1 else ''})" if more else ""
        raise SaveError(
            f"{_where(path, smap, loc)}: {format_loc(loc)}: {_save_message(err)}{tail}"
        ) from None
    _check_texts(path, smap, save)
    if result is not None:
        save = save.model_copy(update={"result": result})
    return save, smap, warnings


_EVENT_HEADER = re.compile(r"^[ \t]*\[\[[ \t]*events[ \t]*\]\]", re.MULTILINE)
_LONG_LINE = re.compile(rf"^[^\n]{{{MAX_LINE + 1}}}", re.MULTILINE)
_MULTILINE_STRING = re.compile(r'"""|\'\'\'')


def _scan_before_parsing(path: Path, text: str) -> None:
    """Refuse what would only be refused after the TOML parser, which reads strings a
    character at a time (about 4 MB a second), had spent seconds on it: more events than a
    save may hold, and strings longer than any the rules of play let a save write."""

    def line_of(offset: int) -> int:
        return text.count("\n", 0, offset) + 1

    for n, match in enumerate(_EVENT_HEADER.finditer(text), start=1):
        if n > MAX_EVENTS:
            raise SaveError(
                f"{path}:{line_of(match.start())}: events: more than {MAX_EVENTS:,} events; a "
                f"save holds at most {MAX_EVENTS:,}"
            )
    long_line = _LONG_LINE.search(text)
    if long_line is not None:
        raise SaveError(
            f"{path}:{line_of(long_line.start())}: a line longer than {MAX_LINE:,} characters; "
            "no text in a save is that long"
        )
    quotes = [m.start() for m in _MULTILINE_STRING.finditer(text)]
    for start, end in zip(quotes[::2], quotes[1::2], strict=False):
        if end - start > MAX_LINE:
            raise SaveError(
                f"{path}:{line_of(start)}: a string longer than {MAX_LINE:,} characters; no "
                "text in a save is that long"
            )


def _check_texts(path: Path, smap: _Places, save: SaveFile) -> None:
    """Every text in the save held to the rules a player's text is held to in play."""
    problem = table_name_problem(save.meta.table)
    if problem is not None:
        raise SaveError(f"{_where(path, smap, ('meta', 'table'))}: meta.table: {problem}")
    for where, problem in field_problems({"app_version": save.meta.app_version}):
        loc = ("meta", *where)
        raise SaveError(f"{_where(path, smap, loc)}: {format_loc(loc)}: {problem}")
    for i, player in enumerate(save.players):
        for where, problem in field_problems(player.model_dump()):
            loc = ("players", i, *where)
            raise SaveError(f"{_where(path, smap, loc)}: {format_loc(loc)}: {problem}")
    for i, logged in enumerate(save.events):
        for where, problem in field_problems(logged.event.model_dump()):
            loc = ("events", i, *where)
            raise SaveError(f"{_where(path, smap, loc)}: {format_loc(loc)}: {problem}")


def _save_message(err: Mapping[str, Any]) -> str:
    """pydantic's message, shortened where it would list every event type there is."""
    if err["type"] == "union_tag_invalid":
        return f"unknown event type {err['ctx']['tag']!r}"
    if err["type"] == "union_tag_not_found":
        return "an event needs a type"
    return str(err["msg"]).lower()


def _unflatten_events(raw: dict[str, Any]) -> dict[str, Any]:
    events = raw.get("events")
    if not isinstance(events, list):
        return raw
    return {**raw, "events": [unflatten_event(item) for item in events]}


def _toml_loc(loc: Sequence[Any]) -> tuple[str | int, ...]:
    """A model location mapped back to the file, where each event's fields sit flat.

    ``("events", 3, "event", "remedy_placed", "remedy")`` is ``events[3].remedy`` in the file:
    the wrapper key and the union's tag are ours, not the file's.
    """
    parts = list(loc)
    if len(parts) >= 3 and parts[0] == "events" and parts[2] == "event":
        parts = parts[:2] + parts[4:] if len(parts) > 4 else parts[:2] + parts[3:4]
    return tuple(parts)


def load_round(
    path: Path, *, clock: Clock = utc_now, scorer: Scorer | None = None, tidy: bool = False
) -> Round:
    """Read a save and its journal, and rebuild the table by replaying every event.

    ``tidy`` is for the one process that takes the round over to write it: it removes temporary
    files a killed writer left beside the save, cuts a torn last record off the journal, and
    folds journal events the save does not hold yet into the TOML file. A reader (a listing, a
    score, an export) may run while another process is writing the round, and writes nothing.
    """
    path = Path(path)
    try:
        return _load_round(path, clock=clock, scorer=scorer, tidy=tidy)
    except SaveError as exc:
        raise SaveError(printable(str(exc))) from None


def _load_round(path: Path, *, clock: Clock, scorer: Scorer | None, tidy: bool) -> Round:
    save, smap, warnings = _read_save(path)
    journal = read_journal(journal_path(path), save.meta.id, known=len(save.events))
    stored = len(save.events)
    newer, lines = _newer_events(save, journal)
    logged_events = [*save.events, *newer]
    table = new_table(
        save.deck,
        table_id=save.meta.id,
        name=save.meta.table,
        seed=save.meta.seed,
        **save.meta.settings.model_dump(),
    )

    def where(i: int, *loc: str) -> str:
        return lines[i - stored] if i >= stored else _where(path, smap, ("events", i, *loc))

    for i, logged in enumerate(logged_events):
        if logged.seq != i + 1:
            raise SaveError(
                f"{where(i, 'seq')}: events[{i}]: sequence number {logged.seq} where {i + 1} "
                "was expected (an event is missing or out of order)"
            )
        try:
            table = apply(table, logged.event)
        except EventError as exc:
            raise SaveError(
                f"{where(i)}: events[{i}] ({logged.event.type}) does not replay: {exc}"
            ) from None
    if newer:
        meta = save.meta.model_copy(update={"updated": newer[-1].at, "phase": table.phase})
        save = save.model_copy(
            update={"meta": meta, "players": list(table.players.values()), "events": logged_events}
        )
    if table.phase is Phase.SCORED and scorer is not None:
        # Always the recomputed score, even where the stored one is current: the next write
        # seals the file (see ``seal``), and a listing then shows its score without replaying,
        # so a hand-edited score must not ride along into a sealed file.
        old = save.result
        save = save.model_copy(update={"result": scorer(table)})
        if old is not None and not old.current:
            warnings.append(
                f"{path}: the stored score was made under scoring rules version {old.scoring}; "
                f"recomputed under version {save.result.scoring if save.result else '?'} from "
                "the events, which are unchanged"
            )
    writer = JournalWriter(
        journal_path(path),
        save.meta.id,
        end=journal.end if journal else 0,
        has_header=journal.has_header if journal else False,
    )
    round_ = Round(
        path,
        save,
        table,
        clock=clock,
        scorer=scorer,
        warnings=warnings,
        journal=writer,
        written=stored,
    )
    if tidy:
        _remove_torn_writes(path)
        if journal is not None and journal.dropped:
            try:
                truncate_journal(journal.path, journal.end)
            except OSError as exc:
                raise SaveError(
                    f"{journal.path}: cannot be tidied: {exc.strerror or exc}"
                ) from None
        if newer:
            round_._checkpoint()  # a failure is kept in checkpoint_problem; the journal has all
    return round_


def _newer_events(save: SaveFile, journal: Journal | None) -> tuple[list[LoggedEvent], list[str]]:
    """The journal's events beyond the save's, and where each sits; a gap is an error."""
    if journal is None:
        return [], []
    newer: list[LoggedEvent] = []
    lines: list[str] = []
    have = len(save.events)
    for line, logged in journal.events:
        if logged.seq <= have:
            continue  # the TOML file was brought up to date after this batch
        if logged.seq != have + 1:
            raise SaveError(
                f"{journal.path}:{line}: events[{logged.seq - 1}]: the journal goes on from "
                f"event {logged.seq} but the save ends at event {have}; events are missing"
            )
        newer.append(logged)
        lines.append(f"{journal.path}:{line}")
        have += 1
    if have > MAX_EVENTS:
        raise SaveError(f"{journal.path}: {have:,} events; a round holds at most {MAX_EVENTS:,}")
    return newer, lines


def _remove_torn_writes(path: Path) -> None:
    """Temporary files a killed writer left beside this save; the save itself is whole."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()
