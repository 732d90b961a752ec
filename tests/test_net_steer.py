"""A facilitator's watch connection: the overview of every table, and a hand on each.

The console's client (`Watch`) against a real table server over socketpairs; players are
`RemoteClient`s, so each effect is checked where a player would see it.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from net_support import WAIT, Raw, ServerThread, eventually, started
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase
from sammenspil.host.client import Accepted
from sammenspil.host.view import Presence
from sammenspil.net import table_server
from sammenspil.net.protocol import PROTOCOL_VERSION, Overview
from sammenspil.net.remote import RemoteClient, RemoteError, Watch, ask_tables, list_tables
from sammenspil.scoring.report import score_table

ARGUMENT = "the region and the municipality must share this problem of the citizens"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[ServerThread]:
    yield from started(tmp_path / "saves", "Table 1", "Table 2")


def join(served: ServerThread, name: str, table: str = "Table 1", **flags: bool) -> RemoteClient:
    return RemoteClient.join(served.attach(name), table, timeout=WAIT, **flags)


def watch(served: ServerThread, name: str = "Fie") -> Watch:
    return Watch(served.attach(name, facilitator=True), timeout=WAIT)


def seated(served: ServerThread, table: str = "Table 1") -> dict[str, RemoteClient]:
    players = {}
    for name, role in (("Ann", "state"), ("Bo", "region"), ("Cy", "municipality")):
        client = join(served, name, table)
        assert isinstance(client.submit(c.ChooseRole(player="", role=role)), Accepted)
        players[name] = client
    return players


def status(overview: Overview, table: str) -> dict[str, object]:
    [found] = [s for s in overview.tables if s.name == table]
    return found.model_dump()


def test_the_overview_shows_every_table_and_follows_each_change(served: ServerThread) -> None:
    fie = watch(served)
    first = fie.overview()
    assert [s.name for s in first.tables] == ["Table 1", "Table 2"]
    assert all(s.phase is Phase.LOBBY and s.seats == [] for s in first.tables)
    deck = served.server.host("Table 1").deck  # type: ignore[union-attr]
    assert status(first, "Table 1")["roles"] == {r.id: r.name for r in deck.roles}
    players = seated(served)
    eventually(lambda: len(status(fie.overview(), "Table 1")["seats"]) == 3, "three seats")  # type: ignore[arg-type]
    players["Cy"].close()
    eventually(
        lambda: {s.name: s.presence for s in fie.overview().tables[0].seats}["Cy"] is Presence.AWAY,
        "Cy away",
    )
    for client in (players["Ann"], players["Bo"], fie):
        client.close()


def test_start_waiting_advance_and_lock_by_the_facilitator(served: ServerThread) -> None:
    players = seated(served)
    ann = players["Ann"]
    assert isinstance(ann.submit(c.Start(player="")), Refusal)  # not a player's to do
    fie = watch(served)
    assert isinstance(fie.steer("Table 1", "start"), Accepted)
    eventually(lambda: ann.view().table.phase is Phase.RANK, "the deal reaches a player")
    eventually(
        lambda: status(fie.overview(), "Table 1")["waiting"] == ["state", "region", "municipality"],
        "everyone still ranks",
    )
    problems = list(ann.view().table.problems)
    ranked = ann.submit(c.SubmitRanking(player="", order=problems, argument=ARGUMENT))
    assert isinstance(ranked, Accepted)
    eventually(
        lambda: status(fie.overview(), "Table 1")["waiting"] == ["region", "municipality"],
        "the state has ranked",
    )
    # Advancing while roles still rank is refused by the rules, in the table's language.
    early = fie.steer("Table 1", "advance")
    assert isinstance(early, Refusal) and early.code == "waiting"
    for name in ("Bo", "Cy"):
        ranked = players[name].submit(c.SubmitRanking(player="", order=problems, argument=ARGUMENT))
        assert isinstance(ranked, Accepted)
    eventually(lambda: ann.view().table.phase is Phase.REVEAL, "all ranked: the reveal")
    assert isinstance(fie.steer("Table 1", "advance"), Accepted)
    eventually(lambda: ann.view().table.phase is Phase.RESPOND, "advanced to respond")
    locked = fie.steer("Table 1", "lock")
    assert isinstance(locked, Accepted)
    eventually(lambda: ann.view().table.phase is Phase.SCORED, "locked and scored")
    host = served.server.host("Table 1")
    assert host is not None
    # The facilitator took a seat to steer, so the log says who; the seat is away afterwards.
    assert host.table.players["Fie"].facilitator
    assert host.presence()["Fie"] is Presence.AWAY
    # The live total is the table's own score, recomputed.
    expected = score_table(host.table).total
    eventually(lambda: status(fie.overview(), "Table 1")["total"] == expected, "live total")
    save = Path(str(status(fie.overview(), "Table 1")["save"]))
    assert save.parent == served.server.saves_dir and save.is_file()
    for client in (*players.values(), fie):
        client.close()


def test_a_countdown_reaches_the_players_of_that_table_only(served: ServerThread) -> None:
    ann = join(served, "Ann")
    other = join(served, "Di", "Table 2")
    heard: list[datetime | None] = []
    got = threading.Event()

    def clock(ends: datetime | None) -> None:
        heard.append(ends)
        got.set()

    ann.on_countdown(clock)
    fie = watch(served)
    before = datetime.now(UTC)
    assert isinstance(fie.steer("Table 1", "countdown", seconds=300), Accepted)
    assert got.wait(WAIT)
    ends = heard[-1]
    assert ends is not None and 295 <= (ends - before).total_seconds() <= 301
    assert other.countdown_ends is None
    eventually(lambda: fie.overview().tables[0].countdown_ends == ends, "in the overview")
    # A newcomer hears it in the welcome.
    bo = join(served, "Bo")
    assert bo.countdown_ends == ends
    got.clear()
    assert isinstance(fie.steer("Table 1", "countdown", seconds=0), Accepted)
    assert got.wait(WAIT) and heard[-1] is None
    for client in (ann, bo, other, fie):
        client.close()


def test_remove_cuts_the_player_off_and_they_leave(served: ServerThread) -> None:
    players = seated(served)
    fie = watch(served)
    assert isinstance(fie.steer("Table 1", "remove", player="Bo"), Accepted)
    bo = players["Bo"]
    eventually(lambda: bo.closed, "Bo's connection is cut")
    assert bo.ended_because is not None and "Table 1" in bo.ended_because
    ann = players["Ann"]
    eventually(lambda: "Bo" not in ann.view().table.players, "Bo left the table")
    missing = fie.steer("Table 1", "remove", player="Nobody")
    assert isinstance(missing, Refusal) and missing.code == "no_player"
    for client in (ann, players["Cy"], fie):
        client.close()


def test_takeover_and_open(served: ServerThread) -> None:
    fie = watch(served)
    assert not served.server.take_over("Ann")
    assert isinstance(fie.steer("Table 1", "takeover", player="Ann"), Accepted)
    assert served.server.take_over("Ann") and not served.server.take_over("Ann")  # used once
    assert isinstance(fie.steer("Table 3", "open"), Refusal)  # the test server has no deck
    served.server.deck = served.server.host("Table 1").deck  # type: ignore[union-attr]
    assert isinstance(fie.steer("Table 3", "open"), Accepted)
    taken = fie.steer("Table 3", "open")
    assert isinstance(taken, Refusal) and taken.code == "table_exists"
    eventually(lambda: [s.name for s in fie.overview().tables][-1] == "Table 3", "listed")
    host = served.server.host("Table 3")
    assert host is not None and not host.table.settings.anyone_advances
    unknown = fie.steer("Table 9", "advance")
    assert isinstance(unknown, Refusal) and unknown.code == "no_table"
    fie.close()


def test_only_a_facilitator_may_watch_or_steer(served: ServerThread) -> None:
    with pytest.raises(RemoteError, match="only facilitators"):
        Watch(served.attach("Mallory"), timeout=WAIT)
    raw = Raw(served.attach("Mallory"))
    assert raw.hello("Table 1")["type"] == "welcome"
    raw.send({"type": "steer", "id": 1, "table": "Table 1", "action": "lock"})
    assert raw.until(lambda m: m["type"] == "error")["message"].startswith("steer from")
    assert raw.at_eof()
    raw.close()
    assert served.server.host("Table 1").table.phase is Phase.LOBBY  # type: ignore[union-attr]


def test_a_spectators_hello_and_the_way_back_to_ones_table(served: ServerThread) -> None:
    sy = join(served, "Sy", "Table 2", spectator=True)
    assert sy.principal.spectator
    refused = sy.submit(c.ChooseRole(player="", role="state"))
    assert isinstance(refused, Refusal) and refused.code == "spectator"
    sy.close()
    back, newcomer = served.attach("Sy"), served.attach("Newcomer")
    assert ask_tables(back, timeout=WAIT).yours == "Table 2"
    assert ask_tables(newcomer, timeout=WAIT).yours is None
    back.close()
    newcomer.close()


def test_a_silent_connection_is_cut_after_the_hello_timeout(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_server, "HELLO_TIMEOUT", 0.2)
    raw = Raw(served.attach("Quiet"))
    assert "hello" in raw.next()["message"]
    assert raw.at_eof()
    raw.close()
    # A connection that said hello is not bound by it.
    ann = join(served, "Ann")
    assert PROTOCOL_VERSION == 2 and not ann.closed
    ann.close()


def test_a_doors_own_app_has_no_hello_timeout(
    served: ServerThread, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(table_server, "HELLO_TIMEOUT", 0.2)
    late = served.attach("Late", own_app=True)
    time.sleep(0.6)  # three times the limit: a stranger would have been cut off by now
    assert [t.name for t in list_tables(late, timeout=WAIT)] == ["Table 1", "Table 2"]
    late.close()


def test_a_countdown_is_for_one_phase(served: ServerThread) -> None:
    players = seated(served)
    ann = players["Ann"]
    heard: list[datetime | None] = []
    ann.on_countdown(heard.append)
    fie = watch(served)
    assert isinstance(fie.steer("Table 1", "countdown", seconds=120), Accepted)
    eventually(lambda: bool(heard) and heard[-1] is not None, "the clock runs")
    assert isinstance(fie.steer("Table 1", "start"), Accepted)  # the lobby is over
    eventually(lambda: heard[-1] is None, "a new phase stops the clock")
    eventually(lambda: fie.overview().tables[0].countdown_ends is None, "in the overview too")
    for client in (*players.values(), fie):
        client.close()
