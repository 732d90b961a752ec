"""Try the player's app by hand (not a test): a table server in a thread, the app on a socketpair.

    PYTHONPATH=src python benchmarks/try_remote.py CONTROL [--name Ann] [--lang en]

Starts a ``TableServer`` over a fresh saves folder with one table ("Table 1", the bundled English
deck), runs ``python -m sammenspil.tui.remote_main --fd N`` in this terminal as ``--name`` (run
the script inside tmux to read the screen with ``tmux capture-pane -p``), and plays the other
seats from lines written to the named pipe CONTROL (made if missing), one command a line:

    join NAME ROLE          NAME connects and takes ROLE (state, region, municipality)
    watch NAME              NAME connects as a spectator
    rank NAME               NAME submits a ranking (the dealt order) with an argument
    place NAME              NAME places the first card of its hand on the first problem
    steer ACTION [K=V ...]  the facilitator Fie: start, advance, lock, countdown seconds=N,
                            remove player=NAME, open
    leave NAME              NAME hangs up (the seat stays)

The script ends when the app does; what the other players were answered goes to CONTROL.log.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import subprocess
import sys
import tempfile
import threading
from concurrent.futures import Future
from pathlib import Path

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.host.principal import Principal
from sammenspil.net.protocol import MAX_LINE
from sammenspil.net.remote import RemoteClient, Watch
from sammenspil.net.table_server import TableServer

ARGUMENT = "the region and the municipality must share this problem of the citizens"


def main(argv: list[str]) -> int:
    control = Path(argv[0])
    name = argv[argv.index("--name") + 1] if "--name" in argv else "Ann"
    lang = argv[argv.index("--lang") + 1] if "--lang" in argv else "en"
    if not control.exists():
        os.mkfifo(control)
    deck, _ = load_deck(bundled_deck_dir() / "coherence.en.toml")
    saves = Path(tempfile.mkdtemp(prefix="try-remote-"))
    server = TableServer(saves, deck=deck)
    server.open_table("Table 1", deck, seed=7)
    loop = asyncio.new_event_loop()
    threading.Thread(target=loop.run_forever, daemon=True).start()

    served: list[Future[None]] = []

    def attach(who: str, **flags: bool) -> socket.socket:
        ours, theirs = socket.socketpair()
        principal = Principal(name=who, **flags)

        async def serve() -> None:
            reader, writer = await asyncio.open_connection(sock=theirs, limit=MAX_LINE)
            await server.serve_connection(reader, writer, principal)

        served.append(asyncio.run_coroutine_threadsafe(serve(), loop))  # kept: else collected
        return ours

    others: dict[str, RemoteClient] = {}

    log = control.with_name(control.name + ".log")
    logging.basicConfig(filename=log, level=logging.INFO)

    def say(*what: object) -> None:  # the terminal is the app's (Textual draws on stderr)
        with open(log, "a", encoding="utf-8") as out:
            print(*what, file=out)

    def obey(line: str) -> None:
        words = line.split()
        if not words:
            return
        verb, rest = words[0], words[1:]
        if verb in ("join", "watch"):
            client = RemoteClient.join(attach(rest[0]), "Table 1", spectator=verb == "watch")
            others[rest[0]] = client
            if verb == "join":
                say(line, client.submit(c.ChooseRole(player="", role=rest[1])))
        elif verb == "rank":
            client = others[rest[0]]
            order = list(client.view().table.problems)
            seen = client.view().table.version
            ranking = c.SubmitRanking(player="", order=order, argument=ARGUMENT, seen=seen)
            say(line, client.submit(ranking))
        elif verb == "place":
            client = others[rest[0]]
            view = client.view()
            role = view.role or ""
            card, problem = view.table.hands[role][0], view.table.problems[0]
            move = c.PlaceRemedy(player="", remedy=card, problem=problem, argument=ARGUMENT)
            say(line, client.submit(move.model_copy(update={"seen": view.table.version})))
        elif verb == "steer":
            fields = dict(word.split("=", 1) for word in rest[1:])
            watch = Watch(attach("Fie", facilitator=True))
            seconds = int(fields["seconds"]) if "seconds" in fields else None
            say(line, watch.steer("Table 1", rest[0], player=fields.get("player"), seconds=seconds))
            watch.close()
        elif verb == "leave":
            others.pop(rest[0]).close()

    def listen() -> None:
        while True:
            with open(control, encoding="utf-8") as pipe:
                for line in pipe:
                    try:
                        obey(line)
                    except Exception as exc:  # a trial: say it and go on
                        say("failed:", line.strip(), repr(exc))

    threading.Thread(target=listen, daemon=True).start()
    mine = attach(name)
    command = [sys.executable, "-m", "sammenspil.tui.remote_main", "--fd", str(mine.fileno())]
    if lang:
        command += ["--lang", lang]
    code = subprocess.call(command, pass_fds=[mine.fileno()])
    mine.close()
    for client in others.values():
        client.close()
    server.close()
    say("the app exited with", code, "; saves in", saves)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
