"""Folding events into a table: ``apply`` takes one event, ``fold`` a log of them.

The applying half of the rulebook (``rules`` decides, and re-exports these). Replaying a save
needs only this half, so reading a round loads none of the commands or the refusals.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import singledispatch

from sammenspil.deck.models import Deck
from sammenspil.game import events as e
from sammenspil.game.state import (
    PHASE_ORDER,
    Phase,
    Placement,
    Player,
    Position,
    Ranking,
    Reaction,
    Settings,
    Table,
)


class EventError(ValueError):
    """An event that does not fit the table it is applied to: a corrupt or hand-edited log."""


def new_table(deck: Deck, *, table_id: str, name: str, seed: int, **settings: bool) -> Table:
    return Table(id=table_id, name=name, seed=seed, deck=deck, settings=Settings(**settings))


def apply(table: Table, event: e.Event) -> Table:
    """The table after one event. Raises EventError when the event cannot have happened here."""
    changes = _apply(event, table)
    touched = dict(table.touched)
    version = table.version + 1
    for subject in event.subjects():
        touched[subject] = version
    return table.model_copy(update={**changes, "version": version, "touched": touched})


def fold(table: Table, events: Iterable[e.Event]) -> Table:
    for event in events:
        table = apply(table, event)
    return table


def replay(table: Table, events: Iterable[e.Event]) -> Table:
    """Alias of fold that reads better where a save's log is rebuilt."""
    return fold(table, events)


def _need(condition: bool, message: str) -> None:
    if not condition:
        raise EventError(message)


@singledispatch
def _apply(event: object, table: Table) -> dict:  # pragma: no cover - exhaustive below
    raise EventError(f"not an event: {event!r}")


@_apply.register
def _apply_player_joined(ev: e.PlayerJoined, table: Table) -> dict:
    _need(ev.player not in table.players, f"player '{ev.player}' joined twice")
    player = Player(name=ev.player, spectator=ev.spectator, facilitator=ev.facilitator)
    return {"players": {**table.players, ev.player: player}}


@_apply.register
def _apply_player_left(ev: e.PlayerLeft, table: Table) -> dict:
    _need(ev.player in table.players, f"player '{ev.player}' left but never joined")
    return {"players": {k: v for k, v in table.players.items() if k != ev.player}}


@_apply.register
def _apply_role_chosen(ev: e.RoleChosen, table: Table) -> dict:
    _need(ev.player in table.players, f"player '{ev.player}' is not at the table")
    _need(any(r.id == ev.role for r in table.deck.roles), f"unknown role '{ev.role}'")
    player = table.players[ev.player].model_copy(update={"role": ev.role})
    return {"players": {**table.players, ev.player: player}}


@_apply.register
def _apply_dealt(ev: e.Dealt, table: Table) -> dict:
    _need(table.phase is Phase.LOBBY and not table.problems, "cards dealt twice")
    deck = table.deck
    _need(all(p in {x.id for x in deck.problems} for p in ev.problems), "unknown problem dealt")
    _need(all(d in {x.id for x in deck.dilemmas} for d in ev.dilemmas), "unknown dilemma dealt")
    cards = [card for hand in ev.hands.values() for card in hand]
    _need(len(cards) == len(set(cards)), "a remedy was dealt to two hands")
    _need(all(card in {r.id for r in deck.remedies} for card in cards), "unknown remedy dealt")
    _need(all(role in {r.id for r in deck.roles} for role in ev.hands), "unknown role dealt")
    return {
        "problems": list(ev.problems),
        "dilemmas": list(ev.dilemmas),
        "hands": {role: list(hand) for role, hand in ev.hands.items()},
    }


@_apply.register
def _apply_phase_changed(ev: e.PhaseChanged, table: Table) -> dict:
    _need(table.phase is not Phase.SCORED, "the round was already locked")
    _need(bool(table.problems), f"the round moved to {ev.phase} before the cards were dealt")
    _need(
        PHASE_ORDER.index(ev.phase) > PHASE_ORDER.index(table.phase),
        f"the round went back from {table.phase} to {ev.phase}",
    )
    if ev.phase is Phase.SCORED:
        return {"phase": ev.phase, "locked_from": table.phase}
    return {"phase": ev.phase}


def _ranking_fits(table: Table, order: list[str]) -> None:
    _need(sorted(order) == sorted(table.problems), "a ranking that is not of the dealt problems")


def _known_role(table: Table, role: str) -> None:
    _need(role in table.deck_role_ids(), f"unknown role '{role}'")


@_apply.register(e.RankingSubmitted)
@_apply.register(e.RankingRevised)
def _apply_ranking(ev: e.RankingSubmitted | e.RankingRevised, table: Table) -> dict:
    """First rankings and revisions are kept apart, each at most once per role."""
    field = "rankings" if isinstance(ev, e.RankingSubmitted) else "revised"
    kept: dict[str, Ranking] = getattr(table, field)
    _known_role(table, ev.role)
    _ranking_fits(table, ev.order)
    _need(
        ev.role not in kept,
        f"role '{ev.role}' {'ranked' if field == 'rankings' else 'revised'} twice",
    )
    ranking = Ranking(order=ev.order, player=ev.player, argument=ev.argument)
    return {field: {**kept, ev.role: ranking}}


@_apply.register
def _apply_remedy_placed(ev: e.RemedyPlaced, table: Table) -> dict:
    hand = table.hands.get(ev.role, [])
    _need(ev.remedy in hand, f"remedy '{ev.remedy}' is not in the hand of '{ev.role}'")
    _need(ev.problem in table.problems, f"problem '{ev.problem}' is not on the table")
    _need(table.placement(ev.placement) is None, f"placement '{ev.placement}' made twice")
    placement = Placement(
        id=ev.placement,
        role=ev.role,
        player=ev.player,
        remedy=ev.remedy,
        problem=ev.problem,
        argument=ev.argument,
    )
    return {
        "hands": {**table.hands, ev.role: [card for card in hand if card != ev.remedy]},
        "placements": [*table.placements, placement],
    }


def _replace_placement(table: Table, placement_id: str, **changes: object) -> list[Placement]:
    placement = table.placement(placement_id)
    _need(placement is not None, f"no placement '{placement_id}'")
    return [p.model_copy(update=changes) if p.id == placement_id else p for p in table.placements]


@_apply.register
def _apply_placement_withdrawn(ev: e.PlacementWithdrawn, table: Table) -> dict:
    return {"placements": _replace_placement(table, ev.placement, withdrawn=True)}


@_apply.register
def _apply_placement_reacted(ev: e.PlacementReacted, table: Table) -> dict:
    placement = table.placement(ev.placement)
    _need(placement is not None, f"no placement '{ev.placement}'")
    assert placement is not None
    _known_role(table, ev.role)
    _need(placement.reaction_of(ev.role) is None, f"role '{ev.role}' reacted twice")
    reaction = Reaction(role=ev.role, player=ev.player, kind=ev.kind, comment=ev.comment)
    return {
        "placements": _replace_placement(
            table, ev.placement, reactions=[*placement.reactions, reaction]
        )
    }


@_apply.register
def _apply_position_set(ev: e.PositionSet, table: Table) -> dict:
    _need(ev.dilemma in table.dilemmas, f"dilemma '{ev.dilemma}' is not on the table")
    _known_role(table, ev.role)
    position = Position(
        role=ev.role, player=ev.player, dilemma=ev.dilemma, value=ev.value, argument=ev.argument
    )
    mine = {**table.positions.get(ev.role, {}), ev.dilemma: position}
    return {"positions": {**table.positions, ev.role: mine}}
