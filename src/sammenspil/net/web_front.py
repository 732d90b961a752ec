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
- a tab's app that does not quit when its tab goes is killed, and every app is reaped.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sammenspil.game.text import printable

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


def _with_address(command: str, remote: str | None) -> str:
    """The visitor's app command, with the browser's address for the door's login limit."""
    if remote is None or not _ADDRESS.fullmatch(remote):
        return command
    return f"{command} --address {shlex.quote(remote)}"


class WebUnavailable(Exception):
    """The ``web`` extra (textual-serve) is not installed; the text says how to install it."""


def visitor_command(door: Path, language: str) -> str:
    """The shell command textual-serve runs for each visitor."""
    argv = [sys.executable, "-m", "sammenspil.tui.web_main", "--door", str(door)]
    return shlex.join([*argv, "--lang", language])


class WebFront:
    """textual-serve's server on ``host``:``port``; ``start`` listens, ``close`` ends it all."""

    def __init__(self, command: str, *, sessions: int = 100, title: str = "Sammenspil") -> None:
        self.command = command
        self.sessions = sessions
        self.title = title
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
                    service = AppService(
                        _with_address(self.command, request.remote),
                        write_bytes=websocket.send_bytes,
                        write_str=websocket.send_str,
                        close=close,
                        download_manager=self.download_manager,
                        debug=False,
                    )
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
