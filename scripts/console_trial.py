"""Try the facilitator console as a person would (not a test): a table server with two tables,
a few players, and the console on a socket pair, in this terminal.

    PYTHONPATH=src python scripts/console_trial.py [--lang da] [--server-console]

Run it in tmux and steer the tables with the console's keys. The players act when told
through a control pipe (``--control PATH``, else one in the trial's temporary folder, printed
before the console starts), one command a line:

    rank TABLE        every seated player at TABLE submits a ranking
    drop NAME         NAME's connection drops (the seat stays)
    back NAME         NAME connects again to the same seat

Quitting the console ends the trial and stops everything it started.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.host.principal import Principal
from sammenspil.net.protocol import MAX_LINE
from sammenspil.net.remote import RemoteClient
from sammenspil.net.table_server import TableServer

SEATS = {
    "Table 1": {"Ann": "state", "Bo": "region", "Cy": "municipality"},
    "Table 2": {"Di": "state", "[b red]Eve[/]": "region"},
}


class Served:
    """The server's event loop in a thread; ``attach`` serves a new socket pair as someone."""

    def __init__(self, server: TableServer) -> None:
        self.server = server
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def attach(self, principal: Principal) -> socket.socket:
        ours, theirs = socket.socketpair()

        async def serve() -> None:
            reader, writer = await asyncio.open_connection(sock=theirs, limit=MAX_LINE)
            await self.server.serve_connection(reader, writer, principal)

        asyncio.run_coroutine_threadsafe(serve(), self.loop)
        return ours

    def stop(self) -> None:
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(timeout=5)


def control(pipe: Path, served: Served, players: dict[str, RemoteClient]) -> None:
    """Act for the players on each line written to ``pipe``."""
    tables = {name: table for table, seats in SEATS.items() for name in seats}
    while True:
        with pipe.open(encoding="utf-8") as lines:
            for line in lines:
                verb, _, arg = line.strip().partition(" ")
                if verb == "rank":
                    for name, client in players.items():
                        if tables.get(name) == arg and not client.closed:
                            order = list(client.view().table.problems)
                            client.submit(c.SubmitRanking(player=name, order=order, argument="x"))
                elif verb == "drop" and arg in players:
                    players[arg].close()
                elif verb == "back" and arg in tables:
                    sock = served.attach(Principal(name=arg))
                    players[arg] = RemoteClient.join(sock, tables[arg])


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lang", default="en")
    parser.add_argument("--server-console", action="store_true")
    parser.add_argument("--control", type=Path, help="where to make the control pipe")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="console-trial-"))
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    server = TableServer(work / "saves", deck=deck)
    for i, table in enumerate(SEATS):
        server.open_table(table, deck, seed=7 + i)
    served = Served(server)
    players: dict[str, RemoteClient] = {}
    for table, seats in SEATS.items():
        for name, role in seats.items():
            players[name] = RemoteClient.join(served.attach(Principal(name=name)), table)
            players[name].submit(c.ChooseRole(player=name, role=role))
    pipe = args.control or work / "control"
    os.mkfifo(pipe)
    threading.Thread(target=control, args=(pipe, served, players), daemon=True).start()
    print(f"control pipe: {pipe}", file=sys.stderr)
    console = served.attach(Principal(name="Fie", facilitator=True))
    command = [sys.executable, "-m", "sammenspil.tui.console_main", "--fd", str(console.fileno())]
    command += ["--lang", args.lang] + (["--server-console"] if args.server_console else [])
    try:
        code = subprocess.call(command, pass_fds=[console.fileno()])
    finally:
        console.close()
        for client in players.values():
            client.close()
        served.stop()
        server.close()
    print(f"console exited with {code}; saves in {work / 'saves'}")
    return code


if __name__ == "__main__":
    sys.exit(main())
