"""The remote client: the player's app end of the wire, against a real table server.

The screens cannot tell it from the hot-seat client, so the last tests drive a real game screen
through it: a move made by keys reaches the server, and another player's move shows on screen.
"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from rich.text import Text
from tests.tui_support import ARGUMENTS, ScreenApp, table_at
from textual.widgets import OptionList

from net_support import WAIT, ServerThread, english_deck, eventually, started
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.host.client import Accepted
from sammenspil.host.principal import Principal
from sammenspil.host.view import Move, Presence, TableView
from sammenspil.net.protocol import Welcome, encode
from sammenspil.net.remote import RemoteClient, RemoteError, list_tables
from sammenspil.net.table_server import TableServer
from sammenspil.tui.screens.respond import RespondScreen

ARGUMENT = ARGUMENTS["en"]
SHORT = "we share it now"  # four words, the deck's least: typed key by key


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    yield from started(tmp_path / "saves", "Table 1", "Table 2")


class Heard:
    """A subscriber that keeps what it was told, from the client's reader thread."""

    def __init__(self) -> None:
        self.views: list[TableView] = []
        self.moves: list[Move] = []
        self.lock = threading.Lock()

    def __call__(self, view: TableView, moves: tuple[Move, ...]) -> None:
        with self.lock:
            self.views.append(view)
            self.moves.extend(moves)

    def roles(self) -> dict[str, str | None]:
        with self.lock:
            if not self.views:
                return {}
            return {name: p.role for name, p in self.views[-1].table.players.items()}


def join(served: ServerThread, name: str, table: str = "Table 1", **flags: bool) -> RemoteClient:
    return RemoteClient.join(served.attach(name, **flags), table, timeout=WAIT)


def accepted(outcome: Accepted | Refusal) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def test_two_players_and_a_spectator_see_each_others_moves(served: ServerThread) -> None:
    ann, bo = join(served, "Ann"), join(served, "Bo")
    sy = join(served, "Sy", spectator=True)
    assert sy.principal == Principal(name="Sy", spectator=True)
    heard = {name: Heard() for name in ("Ann", "Bo", "Sy")}
    for name, client in (("Ann", ann), ("Bo", bo), ("Sy", sy)):
        client.subscribe(heard[name])
    accepted(ann.submit(c.ChooseRole(player="", role="state")))
    accepted(bo.submit(c.ChooseRole(player="", role="region")))
    both = {"Ann": "state", "Bo": "region", "Sy": None}
    for name in heard:
        eventually(lambda name=name: heard[name].roles() == both, f"{name} sees both roles")
    feed = [m.event.type for m in heard["Sy"].moves]
    assert feed.count("role_chosen") == 2
    # The view a client answers with is at least as new as the last result it returned.
    version = accepted(bo.submit(c.ChooseRole(player="", role="municipality"))).version
    assert bo.view().table.version >= version
    assert bo.view().role == "municipality"
    for client in (ann, bo, sy):
        client.close()


def test_a_refusal_comes_back_as_a_value(served: ServerThread) -> None:
    sy = join(served, "Sy", spectator=True)
    refused = sy.submit(c.ChooseRole(player="", role="state"))
    assert isinstance(refused, Refusal) and refused.code == "spectator"
    ann = join(served, "Ann")
    # On a server table only a facilitator deals.
    not_yours = ann.submit(c.Start(player="", seen=0))
    assert isinstance(not_yours, Refusal) and not_yours.code == "not_allowed"
    sy.close()
    ann.close()


def test_the_list_of_tables_and_a_wrong_table(served: ServerThread) -> None:
    ann = join(served, "Ann", "Table 2")
    accepted(ann.submit(c.ChooseRole(player="", role="state")))
    tables = {info.name: info for info in list_tables(served.attach("Bo"), timeout=WAIT)}
    assert sorted(tables) == ["Table 1", "Table 2"]
    assert tables["Table 1"].seats == []
    [seat] = tables["Table 2"].seats
    assert (seat.name, seat.role, seat.presence) == ("Ann", "state", Presence.CONNECTED)
    with pytest.raises(RemoteError, match="Table 3"):
        join(served, "Bo", "Table 3")
    ann.close()


def test_a_lost_server_is_a_refusal_not_an_exception(served: ServerThread) -> None:
    sock = served.attach("Ann")
    ann = RemoteClient.join(sock, "Table 1", timeout=WAIT)
    sock.shutdown(socket.SHUT_RDWR)  # as if the connection dropped
    eventually(lambda: ann.closed, "the client notices")
    lost = ann.submit(c.ChooseRole(player="", role="state"))
    assert isinstance(lost, Refusal) and lost.code == "disconnected"
    ann.close()


def test_a_silent_server_is_a_refusal_after_the_timeout(tmp_path: Path) -> None:
    server = TableServer(tmp_path)
    host = server.open_table("Table 1", english_deck(), seed=7)
    ours, theirs = socket.socketpair()
    with theirs:
        theirs.sendall(encode(Welcome(deck=host.deck, view=host.view(Principal(name="Ann")))))
        ann = RemoteClient.join(ours, "Table 1", timeout=WAIT)
        silent = ann.submit(c.ChooseRole(player="", role="state"), timeout=0.2)
        assert isinstance(silent, Refusal) and silent.code == "no_answer"
        assert b'"type":"send"' in theirs.recv(65536).replace(b" ", b"")
        ann.close()


def served_at(tmp_path: Path, phase: Phase) -> tuple[TableServer, ServerThread]:
    """A server hosting a three-player table played to ``phase`` (and left, as after a restart)."""
    played = table_at(tmp_path, phase)
    for client in played.clients.values():
        client.close()
    played.host.close()
    server = TableServer(tmp_path / "saves")
    assert server.load() == []
    return server, ServerThread(server)


def placements(screen: RespondScreen) -> list[str]:
    options = screen.query_one("#placements", OptionList)
    texts = []
    for i in range(options.option_count):
        prompt = options.get_option_at_index(i).prompt
        texts.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
    return texts


async def test_a_game_screen_plays_over_the_wire(tmp_path: Path) -> None:
    server, running = served_at(tmp_path, Phase.RESPOND)
    ann = RemoteClient.join(running.attach("Ann"), "Table 1", timeout=WAIT)
    bo = RemoteClient.join(running.attach("Bo"), "Table 1", timeout=WAIT)
    host = server.host("Table 1")
    assert host is not None
    try:
        async with ScreenApp(lambda: RespondScreen(ann)).run_test(size=(100, 30)) as pilot:
            screen = pilot.app.screen
            assert isinstance(screen, RespondScreen)
            empty = placements(screen)
            assert len(empty) == 1 and "Nothing placed" in empty[0]
            problem = screen.problem
            assert problem is not None
            # Bo places a card on the problem Ann is looking at: it shows on Ann's screen.
            card = bo.view().table.hands["region"][0]
            accepted(
                bo.submit(c.PlaceRemedy(player="", remedy=card, problem=problem, argument=ARGUMENT))
            )
            for _ in range(100):
                await pilot.pause(0.02)
                if placements(screen) != empty:
                    break
            [shown] = placements(screen)
            assert host.deck.remedy(card).title in shown
            # Ann places one by keys: it goes over the wire and the server records it.
            mine = screen.card
            await pilot.press("p")
            await pilot.press(*["space" if ch == " " else ch for ch in SHORT])
            await pilot.press("enter")
            for _ in range(100):
                await pilot.pause(0.02)
                if len(host.table.placements) == 2:
                    break
            placed = [(p.role, p.remedy) for p in host.table.placements]
            assert placed == [("region", card), ("state", mine)]
            assert host.table.placements[1].argument == SHORT
    finally:
        ann.close()
        bo.close()
        running.stop()
        server.close()
