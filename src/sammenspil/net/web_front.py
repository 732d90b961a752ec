"""The browser's way in: textual-serve's web server, in the serve process's own event loop.

textual-serve (the ``web`` extra) serves a page with a terminal in it and runs one app process
per browser tab, talking to it over a websocket. Its own ``serve()`` blocks in a loop of its
own; here its aiohttp application runs on an ``AppRunner`` beside the SSH door, and stops with
the server. Each visitor's app is ``python -m sammenspil.tui.web_main --door PATH``: it asks for
a name and the join code and logs in at the web door (``net/web_door.py``).

Differences from textual-serve's ``Server``, for a workshop room:

- the page is our template (``tui/web_templates/app_index.html``), which loads the Roboto Mono
  files from textual-serve's static folder instead of Google Fonts: no request leaves the
  server at run time, and no third party learns who is playing;
- the page's websocket address is the one the browser used (its ``Host``), not the bind
  address (``0.0.0.0`` is no address a browser can open);
- at most ``sessions`` apps run at once; a tab beyond that gets a 503 instead of a process;
- a websocket opened by another site's page (its ``Origin``) is refused;
- a tab's app that does not quit when its tab goes is killed, and every app is reaped;
- with the fork server (``serve`` without ``--no-preload``), a tab's app is forked from it, as
  an SSH player's is, instead of started as a fresh Python: its stdin and stdout are one socket
  and its stderr another (``ForkedTab``); when the fork server cannot, the plain way.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shlex
import signal
import socket
import sys
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from sammenspil.game.text import printable
from sammenspil.net import pty_child

if TYPE_CHECKING:
    from aiohttp import web

logger = logging.getLogger(__name__)

TEMPLATES = Path(__file__).resolve().parents[1] / "tui" / "web_templates"
"""Our page template: textual-serve's, with the fonts served from here."""

_HOST = re.compile(r"[A-Za-z0-9.\-]{1,253}(:[0-9]{1,5})?|\[[0-9A-Fa-f:.]{2,45}\](:[0-9]{1,5})?")
"""A ``Host`` header we put into the page: a name or an address, and a port."""

SHUTDOWN_TIMEOUT = 2.0
APP_STOP = 2.0
"""Seconds a tab's app has to quit when its tab goes, before it is killed."""


async def _stop(service: Any) -> None:
    """Tell a tab's app to quit, wait (bounded), kill it if it will not, and reap it."""
    process: asyncio.subprocess.Process | None = getattr(service, "_process", None)
    with contextlib.suppress(asyncio.TimeoutError, ConnectionError, OSError):
        await asyncio.wait_for(service.stop(), APP_STOP)
    if process is None:
        return
    if process.returncode is None:
        with contextlib.suppress(ProcessLookupError):
            process.kill()
    with contextlib.suppress(asyncio.TimeoutError):
        await asyncio.wait_for(process.wait(), APP_STOP)


_ADDRESS = re.compile(r"[0-9A-Fa-f:.]{2,45}")


def _address(remote: str | None) -> str | None:
    """The browser's address, when it looks like one."""
    return remote if remote is not None and _ADDRESS.fullmatch(remote) else None


def _with_address(command: str, remote: str | None) -> str:
    """The visitor's app command, with the browser's address for the door's login limit."""
    address = _address(remote)
    return command if address is None else f"{command} --address {shlex.quote(address)}"


class WebStarter(Protocol):
    """Forks a tab's app (the fork server: ``net/fork_client.py``)."""

    @property
    def ready(self) -> bool: ...

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
        """The new app's pid; ``ForkUnavailable`` if it did not start one."""
        ...

    def watch(self, pid: int, on_exit: Callable[[int], None]) -> pty_child.AppProcess: ...


class ForkedTab:
    """A tab's forked app as textual-serve's ``AppService`` uses its subprocess: three streams,
    ``returncode``, ``wait`` and ``kill``."""

    def __init__(
        self,
        stdio: tuple[asyncio.StreamReader, asyncio.StreamWriter],
        stderr: tuple[asyncio.StreamReader, asyncio.StreamWriter],
    ) -> None:
        self.stdout, self.stdin = stdio
        self.stderr, self._stderr_writer = stderr
        self.returncode: int | None = None
        self.app: pty_child.AppProcess | None = None
        self._ended = asyncio.get_running_loop().create_future()

    @property
    def pid(self) -> int | None:
        return self.app.pid if self.app is not None else None

    def exited(self, status: int) -> None:
        """The app ended (its wait status): our ends of its sockets are closed."""
        self.returncode = pty_child.exit_code(status)
        for writer in (self.stdin, self._stderr_writer):
            writer.close()
        if not self._ended.done():
            self._ended.set_result(None)

    async def wait(self) -> int:
        await asyncio.shield(self._ended)
        assert self.returncode is not None
        return self.returncode

    def kill(self) -> None:
        if self.app is not None:
            self.app.send(signal.SIGKILL)


async def fork_tab(
    starter: WebStarter,
    *,
    lang: str,
    door: Path,
    address: str | None,
    env: Mapping[str, str],
) -> ForkedTab | None:
    """A tab's app forked by ``starter``, or None: start it the plain way (the log says why).

    ``env`` is textual-serve's environment for the app; only the web driver's settings go."""
    from sammenspil.net.fork_client import ForkUnavailable
    from sammenspil.net.fork_server import WEB_ENV

    stdio, stdio_theirs = socket.socketpair()
    stderr, stderr_theirs = socket.socketpair()
    try:
        pid = await starter.start_web(
            lang=lang,
            door=str(door),
            address=address,
            env={name: value for name, value in env.items() if name in WEB_ENV},
            stdio=stdio_theirs.fileno(),
            stderr=stderr_theirs.fileno(),
        )
    except ForkUnavailable as exc:
        stdio.close()
        stderr.close()
        logger.info(
            "web: the fork server did not start a tab's app (%s): the plain way",
            printable(str(exc)),
        )
        return None
    finally:
        stdio_theirs.close()
        stderr_theirs.close()
    tab = ForkedTab(
        await asyncio.open_unix_connection(sock=stdio),
        await asyncio.open_unix_connection(sock=stderr),
    )
    tab.app = starter.watch(pid, tab.exited)
    logger.info("web: a tab's app started (pid %d, forked)", pid)
    return tab


class WebUnavailable(Exception):
    """The ``web`` extra (textual-serve) is not installed; the text says how to install it."""


def visitor_command(door: Path, language: str) -> str:
    """The shell command textual-serve runs for each visitor."""
    argv = [sys.executable, "-m", "sammenspil.tui.web_main", "--door", str(door)]
    return shlex.join([*argv, "--lang", language])


class WebFront:
    """textual-serve's server on ``host``:``port``; ``start`` listens, ``close`` ends it all."""

    def __init__(
        self,
        command: str,
        *,
        sessions: int = 100,
        title: str = "Sammenspil",
        starter: WebStarter | None = None,
        door: Path | None = None,
        language: str = "en",
    ) -> None:
        self.command = command
        self.sessions = sessions
        self.title = title
        self.starter = starter if door is not None else None
        """Forks the tabs' apps when it is ready (they log in at ``door`` in ``language``)."""
        self.door = door
        self.language = language
        self.visitors = 0
        self._runner: web.AppRunner | None = None

    async def start(self, host: str, port: int) -> None:
        """Listen (port 0: any free one); ``OSError`` if it cannot, ``WebUnavailable``."""
        try:
            from aiohttp import web
            from textual_serve.app_service import AppService
            from textual_serve.server import Server, to_int
        except ImportError as exc:
            raise WebUnavailable(
                f"the browser side needs the web extra ({exc.name} is missing): "
                "pip install 'sammenspil[web]'"
            ) from None
        front = self

        class _Service(AppService):
            """textual-serve's, with the app forked by the fork server when it can."""

            address: str | None = None

            async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
                if front.starter is not None and front.starter.ready:
                    assert front.door is not None
                    tab = await fork_tab(
                        front.starter,
                        lang=front.language,
                        door=front.door,
                        address=self.address,
                        env=self._build_environment(width=width, height=height),
                    )
                    if tab is not None:
                        self._process = tab  # type: ignore[assignment]
                        self._stdin = tab.stdin
                        return tab
                return await super()._open_app_process(width, height)

        class _Server(Server):
            async def on_startup(self, app: web.Application) -> None:
                """No banner: the serve command prints what players open."""

            async def handle_index(self, request: web.Request) -> web.StreamResponse:
                host = request.headers.get("Host", "")
                if not _HOST.fullmatch(host):
                    raise web.HTTPBadRequest(text="bad Host header")
                self.public_url = f"http://{host}"  # read before the first await below
                response: web.StreamResponse = await super().handle_index(request)
                return response

            async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
                """textual-serve's, bounded: at most ``sessions`` apps, each reaped at the end."""
                if front.visitors >= front.sessions:
                    logger.warning("web: full (%d apps), a tab is refused", front.sessions)
                    raise web.HTTPServiceUnavailable(text="The workshop server is full.")
                origin = request.headers.get("Origin")
                if origin is not None and origin != f"http://{request.host}":
                    raise web.HTTPForbidden(text="another site's page may not open a game here")
                front.visitors += 1
                websocket = web.WebSocketResponse(heartbeat=15)
                width = to_int(request.query.get("width", "80"), 80)
                height = to_int(request.query.get("height", "24"), 24)
                service: AppService | None = None

                async def close() -> None:
                    await websocket.close()

                try:
                    await websocket.prepare(request)
                    service = _Service(
                        _with_address(self.command, request.remote),
                        write_bytes=websocket.send_bytes,
                        write_str=websocket.send_str,
                        close=close,
                        download_manager=self.download_manager,
                        debug=False,
                    )
                    service.address = _address(request.remote)
                    await service.start(min(max(width, 1), 500), min(max(height, 1), 200))
                    await self._process_messages(websocket, service)
                except asyncio.CancelledError:
                    await websocket.close()
                except Exception as exc:  # one tab's trouble, never the server's
                    logger.warning("web: a tab ended: %s", printable(repr(exc))[:200])
                finally:
                    front.visitors -= 1
                    if service is not None:
                        await _stop(service)
                return websocket

        server = _Server(self.command, host=host, port=port, title=self.title)
        server.templates_path = TEMPLATES
        app = await server._make_app()
        runner = web.AppRunner(app, handle_signals=False, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            await web.TCPSite(runner, host, port).start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runner = runner

    @property
    def port(self) -> int:
        assert self._runner is not None
        address: Any = self._runner.addresses[0]
        return int(address[1])

    async def close(self, timeout: float = 5.0) -> None:
        """Stop listening and end every visitor's app (bounded)."""
        if self._runner is None:
            return
        with contextlib.suppress(asyncio.TimeoutError):
            async with asyncio.timeout(timeout):
                await self._runner.cleanup()
                while self.visitors:  # each tab's app told to quit, and waited for
                    await asyncio.sleep(0.02)
        self._runner = None
