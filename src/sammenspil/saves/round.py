"""A round being played: its table, its save, and the journal every accepted batch goes to."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from sammenspil import __version__
from sammenspil.deck.models import Deck
from sammenspil.game.events import Event
from sammenspil.game.fold import apply, new_table
from sammenspil.game.state import Phase, Settings, Table
from sammenspil.saves.atomic import write_atomic
from sammenspil.saves.errors import SaveError
from sammenspil.saves.journal import JournalWriter
from sammenspil.saves.limits import MAX_EVENTS, MAX_SAVE_BYTES, table_name_problem
from sammenspil.saves.model import FORMAT, LoggedEvent, Meta, SaveFile
from sammenspil.saves.names import journal_path, new_round_id, save_filename
from sammenspil.scoring.report import ScoreReport

if TYPE_CHECKING:  # deciding is imported by the first command: reading a round needs none
    from sammenspil.game import commands as c
    from sammenspil.game.refusals import Refusal

Clock = Callable[[], datetime]
Scorer = Callable[[Table], ScoreReport]


def utc_now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


class Round:
    """A table and its log; every accepted batch is on disk before anyone sees the new table.

    Everything that changes a round goes through :meth:`submit` (a player's command) or
    :meth:`record` (events already decided elsewhere, e.g. by the table host). A batch goes to
    the journal, fsynced, before ``record`` returns; the TOML save is rewritten at phase changes
    (the lock is one) and by :meth:`write` and :meth:`close`.
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
        journal: JournalWriter | None = None,
        written: int | None = None,
    ) -> None:
        self.path = path
        self.save = save
        self.table = table
        self.clock = clock
        self.scorer = scorer
        # What was wrong but recoverable when the save was read, one line each.
        self.warnings: list[str] = list(warnings)
        self._journal = journal or JournalWriter(journal_path(path), save.meta.id)
        # How many events the TOML file on disk holds; close() brings it up to date.
        self._written = len(save.events) if written is None else written
        # Why the last checkpoint of the TOML file failed; the journal holds the events anyway.
        self.checkpoint_problem: str | None = None

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
        round_._journal.remove()  # a journal of an earlier round under this name is not ours
        round_.write()
        return round_

    def submit(self, command: c.Command) -> Table | Refusal:
        from sammenspil.game.refusals import Refusal
        from sammenspil.game.rules import decide

        decision = decide(self.table, command)
        if isinstance(decision, Refusal):
            return decision
        self.record(decision)
        return self.table

    @property
    def events(self) -> list[Event]:
        """The round's log so far, in order (the move feed of a resumed table)."""
        return [logged.event for logged in self.save.events]

    def record(self, events: Sequence[Event]) -> None:
        """Fold in events and make them durable before anyone sees the new table.

        When this returns, the batch is in the journal, fsynced. When it raises (the events do
        not apply, the disk is full), nothing has changed: not the table, not the log, not the
        files.
        """
        if not events:
            return
        if len(self.save.events) + len(events) > MAX_EVENTS:
            raise SaveError(
                f"{self.path}: the round has {len(self.save.events):,} events; a save holds at "
                f"most {MAX_EVENTS:,}"
            )
        table = self.table
        now = self.clock()
        first = len(self.save.events) + 1
        batch = []
        for i, event in enumerate(events):
            table = apply(table, event)
            batch.append(LoggedEvent(seq=first + i, at=now, event=event))
        result = self.save.result
        if table.phase is Phase.SCORED and self.scorer is not None:
            result = self.scorer(table)
        save = self.save.model_copy(
            update={
                "meta": self.save.meta.model_copy(update={"updated": now, "phase": table.phase}),
                "players": list(table.players.values()),
                "events": [*self.save.events, *batch],
                "result": result,
            }
        )
        self._journal.append(batch)  # durable, or raises with nothing changed
        phase_changed = table.phase is not self.table.phase
        self.save, self.table = save, table
        if phase_changed or self.checkpoint_problem is not None:
            self._checkpoint()

    def _checkpoint(self) -> None:
        """Rewrite the TOML file; a failure costs only the review copy, which the journal
        rebuilds on load, so it is kept in ``checkpoint_problem`` and tried again later."""
        try:
            self.write()
        except (OSError, SaveError) as exc:
            self.checkpoint_problem = f"{self.path}: not brought up to date: {exc}"

    def write(self) -> None:
        """Rewrite the TOML save from the round as it stands, atomically."""
        text = self.save.to_toml()
        if len(text.encode("utf-8")) > MAX_SAVE_BYTES:  # never write what no load would read
            raise SaveError(
                f"{self.path}: the round has outgrown a save ({MAX_SAVE_BYTES:,} bytes)"
            )
        write_atomic(self.path, text)
        self._written = len(self.save.events)
        self.checkpoint_problem = None

    def close(self) -> None:
        """Bring the TOML save up to date and let go of the journal."""
        try:
            if self._written != len(self.save.events) or self.checkpoint_problem is not None:
                self.write()
        finally:
            self._journal.close()

    def __enter__(self) -> Round:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        self.close()
