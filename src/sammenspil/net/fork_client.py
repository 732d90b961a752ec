"""The serve side of the fork server: start it, ask it for apps, notice when it dies, restart it.

``ForkStarter.open`` starts ``python -m sammenspil.tui.fork_main`` (``posix_spawn``, detached:
a session of its own, no terminal) with one end of a control socket; until it reports ``Ready``
(its imports take about half a second) ``ready`` is False and the SSH front door starts apps the
plain way. ``start`` sends one request with the session's pty slave and table socket and waits
for the pid (as long as the fork server goes on answering, up to ``ANSWER_LIMIT``; silent for
``ANSWER_TIMEOUT``, it is taken for stuck); ``ForkUnavailable`` means "start it the plain way".

The apps are the fork server's children, not ours: their exit status comes in its ``Exited``
report. ``ForkedApp`` also holds a pidfd on each, so when the fork server dies (its apps go on:
each is a session of its own on a terminal the serve process holds) the end of an orphaned app
is still noticed; its status is then unknown (``pty_child.UNKNOWN_STATUS``: whoever adopted it
reaped it). A dead fork server (end of file on the control socket, or its exit) is started
again after ``RESTART_DELAYS`` (a growing pause, so one that cannot start costs little).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import logging
import os
import select
import signal
import socket
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from typing import Literal

from pydantic import ValidationError

from sammenspil.game.text import printable
from sammenspil.net import pty_child
from sammenspil.net.fork_server import (
    MAX_MESSAGE,
    BadPacket,
    Exited,
    Failed,
    Log,
    Ready,
    Started,
    StartRequest,
    WebStartRequest,
    control_pair,
    decode_report,
    encode,
)

logger = logging.getLogger(__name__)

ANSWER_TIMEOUT = 3.0
"""Seconds the fork server may stay silent while a request waits (it forks in milliseconds);
one that says nothing for longer is taken for stuck: killed, and started again. One that goes
on answering is only slow (a crowd of new apps starves it of processor time) and is waited for,
up to ``ANSWER_LIMIT``."""

ANSWER_LIMIT = 30.0
"""Seconds a request waits for its answer at most, however busy the fork server is."""

REPORT_WAIT = 1.0
"""Seconds between an app's end (its pidfd) and the fork server's report of its status."""

RESTART_DELAYS = (0.5, 1.0, 2.0, 5.0, 10.0, 30.0)
"""Pauses before each start of the fork server after it died; back to the first once one said
it was ready."""

CLOSE_WAIT = 1.0

FORK_MAIN = (sys.executable, "-m", "sammenspil.tui.fork_main")


class ForkUnavailable(Exception):
    """The fork server did not start this app: start it the plain way."""


class ForkedApp(pty_child.AppProcess):
    """An app the fork server forked: its end from the server's report, or, once the server has
    died, from a pidfd and our own ``waitpid`` (the serve process is a subreaper: the orphaned
    app became its child)."""

    def __init__(
        self, loop: asyncio.AbstractEventLoop, pid: int, on_exit: Callable[[int], None]
    ) -> None:
        super().__init__(loop, pid, on_exit)
        self.orphan = False
        self._gone = False
        self._late: asyncio.TimerHandle | None = None
        self._deadline = 0.0
        self._pidfd: int | None = None
        try:
            self._pidfd = os.pidfd_open(pid)
        except OSError:  # already ended and reaped: the report is on its way
            self._gone = True
            self._late = loop.call_later(REPORT_WAIT, self._finish, pty_child.UNKNOWN_STATUS)
        else:
            loop.add_reader(self._pidfd, self._ended)

    def exited(self, status: int) -> None:
        """The fork server reaped it."""
        self._finish(status)

    def _ended(self) -> None:
        assert self._pidfd is not None
        self._loop.remove_reader(self._pidfd)
        self._gone = True
        if self.orphan:
            self._settle()
        elif self._late is None:  # the report normally comes within milliseconds
            self._late = self._loop.call_later(REPORT_WAIT, self._finish, pty_child.UNKNOWN_STATUS)

    def orphaned(self) -> None:
        """The fork server has died: the pidfd tells of the end, ``waitpid`` the status."""
        self.orphan = True
        if not self.alive:
            return
        if self._pidfd is not None and not self._gone:
            if not select.select([self._pidfd], [], [], 0)[0]:
                return  # still running: ``_ended`` follows
            self._loop.remove_reader(self._pidfd)
            self._gone = True
        self._settle()

    def _settle(self) -> None:
        """Reap the ended orphan once it is ours (it is re-parented as its parent exits), or
        give up after ``REPORT_WAIT``: its status is then unknown."""
        self._late = None
        if not self._deadline:
            self._deadline = time.monotonic() + REPORT_WAIT
        try:
            pid, status = os.waitpid(self.pid, os.WNOHANG)
        except ChildProcessError:  # not (yet) ours
            pid, status = 0, pty_child.UNKNOWN_STATUS
        if pid or time.monotonic() > self._deadline:
            self._finish(status)
        else:
            self._late = self._loop.call_later(0.02, self._settle)

    def send(self, signum: int) -> None:
        if not self._gone:  # once it has ended its pid may be someone else's
            super().send(signum)

    def _closed(self) -> None:
        if self._late is not None:
            self._late.cancel()
            self._late = None
        if self._pidfd is not None:
            if not self._gone:
                self._loop.remove_reader(self._pidfd)
            os.close(self._pidfd)
            self._pidfd = None


PR_SET_CHILD_SUBREAPER = 36


def become_subreaper() -> bool:
    """Make this process adopt its descendants' orphans (Linux ``prctl``), so an app whose fork
    server died is reaped here with its real status; False where that is not possible."""
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)) == 0
    except (OSError, AttributeError):
        return False


class ForkStarter:
    """The fork server as the serve process uses it (see the module's docstring)."""

    def __init__(
        self,
        env: Mapping[str, str],
        *,
        argv: Sequence[str] = FORK_MAIN,
        answer_timeout: float = ANSWER_TIMEOUT,
        restart_delays: Sequence[float] = RESTART_DELAYS,
    ) -> None:
        self.env = dict(env)
        self.argv = list(argv)
        self.answer_timeout = answer_timeout
        self.restart_delays = tuple(restart_delays)
        self.ready = False
        self.pid: int | None = None
        self.starts = 0
        """How many times the fork server was started (1 until it first dies)."""
        self.apps: dict[int, ForkedApp] = {}
        self._loop: asyncio.AbstractEventLoop | None = None
        self._control: socket.socket | None = None
        self._server: pty_child.Reaper | None = None
        self._pending: dict[int, asyncio.Future[int]] = {}
        self._unwatched: dict[int, int | None] = {}
        """Apps started but not yet watched: their status, if it came first (else None)."""
        self._ids = itertools.count(1)
        self._failures = 0
        self._restart: asyncio.TimerHandle | None = None
        self._launched = 0.0
        self._heard_at = 0.0
        """When the fork server last said anything (``time.monotonic``)."""
        self._closing = False

    # --- the fork server's life -----------------------------------------------------------------

    def open(self) -> None:
        """Start the fork server (from the event loop); ``ready`` once it says so."""
        self._loop = asyncio.get_running_loop()
        if not become_subreaper():
            logger.info("not a subreaper: an app outliving its fork server ends with status 255")
        self._launch()

    def _launch(self) -> None:
        self._restart = None
        if self._closing:
            return
        assert self._loop is not None
        ours, theirs = control_pair()
        try:
            pid = pty_child.spawn(
                [*self.argv, "--control", "3"], self.env, fd3=theirs.fileno(), detached=True
            )
        except OSError as exc:
            ours.close()
            logger.warning("the fork server cannot start: %s", exc.strerror or exc)
            self._again()
            return
        finally:
            theirs.close()
        self.starts += 1
        self.pid = pid
        self._launched = time.monotonic()
        ours.setblocking(False)
        self._control = ours
        self._loop.add_reader(ours, self._readable)
        self._server = pty_child.Reaper(self._loop, pid, lambda status: self._lost(ours, status))

    def _lost(self, control: socket.socket, status: int | None = None) -> None:
        """The fork server behind ``control`` is gone (or stuck): forget it, start another."""
        if control is self._control:
            assert self._loop is not None
            self._loop.remove_reader(control)
            control.close()
            self._control = None
            self.ready = False
            for future in self._pending.values():
                if not future.done():
                    future.set_exception(ForkUnavailable("the fork server has gone"))
            self._pending.clear()
            for app in list(self.apps.values()):
                app.orphaned()
            self.apps.clear()
            if not self._closing:
                logger.warning("the fork server has ended: new sessions start the plain way")
                if self._server is not None and self._server.alive:
                    self._server.kill_soon(signal.SIGKILL)
        if status is not None and self._server is not None and not self._server.alive:
            self._server = None
            if not self._closing and self._restart is None and self._control is None:
                self._again()

    def _again(self) -> None:
        if self._closing:
            return
        assert self._loop is not None
        delay = self.restart_delays[min(self._failures, len(self.restart_delays) - 1)]
        self._failures += 1
        self._restart = self._loop.call_later(delay, self._launch)

    async def close(self) -> None:
        """Stop the fork server (its apps go on until their sessions end them); bounded."""
        self._closing = True
        if self._restart is not None:
            self._restart.cancel()
            self._restart = None
        server = self._server
        if self._control is not None:
            self._lost(self._control)  # end of file: the fork server exits
        if server is not None and server.alive:
            with contextlib.suppress(asyncio.TimeoutError):
                async with asyncio.timeout(CLOSE_WAIT):
                    while server.alive:
                        await asyncio.sleep(0.01)
            if server.alive:
                server.send(signal.SIGKILL)
                with contextlib.suppress(asyncio.TimeoutError):
                    async with asyncio.timeout(CLOSE_WAIT):
                        while server.alive:
                            await asyncio.sleep(0.01)

    # --- reports --------------------------------------------------------------------------------

    def _readable(self) -> None:
        control = self._control
        if control is None:
            return
        while True:
            try:
                data = control.recv(MAX_MESSAGE)
            except (BlockingIOError, InterruptedError):
                return
            except OSError:
                data = b""
            if not data:
                self._lost(control)
                return
            self._heard_at = time.monotonic()
            try:
                report = decode_report(data)
            except BadPacket as exc:
                logger.warning("the fork server said something unreadable: %s", exc)
                continue
            self._heard(report)
            if control is not self._control:
                return

    def _heard(self, report: Ready | Started | Failed | Exited | Log) -> None:
        if isinstance(report, Ready):
            self.ready = True
            self._failures = 0
            took = time.monotonic() - self._launched
            logger.info("fork server ready (pid %d, %.2f s)", report.pid, took)
        elif isinstance(report, Started | Failed):
            future = self._pending.pop(report.id, None) if report.id is not None else None
            if future is None or future.done():
                if isinstance(report, Started):  # asked for by someone who stopped waiting
                    with contextlib.suppress(ProcessLookupError):
                        try:
                            os.killpg(report.pid, signal.SIGKILL)
                        except ProcessLookupError:  # not yet a session of its own
                            os.kill(report.pid, signal.SIGKILL)
                return
            if isinstance(report, Started):
                self._unwatched[report.pid] = None
                future.set_result(report.pid)
            else:
                future.set_exception(ForkUnavailable(report.error))
        elif isinstance(report, Exited):
            app = self.apps.pop(report.pid, None)
            if app is not None:
                app.exited(report.status)
            elif report.pid in self._unwatched:  # it ended before its session watched it
                self._unwatched[report.pid] = report.status
        else:
            logger.log(report.level, "fork server: %s", printable(report.message))

    # --- starting apps --------------------------------------------------------------------------

    async def start(
        self,
        *,
        kind: Literal["player", "console"],
        lang: str,
        term: str,
        colorterm: str,
        slave: int,
        sock: int,
    ) -> int:
        """The pid of a new app on ``slave`` with ``sock`` as its fd 3; ``ForkUnavailable``."""
        request = StartRequest(
            id=next(self._ids), kind=kind, lang=lang, term=term, colorterm=colorterm
        )
        return await self._ask(request, [slave, sock])

    async def start_web(
        self,
        *,
        lang: str,
        door: str,
        address: str | None,
        env: Mapping[str, str],
        stdio: int,
        stderr: int,
    ) -> int:
        """The pid of a browser tab's new app on the sockets ``stdio`` (its fds 0 and 1) and
        ``stderr``, logging in at ``door``; ``ForkUnavailable``."""
        try:
            request = WebStartRequest(
                id=next(self._ids), lang=lang, door=door, address=address, env=dict(env)
            )
        except ValidationError as exc:
            why = exc.errors()[0]["msg"]
            raise ForkUnavailable(f"not a request the fork server takes: {why}") from None
        return await self._ask(request, [stdio, stderr])

    async def _ask(self, request: StartRequest | WebStartRequest, fds: list[int]) -> int:
        """Send ``request`` with ``fds``; the new app's pid."""
        control = self._control
        if not self.ready or control is None or self._loop is None:
            raise ForkUnavailable("the fork server is not ready")
        future: asyncio.Future[int] = self._loop.create_future()
        self._pending[request.id] = future
        try:
            socket.send_fds(control, [encode(request)], fds)
        except OSError as exc:  # a full queue (the server is stuck) or a dead one
            self._pending.pop(request.id, None)
            raise ForkUnavailable(f"the request could not be sent: {exc}") from None
        try:
            return await self._answer(future)
        except TimeoutError:
            self._pending.pop(request.id, None)
            silent = time.monotonic() - self._heard_at >= self.answer_timeout
            if self._control is control and silent:
                logger.warning("the fork server did not answer in time: it is started again")
                self._lost(control)
            raise ForkUnavailable("no answer") from None

    async def _answer(self, future: asyncio.Future[int]) -> int:
        """The pid, when it comes: ``TimeoutError`` once the fork server has been silent for
        ``answer_timeout`` or the request has waited ``ANSWER_LIMIT``."""
        asked = time.monotonic()
        while True:
            now = time.monotonic()
            silent = now - max(self._heard_at, asked)
            left = min(self.answer_timeout - silent, asked + ANSWER_LIMIT - now)
            if left <= 0:
                raise TimeoutError
            try:
                async with asyncio.timeout(left):
                    return await asyncio.shield(future)
            except TimeoutError:
                continue  # it may have said something meanwhile: look again

    def watch(self, pid: int, on_exit: Callable[[int], None]) -> ForkedApp:
        """Follow the app ``pid`` (from ``start``) until it ends; ``on_exit`` gets its status."""
        assert self._loop is not None
        app = ForkedApp(self._loop, pid, on_exit)
        early = self._unwatched.pop(pid, None)
        if early is not None:
            self._loop.call_soon(app.exited, early)
        elif self._control is None:  # the server died between the answer and now
            app.orphaned()
        else:
            self.apps[pid] = app
        return app
