"""The append-only journal beside a save: one record per recorded batch, whole or not at all.

Each record is one line, ``<length> <crc32> <json>\\n``: the JSON's length in bytes, its CRC-32
in eight hex digits, then the JSON itself (which never holds a raw newline). The first record
names the journal's format and its round; every later one holds one batch of events, flat as in
the TOML file (seq, at and the event's fields).

A record is written with one ``pwrite`` at the end of the last whole record and made durable
with ``fdatasync`` before ``append`` returns. A crash can therefore leave only the last record
torn (bytes missing) or damaged (a checksum that does not match); that record was never
acknowledged, so reading drops it. Damage anywhere before the last record is not a crash's work
and is an error naming the line.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
import weakref
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pydantic

from sammenspil.deck.problems import format_loc
from sammenspil.files import UnreadableFile, read_limited
from sammenspil.saves.atomic import fsync_folder
from sammenspil.saves.errors import SaveError, SaveFolderError
from sammenspil.saves.limits import MAX_EVENTS, MAX_JOURNAL_BYTES, field_problems
from sammenspil.saves.model import LoggedEvent, unflatten_event

JOURNAL_FORMAT = 1
_LENGTH_DIGITS = 9  # a record is shorter than the whole journal may be


def encode_record(payload: dict[str, Any]) -> bytes:
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return b"%d %08x " % (len(body), zlib.crc32(body)) + body + b"\n"


def header_record(round_id: str) -> bytes:
    return encode_record({"journal": JOURNAL_FORMAT, "round": round_id})


def batch_record(events: Sequence[LoggedEvent]) -> bytes:
    return encode_record({"events": [_flat(logged) for logged in events]})


def _flat(logged: LoggedEvent) -> dict[str, Any]:
    return {
        "seq": logged.seq,
        "at": logged.at.isoformat(),
        **logged.event.model_dump(mode="json", exclude_none=True),
    }


def _decode(line: bytes) -> Any:
    """The JSON of one record line (without its newline), or None when it is not whole."""
    head, _, rest = line.partition(b" ")
    crc, _, body = rest.partition(b" ")
    if not (head.isdigit() and len(head) <= _LENGTH_DIGITS and int(head) == len(body)):
        return None
    try:
        if len(crc) != 8 or int(crc, 16) != zlib.crc32(body):
            return None
        return json.loads(body.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError and JSONDecodeError are both
        return None


# How much of a journal's end ``last_seq`` reads to find its last record: a batch a player's
# command makes is a few hundred bytes; a longer last record is read the long way.
_TAIL_BYTES = 256 * 1024


def last_seq(path: Path) -> int | None:
    """The seq of the last event in a journal's last record, 0 for no journal or no events, or
    None when that cannot be told from its end alone (a torn or damaged last record, one too
    long, an unreadable file): then only reading it whole can say.

    For a listing: when this is no more than the save's own events, the journal adds nothing.
    The records before the last are not checked here; loading the round checks them all.
    """
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return 0
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            return None
        start = max(0, info.st_size - _TAIL_BYTES)
        tail = os.pread(fd, info.st_size - start, start)
    except OSError:
        return None
    finally:
        os.close(fd)
    if not tail:
        return 0
    if not tail.endswith(b"\n"):
        return None  # torn: the full read decides what to drop
    begin = tail.rfind(b"\n", 0, len(tail) - 1) + 1
    if begin == 0 and start > 0:
        return None  # the last record is longer than the tail read
    payload = _decode(tail[begin:-1])
    if not isinstance(payload, dict):
        return None
    if "journal" in payload and begin == 0 and start == 0:
        return 0  # only the header
    batch = payload.get("events")
    if not isinstance(batch, list) or not batch or not isinstance(batch[-1], dict):
        return None
    seq = batch[-1].get("seq")
    return seq if type(seq) is int else None


@dataclass(frozen=True)
class Journal:
    """What a journal holds: its whole records' events, and where its last whole record ends."""

    path: Path
    has_header: bool
    events: list[tuple[int, LoggedEvent]]  # (line, event), in order
    end: int  # the byte offset after the last whole record; a writer appends there
    dropped: bool  # a torn or damaged last record was set aside


def read_journal(path: Path, round_id: str, *, known: int = 0) -> Journal | None:
    """The journal beside a save, checked as strictly as the save; None when there is none.

    Batches wholly within the first ``known`` events (those the TOML file already holds) are
    only checked to be whole and in sequence, and left out of ``events``.
    """
    try:
        os.stat(path)
    except FileNotFoundError:
        return None
    except OSError as exc:
        raise SaveError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    try:
        data = read_limited(path, MAX_JOURNAL_BYTES, what="journal")
    except UnreadableFile as exc:
        raise SaveError(f"{path}: {exc}") from None
    has_header = False
    events: list[tuple[int, LoggedEvent]] = []
    last = 0  # the seq of the last event read, skipped or not
    pos, line = 0, 1
    while pos < len(data):
        newline = data.find(b"\n", pos)
        payload = _decode(data[pos:newline]) if newline >= 0 else None
        if payload is None:
            if newline < 0 or newline + 1 == len(data):  # the last record: torn by a crash
                return Journal(path, has_header, events, pos, dropped=True)
            raise SaveError(
                f"{path}:{line}: journal record {line} is damaged (its checksum or length does "
                "not match) and records follow it; the journal cannot be trusted"
            )
        if line == 1:
            _check_header(path, payload, round_id)
            has_header = True
        else:
            last = _take_batch(path, line, payload, events, last, known)
        pos, line = newline + 1, line + 1
    return Journal(path, has_header, events, pos, dropped=False)


def _check_header(path: Path, payload: Any, round_id: str) -> None:
    fmt = payload.get("journal") if isinstance(payload, dict) else None
    if (
        not isinstance(fmt, int)
        or isinstance(fmt, bool)
        or not isinstance(payload.get("round"), str)
    ):
        raise SaveError(f"{path}:1: not a Sammenspil journal (no header)")
    if fmt > JOURNAL_FORMAT:
        raise SaveError(
            f"{path}:1: written in journal format {fmt} by a newer Sammenspil; this version "
            f"reads format {JOURNAL_FORMAT}, so update Sammenspil to open it"
        )
    if payload["round"] != round_id:
        raise SaveError(
            f"{path}:1: this journal belongs to round {payload['round']!r}, not to the save's "
            f"round {round_id!r}"
        )


def _take_batch(
    path: Path,
    line: int,
    payload: Any,
    events: list[tuple[int, LoggedEvent]],
    last: int,
    known: int,
) -> int:
    """Check one batch and add its events; the seq of its last event."""
    batch = payload.get("events") if isinstance(payload, dict) else None
    if not isinstance(batch, list) or not batch or len(payload) != 1:
        raise SaveError(f"{path}:{line}: journal record {line} is not a batch of events")
    if len(events) + len(batch) > MAX_EVENTS:
        raise SaveError(
            f"{path}:{line}: more than {MAX_EVENTS:,} events; a round holds at most that"
        )
    seqs = [item.get("seq") if isinstance(item, dict) else None for item in batch]
    first = seqs[0]
    if (
        isinstance(first, int)
        and all(type(seq) is int for seq in seqs)
        and seqs == list(range(first, first + len(seqs)))
        and (last == 0 or first == last + 1)
        and seqs[-1] <= known
    ):
        return seqs[-1]  # the TOML file holds these; it is what the load replays
    for item in batch:
        expected = last + 1 if last else None
        index = item.get("seq") if isinstance(item, dict) else None
        label = f"events[{index - 1}]" if isinstance(index, int) and index >= 1 else "events"
        try:
            logged = LoggedEvent.model_validate(unflatten_event(item))
        except pydantic.ValidationError as exc:
            err = exc.errors(include_url=False)[0]
            parts = list(err["loc"])
            if parts[:1] == ["event"]:  # the wrapper and the union's tag are ours, not the file's
                parts = parts[2:]
            field = format_loc((label, *parts))
            message = str(err["msg"]).lower()
            if err["type"] == "union_tag_invalid":
                message = f"unknown event type {err['ctx']['tag']!r}"
            raise SaveError(f"{path}:{line}: {field}: {message}") from None
        if expected is not None and logged.seq != expected:
            raise SaveError(
                f"{path}:{line}: {label}: sequence number {logged.seq} where {expected} was "
                "expected (an event is missing or out of order)"
            )
        for where, problem in field_problems(logged.event.model_dump()):
            raise SaveError(f"{path}:{line}: {format_loc((label, *where))}: {problem}")
        events.append((line, logged))
        last = logged.seq
    return last


class JournalWriter:
    """Appends batches to one round's journal; the only writer of that round while it lives."""

    def __init__(self, path: Path, round_id: str, *, end: int = 0, has_header: bool = False):
        self.path = path
        self.round_id = round_id
        self.end = end
        self.has_header = has_header
        self._fd: int | None = None
        self._closer: weakref.finalize[Any, Any] | None = None

    def append(self, events: Sequence[LoggedEvent]) -> None:
        """Make a batch durable, or raise and leave the journal as it was."""
        record = batch_record(events)
        if not self.has_header:
            record = header_record(self.round_id) + record
        if self.end + len(record) > MAX_JOURNAL_BYTES:
            raise SaveError(
                f"{self.path}: the round's journal would pass {MAX_JOURNAL_BYTES:,} bytes, the "
                "most a round may hold"
            )
        fd = self._open()
        try:
            done = 0
            while done < len(record):
                done += os.pwrite(fd, record[done:], self.end + done)
            _datasync(fd)
        except BaseException:
            # Take back what part of the record reached the file, so the next append is whole.
            with contextlib.suppress(OSError):
                os.ftruncate(fd, self.end)
            raise
        self.end += len(record)
        self.has_header = True

    def remove(self) -> None:
        """Delete the journal (a new round takes a name a stale journal may still hold)."""
        self.close()
        with contextlib.suppress(FileNotFoundError):
            os.unlink(self.path)

    def close(self) -> None:
        if self._closer is not None:
            self._closer()
        self._fd = self._closer = None

    def _open(self) -> int:
        if self._fd is not None:
            return self._fd
        flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
        try:
            fd = os.open(self.path, flags, 0o666)  # the umask decides, as for any user file
        except PermissionError:
            message = f"{self.path}: cannot write the journal: permission denied"
            raise SaveFolderError(message) from None
        try:
            size = os.fstat(fd).st_size
            if size < self.end:
                raise SaveError(f"{self.path}: the journal shrank since the round was loaded")
            if size > self.end:
                self._drop_torn_tail(fd, size)
            if size == 0:
                fsync_folder(self.path.parent)  # the new file's name must survive a crash too
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd
        self._closer = weakref.finalize(self, os.close, fd)
        return fd

    def _drop_torn_tail(self, fd: int, size: int) -> None:
        """Cut off what a killed writer left after the last whole record, but never a record
        someone else wrote since this round was loaded."""
        tail = os.pread(fd, min(size - self.end, MAX_JOURNAL_BYTES), self.end)
        lines = tail.split(b"\n")[:-1]  # the complete lines
        if any(_decode(line) is not None for line in lines):
            raise SaveError(
                f"{self.path}: the journal was written by another process since this round was "
                "loaded; load it again"
            )
        os.ftruncate(fd, self.end)
        _datasync(fd)


def _datasync(fd: int) -> None:
    getattr(os, "fdatasync", os.fsync)(fd)


def truncate_journal(path: Path, end: int) -> None:
    """Drop a torn last record, for the process that takes a round over."""
    fd = os.open(path, os.O_RDWR | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0))
    try:
        os.ftruncate(fd, end)
        _datasync(fd)
    finally:
        os.close(fd)
