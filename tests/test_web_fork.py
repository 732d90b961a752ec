"""A browser tab's app forked by the fork server (``net/web_front.py``'s ``fork_tab``).

The real fork server (``tui/fork_main.py``) through ``ForkStarter``, the web door and
textual-serve on loopback in this test's event loop; the "browser" is a websocket speaking
textual-serve's page protocol, its screen a pyte terminal fed with the app's output. The tab's
app must be a child of the fork server (not a fresh Python), draw the login screen, log in, list
the tables, and end with its tab, leaving no process and no descriptor behind.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pyte
import pytest

from net_support import english_deck, open_fds, ready_starter
from sammenspil.i18n import t
from sammenspil.net.fork_client import ForkStarter
from sammenspil.net.fork_server import (
    WEB_ENV,
    Failed,
    ForkServer,
    WebStartRequest,
    control_pair,
    encode,
)
from sammenspil.net.ssh_front import SSHFront, launcher_in
from sammenspil.net.table_server import TableServer
from sammenspil.net.web_door import WebDoor
from sammenspil.net.web_front import WebFront, visitor_command
from test_fork_server import CODE, HOST_KEY, WAIT, answer, never_run

COLUMNS, ROWS = 100, 30


class Served:
    def __init__(self, front: WebFront, starter: ForkStarter, door: WebDoor) -> None:
        self.front = front
        self.starter = starter
        self.door = door


@pytest.fixture
async def served(tmp_path: Path) -> AsyncIterator[Served]:
    tables = TableServer(tmp_path / "saves")
    tables.open_table("Table 1", english_deck(), seed=3)
    (tmp_path / "late").mkdir()
    starter = await ready_starter(tmp_path / "late")
    ssh = SSHFront(tables, code=CODE, host_key=HOST_KEY, launcher=launcher_in("en"))
    door = WebDoor(tables, code=CODE, live=ssh.live)
    await door.start(tmp_path)
    front = WebFront(
        visitor_command(door.path, "en"), sessions=4, starter=starter, door=door.path, language="en"
    )
    await front.start("127.0.0.1", 0)
    try:
        yield Served(front, starter, door)
    finally:
        await front.close()
        await door.close()
        server = starter.pid
        await starter.close()
        tables.close()
        assert server is None or not Path(f"/proc/{server}").exists()


class Tab:
    """The page's side of one tab: its websocket, and a terminal drawing what the app sent."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self.screen = pyte.Screen(COLUMNS, ROWS)
        self.stream = pyte.ByteStream(self.screen)

    async def until(self, words: str) -> None:
        try:
            async with asyncio.timeout(WAIT):
                await self._until(words)
        except TimeoutError:
            raise AssertionError(f"the tab never showed {words!r}:\n{self.text()}") from None

    async def _until(self, words: str) -> None:
        while words not in self.text():
            await self._next()

    async def _next(self) -> None:
        message = await self.ws.receive()
        assert message.type in (aiohttp.WSMsgType.BINARY, aiohttp.WSMsgType.TEXT), (
            f"the tab closed: {self.text()}"
        )
        if message.type == aiohttp.WSMsgType.BINARY:
            self.stream.feed(message.data)

    def cursor_under(self, label: str) -> bool:
        """Whether the input under ``label`` shows its cursor: the one cell of its background
        in the row (it blinks: shown about half the time)."""
        rows = [i for i, line in enumerate(self.screen.display) if label in line]
        if not rows or rows[0] + 2 >= ROWS:
            return False
        line = self.screen.buffer[rows[0] + 2]
        return 1 in Counter(line[x].bg for x in range(COLUMNS)).values()

    async def until_cursor_under(self, label: str) -> None:
        """Until the input under ``label`` has the focus: keys typed before a focus move has
        been handled may still go to the input that had it."""
        async with asyncio.timeout(WAIT):
            while not self.cursor_under(label):
                await self._next()

    async def log_in(self, name: str, code: str) -> None:
        await self.until(t("en", "web.login.code"))
        await self.ws.send_str(json.dumps(["focus"]))  # a tab in view: its app shows cursors
        await self.until_cursor_under(t("en", "web.login.name"))
        await self.type(name)
        await self.until(name)
        await self.type("\t")
        await self.until_cursor_under(t("en", "web.login.code"))
        await self.type(f"{code}\r")

    def text(self) -> str:
        return "\n".join(self.screen.display)

    async def type(self, keys: str) -> None:
        await self.ws.send_str(json.dumps(["stdin", keys]))


async def test_a_tabs_app_is_forked_logs_in_and_ends_with_its_tab(
    served: Served, tmp_path: Path
) -> None:
    late = tmp_path / "late"
    before = open_fds()
    url = f"http://127.0.0.1:{served.front.port}/ws?width={COLUMNS}&height={ROWS}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        tab = Tab(ws)
        await tab.until(t("en", "web.login.title"))
        # The app is the fork server's child: no fresh Python was started for this tab.
        (pid,) = served.starter.apps
        status = Path(f"/proc/{pid}/status").read_text()
        assert f"PPid:\t{served.starter.pid}\n" in status
        # Laid out for the tab's size (the web driver's settings reached the child): the
        # header's title is centred on 100 columns, not on the 80 of a default terminal.
        title = f"Sammenspil — {t('en', 'web.login.title')}"
        await tab.until(title)  # a frame may come in more than one message
        header = tab.screen.display[0]
        assert abs(header.index(title) + len(title) / 2 - COLUMNS / 2) <= 2, header
        await tab.log_in("Ada", CODE)
        await tab.until(t("en", "remote.lobby.title"))
        await tab.type("\x11")  # ctrl+q: the app quits, and its tab is closed
        async with asyncio.timeout(WAIT):
            while (await ws.receive()).type != aiohttp.WSMsgType.CLOSE:
                pass
    async with asyncio.timeout(WAIT):
        while served.starter.apps or Path(f"/proc/{pid}").exists() or served.front.visitors:
            await asyncio.sleep(0.02)
    assert open_fds() <= before
    # The preload held everything the tab's app needed: it imported nothing after the fork.
    assert (late / str(pid)).read_text() == ""


async def test_without_a_ready_fork_server_a_tab_starts_the_plain_way(served: Served) -> None:
    await served.starter.close()  # from now on nothing is forked
    url = f"http://127.0.0.1:{served.front.port}/ws?width={COLUMNS}&height={ROWS}"
    async with aiohttp.ClientSession() as session, session.ws_connect(url) as ws:
        tab = Tab(ws)
        await tab.log_in("Ada", CODE)
        await tab.until(t("en", "remote.lobby.title"))
        assert not served.starter.apps


def test_a_web_request_takes_only_the_web_drivers_settings() -> None:
    env = {name: "1" for name in WEB_ENV}
    assert WebStartRequest(id=1, lang="en", door="/tmp/d/door.sock", env=env).env == env
    bad = [
        {"env": {"LD_PRELOAD": "x.so"}},
        {"env": {"COLUMNS": "80; rm"}},
        {"door": "/tmp/\x1b[2Jdoor"},
        {"address": "not an address"},
        {"lang": "english"},
    ]
    for change in bad:
        fields = {"id": 1, "lang": "en", "door": "/tmp/door.sock", "env": {}, **change}
        with pytest.raises(ValueError):
            WebStartRequest.model_validate(fields)


def test_a_web_request_with_anything_but_two_sockets_is_refused_and_none_is_kept() -> None:
    ours, theirs = control_pair()
    ours.settimeout(2.0)
    server = ForkServer(theirs, never_run)
    before = open_fds()
    r, w = os.pipe()
    a, b = socket.socketpair()
    web = WebStartRequest(id=4, lang="da", door="/tmp/door.sock", env={"COLUMNS": "90"})
    try:
        socket.send_fds(ours, [encode(web)], [r, a.fileno()])  # a pipe where its stdio goes
        assert server.receive()
        assert answer(ours) == Failed(
            id=4, error="a web request whose descriptors are not two sockets"
        )
    finally:
        for fd in (r, w):
            os.close(fd)
        a.close()
        b.close()
    assert open_fds() == before
    for sock in (ours, theirs):
        sock.close()
    for fd in (server._wake_r, server._wake_w):
        os.close(fd)
