"""Replacing a file whole: a crash at any moment leaves the old file or the new one.

The write is: a temporary file in the same folder, flushed and fsynced, renamed over the old
file, then the folder fsynced. The file gets the permissions the user's umask asks for, as any
file the user makes would (mkstemp alone would make it 0600, unreadable to a reviewing group).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from sammenspil.saves.errors import SaveFolderError


def file_mode() -> int:
    """0666 less the process's umask, read without changing it where the system allows."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return 0o666 & ~int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)  # pragma: no cover - systems without /proc
    os.umask(mask)  # pragma: no cover
    return 0o666 & ~mask  # pragma: no cover


def fsync_folder(folder: Path) -> None:
    """Make a rename or a new file in folder durable."""
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


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
            os.fchmod(handle.fileno(), file_mode())
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_folder(folder)
