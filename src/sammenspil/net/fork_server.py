"""The fork server: one warm process that forks a player's app per session (issue 13).

Starting a fresh Python per SSH session costs about 0.3 s of CPU, mostly importing Textual and
pydantic; a process that has imported everything once and forks per session starts an app in
a few tens of milliseconds, and the children share the imported code's memory. The serve process
itself never forks (it has an event loop and threads): it starts this one (``tui/fork_main.py``,
which imports the apps and calls ``serve`` here), and asks it for apps over a Unix socket.

The control socket is a ``SOCK_SEQPACKET`` pair, so every message is one packet, read whole or
cut by the kernel at ``MAX_MESSAGE`` bytes (a cut one is refused): no read here is unbounded. A
request is a ``StartRequest`` in JSON with two descriptors attached (SCM_RIGHTS): the session's
pty slave and its end of the table socket. The server answers ``Started`` (the child's pid) or
``Failed``, later ``Exited`` with the wait status once it has reaped that child, and sends its
log lines as ``Log`` (it has no terminal of its own to write them on).

A browser tab's app has no terminal: textual-serve talks to it over its stdin and stdout. Its
request is a ``WebStartRequest`` with two sockets attached: one for fds 0 and 1 (the web driver's
packets both ways), one for fd 2; the child is a session of its own without a controlling
terminal, with the web driver's settings (``WEB_ENV``) in its environment.

Each child becomes the app exactly as a plainly started one (``pty_child.spawn``) would: a new
session with the slave as its controlling terminal and as fds 0, 1 and 2, the table socket as
fd 3, every other descriptor of this process closed, the signals ``pty_child.RESET_SIGNALS``
back to default with an empty mask, no log handler, the environment's ``TERM``/``COLORTERM``
the session's and no ``COLUMNS``/``LINES``. It runs the app and ends with ``os._exit``: it never
returns into this process's loop. This process has no thread and no event loop when it forks
(checked before every fork: a request that finds a thread is refused, and the serve side starts
that app the plain way).

This module knows nothing of the apps: ``serve`` is given a function that runs one.
"""

from __future__ import annotations

import contextlib
import fcntl
import gc
import io
import json
import logging
import os
import select
import signal
import socket
import sys
import termios
import threading
import time
from collections.abc import Callable
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError, field_validator

from sammenspil.game.text import printable
from sammenspil.net.pty_child import DROPPED_ENV, RESET_SIGNALS

MAX_MESSAGE = 4096
"""The longest packet either side reads: a request or a report is a few hundred bytes."""

DESCRIPTORS = 2
"""A request carries exactly two: the pty slave, then the table socket (a browser tab's: its
stdin/stdout socket, then its stderr socket)."""

KINDS = ("player", "console")
"""The apps a child may become: the player's app, the facilitator console."""


class _Message(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class StartRequest(_Message):
    """Start one app on the descriptors sent with this packet."""

    type: Literal["start"] = "start"
    id: int = Field(ge=0)
    kind: Literal["player", "console"]
    lang: str = Field(pattern=r"^[a-z]{2}$")
    term: str = Field(pattern=r"^[A-Za-z0-9._+-]{1,64}$")
    colorterm: str = Field(pattern=r"^[a-z0-9-]{0,24}$")


WEB_ENV = frozenset(
    {
        "TEXTUAL_DRIVER",
        "TEXTUAL_FPS",
        "TEXTUAL_COLOR_SYSTEM",
        "TERM_PROGRAM",
        "TERM_PROGRAM_VERSION",
        "COLUMNS",
        "ROWS",
    }
)
"""The variables textual-serve sets for a tab's app (the driver, its size): all a web child may
be given; the rest of its environment is the fork server's."""

_ENV_VALUE = r"^[A-Za-z0-9._:+-]{0,100}$"


class WebStartRequest(_Message):
    """Start a browser tab's app (``python -m sammenspil.tui.web_main``'s) on the two sockets
    sent with this packet: stdin and stdout, then stderr."""

    type: Literal["start_web"] = "start_web"
    id: int = Field(ge=0)
    lang: str = Field(pattern=r"^[a-z]{2}$")
    door: str = Field(min_length=1, max_length=1024)
    """The web door's socket: the app logs in there."""
    address: str | None = Field(default=None, pattern=r"^[0-9A-Fa-f:.]{2,45}$")
    """The browser's address, for the door's failed-login limit."""
    env: dict[str, Annotated[str, Field(pattern=_ENV_VALUE)]]

    @field_validator("door")
    @classmethod
    def _printable(cls, door: str) -> str:
        if printable(door) != door or "\x00" in door:
            raise ValueError("the door's path holds a control character")
        return door

    @field_validator("env")
    @classmethod
    def _web_only(cls, env: dict[str, str]) -> dict[str, str]:
        other = sorted(set(env) - WEB_ENV)
        if other:
            raise ValueError(f"not a web driver setting: {printable(other[0])[:40]}")
        return env


Request = Annotated[StartRequest | WebStartRequest, Field(discriminator="type")]
REQUESTS: TypeAdapter[StartRequest | WebStartRequest] = TypeAdapter(Request)


class Ready(_Message):
    """Everything is imported: requests are served from now on."""

    type: Literal["ready"] = "ready"
    pid: int
    seconds: float


class Started(_Message):
    type: Literal["started"] = "started"
    id: int
    pid: int


class Failed(_Message):
    """The request ``id`` started nothing (None: a request whose id could not be read)."""

    type: Literal["failed"] = "failed"
    id: int | None
    error: str = Field(max_length=300)


class Exited(_Message):
    """A child has ended and been reaped; ``status`` is its wait status."""

    type: Literal["exited"] = "exited"
    pid: int
    status: int


class Log(_Message):
    type: Literal["log"] = "log"
    level: int
    message: str = Field(max_length=1000)


Report = Annotated[Ready | Started | Failed | Exited | Log, Field(discriminator="type")]
REPORTS: TypeAdapter[Ready | Started | Failed | Exited | Log] = TypeAdapter(Report)


def encode(message: _Message) -> bytes:
    return message.model_dump_json().encode()


class BadPacket(Exception):
    """A packet that is not a message of this protocol; the text says what is wrong with it."""


_TAGS = frozenset(
    m.model_fields["type"].default
    for m in (StartRequest, WebStartRequest, Ready, Started, Failed, Exited, Log)
)
"""The ``type`` of each message: pydantic names the member of a tagged union by it."""


def decode_report(data: bytes) -> Ready | Started | Failed | Exited | Log:
    """A report from the fork server; ``BadPacket`` if it is none."""
    try:
        return REPORTS.validate_json(data)
    except ValidationError as exc:
        raise BadPacket(_first_error(exc)) from None


def _first_error(exc: ValidationError) -> str:
    error = exc.errors()[0]
    loc = error["loc"]
    if len(loc) > 1 and loc[0] in _TAGS:  # the union's tag: the message's own type says it
        loc = loc[1:]
    where = ".".join(str(part) for part in loc)
    return printable(f"{where}: {error['msg']}" if where else error["msg"])[:200]


def control_pair() -> tuple[socket.socket, socket.socket]:
    """The serve side's end and the fork server's end of a new control socket."""
    return socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)


# --- the fork server's loop ---------------------------------------------------------------------

RunApp = Callable[[StartRequest | WebStartRequest], int]
"""Runs one app in the child (its terminal and socket in place); its exit status."""


class _ReportHandler(logging.Handler):
    """This process's log lines, sent to the serve process (which logs them as its own)."""

    def __init__(self, control: socket.socket) -> None:
        super().__init__()
        self.control = control

    def emit(self, record: logging.LogRecord) -> None:
        with contextlib.suppress(OSError, ValueError):
            text = printable(record.getMessage())[:1000]
            self.control.send(encode(Log(level=record.levelno, message=text)))


logger = logging.getLogger(__name__)


class ForkServer:
    """Serves start requests from ``control`` until it closes; forks ``run`` per request."""

    def __init__(self, control: socket.socket, run: RunApp) -> None:
        self.control = control
        self.run = run
        self.children: set[int] = set()
        self._wake_r, self._wake_w = os.pipe()
        for fd in (self._wake_r, self._wake_w):
            os.set_blocking(fd, False)

    def announce(self, seconds: float) -> None:
        self._send(Ready(pid=os.getpid(), seconds=round(seconds, 3)))

    def serve(self) -> None:
        """Until the serve side closes the control socket (or it breaks)."""
        signal.signal(signal.SIGCHLD, lambda signum, frame: None)
        old_wakeup = signal.set_wakeup_fd(self._wake_w)
        poller = select.poll()
        poller.register(self.control, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        try:
            while True:
                try:
                    events = poller.poll()
                except InterruptedError:  # pragma: no cover - PEP 475 retries it
                    continue
                for fd, _ in events:
                    if fd == self._wake_r:
                        with contextlib.suppress(OSError):
                            while os.read(self._wake_r, 512):
                                pass
                        self.reap()
                    elif not self.receive():
                        return
        finally:
            signal.set_wakeup_fd(old_wakeup)
            self.reap()

    def receive(self) -> bool:
        """Handle one packet; False when the control socket has closed."""
        try:
            data, fds, flags, _ = socket.recv_fds(self.control, MAX_MESSAGE, DESCRIPTORS)
        except (BlockingIOError, InterruptedError):
            return True
        except OSError as exc:
            logger.warning("fork server: the control socket failed: %s", exc)
            return False
        if not data and not fds:
            return False  # the serve process closed its end (or ended)
        try:
            self._handle(data, fds, flags)
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
        return True

    def _handle(self, data: bytes, fds: list[int], flags: int) -> None:
        request_id = _id_of(data)
        if flags & socket.MSG_TRUNC:
            self._refuse(request_id, f"a request longer than {MAX_MESSAGE} bytes")
            return
        try:
            request = REQUESTS.validate_json(data)
        except ValidationError as exc:
            self._refuse(request_id, f"a bad request: {_first_error(exc)}")
            return
        if flags & socket.MSG_CTRUNC or len(fds) != DESCRIPTORS:
            self._refuse(request.id, f"a request with {len(fds)} descriptors, not {DESCRIPTORS}")
            return
        first, sock = fds
        if isinstance(request, WebStartRequest):
            if not _is_socket(first) or not _is_socket(sock):
                self._refuse(request.id, "a web request whose descriptors are not two sockets")
                return
        elif not os.isatty(first) or not _is_socket(sock):
            self._refuse(request.id, "a request whose descriptors are not a terminal and a socket")
            return
        if threading.active_count() != 1:  # a fork would copy a lock some thread holds
            self._refuse(request.id, f"{threading.active_count()} threads are running")
            return
        try:
            pid = self._fork(request, first, sock)
        except OSError as exc:
            self._refuse(request.id, f"fork failed: {exc.strerror or exc}")
            return
        self.children.add(pid)
        self._send(Started(id=request.id, pid=pid))

    def _refuse(self, request_id: int | None, why: str) -> None:
        logger.warning("fork server: %s (request %s): refused", why, request_id)
        self._send(Failed(id=request_id, error=why[:300]))

    def _send(self, message: _Message) -> None:
        with contextlib.suppress(OSError):
            self.control.send(encode(message))

    def reap(self) -> None:
        """Every child that has ended: reaped, and reported."""
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                self.children.clear()
                return
            if pid == 0:
                return
            self.children.discard(pid)
            self._send(Exited(pid=pid, status=status))

    def _fork(self, request: StartRequest | WebStartRequest, first: int, sock: int) -> int:
        for stream in (sys.stdout, sys.stderr):  # nothing of ours may reach the player's terminal
            with contextlib.suppress(Exception):
                stream.flush()
        pid = os.fork()
        if pid:
            return pid
        status = 1
        try:
            if isinstance(request, WebStartRequest):
                become_web_app(request, first, sock, keep=(self.control,))
            else:
                become_app(request, first, sock, keep=(self.control,), pipes=(self._wake_r,))
            status = self.run(request)
        except SystemExit as exc:
            status = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        except BaseException:  # the app's own guards failed: the log, never this process's loop
            with contextlib.suppress(BaseException):
                logging.getLogger("sammenspil").exception("the forked app failed")
        finally:
            for stream in (sys.stdout, sys.stderr):
                with contextlib.suppress(BaseException):
                    stream.flush()
            os._exit(status & 0xFF)


def _leave_server(keep: tuple[socket.socket, ...]) -> None:
    """What every child lets go of first: the fork server's signals, sockets and log."""
    signal.set_wakeup_fd(-1)
    for signum in RESET_SIGNALS:
        signal.signal(signum, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, ())
    for held in keep:
        held.detach()
    logging.root.handlers.clear()  # the fork server's handler writes to its control socket
    logging.root.setLevel(logging.WARNING)
    os.setsid()


def become_app(
    request: StartRequest,
    slave: int,
    sock: int,
    *,
    keep: tuple[socket.socket, ...] = (),
    pipes: tuple[int, ...] = (),
) -> None:
    """In a new child: what ``posix_spawn`` does for a plainly started app, and a fresh stdio.

    ``keep`` are this process's socket objects: detached, so that collecting them later can
    never close whichever descriptor then has their number.
    """
    _leave_server(keep)
    high_slave = fcntl.fcntl(slave, fcntl.F_DUPFD, 10)
    high_sock = fcntl.fcntl(sock, fcntl.F_DUPFD, 10)
    for fd in range(3):
        os.dup2(high_slave, fd)
    os.dup2(high_sock, 3)
    fcntl.ioctl(0, termios.TIOCSCTTY, 0)
    os.closerange(4, os.sysconf("SC_OPEN_MAX"))
    del pipes  # closed with the rest
    for name in DROPPED_ENV:
        os.environ.pop(name, None)
    os.environ["TERM"] = request.term
    os.environ["COLORTERM"] = request.colorterm
    _fresh_stdio()


def become_web_app(
    request: WebStartRequest, stdio: int, stderr: int, *, keep: tuple[socket.socket, ...] = ()
) -> None:
    """In a new child: what textual-serve's subprocess start gives a tab's app (stdin and stdout
    one socket here, stderr another), in a session of its own without a terminal."""
    _leave_server(keep)
    high_stdio = fcntl.fcntl(stdio, fcntl.F_DUPFD, 10)
    high_stderr = fcntl.fcntl(stderr, fcntl.F_DUPFD, 10)
    os.dup2(high_stdio, 0)
    os.dup2(high_stdio, 1)
    os.dup2(high_stderr, 2)
    os.closerange(3, os.sysconf("SC_OPEN_MAX"))
    for name in DROPPED_ENV:
        os.environ.pop(name, None)
    os.environ.update(request.env)
    _fresh_stdio()


def _fresh_stdio() -> None:
    """New ``sys.std*`` on fds 0-2, as a fresh interpreter makes them for a terminal (the old
    ones were made for the fork server's /dev/null, block-buffered)."""
    for fd, name in enumerate(("stdin", "stdout", "stderr")):
        was = getattr(sys, f"__{name}__", None)
        raw = io.FileIO(fd, "rb" if fd == 0 else "wb", closefd=False)
        buffered = io.BufferedReader(raw) if fd == 0 else io.BufferedWriter(raw)
        stream = io.TextIOWrapper(
            buffered,
            encoding=getattr(was, "encoding", None) or "utf-8",
            errors=getattr(was, "errors", None) or "strict",
            line_buffering=fd != 0,
        )
        setattr(sys, name, stream)
        setattr(sys, f"__{name}__", stream)


def _is_socket(fd: int) -> bool:
    try:
        probe = socket.socket(fileno=fd)
    except OSError:
        return False
    probe.detach()
    return True


def _id_of(data: bytes) -> int | None:
    """The id of a request that cannot be read otherwise, so its sender need not wait."""
    with contextlib.suppress(ValueError, TypeError, UnicodeDecodeError, RecursionError):
        value = json.loads(data.decode())
        found = value.get("id") if isinstance(value, dict) else None
        if isinstance(found, int) and not isinstance(found, bool) and found >= 0:
            return found
    return None


def serve(control_fd: int, run: RunApp, *, preload: Callable[[], None], started: float) -> int:
    """The fork server's life: import (``preload``), announce, serve; its exit status.

    ``started`` is when the process began (``time.monotonic``), for the ready report. A preload
    that fails is one log line and exit 1: the serve side starts its apps the plain way.
    """
    control = socket.socket(fileno=control_fd)
    root = logging.getLogger()
    root.addHandler(_ReportHandler(control))
    root.setLevel(logging.INFO)
    try:
        preload()
    except Exception as exc:
        logger.error("the fork server cannot import the apps: %r", exc)
        return 1
    gc.collect()
    gc.freeze()  # what is imported stays out of the collector's reach: shared with the children
    server = ForkServer(control, run)
    server.announce(time.monotonic() - started)
    server.serve()
    return 0
