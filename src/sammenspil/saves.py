"""Save files: one TOML file per round, rewritten atomically after every accepted event.

A save holds the deck as played, the round's metadata and every event in order, so a round can
be resumed, replayed and reviewed without the deck file and without trusting any stored state:
the table is always rebuilt by folding the events through the engine.

The write is: a temporary file in the same folder, flushed and fsynced, renamed over the old
file, then the folder fsynced. A crash at any moment leaves the old file or the new one.
"""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
import tomllib
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import platformdirs
import pydantic
import tomli_w
from pydantic import BaseModel, ConfigDict, Field, Strict

from sammenspil import __version__
from sammenspil.deck.loader import toml_error_position
from sammenspil.deck.locate import SourceMap
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import format_loc
from sammenspil.game import commands as c
from sammenspil.game.events import Event
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import EventError, apply, decide, new_table
from sammenspil.game.state import Phase, Player, Settings, Table
from sammenspil.game.text import text_problem
from sammenspil.scoring.report import ScoreReport

FORMAT = 1
MAX_SAVE_BYTES = 64 * 1024 * 1024
TABLE_NAME_MAX = 80

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class SaveError(Exception):
    """A save that cannot be read or does not replay; the message is one line for the user."""


class SaveFolderError(SaveError, PermissionError):
    """A saves folder we may not write in.

    Both kinds at once so that the CLI shows it as a save problem in one line, and code that
    guards its writes with ``except OSError`` still catches it.
    """


def table_name_problem(name: str) -> str | None:
    """Why a table name cannot be saved, or None; the name is checked after stripping."""
    name = name.strip()
    if not name:
        return "the table name cannot be empty"
    return text_problem(name, what="the table name", max_len=TABLE_NAME_MAX)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Meta(_Model):
    id: str = Field(pattern=r"^[a-z0-9]{4,32}$")
    table: str = Field(min_length=1, max_length=TABLE_NAME_MAX)
    created: datetime
    updated: datetime
    seed: int
    app_version: str
    phase: Phase = Phase.LOBBY
    settings: Settings = Field(default_factory=Settings)


class LoggedEvent(_Model):
    # Strict: a hand-edited ``seq = "15"`` is a broken save, not a number to guess at.
    seq: Annotated[int, Strict(), Field(ge=1)]
    at: datetime
    event: Event


class SaveFile(_Model):
    format: int
    meta: Meta
    deck: Deck
    players: list[Player] = Field(default_factory=list)
    events: list[LoggedEvent] = Field(default_factory=list)
    result: ScoreReport | None = None

    def to_toml(self) -> str:
        data: dict[str, Any] = {
            "format": self.format,
            "meta": self.meta.model_dump(mode="python", exclude_none=True),
            "deck": self.deck.model_dump(mode="json", exclude_none=True),
            "players": [p.model_dump(mode="python", exclude_none=True) for p in self.players],
            "events": [
                {
                    "seq": logged.seq,
                    "at": logged.at,
                    **logged.event.model_dump(mode="json", exclude_none=True),
                }
                for logged in self.events
            ],
        }
        if self.result is not None:
            data["result"] = self.result.to_toml_data()
        return tomli_w.dumps(data)


# --- file names and folders ------------------------------------------------------------------

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"})


def slugify(text: str, *, fallback: str = "table", max_len: int = 40) -> str:
    """A readable ASCII slug; nothing in it can name another folder."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = text.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_len].strip("-")
    return slug or fallback


def save_filename(meta: Meta) -> str:
    return f"{meta.created:%Y-%m-%d}-{slugify(meta.table)}-{meta.id[:8]}.toml"


def default_saves_dir(cwd: Path | None = None) -> Path:
    """saves/ in the project folder when run from it, else the user's data folder."""
    cwd = cwd or Path.cwd()
    project = cwd / "pyproject.toml"
    if (cwd / "saves").is_dir() and project.is_file():
        try:
            if 'name = "sammenspil"' in project.read_text(encoding="utf-8"):
                return cwd / "saves"
        except OSError:
            pass
    return Path(platformdirs.user_data_dir("sammenspil")) / "saves"


def new_round_id(entropy: bytes | None = None) -> str:
    raw = entropy if entropy is not None else os.urandom(8)
    return raw.hex()[:12]


# --- writing ---------------------------------------------------------------------------------


def write_atomic(path: Path, text: str) -> None:
    """Replace path with text so that a crash leaves the old file or the new one, whole."""
    folder = path.parent
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except PermissionError:
        # The error would name a temporary file the user never sees; the folder is the problem.
        raise SaveFolderError(f"cannot write saves in {folder}: permission denied") from None
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


Scorer = Callable[[Table], ScoreReport]


class Round:
    """A table and its log, saved after every accepted event.

    Everything that changes a round goes through :meth:`submit` (a player's command) or
    :meth:`record` (events already decided elsewhere, e.g. by the table server), so nothing is
    ever on screen that is not also on disk.
    """

    def __init__(
        self,
        path: Path,
        save: SaveFile,
        table: Table,
        *,
        clock: Clock = utc_now,
        scorer: Scorer | None = None,
        warnings: Sequence[str] = (),
    ) -> None:
        self.path = path
        self.save = save
        self.table = table
        self.clock = clock
        self.scorer = scorer
        # What was wrong but recoverable when the save was read, one line each.
        self.warnings: list[str] = list(warnings)

    @classmethod
    def create(
        cls,
        deck: Deck,
        *,
        table_name: str,
        seed: int,
        saves_dir: Path,
        settings: Settings | None = None,
        round_id: str | None = None,
        clock: Clock = utc_now,
        scorer: Scorer | None = None,
    ) -> Round:
        problem = table_name_problem(table_name)
        if problem is not None:
            raise SaveError(problem)
        table_name = table_name.strip()
        now = clock()
        meta = Meta(
            id=round_id or new_round_id(),
            table=table_name,
            created=now,
            updated=now,
            seed=seed,
            app_version=__version__,
            settings=settings or Settings(),
        )
        saves_dir.mkdir(parents=True, exist_ok=True)
        path = saves_dir / save_filename(meta)
        if path.resolve().parent != saves_dir.resolve():  # pragma: no cover - slugify forbids it
            raise SaveError(f"{path}: a save must stay inside {saves_dir}")
        table = new_table(
            deck, table_id=meta.id, name=table_name, seed=seed, **meta.settings.model_dump()
        )
        save = SaveFile(format=FORMAT, meta=meta, deck=deck)
        round_ = cls(path, save, table, clock=clock, scorer=scorer)
        round_.write()
        return round_

    def submit(self, command: c.Command) -> Table | Refusal:
        decision = decide(self.table, command)
        if isinstance(decision, Refusal):
            return decision
        self.record(decision)
        return self.table

    def record(self, events: Sequence[Event]) -> None:
        """Fold in events and write the save before anyone sees the new table."""
        if not events:
            return
        table = self.table
        now = self.clock()
        logged = list(self.save.events)
        for event in events:
            table = apply(table, event)
            logged.append(LoggedEvent(seq=len(logged) + 1, at=now, event=event))
        result = self.save.result
        if table.phase is Phase.SCORED and self.scorer is not None:
            result = self.scorer(table)
        self.save = self.save.model_copy(
            update={
                "meta": self.save.meta.model_copy(update={"updated": now, "phase": table.phase}),
                "players": list(table.players.values()),
                "events": logged,
                "result": result,
            }
        )
        self.write()
        self.table = table

    def write(self) -> None:
        write_atomic(self.path, self.save.to_toml())


# --- reading ---------------------------------------------------------------------------------


def _where(path: Path, smap: SourceMap | None, loc: Sequence[str | int]) -> str:
    pos = smap.find(tuple(loc)) if smap is not None and loc else None
    return f"{path}:{pos.line}" if pos else str(path)


def read_save(path: Path) -> tuple[SaveFile, SourceMap]:
    """Parse and validate a save file, without replaying it."""
    save, smap, _warnings = _read_save(path)
    return save, smap


def _read_save(path: Path) -> tuple[SaveFile, SourceMap, list[str]]:
    """The save, where its keys sit, and what was recoverable (a stored result that is not one)."""
    try:
        if path.stat().st_size > MAX_SAVE_BYTES:
            raise SaveError(f"{path}: too large to be a save")
        data = path.read_bytes()
    except FileNotFoundError:
        raise SaveError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise SaveError(f"{path}: is a folder, not a save file") from None
    except OSError as exc:
        raise SaveError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        text = data.decode("utf-8")
        text = text.removeprefix("\ufeff")  # Windows Notepad's byte order mark
        raw = tomllib.loads(text)
    except UnicodeDecodeError:
        raise SaveError(f"{path}: not a save file (not UTF-8 text)") from None
    except tomllib.TOMLDecodeError as exc:
        line, col, message = toml_error_position(exc, text)
        at = f"{line}:{col}" if col is not None else f"{line}"
        raise SaveError(f"{path}:{at}: not a save file (TOML syntax: {message})") from None
    except RecursionError:
        raise SaveError(f"{path}: not a save file (nested too deeply)") from None
    smap = SourceMap.from_text(text)
    fmt = raw.get("format")
    if not isinstance(fmt, int) or isinstance(fmt, bool):
        raise SaveError(f"{_where(path, smap, ('format',))}: not a Sammenspil save (no format)")
    if fmt > FORMAT:
        raise SaveError(
            f"{_where(path, smap, ('format',))}: written in save format {fmt} by a newer "
            f"Sammenspil; this version reads format {FORMAT}, so update Sammenspil to open it"
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
    if result is not None:
        save = save.model_copy(update={"result": result})
    return save, smap, warnings


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
    out = []
    for item in events:
        if isinstance(item, dict):
            rest = {k: v for k, v in item.items() if k not in ("seq", "at")}
            out.append({"seq": item.get("seq"), "at": item.get("at"), "event": rest})
        else:
            out.append(item)
    return {**raw, "events": out}


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
    """Read a save and rebuild its table by replaying every event through the engine.

    ``tidy`` removes temporary files a killed writer left beside the save. Only a caller that
    takes the round over to write it should ask for that: a reader (a listing, a score, an
    export) may run while another process is writing the round, and must leave its file alone.
    """
    path = Path(path)
    save, smap, warnings = _read_save(path)
    table = new_table(
        save.deck,
        table_id=save.meta.id,
        name=save.meta.table,
        seed=save.meta.seed,
        **save.meta.settings.model_dump(),
    )
    for i, logged in enumerate(save.events):
        if logged.seq != i + 1:
            raise SaveError(
                f"{_where(path, smap, ('events', i, 'seq'))}: events[{i}]: sequence number "
                f"{logged.seq} where {i + 1} was expected (an event is missing or out of order)"
            )
        try:
            table = apply(table, logged.event)
        except EventError as exc:
            raise SaveError(
                f"{_where(path, smap, ('events', i))}: events[{i}] ({logged.event.type}) does "
                f"not replay: {exc}"
            ) from None
    if save.result is None and table.phase is Phase.SCORED and scorer is not None:
        save = save.model_copy(update={"result": scorer(table)})  # the next write stores it
    if tidy:
        _remove_torn_writes(path)
    return Round(path, save, table, clock=clock, scorer=scorer, warnings=warnings)


def _remove_torn_writes(path: Path) -> None:
    """Temporary files a killed writer left beside this save; the save itself is whole."""
    for stale in path.parent.glob(f".{path.name}.*.tmp"):
        with contextlib.suppress(OSError):
            stale.unlink()


# --- listing ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SaveSummary:
    path: Path
    meta: Meta | None
    deck_id: str
    players: int
    total: float | None
    error: str | None = None


def list_saves(folder: Path) -> list[SaveSummary]:
    """Every round in a folder, newest first; broken files are listed with their error.

    Each save is replayed, so a file whose events do not replay is listed as broken, and the
    phase shown is the replayed table's rather than what ``[meta]`` claims.
    """
    if not folder.is_dir():
        return []
    oldest = datetime.min.replace(tzinfo=UTC)
    keyed: list[tuple[datetime, int, SaveSummary]] = []
    for path in sorted(folder.glob("*.toml")):
        try:
            mtime = path.stat().st_mtime_ns
        except OSError:
            mtime = 0
        try:
            round_ = load_round(path, tidy=False)
        except SaveError as exc:
            keyed.append((oldest, mtime, SaveSummary(path, None, "?", 0, None, str(exc))))
            continue
        save, table = round_.save, round_.table
        meta = save.meta.model_copy(update={"phase": table.phase})
        players = sum(1 for p in table.players.values() if not p.spectator)
        total = save.result.total if save.result else None
        keyed.append((meta.updated, mtime, SaveSummary(path, meta, save.deck.id, players, total)))
    # meta.updated has whole seconds; the file's time orders rounds written within one second.
    keyed.sort(key=lambda item: (item[0], item[1]), reverse=True)
    return [summary for _, _, summary in keyed]
