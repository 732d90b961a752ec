"""What a player may do now, asked of the rulebook itself.

Each answer is ``decide`` on a probe command (a valid order, the first card of the role's hand,
an argument of enough words), so the buttons a screen offers and the moves the rules accept
cannot drift apart: there is one rule, and this only asks it. The answer's model, ``Allowed``,
lives in ``queries`` so that screens can hold one without importing the rules.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pydantic

from sammenspil.game import commands as c
from sammenspil.game.queries import Allowed
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import decide
from sammenspil.game.state import Table


def allowed(table: Table, player: str) -> Allowed:
    """What ``player`` may do on ``table`` now; a name not at the table may at most join."""

    def ok(make: Callable[[], c.Command]) -> bool:
        try:
            command = make()
        except pydantic.ValidationError:  # a name no command can carry
            return False
        return not isinstance(decide(table, command), Refusal)

    if player not in table.players:
        return Allowed(join=ok(lambda: c.Join(player=player)))
    role = table.players[player].role
    hand = table.hands.get(role or "", [])
    problems = list(table.problems)
    first_card = hand[0] if hand else ""
    first_problem = problems[0] if problems else ""
    # The probe placements: the first live one of the role and of another role it has not
    # reacted to yet (the rules decide; this only keeps the asking short on a long round).
    live = [p for p in table.placements if not p.withdrawn]
    own = next((p.id for p in live if p.role == role), "")
    other = next((p.id for p in live if p.role != role and not p.reaction_of(role or "")), "")
    first_dilemma = table.dilemmas[0] if table.dilemmas else ""
    words = " ".join(["word"] * max(table.deck.rules.argument_min_words, 1))
    return Allowed(
        choose_role=any(
            ok(partial(c.ChooseRole, player=player, role=r)) for r in table.deck_role_ids()
        ),
        start=ok(lambda: c.Start(player=player)),
        rank=ok(lambda: c.SubmitRanking(player=player, order=problems)),
        revise=ok(lambda: c.ReviseRanking(player=player, order=problems)),
        place=ok(
            lambda: c.PlaceRemedy(
                player=player, remedy=first_card, problem=first_problem, argument=words
            )
        ),
        withdraw=ok(lambda: c.Withdraw(player=player, placement=own)),
        react=ok(lambda: c.Endorse(player=player, placement=other)),
        set_position=ok(lambda: c.SetPosition(player=player, dilemma=first_dilemma, value=3)),
        advance=ok(lambda: c.Advance(player=player)),
        lock=ok(lambda: c.Lock(player=player)),
    )
