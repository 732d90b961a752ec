"""The SSH front door: who may come in, under which name, and one app per terminal session.

An asyncssh server in the serve process's event loop. A player logs in with the workshop's join
code as the password; a facilitator with a key from the authorized-keys file. The SSH user name
is the player's name, checked with the game's name rule *after* login (so only someone with the
code learns why a name is refused), and explained on the session with the command to use
instead. A name with a live session is refused unless a facilitator allowed a take-over
(``TableServer.take_over``); then the old session ends and the new one goes on.

A session with a terminal gets a socketpair: one end served by the table server as this
session's principal, the other passed as fd 3 to the app (``launcher`` gives its argv) on a pty
of its own (``pty_child``). Bytes go raw both ways, window-size changes are forwarded, and when
the connection drops the app is hung up within a second; its socket then closes and the table
server marks the seat away (presence only). When the app exits, the session ends with its exit
status. A session the server ends (a take-over, a stop, idle time: ``_Session.end``) lets its
app put the terminal back first, then says why. Everything else is refused: sessions without a
terminal (with a line), exec, subsystems (sftp), port, agent and X11 forwarding.

Limits (``Limits``) bound what one address, or everyone, can cost; see docs/server.md.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import re
import signal
import socket
import sys
import time
import unicodedata
from collections import defaultdict, deque
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol

import asyncssh

from sammenspil.game.text import name_problem, printable
from sammenspil.host.principal import Principal
from sammenspil.i18n import t
from sammenspil.net import join_code, pty_child
from sammenspil.net.limits import Limits
from sammenspil.net.table_server import TableServer

logger = logging.getLogger(__name__)

Launcher = Callable[[Principal], Sequence[str]]
"""The argv of the app a session runs for a principal; it finds the table socket on fd 3."""

ENCRYPTION_ALGS = (
    "aes128-gcm@openssh.com",
    "aes256-gcm@openssh.com",
    "aes128-ctr",
    "aes192-ctr",
    "aes256-ctr",
)
"""The ciphers offered, without asyncssh's first choice, chacha20-poly1305: asyncssh runs it in
Python around a cipher context made anew four times a packet, about 40 us a packet against 6-7 us
for AES-GCM or AES-CTR with an HMAC (measured in asyncssh's own encryption classes), and the
server encrypts every frame of every screen of a workshop. The client's order picks among these:
asyncssh's takes AES-GCM, OpenSSH's AES-CTR; the CTR ciphers are kept for clients without GCM
(PuTTY before 0.76)."""

MAC_ALGS = (
    "hmac-sha2-256-etm@openssh.com",
    "hmac-sha2-512-etm@openssh.com",
    "hmac-sha2-256",
    "hmac-sha2-512",
)
"""The MACs for the CTR ciphers (GCM has its own): SHA-2 HMACs, which hashlib computes in C
(asyncssh's UMAC, OpenSSH's first choice, took about 11 us a packet against 7)."""

KEEPALIVE_INTERVAL = 30
"""Seconds of silence before the server asks a client whether it is still there (3 tries):
a laptop closed mid-round frees its seat's connection within about two minutes."""

DEFAULT_TERM = "xterm-256color"
DEFAULT_COLORTERM = "truecolor"
TERMINAL_RESET = (
    b"\x1b[?1049l\x1b[?25h\x1b[?1000l\x1b[?1002l\x1b[?1003l\x1b[?1015l\x1b[?1006l"
    b"\x1b[?1004l\x1b[?2004l\x1b[?2048l\x1b[<u\x1b[?7h\r\n"
)
"""What a full-screen app (Textual's driver) turns on and turns off on a clean exit: the
session sends it itself when the app could not (it was killed, or ended before it ran)."""
END_GRACE = 1.0
"""Seconds an app the server ends (SIGTERM) has to quit and put its terminal back before it is
hung up like a dropped one; a Textual app takes well under 0.2 s."""
CLOSE_GRACE = 0.5
"""Seconds a client has, once its session is closed, to close the connection itself before the
server does: OpenSSH drops what it has not yet written to the terminal when the server
disconnects first, the restored screen and the reason with it."""
_COLORTERM = re.compile(r"[a-z0-9-]{1,24}")


def default_launcher(principal: Principal) -> list[str]:
    """The player's app for players, the facilitator console for facilitators."""
    module = (
        "sammenspil.tui.console_main" if principal.facilitator else "sammenspil.tui.remote_main"
    )
    return [sys.executable, "-m", module, "--fd", "3"]


def launcher_in(language: str) -> Launcher:
    """``default_launcher``, with the apps speaking ``language`` (the server's deck's)."""

    def launch(principal: Principal) -> list[str]:
        return [*default_launcher(principal), "--lang", language]

    return launch


_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa"})


def disconnect_reason(text: str) -> str:
    """A reason OpenSSH shows as written: it escapes every byte outside ASCII (``pr\\303\\270v``),
    so Danish letters are written the Danish way without them (ø as oe) and others dropped."""
    folded = unicodedata.normalize("NFKD", text.translate(_FOLD))
    return printable(folded.encode("ascii", "ignore").decode())


def ssh_command(host: str, port: int, name: str) -> str:
    """What a player types to connect as ``name``."""
    where = f"{name}@{host}"
    return f"ssh {where}" if port == 22 else f"ssh -p {port} {where}"


class Starter(Protocol):
    """Starts apps some faster way than ``launcher`` (the fork server: ``net/fork_client.py``)."""

    @property
    def ready(self) -> bool: ...

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
        """The new app's pid; ``ForkUnavailable`` if it did not start one."""
        ...

    def watch(self, pid: int, on_exit: Callable[[int], None]) -> pty_child.AppProcess: ...


class LiveSession(Protocol):
    """A connection holding a name (an SSH session, a web door login): one per name at a time."""

    @property
    def connected(self) -> bool: ...

    def end(self, reason: str) -> None: ...


@dataclass
class _Address:
    """What one client address has done lately."""

    connections: int = 0
    failures: deque[float] = field(default_factory=deque)
    locked_until: float = 0.0


class SSHFront:
    """The asyncssh server for one ``TableServer``; ``start`` listens, ``close`` ends it all."""

    def __init__(
        self,
        table_server: TableServer,
        *,
        code: str,
        host_key: asyncssh.SSHKey,
        authorized_keys: asyncssh.SSHAuthorizedKeys | None = None,
        launcher: Launcher = default_launcher,
        starter: Starter | None = None,
        limits: Limits | None = None,
        language: str = "en",
        clock: Callable[[], float] = time.monotonic,
        reserved: Collection[str] = (),
    ) -> None:
        self.table_server = table_server
        self.reserved = frozenset(name.casefold() for name in reserved)
        """Names nobody logs in under, in any case: the console's, which sits at every table."""
        self.code = code
        self.host_key = host_key
        self.authorized_keys = authorized_keys
        self.launcher = launcher
        self.starter = starter
        """When given and ready, it starts the apps (``launcher`` is the fallback)."""
        self.limits = limits or Limits()
        self.language = language
        self.clock = clock
        self._acceptor: asyncssh.SSHAcceptor | None = None
        self._addresses: defaultdict[str, _Address] = defaultdict(_Address)
        self._connections: set[_Door] = set()
        self.sessions: set[_Session] = set()
        self.live: dict[str, LiveSession] = {}
        """Who holds which name now; the web door shares it, so a name is live on one door."""
        self._starting: set[asyncio.Task[None]] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self._no_sessions = asyncio.Event()
        self._no_sessions.set()
        self._closing = False

    # --- listening ----------------------------------------------------------------------------

    async def start(self, host: str, port: int) -> None:
        """Listen on ``host``:``port`` (0: any free port); ``OSError`` if it cannot."""
        self._acceptor = await asyncssh.create_server(
            lambda: _Door(self),
            host,
            port,
            server_host_keys=[self.host_key],
            login_timeout=self.limits.login_timeout,
            keepalive_interval=KEEPALIVE_INTERVAL,
            keepalive_count_max=3,
            line_editor=False,
            encoding=None,
            allow_pty=True,
            x11_forwarding=False,
            agent_forwarding=False,
            allow_scp=False,
            kbdint_auth=False,
            encryption_algs=ENCRYPTION_ALGS,
            mac_algs=MAC_ALGS,
        )

    @property
    def port(self) -> int:
        assert self._acceptor is not None
        return int(self._acceptor.get_port())

    @property
    def live_names(self) -> list[str]:
        return list(self.live)

    async def close(self, timeout: float = 2.0) -> None:
        """Stop listening, end every session and connection, and wait (bounded) for the apps."""
        self._closing = True
        if self._acceptor is not None:
            self._acceptor.close()
        reason = t(self.language, "ssh.stopping")
        ending = list(self.sessions)
        for session in ending:  # each app puts its terminal back, then its client is told why
            session.end(reason)
        for door in list(self._connections):
            if not any(session.door is door for session in ending):
                door.disconnect(asyncssh.DISC_BY_APPLICATION, reason)
        with contextlib.suppress(asyncio.TimeoutError):
            async with asyncio.timeout(timeout):
                await self._no_sessions.wait()  # every app reaped
                if self._tasks:  # and every table connection closed behind it
                    await asyncio.wait(set(self._tasks))
                while self._connections:  # and every client has had its goodbye
                    await asyncio.sleep(0.02)
        for session in list(self.sessions):  # what did not end in time ends the old way
            session.hang_up()
        for door in list(self._connections):
            door.disconnect(asyncssh.DISC_BY_APPLICATION, reason)
        for task in list(self._tasks):
            task.cancel()
        if self._acceptor is not None:
            with contextlib.suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self._acceptor.wait_closed(), timeout=0.5)

    # --- addresses ----------------------------------------------------------------------------

    def _opened(self, door: _Door) -> None:
        self._connections.add(door)
        self._addresses[door.address].connections += 1

    def _closed(self, door: _Door) -> None:
        if door not in self._connections:
            return
        self._connections.discard(door)
        seen = self._addresses[door.address]
        seen.connections -= 1
        now = self.clock()
        self._forget_old_failures(seen, now)
        if seen.connections <= 0 and not seen.failures and seen.locked_until <= now:
            del self._addresses[door.address]  # a scan from many addresses leaves nothing

    def refusal(self, address: str) -> str | None:
        """Why a connection from ``address`` may not log in now, or None."""
        seen = self._addresses[address]
        wait = seen.locked_until - self.clock()
        if wait > 0:
            return t(self.language, "ssh.locked_out", seconds=int(wait) + 1)
        if seen.connections > self.limits.per_address:
            return t(self.language, "ssh.too_many", n=self.limits.per_address)
        return None

    def failed(self, address: str) -> None:
        """A wrong join code from ``address``; enough of them within the window lock it out."""
        now = self.clock()
        seen = self._addresses[address]
        seen.failures.append(now)
        self._forget_old_failures(seen, now)
        if len(seen.failures) >= self.limits.failed_logins:
            seen.locked_until = now + self.limits.lockout
            seen.failures.clear()
            logger.warning("%s locked out after too many wrong join codes", address)

    def _forget_old_failures(self, seen: _Address, now: float) -> None:
        while seen.failures and seen.failures[0] <= now - self.limits.failed_login_window:
            seen.failures.popleft()

    # --- sessions -----------------------------------------------------------------------------

    def admit(self, session: _Session) -> str | None:
        """Register a session about to start its app; why it may not, or None."""
        name = session.principal.name
        lang = self.language
        problem = name_problem(name, language=lang)
        if problem is not None:
            return t(
                lang,
                "ssh.bad_name",
                name=printable(name),
                problem=problem,
                command=session.command(t(lang, "ssh.other_name")),
            )
        if name.casefold() in self.reserved:  # else refused at the table, with advice that fails
            command = session.command(t(lang, "ssh.other_name"))
            return t(lang, "ssh.reserved_name", name=printable(name), command=command)
        if len(self.sessions) >= self.limits.sessions:
            return t(lang, "ssh.full", n=self.limits.sessions)
        old = self.live.get(name)
        if old is not None and old.connected:  # a dropped one is only waiting for its app to end
            if not self.table_server.take_over(name):
                return t(
                    lang,
                    "ssh.name_live",
                    name=name,
                    command=session.command(t(lang, "ssh.other_name")),
                )
            logger.info("%s: the seat is taken over by a new connection", printable(name))
            old.end(t(lang, "ssh.taken_over"))
        self.live[name] = session
        self.sessions.add(session)
        self._no_sessions.clear()
        return None

    def finished(self, session: _Session) -> None:
        self.sessions.discard(session)
        if not self.sessions:
            self._no_sessions.set()
        if self.live.get(session.principal.name) is session:
            del self.live[session.principal.name]

    def serve_table(self, sock: socket.socket, principal: Principal) -> None:
        """Serve our end of a session's socketpair as ``principal`` until it closes."""

        async def serve() -> None:
            try:
                reader, writer = await asyncio.open_connection(
                    sock=sock, limit=self.table_server.max_line
                )
            except OSError:
                sock.close()
                return
            await self.table_server.serve_connection(reader, writer, principal, own_app=True)

        task = asyncio.get_running_loop().create_task(serve())
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


class _Door(asyncssh.SSHServer):
    """One SSH connection: its address's limits, its login, and its sessions."""

    def __init__(self, front: SSHFront) -> None:
        self.front = front
        self.conn: asyncssh.SSHServerConnection | None = None
        self.address = "?"
        self.local = ("127.0.0.1", 22)
        self.principal: Principal | None = None
        self._method: str | None = None

    def connection_made(self, conn: asyncssh.SSHServerConnection) -> None:
        self.conn = conn
        peer = conn.get_extra_info("peername")
        self.address = str(peer[0]) if peer else "?"
        local = conn.get_extra_info("sockname")
        if local:
            self.local = (str(local[0]), int(local[1]))
        self.front._opened(self)

    def connection_lost(self, exc: Exception | None) -> None:
        self.front._closed(self)

    def disconnect(self, code: int, reason: str) -> None:
        if self.conn is not None:
            with contextlib.suppress(Exception):
                self.conn.disconnect(code, disconnect_reason(reason))

    # --- login --------------------------------------------------------------------------------

    def begin_auth(self, username: str) -> bool:
        refusal = self.front.refusal(self.address)
        if refusal is not None or self.front._closing:
            raise asyncssh.DisconnectError(
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE,
                disconnect_reason(refusal or t(self.front.language, "ssh.stopping")),
            )
        return True  # False would let the user in without any password

    def password_auth_supported(self) -> bool:
        return True

    def validate_password(self, username: str, password: str) -> bool:
        self._method = None
        refusal = self.front.refusal(self.address)
        if refusal is not None:
            raise asyncssh.DisconnectError(
                asyncssh.DISC_NO_MORE_AUTH_METHODS_AVAILABLE, disconnect_reason(refusal)
            )
        if join_code.matches(self.front.code, password):
            self._method = "password"
            return True
        self.front.failed(self.address)
        logger.info("wrong join code from %s", self.address)
        return False

    def public_key_auth_supported(self) -> bool:
        return self.front.authorized_keys is not None

    def validate_public_key(self, username: str, key: asyncssh.SSHKey) -> bool:
        # Also called for a key only offered, not yet proven: the method counts only if the login
        # succeeds next (asyncssh checks the signature after this returns True).
        self._method = None
        keys = self.front.authorized_keys
        if keys is None or keys.validate(key, self.address, self.address) is None:
            return False
        self._method = "key"
        return True

    def auth_completed(self) -> None:
        assert self.conn is not None
        name = str(self.conn.get_extra_info("username"))
        self.principal = Principal(name=name[:64], facilitator=self._method == "key")
        logger.info(
            "%s logged in from %s%s",
            printable(name),
            self.address,
            " as a facilitator" if self.principal.facilitator else "",
        )

    # --- what a connection may open -----------------------------------------------------------

    def session_requested(self) -> _Session | bool:
        if self.principal is None:
            return False
        return _Session(self.front, self, self.principal)

    def connection_requested(self, *args: Any) -> bool:
        logger.info("port forwarding refused for %s", self.address)
        return False

    def server_requested(self, *args: Any) -> bool:
        logger.info("remote port forwarding refused for %s", self.address)
        return False

    def unix_connection_requested(self, *args: Any) -> bool:
        return False

    def unix_server_requested(self, *args: Any) -> bool:
        return False

    def tun_requested(self, *args: Any) -> bool:
        return False

    def tap_requested(self, *args: Any) -> bool:
        return False


class _Session(asyncssh.SSHServerSession):
    """One terminal session: the app's process, its pty, and its socket to the table server."""

    def __init__(self, front: SSHFront, door: _Door, principal: Principal) -> None:
        self.front = front
        self.door = door
        self.principal = principal
        self.chan: asyncssh.SSHServerChannel | None = None
        self.term: str | None = None
        self.size = (80, 24)
        self.pump: pty_child.PtyPump | None = None
        self.reaper: pty_child.AppProcess | None = None
        self._open = False
        self._output_done = False
        self._idle: asyncio.TimerHandle | None = None
        self._last_input = 0.0
        self._ending: str | None = None
        """Why the server ends this session, once it does (``end``)."""
        self._told = False
        self._gone = False
        self._ender: asyncio.TimerHandle | None = None

    @property
    def connected(self) -> bool:
        return self._open

    def command(self, name: str) -> str:
        host, port = self.door.local
        return ssh_command(host, port, name)

    # --- what the client asks for -------------------------------------------------------------

    def connection_made(self, chan: asyncssh.SSHServerChannel) -> None:
        self.chan = chan
        self._open = True

    def pty_requested(
        self, term_type: str, term_size: tuple[int, int, int, int], modes: Any
    ) -> bool:
        self.term = term_type or DEFAULT_TERM
        if term_size[0] and term_size[1]:
            self.size = (term_size[0], term_size[1])
        return True

    def shell_requested(self) -> bool:
        return True

    def exec_requested(self, command: str) -> bool:
        logger.info("%s: exec refused", printable(self.principal.name))
        return False

    def subsystem_requested(self, subsystem: str) -> bool:
        logger.info(
            "%s: subsystem %s refused", printable(self.principal.name), printable(subsystem)
        )
        return False

    def break_received(self, msec: int) -> bool:
        return False

    def session_started(self) -> None:
        if self.term is None:
            self._refuse(
                t(self.front.language, "ssh.no_pty", command=self.command(self.principal.name))
            )
            return
        refusal = self.front.admit(self)
        if refusal is not None:
            self._refuse(refusal)
            return
        starter = self.front.starter
        if starter is not None and starter.ready:
            task = asyncio.get_running_loop().create_task(self._start_guarded(starter))
            self.front._starting.add(task)
            task.add_done_callback(self.front._starting.discard)
            return
        self._start_plain()

    def _start_plain(self) -> None:
        try:
            self._start_app()
        except Exception as exc:  # a missing program, a launcher's bug: this session only
            self._cannot_start(exc)

    def _cannot_start(self, exc: Exception) -> None:
        self.front.finished(self)
        logger.error(
            "could not start the app for %s: %s",
            printable(self.principal.name),
            printable(repr(exc)),
            exc_info=not isinstance(exc, OSError),
        )
        error = exc.strerror if isinstance(exc, OSError) and exc.strerror else type(exc).__name__
        if self._open:
            self._refuse(t(self.front.language, "ssh.no_app", error=error))

    def _refuse(self, line: str) -> None:
        assert self.chan is not None
        self.chan.write((printable(line) + "\r\n").encode())
        self.chan.exit(1)

    def _colorterm(self) -> str:
        assert self.chan is not None
        colorterm = self.chan.get_environment().get("COLORTERM", "")
        return colorterm if _COLORTERM.fullmatch(colorterm) else DEFAULT_COLORTERM

    def _start_app(self) -> None:
        """The plain way: a fresh Python on the session's pty (``pty_child.spawn``)."""
        assert self.chan is not None and self.term is not None
        loop = asyncio.get_running_loop()
        argv = list(self.front.launcher(self.principal))
        env = {k: v for k, v in os.environ.items() if k not in pty_child.DROPPED_ENV}
        env["TERM"] = self.term
        env["COLORTERM"] = self._colorterm()
        master, slave = os.openpty()
        ours, theirs = socket.socketpair()
        try:
            pty_child.set_size(master, *self.size)
            pid = pty_child.spawn(argv, env, fd3=theirs.fileno(), tty=os.ttyname(slave))
        except OSError:
            os.close(master)
            ours.close()
            raise
        finally:
            os.close(slave)
            theirs.close()
        self.front.serve_table(ours, self.principal)
        self._pump(master)
        self.reaper = pty_child.Reaper(loop, pid, self._exited)
        logger.info("%s: app started (pid %d)", printable(self.principal.name), pid)
        self._touch()

    async def _start_guarded(self, starter: Starter) -> None:
        try:
            await self._start_forked(starter)
        except Exception as exc:  # no pty left, a bug: this session only
            self._cannot_start(exc)

    async def _start_forked(self, starter: Starter) -> None:
        """The fast way: the fork server forks the app; if it cannot, the plain way."""
        from sammenspil.net.fork_client import ForkUnavailable

        assert self.term is not None
        master, slave = os.openpty()
        ours, theirs = socket.socketpair()
        pty_child.set_size(master, *self.size)
        pump = self._pump(master)  # keys typed before the app runs wait in the pty
        try:
            pid = await starter.start(
                kind="console" if self.principal.facilitator else "player",
                lang=self.front.language,
                term=self.term,
                colorterm=self._colorterm(),
                slave=slave,
                sock=theirs.fileno(),
            )
        except ForkUnavailable as exc:
            pump.close()
            self.pump = None
            ours.close()
            logger.info(
                "%s: the fork server did not start the app (%s): the plain way",
                printable(self.principal.name),
                printable(str(exc)),
            )
            if self._open:
                self._start_plain()
            else:
                self.front.finished(self)
            return
        finally:
            os.close(slave)
            theirs.close()
        self.front.serve_table(ours, self.principal)
        self.reaper = starter.watch(pid, self._exited)
        logger.info("%s: app started (pid %d, forked)", printable(self.principal.name), pid)
        if pump.master is None:  # hung up while it was starting
            self.reaper.kill_soon()
        else:
            self._touch()

    def _pump(self, master: int) -> pty_child.PtyPump:
        self.pump = pty_child.PtyPump(
            asyncio.get_running_loop(),
            master,
            on_output=self._output,
            on_closed=self._output_closed,
            on_drained=self._input_drained,
        )
        return self.pump

    # --- bytes both ways ----------------------------------------------------------------------

    def data_received(self, data: bytes, datatype: Any) -> None:
        self._touch()
        if self.pump is not None and not self.pump.write(data) and self.chan is not None:
            self.chan.pause_reading()

    def _input_drained(self) -> None:
        if self._open and self.chan is not None:
            self.chan.resume_reading()

    def _output(self, data: bytes) -> None:
        if self._open and self.chan is not None:
            try:
                self.chan.write(data)
            except OSError:  # the channel is closing: the app has no one to draw for
                self.hang_up()

    def _output_closed(self) -> None:
        self._output_done = True

    def pause_writing(self) -> None:
        if self.pump is not None:
            self.pump.pause_output()

    def resume_writing(self) -> None:
        if self.pump is not None:
            self.pump.resume_output()

    def terminal_size_changed(self, width: int, height: int, pixwidth: int, pixheight: int) -> None:
        if width and height:
            self.size = (width, height)
            if self.pump is not None:
                self.pump.resize(width, height)

    def eof_received(self) -> bool:
        return True  # the app decides when the session ends

    # --- idle ---------------------------------------------------------------------------------

    def _touch(self) -> None:
        self._last_input = time.monotonic()
        limit = self.front.limits.idle_timeout
        if limit > 0 and self._idle is None and self.reaper is not None:
            self._idle = asyncio.get_running_loop().call_later(limit, self._check_idle)

    def _check_idle(self) -> None:
        self._idle = None
        limit = self.front.limits.idle_timeout
        quiet = time.monotonic() - self._last_input
        if quiet < limit:
            self._idle = asyncio.get_running_loop().call_later(limit - quiet, self._check_idle)
            return
        logger.info("%s: idle, disconnected", printable(self.principal.name))
        self.end(t(self.front.language, "ssh.idle", minutes=round(limit / 60)))

    # --- ending -------------------------------------------------------------------------------

    def end(self, reason: str) -> None:
        """End this session from the server's side; the client is told why.

        The app is asked to quit (SIGTERM), so that it puts the player's terminal back itself
        while its bytes still reach the client; one that has not within ``END_GRACE`` is hung up,
        and the session puts the terminal back (main screen, cursor shown, mouse and paste modes
        off). Then the reason and the session's end; the connection's once the client has closed
        the session (so it has written everything out), or after ``CLOSE_GRACE``.
        """
        if self._ending is not None:
            return
        self._ending = reason
        self._stop_idle()
        if self.reaper is not None and self.reaper.alive and self._open:
            self.reaper.send(signal.SIGTERM)
            self._ender = asyncio.get_running_loop().call_later(END_GRACE, self._end_anyway)
        else:
            self._end_anyway()

    def _end_anyway(self) -> None:
        """The app did not quit in time (or never ran): hang it up, reset the terminal here."""
        self._ender = None
        self.hang_up()
        self._goodbye(TERMINAL_RESET)

    def _goodbye(self, before: bytes) -> None:
        """Send ``before`` and the reason, and end the session; the connection follows."""
        if self._told or self._ending is None:
            return
        self._told = True
        if self._ender is not None:
            self._ender.cancel()
            self._ender = None
        if not self._open or self.chan is None:
            self._disconnect()
            return
        with contextlib.suppress(OSError):
            self.chan.write(before + (printable(self._ending) + "\r\n").encode())
            self.chan.exit(1)
        self._ender = asyncio.get_running_loop().call_later(CLOSE_GRACE, self._disconnect)

    def _disconnect(self) -> None:
        if self._ender is not None:
            self._ender.cancel()
            self._ender = None
        if self._ending is not None and not self._gone:
            self._gone = True
            self.door.disconnect(asyncssh.DISC_BY_APPLICATION, self._ending)

    def hang_up(self) -> None:
        """The terminal is gone: SIGHUP the app (SIGKILL soon after) and close the pty."""
        self._stop_idle()
        if self.reaper is not None:
            self.reaper.kill_soon()
        if self.pump is not None:
            self.pump.close()

    def connection_lost(self, exc: Exception | None) -> None:
        self._open = False
        self.hang_up()
        if self._told:  # the client closed the session it was told about: now the connection
            self._disconnect()
        elif self._ending is not None:
            self._goodbye(b"")

    def _exited(self, status: int) -> None:
        """The app has ended: send what it still wrote, then its exit status; or, when the server
        ended the session, the reason, after a terminal reset unless the app exited by itself
        (a Textual app puts its terminal back as it exits)."""
        self._stop_idle()
        self.front.finished(self)
        code = pty_child.exit_code(status)
        logger.info("%s: app ended (%d)", printable(self.principal.name), code)
        if self.pump is not None:
            if self._open:
                self.pump.drain_output()
            self.pump.close()
        if self._ending is not None:
            self._goodbye(b"\r\n" if os.WIFEXITED(status) else TERMINAL_RESET)
        elif self._open and self.chan is not None:
            with contextlib.suppress(OSError):
                self.chan.exit(code)

    def _stop_idle(self) -> None:
        if self._idle is not None:
            self._idle.cancel()
            self._idle = None
