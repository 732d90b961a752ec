"""The table host: who speaks, one record per batch before anyone hears, presence, views."""

from __future__ import annotations

import json
import logging
import subprocess
import sys
import threading
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase, Settings, Table
from sammenspil.game.views import RankingHidden
from sammenspil.host.client import Accepted, TableClient
from sammenspil.host.local import LocalClient
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import NOT_SENT, FeedEvent, Move, Presence, SeenTable, TableView
from sammenspil.saves import Round, SaveError, load_round

ROOT = Path(__file__).resolve().parents[1]
SECRET = "our secret reason to rank it first"
ARG = "this answers the problem at its root"

ANN = Principal(name="ann")  # state
DAN = Principal(name="dan")  # state too
BEN = Principal(name="ben")  # region
CIS = Principal(name="cis")  # municipality
FAY = Principal(name="fay", facilitator=True)
GUS = Principal(name="gus", facilitator=True)  # a facilitator who sits in the region
SAM = Principal(name="sam", spectator=True)
ZED = Principal(name="zed")  # never connects
SEATS = {ANN: "state", DAN: "state", BEN: "region", CIS: "municipality", GUS: "region"}


@cache
def deck() -> Deck:
    loaded, _warnings = load_deck(ROOT / "decks" / "coherence.en.toml")
    return loaded


def new_host(folder: Path, *, anyone_advances: bool = True) -> TableHost:
    round_ = Round.create(
        deck(),
        table_name="Bord 1",
        seed=7,
        saves_dir=folder,
        settings=Settings(anyone_advances=anyone_advances),
    )
    return TableHost(round_)


def ok(outcome: Accepted | Refusal) -> Accepted:
    assert isinstance(outcome, Accepted), outcome
    return outcome


def no(outcome: Accepted | Refusal, code: str) -> Refusal:
    assert isinstance(outcome, Refusal), outcome
    assert outcome.code == code, outcome
    return outcome


def seated(folder: Path, **settings: bool) -> TableHost:
    """A host with everyone connected and seated, in the lobby."""
    host = new_host(folder, **settings)
    for principal in (ANN, DAN, BEN, CIS, FAY, GUS, SAM):
        ok(host.connect(principal))
    for principal, role in SEATS.items():
        ok(host.submit(principal, c.ChooseRole(player=principal.name, role=role)))
    return host


def ranking(host: TableHost, *, but: str | None = "municipality") -> TableHost:
    """Start and let every role but ``but`` rank; the state argues with SECRET."""
    ok(host.submit(FAY, c.Start(player="fay")))
    problems = list(host.table.problems)
    speaker = {"state": ANN, "region": BEN, "municipality": CIS}
    for role, principal in speaker.items():
        if role != but:
            argument = SECRET if role == "state" else ""
            order = problems if role == "state" else problems[::-1]
            command = c.SubmitRanking(player="x", order=order, argument=argument)
            ok(host.submit(principal, command))
    return host


# --- who speaks ------------------------------------------------------------------------------


def test_a_command_naming_another_player_acts_as_the_principal(tmp_path: Path) -> None:
    host = seated(tmp_path, anyone_advances=False)
    accepted = ok(host.submit(ANN, c.ChooseRole(player="ben", role="municipality")))
    assert accepted.events == [e.RoleChosen(player="ann", role="municipality")]
    assert host.table.players["ann"].role == "municipality"
    assert host.table.players["ben"].role == "region"
    # Naming the facilitator does not lend ann the facilitator's right to steer.
    no(host.submit(ANN, c.Start(player="fay")), "not_allowed")
    assert host.table.phase is Phase.LOBBY
    ok(host.submit(FAY, c.Start(player="ann")))


def test_a_facilitator_flag_cannot_be_claimed(tmp_path: Path) -> None:
    host = seated(tmp_path, anyone_advances=False)
    # A client's Join is refused, whatever it claims.
    for join in (c.Join(player="mal", facilitator=True), c.Join(player="ann", facilitator=True)):
        no(host.submit(ANN, join), "join_by_connecting")
    assert "mal" not in host.table.players
    assert host.table.players["ann"].facilitator is False
    # The same name with other flags is someone else: refused, on connect and on submit.
    claimed = Principal(name="ann", facilitator=True)
    no(host.connect(claimed), "name_taken")
    no(host.submit(claimed, c.Start(player="ann")), "name_taken")
    # ...and the real facilitator's seat cannot be taken by a player using that name.
    no(host.connect(Principal(name="fay")), "name_taken")
    no(host.submit(Principal(name="fay"), c.Start(player="fay")), "name_taken")
    assert host.table.phase is Phase.LOBBY
    assert not host.view(ANN).allowed.start
    assert host.view(FAY).allowed.start


def test_a_principal_joins_with_its_own_flags_and_bad_names_are_refused(tmp_path: Path) -> None:
    host = new_host(tmp_path)
    ok(host.connect(FAY))
    ok(host.connect(SAM))
    assert host.table.players["fay"].facilitator and not host.table.players["fay"].spectator
    assert host.table.players["sam"].spectator
    bad = Principal(name="esc\x1b[2J")
    no(host.connect(bad), "bad_text")
    assert bad.name not in host.presence()
    assert host.view(bad).at_table is False
    assert host.view(bad).allowed.model_dump() == {
        k: False for k in host.view(bad).allowed.model_dump()
    }


def test_a_stranger_sees_the_table_but_may_only_join(tmp_path: Path) -> None:
    host = seated(tmp_path)
    view = host.view(ZED)
    assert view.at_table is False and view.role is None
    assert {k for k, v in view.allowed.model_dump().items() if v} == {"join"}
    no(host.submit(ZED, c.ChooseRole(player="zed", role="state")), "not_at_table")


# --- presence ----------------------------------------------------------------------------------


def test_coming_back_returns_to_the_same_seat_and_counts_terminals(tmp_path: Path) -> None:
    host = seated(tmp_path)
    version = host.table.version
    again = ok(host.connect(ANN))  # a second terminal
    assert again.events == [] and again.version == version
    host.disconnect(ANN)
    assert host.presence()["ann"] is Presence.CONNECTED  # the other terminal is still there
    host.disconnect(ANN)
    assert host.presence()["ann"] is Presence.AWAY
    host.disconnect(ANN)  # one too many: nothing happens
    assert host.presence()["ann"] is Presence.AWAY
    assert host.table.version == version
    ok(host.connect(ANN))
    assert host.presence()["ann"] is Presence.CONNECTED
    assert host.view(ANN).role == "state"
    assert host.table.version == version


def test_a_drop_during_the_ranking_keeps_the_seat_and_fires_no_reveal(tmp_path: Path) -> None:
    host = ranking(seated(tmp_path))
    version = host.table.version
    seen: list[TableView] = []
    host.subscribe(FAY, lambda view, moves: seen.append(view))
    host.disconnect(CIS)  # the last role still to rank drops
    assert host.table.phase is Phase.RANK
    assert host.table.version == version  # nothing written
    assert host.table.players["cis"].role == "municipality"
    view = seen[-1]
    assert view.presence["cis"] is Presence.AWAY
    assert view.waiting == ["municipality"]
    assert view.feed == host.view(FAY).feed  # no new move
    # Back again: same seat, still to rank, and ranking now reveals.
    ok(host.connect(CIS))
    back = host.view(CIS)
    assert back.role == "municipality" and back.allowed.rank
    ok(host.submit(CIS, c.SubmitRanking(player="cis", order=list(host.table.problems))))
    assert host.table.phase is Phase.REVEAL


# --- views ----------------------------------------------------------------------------------

VIEWERS = [ANN, DAN, BEN, CIS, FAY, GUS, SAM, ZED]


def own_role(principal: Principal) -> str | None:
    return SEATS.get(principal)


def test_views_never_show_another_roles_ranking_during_the_ranking(tmp_path: Path) -> None:
    host = seated(tmp_path)
    told: dict[str, list[Move]] = {p.name: [] for p in VIEWERS}
    for principal in VIEWERS:

        def keep(view: TableView, moves: tuple[Move, ...], name: str = principal.name) -> None:
            told[name].extend(moves)

        host.subscribe(principal, keep)
    host = ranking(host)
    assert host.table.phase is Phase.RANK
    for principal in VIEWERS:
        view = host.view(principal)
        role = own_role(principal)
        shown = {role} & {"state", "region"} if role else set()
        assert set(view.table.rankings) == shown, principal
        assert view.submitted == ["state", "region"] and view.waiting == ["municipality"]
        for feed in (view.feed, tuple(told[principal.name])):
            ranked = [m.event for m in feed if isinstance(m.event, e.RankingSubmitted)]
            hidden = [m.event for m in feed if isinstance(m.event, RankingHidden)]
            assert {ev.role for ev in ranked} == shown, principal
            assert {h.role for h in hidden} == {"state", "region"} - shown, principal
        text = view.model_dump_json()
        assert (SECRET in text) == (role == "state"), principal
    # The facilitator's screen (the projector) knows who submitted, not what.
    assert host.view(FAY).submitted == ["state", "region"]
    assert host.view(FAY).table.rankings == {}

    ok(host.submit(CIS, c.SubmitRanking(player="cis", order=list(host.table.problems))))
    assert host.table.phase is Phase.REVEAL
    for principal in VIEWERS:
        view = host.view(principal)
        assert view.table.rankings == host.table.rankings
        assert not [m for m in view.feed if isinstance(m.event, RankingHidden)]
        assert SECRET in view.model_dump_json()
        assert [m.event for m in view.feed] == [m.event for m in host.view(FAY).feed]
    # The reveal's batch is told in full to everyone.
    assert isinstance(told["sam"][-1].event, e.PhaseChanged)
    assert isinstance(told["sam"][-2].event, e.RankingSubmitted)


def test_a_view_goes_over_the_wire_without_the_deck(tmp_path: Path) -> None:
    host = ranking(seated(tmp_path))
    view = host.view(ANN)
    data = json.loads(view.model_dump_json())
    assert "deck" not in data["table"] and "seed" not in data["table"]
    assert TableView.model_validate_json(view.model_dump_json()) == view
    assert deck().title not in view.model_dump_json()
    # Every field of a table is either sent or named as not sent.
    assert set(SeenTable.model_fields) == set(Table.model_fields) - NOT_SENT
    # The feed can carry every kind of event, and the stand-in for a hidden ranking.
    kinds = {t.model_fields["type"].default for t in FeedEvent.__args__[0].__args__}  # type: ignore[attr-defined]
    assert kinds == {t.model_fields["type"].default for t in e.Event.__args__[0].__args__} | {  # type: ignore[attr-defined]
        "ranking_hidden"
    }
    assert [m.version for m in view.feed] == list(range(1, host.table.version + 1))


def test_views_are_shared_per_seat_not_per_player(tmp_path: Path) -> None:
    host = ranking(seated(tmp_path))
    ann, dan, ben = host.view(ANN), host.view(DAN), host.view(BEN)
    assert ann.viewer == "ann" and dan.viewer == "dan"
    assert ann.table is dan.table and ann.feed is dan.feed  # built once for the state's seat
    assert ann.table is not ben.table


def test_what_the_viewer_may_do_follows_the_rules(tmp_path: Path) -> None:
    host = seated(tmp_path, anyone_advances=False)
    assert host.view(FAY).allowed.start and not host.view(ANN).allowed.start
    assert not host.view(SAM).allowed.choose_role
    ranking(host)
    assert host.view(CIS).allowed.rank and not host.view(ANN).allowed.rank
    assert not host.view(FAY).allowed.advance  # waiting for the municipality


# --- recording and telling --------------------------------------------------------------------


def test_a_failed_record_changes_nothing_and_tells_nobody(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    host = seated(tmp_path)
    round_ = host._round
    before, feed = host.table, host.view(ANN).feed
    told: list[int] = []
    host.subscribe(ANN, lambda view, moves: told.append(view.table.version))

    def full(events: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(round_, "record", full)
    with caplog.at_level(logging.ERROR, logger="sammenspil.host.table_host"):
        refusal = no(host.submit(FAY, c.Start(player="fay")), "not_saved")
    assert "No space left on device" in refusal.reason
    assert "was not saved" in caplog.text
    assert host.table is before and host.view(ANN).feed == feed and told == []
    # A newcomer whose Join cannot be saved is not seated, nor counted present.
    no(host.connect(ZED), "not_saved")
    assert "zed" not in host.table.players and "zed" not in host.presence()

    monkeypatch.setattr(round_, "record", lambda events: (_ for _ in ()).throw(SaveError("bad")))
    no(host.submit(FAY, c.Start(player="fay")), "not_saved")
    assert host.table is before

    monkeypatch.undo()
    ok(host.submit(FAY, c.Start(player="fay")))
    assert told == [host.table.version]
    assert load_round(round_.path).table == host.table


def test_a_raising_subscriber_does_not_stop_the_others(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    host = seated(tmp_path)
    told: list[str] = []

    def broken(view: TableView, moves: tuple[Move, ...]) -> None:
        told.append("broken")
        raise RuntimeError("screen gone")

    host.subscribe(BEN, lambda view, moves: told.append("first"))
    host.subscribe(ANN, broken)
    host.subscribe(CIS, lambda view, moves: told.append("last"))
    with caplog.at_level(logging.ERROR, logger="sammenspil.host.table_host"):
        ok(host.submit(FAY, c.Start(player="fay")))
    assert told == ["first", "broken", "last"]
    assert "subscriber ann failed" in caplog.text and "screen gone" in caplog.text
    assert "Traceback" not in caplog.text


def test_unsubscribed_callbacks_hear_nothing_more(tmp_path: Path) -> None:
    host = seated(tmp_path)
    told: list[int] = []
    stop = host.subscribe(ANN, lambda view, moves: told.append(view.table.version))
    ok(host.submit(FAY, c.Start(player="fay")))
    stop()
    stop()  # twice is harmless
    host.disconnect(BEN)
    assert told == [host.table.version]


def test_submit_many_records_once_and_acknowledges_after(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    host = new_host(tmp_path)
    for principal in (ANN, BEN, FAY):
        ok(host.connect(principal))
    round_ = host._round
    calls: list[list[e.Event]] = []
    told: list[tuple[Move, ...]] = []
    real = round_.record

    def record(events: Any) -> None:
        assert told == [], "a subscriber heard of the batch before it was recorded"
        calls.append(list(events))
        real(events)

    monkeypatch.setattr(round_, "record", record)
    host.subscribe(FAY, lambda view, moves: told.append(moves))
    outcomes = host.submit_many(
        [
            (ANN, c.ChooseRole(player="ann", role="state")),
            (BEN, c.ChooseRole(player="ben", role="region")),
            (ANN, c.ChooseRole(player="ann", role="state")),  # decided after the first: same
            (BEN, c.Join(player="ben2")),
        ]
    )
    first, second = ok(outcomes[0]), ok(outcomes[1])
    no(outcomes[2], "same_role")
    no(outcomes[3], "join_by_connecting")
    assert len(calls) == 1
    assert calls[0] == [*first.events, *second.events]
    assert (first.version, second.version) == (4, 5)
    assert len(told) == 1 and [m.version for m in told[0]] == [4, 5]
    assert load_round(round_.path).table == host.table
    # A batch with nothing accepted writes nothing and tells nobody.
    outcomes = host.submit_many([(ANN, c.ChooseRole(player="ann", role="state"))])
    no(outcomes[0], "same_role")
    assert len(calls) == 1 and len(told) == 1


def test_a_callback_may_submit_and_batches_arrive_in_order(tmp_path: Path) -> None:
    host = seated(tmp_path)
    versions: list[int] = []

    def eager(view: TableView, moves: tuple[Move, ...]) -> None:
        versions.append(view.table.version)
        if view.table.phase is Phase.RANK and view.allowed.rank:
            host.submit(ANN, c.SubmitRanking(player="ann", order=list(view.table.problems)))

    host.subscribe(ANN, eager)
    ok(host.submit(FAY, c.Start(player="fay")))
    assert host.table.rankings["state"].player == "ann"
    assert versions == sorted(versions) and len(set(versions)) == len(versions)
    assert versions[-1] == host.table.version


def test_concurrent_commands_are_decided_one_at_a_time(tmp_path: Path) -> None:
    host = new_host(tmp_path)
    names = [f"p{i}" for i in range(16)]
    versions: list[int] = []
    host.subscribe(FAY, lambda view, moves: versions.extend(m.version for m in moves))
    outcomes: dict[str, Accepted | Refusal] = {}

    def join(name: str) -> None:
        outcomes[name] = host.connect(Principal(name=name))

    threads = [threading.Thread(target=join, args=(n,)) for n in names]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(ok(o).version for o in outcomes.values()) == list(range(1, 17))
    assert versions == list(range(1, 17))
    assert set(load_round(host._round.path).table.players) == set(names)


def test_a_resumed_round_is_hosted_with_its_history(tmp_path: Path) -> None:
    host = ranking(seated(tmp_path))
    loaded = load_round(host._round.path)
    again = TableHost(loaded)
    assert [m.event for m in again._moves] == [m.event for m in host._moves]
    assert again.view(ANN) == host.view(ANN).model_copy(update={"presence": again.presence()})
    assert set(again.presence().values()) == {Presence.AWAY}  # nobody is connected yet


def test_close_writes_the_archive(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    host = seated(tmp_path)
    writes: list[int] = []
    monkeypatch.setattr(host._round, "write", lambda: writes.append(1))
    host.close()
    assert writes == [1]


# --- the client ------------------------------------------------------------------------------


def test_the_local_client_is_a_table_client(tmp_path: Path) -> None:
    host = new_host(tmp_path)
    client: TableClient = LocalClient(host, ANN)
    assert isinstance(client, LocalClient)
    assert client.principal == ANN and client.deck is host.deck
    ok(client.connect())
    views: list[TableView] = []
    client.subscribe(lambda view, moves: views.append(view))
    ok(client.submit(c.ChooseRole(player="someone-else", role="state")))
    assert client.view().role == "state" and views[-1].role == "state"
    client.close()
    assert host.presence()["ann"] is Presence.AWAY
    assert host.table.players["ann"].role == "state"  # the seat is kept
    heard = len(views)
    ok(host.connect(BEN))
    assert len(views) == heard  # closing unsubscribed


def test_screens_can_hold_a_client_without_the_rules_or_the_saves() -> None:
    """The client interface and the view models load neither the rules, saves nor any UI."""
    code = (
        "import sys, json; import sammenspil.host.client, sammenspil.host.view; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = set(json.loads(out))
    for forbidden in ("sammenspil.saves", "sammenspil.game.rules", "textual", "sammenspil.net"):
        assert forbidden not in loaded, forbidden


def test_the_host_needs_no_terminal_and_no_network() -> None:
    code = (
        "import sys, json; import sammenspil.host.table_host, sammenspil.host.local; "
        "print(json.dumps(sorted(sys.modules)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    loaded = json.loads(out)
    leaked = [m for m in loaded if m.split(".")[0] in ("textual", "rich", "asyncssh", "asyncio")]
    leaked += [m for m in loaded if m.startswith(("sammenspil.tui", "sammenspil.net"))]
    assert leaked == []
