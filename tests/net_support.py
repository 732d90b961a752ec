"""A table server on its own event loop thread, and sockets into it, for the network tests.

Every connection is a socketpair: the server's end is served as the principal the test names
(standing in for the SSH front door), the test keeps the other end, raw or in a RemoteClient.
Every wait here is bounded, so a broken server fails a test instead of hanging it.
"""

from __future__ import annotations

import asyncio
import json
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.host.principal import Principal
from sammenspil.net.fork_client import ForkStarter
from sammenspil.net.protocol import MAX_SERVER_LINE, PROTOCOL_VERSION
from sammenspil.net.pty_child import DROPPED_ENV
from sammenspil.net.table_server import TableServer
from sammenspil.tui.fork_main import LATE_IMPORTS

WAIT = 5.0


def english_deck() -> Deck:
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    return deck


class ServerThread:
    """A ``TableServer`` served from an event loop in a thread; ``attach`` gives a socket."""

    def __init__(self, server: TableServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self._thread.start()
        self.served: list[Future[None]] = []

    def attach(self, name: str, *, own_app: bool = False, **flags: bool) -> socket.socket:
        """A new connection authenticated as ``name``; the test's end of it (``own_app``: as
        the SSH door serves the app it started itself)."""
        ours, theirs = socket.socketpair()
        principal = Principal(name=name, **flags)

        async def serve() -> None:
            limit = self.server.max_line
            reader, writer = await asyncio.open_connection(sock=theirs, limit=limit)
            await self.server.serve_connection(reader, writer, principal, own_app=own_app)

        self.served.append(asyncio.run_coroutine_threadsafe(serve(), self.loop))
        ours.settimeout(WAIT)
        return ours

    def stop(self) -> None:
        """Wait for every connection to end (the test closed its ends), then stop the loop."""
        for future in self.served:
            future.result(timeout=WAIT)
        self.loop.call_soon_threadsafe(self.loop.stop)
        self._thread.join(timeout=WAIT)
        self.loop.close()


class Raw:
    """A connection read and written as bytes, as an attacker or the wire test sees it."""

    def __init__(self, sock: socket.socket) -> None:
        self.sock = sock
        self.received = bytearray()
        self.messages: list[dict[str, Any]] = []
        self._file = sock.makefile("rb")

    def send(self, payload: dict[str, Any] | bytes) -> None:
        data = payload if isinstance(payload, bytes) else json.dumps(payload).encode() + b"\n"
        self.sock.sendall(data)

    def hello(self, table: str | None) -> dict[str, Any]:
        self.send({"type": "hello", "protocol": PROTOCOL_VERSION, "table": table})
        return self.next()

    def next(self) -> dict[str, Any]:
        line = self._file.readline(MAX_SERVER_LINE + 1)
        assert line, "the server closed the connection"
        self.received.extend(line)
        message: dict[str, Any] = json.loads(line)
        self.messages.append(message)
        return message

    def until(self, wanted: Callable[[dict[str, Any]], bool]) -> dict[str, Any]:
        """The first message so far, or yet to come, that is ``wanted``."""
        for message in self.messages:
            if wanted(message):
                return message
        deadline = time.monotonic() + WAIT
        while time.monotonic() < deadline:
            message = self.next()
            if wanted(message):
                return message
        raise AssertionError("no such message in time")

    def at_eof(self) -> bool:
        """Whether the server has closed its end (reads what is left first)."""
        while True:
            try:
                line = self._file.readline(MAX_SERVER_LINE + 1)
            except ConnectionResetError:
                return True
            if not line:
                return True
            self.received.extend(line)

    def close(self) -> None:
        self._file.close()
        self.sock.close()


def steer(served: ServerThread, action: str, table: str = "Table 1", **fields: Any) -> Any:
    """What a facilitator's console does: watch, steer one table, read the result, hang up."""
    raw = Raw(served.attach("Fie", facilitator=True))
    raw.send({"type": "hello", "protocol": PROTOCOL_VERSION, "watch": True})
    raw.send({"type": "steer", "id": 1, "table": table, "action": action, **fields})
    result = raw.until(lambda m: m["type"] == "result")
    raw.close()
    return result


def eventually(check: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.01)
    raise AssertionError(f"not in time: {what}")


def started(saves: Path, *tables: str) -> Iterator[ServerThread]:
    """A server with one new table per name, stopped after the test."""
    server = TableServer(saves)
    for i, name in enumerate(tables):
        server.open_table(name, english_deck(), seed=7 + i)
    running = ServerThread(server)
    try:
        yield running
    finally:
        running.stop()
        server.close()


def open_fds() -> set[str]:
    """This process's open descriptors."""
    return set(os.listdir("/proc/self/fd"))


FORK_READY_WAIT = 30.0
"""Seconds a fork server may take to be ready: its imports and warm-up, on a busy machine."""


async def ready_starter(late_imports: Path | None = None) -> ForkStarter:
    """A fork server that has done its imports and warm-up; with ``late_imports``, each of its
    apps writes there what it imported after the fork."""
    env = {k: v for k, v in os.environ.items() if k not in DROPPED_ENV}
    if late_imports is not None:
        env[LATE_IMPORTS] = str(late_imports)
    starter = ForkStarter(env)
    starter.open()
    try:
        async with asyncio.timeout(FORK_READY_WAIT):
            while not starter.ready:
                await asyncio.sleep(0.02)
    except BaseException:
        await starter.close()
        raise
    return starter
