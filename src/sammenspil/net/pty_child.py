"""A program on a pseudo-terminal of its own, with a socket as its fd 3: one player's app.

Textual's driver is process-global (it reads stdin, draws on stderr, handles SIGWINCH for the
whole process), so every SSH session runs its app in a process of its own (see
shared/notes/ssh-bridge.md). The child is started with ``posix_spawn`` (no Python code runs
between fork and exec, so the server's threads cannot leave it a held lock): a new session, the
pty slave opened as fd 0 (which, in a session leader without one, makes it the controlling
terminal: window-size changes then send SIGWINCH), fds 1 and 2 the same terminal, the socket as
fd 3, every signal a server may have ignored back to its default, an empty signal mask.

The parent keeps the master, non-blocking, and pumps it from the event loop; it learns of the
child's exit from a pidfd, so no thread waits per session. ``hang_up`` ends the child within
``KILL_AFTER`` seconds: SIGHUP to its session first (what a terminal closing sends), SIGKILL if
it is still there.
"""

from __future__ import annotations

import asyncio
import contextlib
import errno
import fcntl
import os
import signal
import struct
import termios
from collections.abc import Callable, Mapping, Sequence

KILL_AFTER = 0.5
"""Seconds between SIGHUP and SIGKILL; the whole hang-up stays under a second."""

READ_CHUNK = 1 << 16
MAX_TO_CHILD = 1 << 16
"""Keystrokes buffered for a child that does not read them before the sender is paused."""

RESET_SIGNALS = (
    signal.SIGHUP,
    signal.SIGINT,
    signal.SIGQUIT,
    signal.SIGTERM,
    signal.SIGPIPE,
    signal.SIGWINCH,
    signal.SIGCHLD,
    signal.SIGTSTP,
    signal.SIGTTIN,
    signal.SIGTTOU,
    signal.SIGUSR1,
    signal.SIGUSR2,
    signal.SIGALRM,
)
"""Signals set back to their default in the child: ignored ones would survive the exec."""

DROPPED_ENV = ("COLUMNS", "LINES", "TERM", "COLORTERM")
"""COLUMNS/LINES would freeze the child's layout at the server's size; TERM comes from the pty."""


def spawn(
    argv: Sequence[str],
    env: Mapping[str, str],
    *,
    fd3: int,
    tty: str | None = None,
    detached: bool = False,
) -> int:
    """Start ``argv`` with ``fd3`` as its fd 3; on the terminal ``tty`` in a session of its own,
    or (``tty`` None) on this process's own terminal and session, or (``detached``) in a
    session of its own with no terminal at all (fds 0-2 on /dev/null: a helper such as the fork
    server, which ctrl+c on the server's terminal must not reach). Returns the pid.

    ``OSError`` if the program cannot be started.
    """
    moved = None
    if fd3 <= 3:  # dup2 onto itself would leave close-on-exec set
        moved = fd3 = os.dup(fd3)
    try:
        actions: list[tuple[int, ...] | tuple[int, int, str, int, int]] = [
            (os.POSIX_SPAWN_DUP2, fd3, 3)
        ]
        terminal = os.devnull if detached else tty
        if terminal is not None:
            actions += [
                (os.POSIX_SPAWN_OPEN, 0, terminal, os.O_RDWR, 0),
                (os.POSIX_SPAWN_DUP2, 0, 1),
                (os.POSIX_SPAWN_DUP2, 0, 2),
            ]
        return os.posix_spawn(
            argv[0],
            list(argv),
            dict(env),
            file_actions=actions,
            setsid=terminal is not None,
            setsigdef=RESET_SIGNALS,
            setsigmask=(),
        )
    finally:
        if moved is not None:
            os.close(moved)


def exit_code(status: int) -> int:
    """A wait status as a shell shows it: the exit code, or 128 + the signal that ended it."""
    code = os.waitstatus_to_exitcode(status)
    return code if code >= 0 else 128 - code


def set_size(fd: int, columns: int, rows: int) -> None:
    """Tell the terminal its size (rows first in the struct); the kernel sends SIGWINCH."""
    rows, columns = max(1, min(rows, 0xFFFF)), max(1, min(columns, 0xFFFF))
    with contextlib.suppress(OSError):
        fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))


UNKNOWN_STATUS = 255 << 8
"""The wait status of a process that ended where nobody could tell how (exit code 255)."""


class AppProcess:
    """A session's app as its session sees it: alive until its end is known, and a hang-up.

    ``kill_soon`` is the hang-up: SIGHUP to the app's process group now, SIGKILL after
    ``KILL_AFTER`` unless it has gone. Subclasses learn of the end and call ``_finish``.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, pid: int, on_exit: Callable[[int], None]
    ) -> None:
        self._loop = loop
        self.pid = pid
        self.status: int | None = None
        self._on_exit = on_exit
        self._killer: asyncio.TimerHandle | None = None

    @property
    def alive(self) -> bool:
        return self.status is None

    def _finish(self, status: int) -> None:
        if not self.alive:
            return
        self.status = status
        if self._killer is not None:
            self._killer.cancel()
        self._closed()
        self._on_exit(status)

    def _closed(self) -> None:
        """Let go of what watched the process (it has ended)."""

    def send(self, signum: int) -> None:
        """Send ``signum`` to the child's process group (its own, as a session leader)."""
        if not self.alive:
            return
        with contextlib.suppress(ProcessLookupError, PermissionError):
            try:
                os.killpg(self.pid, signum)
            except ProcessLookupError:  # not a group leader (yet): the process itself
                os.kill(self.pid, signum)

    def kill_soon(self, first: int = signal.SIGHUP) -> None:
        if not self.alive or self._killer is not None:
            return
        self.send(first)
        self._killer = self._loop.call_later(KILL_AFTER, self.send, signal.SIGKILL)


class Reaper(AppProcess):
    """Waits for one child of this process from the event loop (a pidfd) and calls ``on_exit``
    with its status. The pidfd is closed once the child is reaped.
    """

    def __init__(
        self, loop: asyncio.AbstractEventLoop, pid: int, on_exit: Callable[[int], None]
    ) -> None:
        super().__init__(loop, pid, on_exit)
        self._poller: asyncio.TimerHandle | None = None
        self._pidfd: int | None = None
        try:
            self._pidfd = os.pidfd_open(pid)
        except (OSError, AttributeError):  # an old kernel: look ten times a second instead
            self._poller = loop.call_later(0.1, self._poll)
        else:
            loop.add_reader(self._pidfd, self._reap)

    def _poll(self) -> None:
        self._poller = None
        self._reap()
        if self.alive:
            self._poller = self._loop.call_later(0.1, self._poll)

    def _reap(self) -> None:
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # someone else reaped it: all we know is that it is gone
            pid, status = self.pid, UNKNOWN_STATUS
        if pid == 0:
            return
        self._finish(status)

    def _closed(self) -> None:
        if self._pidfd is not None:
            self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None
        if self._poller is not None:
            self._poller.cancel()
            self._poller = None


class PtyPump:
    """The master side of a pty: bytes from the child to ``on_output``, bytes to it by ``write``.

    Both directions are flow-controlled: ``pause_output`` stops reading the child (the SSH
    channel is full); ``write`` returns False once ``MAX_TO_CHILD`` bytes wait for a child that
    does not read, and ``on_drained`` is called when they have gone. ``on_closed`` is called once,
    when the child side of the terminal is gone (read returns EIO or end of file).
    """

    def __init__(
        self,
        loop: asyncio.AbstractEventLoop,
        master: int,
        *,
        on_output: Callable[[bytes], None],
        on_closed: Callable[[], None],
        on_drained: Callable[[], None],
    ) -> None:
        self._loop = loop
        self.master: int | None = master
        self._on_output = on_output
        self._on_closed = on_closed
        self._on_drained = on_drained
        self._pending = bytearray()
        self._reading = False
        self._writing = False
        os.set_blocking(master, False)
        self.resume_output()

    def resume_output(self) -> None:
        if self.master is not None and not self._reading:
            self._loop.add_reader(self.master, self._readable)
            self._reading = True

    def pause_output(self) -> None:
        if self.master is not None and self._reading:
            self._loop.remove_reader(self.master)
            self._reading = False

    def drain_output(self) -> None:
        """Read what the child has written so far (it has exited) without waiting for more."""
        while self.master is not None:
            if not self._read_once():
                return

    def _readable(self) -> None:
        self._read_once()

    def _read_once(self) -> bool:
        assert self.master is not None
        try:
            data = os.read(self.master, READ_CHUNK)
        except BlockingIOError:
            return False
        except OSError as exc:
            if exc.errno not in (errno.EIO, errno.EBADF):
                raise
            data = b""
        if not data:
            self.pause_output()
            self._on_closed()
            return False
        self._on_output(data)
        return True

    def write(self, data: bytes) -> bool:
        if self.master is None:
            return True
        self._pending += data
        self._flush()
        return len(self._pending) < MAX_TO_CHILD

    def _flush(self) -> None:
        if self.master is None:
            return
        while self._pending:
            try:
                sent = os.write(self.master, self._pending)
            except BlockingIOError:
                break
            except OSError:  # the child side is gone: its input no longer matters
                self._pending.clear()
                break
            del self._pending[:sent]
        if self._pending and not self._writing:
            self._loop.add_writer(self.master, self._flush)
            self._writing = True
        elif not self._pending and self._writing:
            self._loop.remove_writer(self.master)
            self._writing = False
            self._on_drained()

    def resize(self, columns: int, rows: int) -> None:
        if self.master is not None:
            set_size(self.master, columns, rows)

    def close(self) -> None:
        """Stop pumping and close the master (the child's terminal hangs up)."""
        if self.master is None:
            return
        self.pause_output()
        if self._writing:
            self._loop.remove_writer(self.master)
            self._writing = False
        os.close(self.master)
        self.master = None
