"""The game in a real headless browser: Debian's chromium, driven over the DevTools protocol.

A table server with the web door and textual-serve runs on a thread of this process (each tab's
app is the real ``web_main``, a process of its own). Chromium opens the page; the test reads
what the app draws from the page's websocket (a hook placed before the page's own script) and
types with DevTools input events into xterm.js. The page loads, the login screen shows, a name
and the code are typed, the lobby of tables shows, Enter joins a table, and a player at the
table over SSH (asyncssh with a terminal, the real player's app) sees the browser player
seated. Skipped, saying so, only where no chromium is installed.
"""

from __future__ import annotations

import asyncio
import itertools
import re
import shutil
import subprocess
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import aiohttp
import asyncssh
import pyte
import pytest

from net_support import ServerThread, started
from sammenspil.host.view import Presence
from sammenspil.net.ssh_front import SSHFront, launcher_in
from sammenspil.net.web_door import WebDoor
from sammenspil.net.web_front import WebFront, visitor_command

CODE = "K7PX2M"
WAIT = 30.0
"""Seconds a step may take: a browser and an app process start on a loaded machine."""

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="no chromium installed on this machine")

HOOK = r"""
(() => {
  window.__seen = "";
  const decoder = new TextDecoder();
  const Native = window.WebSocket;
  window.WebSocket = class extends Native {
    constructor(...args) {
      super(...args);
      this.addEventListener("message", (event) => {
        if (event.data instanceof ArrayBuffer) {
          const text = decoder.decode(new Uint8Array(event.data), { stream: true });
          window.__seen += text.replace(/\x1b\[[0-9;?<>=]*[ -\/]*[@-~]/g, "");
        }
      });
    }
  };
})();
"""
"""Keeps what the app writes to the page's terminal, without its escape sequences."""


class DevTools:
    """One page of a chromium, spoken to over its DevTools websocket."""

    def __init__(self, ws: aiohttp.ClientWebSocketResponse) -> None:
        self.ws = ws
        self._ids = itertools.count(1)

    async def call(self, method: str, **params: Any) -> dict[str, Any]:
        number = next(self._ids)
        await self.ws.send_json({"id": number, "method": method, "params": params})
        async with asyncio.timeout(WAIT):
            while True:
                message = await self.ws.receive_json()
                if message.get("id") == number:
                    assert "error" not in message, message
                    result: dict[str, Any] = message.get("result", {})
                    return result

    async def seen(self) -> str:
        answer = await self.call("Runtime.evaluate", expression="window.__seen || ''")
        return str(answer["result"].get("value", ""))

    async def mark(self) -> int:
        """Where the page's output is now: ``until_seen`` looks only after it."""
        return len(await self.seen())

    async def until_seen(self, words: str, since: int = 0) -> str:
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            seen = (await self.seen())[since:]
            if words in seen:
                return seen
            await asyncio.sleep(0.1)
        seen = await self.seen()
        raise AssertionError(f"the page never showed {words!r}: {seen[since:][-3000:]!r}")

    async def type(self, text: str) -> None:
        await self.call("Input.insertText", text=text)

    async def enter(self) -> None:
        await self.key("Enter", 13, "\r")

    async def tab(self) -> None:
        await self.key("Tab", 9, "\t")

    async def key(self, name: str, number: int, text: str) -> None:
        for kind in ("keyDown", "keyUp"):
            await self.call(
                "Input.dispatchKeyEvent",
                type=kind,
                key=name,
                code=name,
                windowsVirtualKeyCode=number,
                nativeVirtualKeyCode=number,
                **({"text": text} if kind == "keyDown" else {}),
            )


async def _open(door: WebDoor, front: WebFront, folder: Path, ssh: SSHFront) -> None:
    await ssh.start("127.0.0.1", 0)
    await door.start(folder)
    front.command = visitor_command(door.path, "en")
    await front.start("127.0.0.1", 0)


async def _close(door: WebDoor, front: WebFront, ssh: SSHFront) -> None:
    await front.close()
    await door.close()
    await ssh.close()


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServerThread, str, WebDoor, SSHFront]]:
    """The table server, its SSH front door, its web door and textual-serve on loopback."""
    for running in started(tmp_path / "saves", "Table 1"):
        ssh = SSHFront(
            running.server,
            code=CODE,
            host_key=asyncssh.generate_private_key("ssh-ed25519"),
            launcher=launcher_in("en"),
        )
        door = WebDoor(running.server, code=CODE, live=ssh.live)  # one name, one seat
        front = WebFront("", sessions=4)
        opening = _open(door, front, tmp_path, ssh)
        asyncio.run_coroutine_threadsafe(opening, running.loop).result(WAIT)
        try:
            yield running, f"http://127.0.0.1:{front.port}/", door, ssh
        finally:
            closing = _close(door, front, ssh)
            asyncio.run_coroutine_threadsafe(closing, running.loop).result(WAIT)


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[DevTools]:
    """A fresh headless chromium, its first page, and the hook in place."""
    assert CHROMIUM is not None
    browser = subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--no-first-run",
            "--no-default-browser-check",
            f"--user-data-dir={tmp_path / 'chromium'}",
            "--remote-debugging-port=0",
            "--window-size=1200,800",
            "about:blank",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        port = await asyncio.wait_for(asyncio.to_thread(_devtools_port, browser), WAIT)
        async with aiohttp.ClientSession() as session:
            async with session.get(f"http://127.0.0.1:{port}/json/list") as listing:
                targets = await listing.json()
            url = next(t["webSocketDebuggerUrl"] for t in targets if t["type"] == "page")
            async with session.ws_connect(url, max_msg_size=0) as ws:
                tools = DevTools(ws)
                await tools.call("Page.enable")
                await tools.call("Page.addScriptToEvaluateOnNewDocument", source=HOOK)
                yield tools
    finally:
        browser.terminate()  # chromium ends its own helpers on SIGTERM
        try:
            browser.wait(timeout=WAIT)
        except subprocess.TimeoutExpired:
            browser.kill()
            browser.wait(timeout=WAIT)
        assert browser.stderr is not None
        browser.stderr.close()


def _devtools_port(browser: subprocess.Popen[bytes]) -> int:
    """The port chromium says its DevTools listen on (the first lines of its stderr)."""
    assert browser.stderr is not None
    for raw in browser.stderr:
        found = re.search(rb"DevTools listening on ws://127\.0\.0\.1:(\d+)/", raw)
        if found:
            return int(found.group(1))
    raise AssertionError("chromium ended without its DevTools port")


async def test_a_browser_player_logs_in_and_sits_at_a_table_others_see(
    served: tuple[ServerThread, str, WebDoor, SSHFront], page: DevTools
) -> None:
    running, url, door, ssh = served
    await page.call("Page.navigate", url=url)
    await page.until_seen("Join the workshop")
    await page.call(
        "Runtime.evaluate", expression="document.querySelector('.xterm-helper-textarea').focus()"
    )
    await page.type("Ann")
    await page.until_seen("Ann")  # echoed in the name field: the app has the keys
    mark = await page.mark()
    await page.tab()  # (Enter moves on too, but a moment later: a test types faster)
    await page.until_seen("▔▔▔▔▔▔", mark)  # the code field redrawn, focused
    await page.type("WRONG1")
    await page.until_seen("••••••")  # masked
    mark = await page.mark()
    await page.enter()
    await page.until_seen("That is not the join code.", mark)
    assert list(door._budgets) == ["127.0.0.1"]  # counted against the browser's address
    mark = await page.mark()
    await page.type(CODE.lower())
    await page.until_seen("••••••", mark)
    await page.enter()
    await page.until_seen("Table 1")  # the server's lobby of tables
    await page.enter()  # a key press reaches the app: join the highlighted table
    host = running.server.host("Table 1")
    assert host is not None
    deadline = time.monotonic() + WAIT
    while "Ann" not in host.table.players and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    assert "Ann" in host.table.players
    # Bo comes in over SSH, with the real player's app on a terminal: its lobby of tables shows
    # Ann seated at Table 1 (read from a terminal emulator's screen).
    async with asyncssh.connect(
        "127.0.0.1",
        ssh.port,
        username="Bo",
        password=CODE,
        known_hosts=None,
        agent_path=None,
        client_keys=None,
    ) as conn:
        proc = await conn.create_process(
            term_type="xterm-256color", term_size=(100, 30), encoding=None
        )
        screen = pyte.Screen(100, 30)
        stream = pyte.ByteStream(screen)
        async with asyncio.timeout(WAIT):
            while not any("Table 1" in line and "Ann" in line for line in screen.display):
                chunk = await proc.stdout.read(65536)
                assert chunk, "the SSH session ended"
                stream.feed(chunk)
        proc.stdin.write(b"\r")  # Bo joins the same table: its waiting room lists who sits
        async with asyncio.timeout(WAIT):
            while not (
                "Who sits where" in "\n".join(screen.display)
                and any("Ann" in line and "Table 1" not in line for line in screen.display)
            ):
                chunk = await proc.stdout.read(65536)
                assert chunk, "the SSH session ended"
                stream.feed(chunk)
        host = running.server.host("Table 1")
        assert host is not None and host.presence()["Ann"] is Presence.CONNECTED
        assert "Bo" in host.table.players
        proc.close()
