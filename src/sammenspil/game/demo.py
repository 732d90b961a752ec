"""Scripted players: a whole round without a terminal, for the demo and the engine's own tests.

The players are simple but not random noise: each role ranks the problems on its own chain
first, answers the problems it ranked highest with cards it owns, argues in whole sentences,
and reacts to the others. Everything is drawn from the round's seed, so a demo is reproducible.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.state import Phase, Table
from sammenspil.rng import SeededRandom

_ARGUMENTS = {
    "da": [
        "Det rammer borgeren direkte hos os",
        "Her ser vi flest sager gå tabt mellem os",
        "Det kan vi gøre noget ved allerede i morgen",
        "Uden dette hænger resten ikke sammen",
    ],
    "en": [
        "This hits the citizen directly where we work",
        "This is where most cases get lost between us",
        "We can start on this already tomorrow",
        "Without this the rest does not hold together",
    ],
}


def _say(table: Table, rng: SeededRandom) -> str:
    lines = _ARGUMENTS.get(table.deck.language, _ARGUMENTS["en"])
    return lines[rng.below(len(lines))]


def seat_commands(table: Table, players: int) -> list[c.Command]:
    """Join ``players`` players and seat them round the deck's roles."""
    roles = [r.id for r in table.deck.roles]
    out: list[c.Command] = []
    for i in range(players):
        name = f"player{i + 1}"
        out += [c.Join(player=name), c.ChooseRole(player=name, role=roles[i % len(roles)])]
    return out


def _ranking(table: Table, role: str, rng: SeededRandom) -> list[str]:
    deck = table.deck
    own = [p for p in table.problems if role in deck.problem(p).levels]
    rest = [p for p in table.problems if p not in own]
    return rng.shuffled(own) + rng.shuffled(rest)


def moves(table: Table, rng: SeededRandom) -> Iterator[c.Command]:
    """The scripted players' commands for the table's current phase, one player per role."""
    speaker: dict[str, str] = {}
    for p in table.players.values():
        if p.seated and p.role is not None and p.role not in speaker:
            speaker[p.role] = p.name
    deck = table.deck
    match table.phase:
        case Phase.LOBBY:
            yield c.Start(player=next(iter(speaker.values())))
        case Phase.RANK:
            for role, name in speaker.items():
                if role not in table.rankings:
                    yield c.SubmitRanking(
                        player=name, order=_ranking(table, role, rng), argument=_say(table, rng)
                    )
        case Phase.REVEAL:
            for role, name in speaker.items():
                first = table.rankings.get(role)
                if first and role not in table.revised and rng.below(2):
                    order = list(first.order)
                    i = rng.below(len(order) - 1)
                    order[i], order[i + 1] = order[i + 1], order[i]
                    yield c.ReviseRanking(player=name, order=order, argument=_say(table, rng))
            yield c.Advance(player=next(iter(speaker.values())))
        case Phase.RESPOND:
            for role, name in speaker.items():
                ranking = table.final_ranking(role)
                order = ranking.order if ranking else table.problems
                for card in list(table.hands.get(role, []))[:2]:
                    answers = deck.addressed_problems(deck.remedy(card))
                    target = next((p for p in order if p in answers), order[0])
                    yield c.PlaceRemedy(
                        player=name, remedy=card, problem=target, argument=_say(table, rng)
                    )
        case Phase.DILEMMAS:
            for role, name in speaker.items():
                taken = table.positions.get(role, {})
                for dilemma in (d for d in table.dilemmas if d not in taken):
                    yield c.SetPosition(
                        player=name,
                        dilemma=dilemma,
                        value=1 + rng.below(5),
                        argument=_say(table, rng),
                    )
            yield c.Lock(player=next(iter(speaker.values())))


def reactions(table: Table, rng: SeededRandom) -> Iterator[c.Command]:
    """Each role endorses or challenges one placement of another role."""
    speaker = {p.role: p.name for p in table.players.values() if p.role and p.seated}
    for role, name in speaker.items():
        others = [p for p in table.live_placements() if p.role != role and not p.reaction_of(role)]
        if not others:
            continue
        target = others[rng.below(len(others))]
        if rng.below(3):
            yield c.Endorse(player=name, placement=target.id, comment=_say(table, rng))
        else:
            yield c.Challenge(player=name, placement=target.id, comment=_say(table, rng))


def _seated_already(table: Table, command: c.Command) -> bool:
    player = table.players.get(command.player)
    if isinstance(command, c.ChooseRole):
        return player is not None and player.role == command.role
    return player is not None


class DemoError(RuntimeError):
    """A scripted move was refused: the rules and the script disagree, which is a bug."""


def play_round(
    table: Table, submit: Callable[[c.Command], Table | Refusal], *, players: int = 3
) -> Table:
    """Play the table from the lobby to the scored phase through ``submit``.

    ``submit`` decides and records one command and returns the new table, so the caller keeps
    the log (a save, a server) and the demo exercises exactly the path real players take.
    """
    rng = SeededRandom(table.seed ^ 0x5EED5EED)

    def send(command: c.Command) -> Table:
        result = submit(command)
        if isinstance(result, Refusal):
            raise DemoError(f"{type(command).__name__} by {command.player}: {result.reason}")
        return result

    seats = seat_commands(table, players)
    demo_names = {command.player for command in seats}
    if table.phase is Phase.LOBBY and set(table.players) <= demo_names:
        # A fresh table, or a demo stopped while seating: seat whoever is not seated yet.
        for command in seats:
            if not _seated_already(table, command):
                table = send(command)
    while table.phase is not Phase.SCORED:
        before, phase = table.version, table.phase
        for command in list(moves(table, rng)):
            table = send(command)
        if phase is Phase.RESPOND:
            for command in list(reactions(table, rng)):
                table = send(command)
            first = next(p.name for p in table.players.values() if p.seated)
            table = send(c.Advance(player=first))
        if table.version == before:
            raise DemoError(f"no progress in the {table.phase} phase")
    return table
