"""Reading a user's file without trusting it to be a file.

A deck or a save is named by a user, a trainer or a folder listing, so the path may be a device
(``/dev/zero`` reports size 0 and never ends), a FIFO (which blocks until someone writes) or a
link to either. ``read_limited`` opens only regular files, without blocking, and reads at most
``limit + 1`` bytes, so the worst a path can cost is the limit.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


class UnreadableFile(Exception):
    """Why a path cannot be read as a file, in a few words meant to follow the path."""


def read_limited(path: Path, limit: int, *, what: str = "file") -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is UnreadableFile."""
    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise UnreadableFile("no such file") from None
    except IsADirectoryError:
        raise UnreadableFile(f"is a folder, not a {what}") from None
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from None
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise UnreadableFile(f"is a folder, not a {what}")
        if not stat.S_ISREG(mode):
            raise UnreadableFile(f"is {_kind(mode)}, not a {what}")
        chunks: list[bytes] = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
    except OSError as exc:
        raise UnreadableFile(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > limit:
        raise UnreadableFile(f"is larger than {limit:,} bytes; a {what} is at most that")
    return data


def _kind(mode: int) -> str:
    if stat.S_ISCHR(mode):
        return "a device"
    if stat.S_ISBLK(mode):
        return "a block device"
    if stat.S_ISFIFO(mode):
        return "a pipe"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"
