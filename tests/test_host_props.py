"""Random traffic through the host: after every step, nobody sees more than the rules allow.

Random principals connect, drop and send random commands (naming random players, sometimes
several at once); after each step every viewer's view, and every subscriber's last notice, is
checked against the redaction rule, and every accepted event is the principal's own.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import event as note
from hypothesis import given
from hypothesis import strategies as st

from conftest import MINIMAL_DECK
from sammenspil.deck.loader import load_deck_text
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import fold, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.game.views import RankingHidden
from sammenspil.host.client import Accepted
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import Move, Presence, TableView

PRINCIPALS = [
    Principal(name="ann"),
    Principal(name="ben"),
    Principal(name="cis"),
    Principal(name="dan"),
    Principal(name="fay", facilitator=True),
    Principal(name="gus", facilitator=True),
    Principal(name="sam", spectator=True),
]
STRANGER = Principal(name="zed")
ROLES = ["state", "region", "municipality"]
ARGUMENT = "argued in enough words here"


def secret(author: str) -> str:
    """The argument a first ranking carries, named after who wrote it (the role it lands in is
    the author's when it is decided, which a batch may change before): it must not be seen by
    another role before the reveal."""
    return f"hidden reason of {author}"


@cache
def deck() -> Deck:
    loaded, _warnings = load_deck_text(MINIMAL_DECK, source="mini.toml")
    return loaded


class MemoryRound:
    """A round kept in memory: the host's side is what is tested here, not the disk."""

    def __init__(self, table: Table) -> None:
        self.table = table
        self.events: list[e.Event] = []

    def record(self, events: list[e.Event]) -> None:
        self.table = fold(self.table, events)
        self.events += events

    def write(self) -> None:
        pass


def command(data: st.DataObject, table: Table, principal: Principal) -> c.Command:
    """A random command; its ``player`` is often someone else, which must not matter."""
    player = data.draw(st.sampled_from([p.name for p in PRINCIPALS]), label="named player")
    problems = list(table.problems) or ["handover", "silos"]
    placements = [p.id for p in table.placements] or ["p1"]
    cards = [card for hand in table.hands.values() for card in hand] or ["simple"]
    kind = data.draw(st.integers(0, 10), label="kind")
    match kind:
        case 0 | 1:
            return c.ChooseRole(player=player, role=data.draw(st.sampled_from(ROLES)))
        case 2:
            return c.Start(player=player)
        case 3 | 4:
            order = data.draw(st.permutations(problems), label="order")
            return c.SubmitRanking(player=player, order=order, argument=secret(principal.name))
        case 5:
            return c.ReviseRanking(player=player, order=problems[::-1], argument=ARGUMENT)
        case 6:
            return c.PlaceRemedy(
                player=player,
                remedy=data.draw(st.sampled_from(cards)),
                problem=data.draw(st.sampled_from(problems)),
                argument=ARGUMENT,
            )
        case 7:
            return c.Endorse(player=player, placement=data.draw(st.sampled_from(placements)))
        case 8:
            return c.Join(player=player, facilitator=True)
        case 9:
            return c.Leave(player=player)
    return c.Advance(player=player)


def progress(table: Table) -> tuple[Principal, c.Command]:
    """The move that takes the round forward: start, a waiting role ranks, or advance."""
    facilitator = PRINCIPALS[4]
    if table.phase is Phase.RANK:
        for principal in PRINCIPALS:
            seat = table.players.get(principal.name)
            if seat and seat.seated and seat.role not in table.rankings:
                order = list(table.problems)
                ranking = c.SubmitRanking(player="", order=order, argument=secret(principal.name))
                return principal, ranking
    if table.phase is Phase.LOBBY:
        return facilitator, c.Start(player="")
    return facilitator, c.Advance(player="")


def check_moves(phase: Phase, moves: tuple[Move, ...], role: str | None) -> None:
    """Before the reveal, moves show another role's ranking only as a stand-in."""
    for move in moves:
        if phase is Phase.RANK:
            if isinstance(move.event, e.RankingSubmitted):
                assert move.event.role == role, (role, move)
        else:
            assert not isinstance(move.event, RankingHidden), move


def check_view(host: TableHost, viewer: Principal, view: TableView, table: Table) -> None:
    seat = table.players.get(viewer.name)
    role = seat.role if seat is not None and seat.seated else None
    assert view.viewer == viewer.name and view.table.version == table.version
    assert set(view.presence) == set(table.players)
    check_moves(table.phase, view.feed, role)
    text = view.model_dump_json()
    if table.phase is Phase.RANK:
        assert set(view.table.rankings) <= ({role} if role else set())
        hidden = {m.event.role for m in view.feed if isinstance(m.event, RankingHidden)}
        assert hidden == set(table.rankings) - {role}
        # Each hidden ranking's own words, unless the viewer's role's ranking has the same (one
        # author may rank for two roles in turn: what they wrote for their role is theirs).
        shown = {r.argument for name, r in table.rankings.items() if name == role}
        for other in set(table.rankings) - {role}:
            argument = table.rankings[other].argument
            if argument not in shown:
                assert argument not in text, (viewer, other)
    else:
        assert view.table.rankings == table.rankings
        assert len(view.feed) == table.version


@given(data=st.data(), anyone_advances=st.booleans())
def test_the_redaction_rule_holds_after_every_step(
    data: st.DataObject, anyone_advances: bool
) -> None:
    table = new_table(
        deck(), table_id="props1", name="Bord", seed=5, anyone_advances=anyone_advances
    )
    host = TableHost(MemoryRound(table))  # type: ignore[arg-type]
    last: dict[str, tuple[TableView, tuple[Move, ...]]] = {}
    for viewer in [*PRINCIPALS, STRANGER]:

        def told(view: TableView, moves: tuple[Move, ...], name: str = viewer.name) -> None:
            last[name] = (view, moves)

        host.subscribe(viewer, told)
    connections: dict[str, int] = {}
    phases: set[Phase] = set()
    # Most rounds start with a few players at the table, so more of them reach the ranking.
    for principal in data.draw(st.lists(st.sampled_from(PRINCIPALS), unique=True), label="early"):
        assert isinstance(host.connect(principal), Accepted)
        connections[principal.name] = 1
        role = data.draw(st.sampled_from(ROLES), label="early role")
        host.submit(principal, c.ChooseRole(player=principal.name, role=role))

    for _step in range(data.draw(st.integers(5, 40), label="steps")):
        principal = data.draw(st.sampled_from(PRINCIPALS), label="principal")
        action = data.draw(st.integers(0, 9), label="action")
        outcomes: list[Any]
        if action == 0:
            outcome = host.connect(principal)
            if isinstance(outcome, Accepted):
                connections[principal.name] = connections.get(principal.name, 0) + 1
            outcomes = [(principal, outcome)]
        elif action == 1:
            host.disconnect(principal)
            if connections.get(principal.name):
                connections[principal.name] -= 1
            outcomes = []
        elif action == 2:
            batch = [
                (p, command(data, host.table, p))
                for p in data.draw(st.lists(st.sampled_from(PRINCIPALS), min_size=1, max_size=3))
            ]
            outcomes = list(zip((p for p, _ in batch), host.submit_many(batch), strict=True))
        elif action in (3, 4):
            mover, move = progress(host.table)
            outcomes = [(mover, host.submit(mover, move))]
        else:
            outcomes = [(principal, host.submit(principal, command(data, host.table, principal)))]

        table = host.table
        for who, outcome in outcomes:
            assert isinstance(outcome, Accepted | Refusal)
            if isinstance(outcome, Accepted):
                for event in outcome.events:
                    assert getattr(event, "player", who.name) == who.name, (who, event)
        for viewer in [*PRINCIPALS, STRANGER]:
            check_view(host, viewer, host.view(viewer), table)
            if viewer.name in last:
                view, moves = last[viewer.name]
                seat = view.table.players.get(viewer.name)
                own = seat.role if seat is not None and seat.seated else None
                assert view.viewer == viewer.name
                check_moves(view.table.phase, moves, own)
                if view.table.phase is Phase.RANK:
                    assert set(view.table.rankings) <= ({own} if own else set())
        phases.add(table.phase)
        presence = host.presence()
        for name in table.players:
            expected = Presence.CONNECTED if connections.get(name) else Presence.AWAY
            assert presence[name] is expected, name
    for phase in sorted(phases, key=list(Phase).index):
        note(f"reached {phase}")
