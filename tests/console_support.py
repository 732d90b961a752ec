"""A workshop for the console's tests: a table server with two tables and players at both.

The players are ``RemoteClient``s over socketpairs into a ``ServerThread``; the console is a
``Watch`` on one more, authenticated as a facilitator, exactly as ``console_main`` makes it.
Every wait is bounded; ``close`` stops everything the workshop started.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from textual.pilot import Pilot

from net_support import ServerThread, english_deck
from sammenspil.game import commands as c
from sammenspil.host.client import Accepted
from sammenspil.net.remote import RemoteClient, Watch
from sammenspil.net.table_server import TableServer
from sammenspil.tui.console_app import ConsoleApp, console_app

WAIT = 5.0
HOSTILE_NAME = "[b red]Eve[/] [link=x]y[/link]"  # names are at most 32 characters
SEATS = {
    "Table 1": {"Ann": "state", "Bo": "region", "Cy": "municipality"},
    "Table 2": {"Di": "state", HOSTILE_NAME: "region"},
}


class Workshop:
    """Two tables, five players seated with roles, and a facilitator's watch."""

    def __init__(self, saves: Path) -> None:
        deck = english_deck()
        self.server = TableServer(saves, deck=deck)
        for i, name in enumerate(SEATS):
            self.server.open_table(name, deck, seed=7 + i)
        self.running = ServerThread(self.server)
        self.players: dict[str, RemoteClient] = {}
        self.watch: Watch | None = None
        try:
            for table, seats in SEATS.items():
                for name, role in seats.items():
                    client = RemoteClient.join(self.running.attach(name), table)
                    self.players[name] = client
                    outcome = client.submit(c.ChooseRole(player=name, role=role))
                    assert isinstance(outcome, Accepted), outcome
            self.watch = Watch(self.running.attach("Fie", facilitator=True))
        except BaseException:
            self.close()
            raise

    def console(self, **kwargs: object) -> ConsoleApp:
        assert self.watch is not None
        return console_app(self.watch, **kwargs)  # type: ignore[arg-type]

    def table(self, name: str = "Table 1"):  # type: ignore[no-untyped-def]
        host = self.server.host(name)
        assert host is not None
        return host.table

    def close(self) -> None:
        for client in self.players.values():
            client.close()
        if self.watch is not None:
            self.watch.close()
        self.running.stop()
        self.server.close()


async def until(pilot: Pilot[None], check: Callable[[], bool], what: str) -> None:
    """Let the app run until ``check`` holds (bounded): the server answers on its own thread."""
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        await pilot.pause(0.02)
        if check():
            return
    raise AssertionError(f"not in time: {what}")
