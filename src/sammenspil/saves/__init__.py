"""Saves: one TOML file per round, with an append-only journal beside it.

A save holds the deck as played, the round's metadata, the players and every event in order, so
a round can be resumed, replayed and reviewed without the deck file and without trusting any
stored state: the table is always rebuilt by folding the events through the engine.

Every accepted batch of events is appended to ``<save>.journal`` as one record, fsynced before
``Round.record`` returns (see ``journal``). The TOML file is the archive and review format: it
is rewritten atomically (``atomic``) at each phase change, which includes the lock, and by
``Round.write`` and ``Round.close``; on load, journal events beyond the TOML's are replayed after
them, and the process that takes the round over (``tidy=True``) folds them into the TOML.

The journal is kept after a checkpoint, not truncated. A reader (``saves``, ``score``,
``export``) may read a round while its owner writes it; since the TOML file only ever moves
forward and the journal only ever grows, any TOML and journal a reader sees fit together: the
journal's events either repeat the TOML's (and are skipped) or carry on from them. Truncating
would let a reader pair an older TOML with a journal that restarted past it, a gap that is not
there. The cost is bounded: a round holds at most ``MAX_EVENTS`` events and its journal at most
``MAX_JOURNAL_BYTES``, and a load only checks the records the TOML already holds for
wholeness and order.

A round has one writer at a time (the table host, or a hot-seat game): a writer that finds
whole records in the journal past what it loaded refuses to append, rather than interleave.

Modules: ``model`` (the file's models), ``limits`` (sizes and the text rules of play),
``names`` (file names and folders), ``atomic`` (whole-file replacement), ``journal``,
``round`` (the round being played), ``reading`` (loading, with located errors), ``listing``.
"""

from sammenspil.saves.atomic import write_atomic
from sammenspil.saves.errors import SaveError, SaveFolderError
from sammenspil.saves.journal import JOURNAL_FORMAT, Journal, JournalWriter, read_journal
from sammenspil.saves.limits import (
    MAX_EVENTS,
    MAX_JOURNAL_BYTES,
    MAX_SAVE_BYTES,
    TABLE_NAME_MAX,
    table_name_problem,
)
from sammenspil.saves.listing import SaveSummary, list_saves
from sammenspil.saves.model import FORMAT, LoggedEvent, Meta, SaveFile
from sammenspil.saves.names import (
    default_saves_dir,
    journal_path,
    new_round_id,
    save_filename,
    slugify,
)
from sammenspil.saves.reading import load_round, read_save
from sammenspil.saves.round import Clock, Round, Scorer, utc_now

__all__ = [
    "FORMAT",
    "JOURNAL_FORMAT",
    "MAX_EVENTS",
    "MAX_JOURNAL_BYTES",
    "MAX_SAVE_BYTES",
    "TABLE_NAME_MAX",
    "Clock",
    "Journal",
    "JournalWriter",
    "LoggedEvent",
    "Meta",
    "Round",
    "SaveError",
    "SaveFile",
    "SaveFolderError",
    "SaveSummary",
    "Scorer",
    "default_saves_dir",
    "journal_path",
    "list_saves",
    "load_round",
    "new_round_id",
    "read_journal",
    "read_save",
    "save_filename",
    "slugify",
    "table_name_problem",
    "utc_now",
    "write_atomic",
]
