"""The web door: where the browser visitors' apps reach the table server, after a login.

textual-serve runs one app process per browser tab; that process connects to this door's Unix
socket, in a folder of its own (mode 700) in the serve process's temp dir, so only processes of
the server's own user can reach it. There is no SSH identity on such a connection, so its first
line is a ``login`` (name and join code), checked with the SSH door's rules: the join code
(``join_code.matches``), the game's name rule, one live connection per name (the SSH door's
registry of live names is shared, so a name is live on one door only; ``TableServer.take_over``
lets a facilitator hand a seat to a new connection), and the failed-login limit per visitor
address (``Limits.failed_logins`` within the window, then ``lockout`` seconds). The address is
the browser's, as the web server saw its connection (``net/web_front.py`` gives it to the app
on its command line, and the app puts it in the login; only the server's own processes reach
this door, so it is believed); a login without one shares one budget with all such logins.

A good login is answered ``logged_in`` and the connection is served by
``TableServer.serve_connection`` as an SSH player's; a bad one gets an ``error`` with the line
the visitor reads, and another try, up to ``MAX_TRIES`` on one connection.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
import shutil
import tempfile
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sammenspil.game.text import name_problem, printable
from sammenspil.host.principal import Principal
from sammenspil.i18n import t
from sammenspil.net import join_code
from sammenspil.net.limits import Limits
from sammenspil.net.protocol import (
    LOGIN_LINE,
    MAX_LINE,
    Error,
    LoggedIn,
    ProtocolError,
    decode_login,
    encode,
)
from sammenspil.net.ssh_front import LiveSession
from sammenspil.net.table_server import TableServer

logger = logging.getLogger(__name__)

MAX_TRIES = 10
"""Logins one connection may try before the door closes it (the visitor reloads the page)."""

LOGIN_WAIT = 900.0
"""Seconds the door waits for a login line: a person is typing a name and a code."""

SOCKET_NAME = "door.sock"

SHARED = "(unknown address)"
"""The budget of wrong codes for logins that name no address."""


@dataclass
class _Budget:
    """Wrong codes from one visitor address lately, and until when it is locked out."""

    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


class _WebSession:
    """One logged-in web connection, as the registry of live names holds it."""

    def __init__(self, task: asyncio.Task[object] | None) -> None:
        self.task = task
        self.open = True

    @property
    def connected(self) -> bool:
        return self.open

    def end(self, reason: str) -> None:
        """Taken over (or the server stops): the table connection ends, its app says so."""
        logger.info("web connection ended: %s", printable(reason))
        self.open = False
        if self.task is not None:
            self.task.cancel()


class WebDoor:
    """A Unix socket for the browser visitors' apps; ``start`` listens, ``close`` ends it all."""

    def __init__(
        self,
        table_server: TableServer,
        *,
        code: str,
        live: dict[str, LiveSession] | None = None,
        limits: Limits | None = None,
        language: str = "en",
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.table_server = table_server
        self.code = code
        self.live: dict[str, LiveSession] = live if live is not None else {}
        self.limits = limits or Limits()
        self.language = language
        self.clock = clock
        self.folder: Path | None = None
        self._server: asyncio.Server | None = None
        self._budgets: dict[str, _Budget] = {}
        self._tasks: set[asyncio.Task[None]] = set()

    @property
    def path(self) -> Path:
        """The socket's path, for the visitors' apps (``--door``)."""
        assert self.folder is not None
        return self.folder / SOCKET_NAME

    async def start(self, parent: Path | None = None) -> Path:
        """Listen in a new private folder (in ``parent``, else the temp dir); the socket's path."""
        self.folder = Path(tempfile.mkdtemp(prefix="sammenspil-web-", dir=parent))  # mode 700
        self._server = await asyncio.start_unix_server(
            self._connected, path=str(self.path), limit=MAX_LINE
        )
        return self.path

    async def close(self, timeout: float = 2.0) -> None:
        """Stop listening, end every connection (bounded wait), and remove the folder."""
        if self._server is not None:
            self._server.close()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait(set(self._tasks), timeout=timeout)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)

    # --- the budget of wrong codes --------------------------------------------------------------

    def refusal(self, address: str | None = None) -> str | None:
        """Why no login may be tried now from ``address`` (None: unknown), or None."""
        self._forget(self.clock())
        budget = self._budgets.get(address or SHARED)
        wait = budget.locked_until - self.clock() if budget is not None else 0.0
        if wait > 0:
            return t(self.language, "web.locked_out", seconds=math.ceil(wait))
        return None

    def failed(self, address: str | None = None) -> None:
        """A wrong join code from ``address``; enough within the window lock it out."""
        now = self.clock()
        self._forget(now)
        budget = self._budgets.setdefault(address or SHARED, _Budget())
        budget.failures.append(now)
        if len(budget.failures) >= self.limits.failed_logins:
            budget.locked_until = now + self.limits.lockout
            budget.failures.clear()
            logger.warning("web door: %s locked out after too many wrong join codes", address)

    def _forget(self, now: float) -> None:
        """Old failures and ended lockouts go: many addresses leave nothing behind."""
        window = now - self.limits.failed_login_window
        for key, budget in list(self._budgets.items()):
            while budget.failures and budget.failures[0] <= window:
                budget.failures.popleft()
            if not budget.failures and budget.locked_until <= now:
                del self._budgets[key]

    def check(self, name: str, code: str, address: str | None = None) -> str | None:
        """Why this login is refused (one line for the visitor), or None: it may go on."""
        lang = self.language
        refusal = self.refusal(address)
        if refusal is not None:
            return refusal
        if not join_code.matches(self.code, code):
            self.failed(address)
            logger.info("wrong join code at the web door")
            return t(lang, "web.wrong_code")
        problem = name_problem(name, language=lang)
        if problem is not None:
            return t(lang, "web.bad_name", name=printable(name), problem=problem)
        old = self.live.get(name)
        if old is not None and old.connected:
            if not self.table_server.take_over(name):
                return t(lang, "web.name_live", name=printable(name))
            logger.info("%s: the seat is taken over by a web connection", printable(name))
            old.end(t(lang, "ssh.taken_over"))
        return None

    # --- one connection -------------------------------------------------------------------------

    def _connected(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.get_running_loop().create_task(self._serve(reader, writer))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        session = _WebSession(asyncio.current_task())
        name: str | None = None
        try:
            with contextlib.suppress(ConnectionError, asyncio.IncompleteReadError, TimeoutError):
                name = await self._login(reader, writer, session)
            if name is None:
                writer.close()
                return
            logger.info("%s logged in at the web door", printable(name))
            await self.table_server.serve_connection(reader, writer, Principal(name=name))
        except asyncio.CancelledError:
            writer.close()
            if session.open or name is None:  # the server stops; not a take-over
                raise
        finally:
            session.open = False
            if name is not None and self.live.get(name) is session:
                del self.live[name]

    async def _login(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, session: _WebSession
    ) -> str | None:
        """The name that logged in on this connection (``session`` holds it now), or None when
        the visitor gave up or misbehaved."""
        for _ in range(MAX_TRIES):
            async with asyncio.timeout(LOGIN_WAIT):
                line = await _read_line(reader)
            if line is None:
                return None
            try:
                login = decode_login(line)
            except ProtocolError as exc:
                await _say(writer, Error(message=f"not a login: {exc}"))
                return None
            refusal = self.check(login.name, login.code, login.address)
            if refusal is None:
                self.live[login.name] = session  # before any await: no second login slips in
                await _say(writer, LoggedIn(name=login.name))
                return login.name
            await _say(writer, Error(message=printable(refusal)))
        await _say(writer, Error(message=t(self.language, "web.too_many_tries")))
        return None


async def _read_line(reader: asyncio.StreamReader) -> bytes | None:
    """One line of at most ``LOGIN_LINE`` bytes; None at the end or for a longer one."""
    try:
        line = await reader.readuntil(b"\n")
    except asyncio.IncompleteReadError:
        return None
    except asyncio.LimitOverrunError:
        return None
    return line if len(line) <= LOGIN_LINE else None


async def _say(writer: asyncio.StreamWriter, message: LoggedIn | Error) -> None:
    writer.write(encode(message))
    await writer.drain()
