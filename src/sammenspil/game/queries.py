"""Questions about a table that screens, the host and the rules all ask, answered once.

Each answer is computed here and nowhere else, so the rulebook and the screens cannot come to
disagree about who is still ranking or who may move the table on.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

from sammenspil.game import commands as c
from sammenspil.game.state import Phase, Table


def submitted_roles(table: Table) -> list[str]:
    """Roles that have ranked, in deck order: public, unlike what they ranked."""
    return [r for r in table.deck_role_ids() if r in table.rankings]


def waiting_roles(table: Table) -> list[str]:
    """Roles in play that still owe their first ranking; none outside the ranking phase."""
    if table.phase is not Phase.RANK:
        return []
    return [r for r in table.active_roles() if r not in table.rankings]


def answered_dilemmas(table: Table, role: str) -> int:
    """How many of the dealt dilemmas ``role`` has taken a position on."""
    return sum(1 for d in table.dilemmas if d in table.positions.get(role, {}))


def still_to_act(table: Table) -> list[str]:
    """Roles in play the phase still waits for, in deck order: a first ranking, or a position
    on every dilemma. The other phases ask nothing of every role (placing, reacting and
    revising are each role's choice), so nobody is waited for there."""
    if table.phase is Phase.RANK:
        return waiting_roles(table)
    if table.phase is Phase.DILEMMAS:
        return [
            r for r in table.active_roles() if answered_dilemmas(table, r) < len(table.dilemmas)
        ]
    return []


def may_steer(table: Table, player: str) -> bool:
    """Whether ``player`` may start, advance or lock the table (phase permitting).

    Facilitators always may; other seated or unseated players only where the table lets anyone
    advance (hot-seat), and spectators never.
    """
    p = table.players.get(player)
    if p is None:
        return False
    return p.facilitator or (table.settings.anyone_advances and not p.spectator)


class Allowed(BaseModel):
    """One flag per kind of move: True when the rules would accept such a move now."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    join: bool = False
    choose_role: bool = False
    start: bool = False
    rank: bool = False
    revise: bool = False
    place: bool = False
    withdraw: bool = False
    react: bool = False
    set_position: bool = False
    advance: bool = False
    lock: bool = False


ACTION_OF: dict[type, str] = {
    c.Join: "join",
    c.ChooseRole: "choose_role",
    c.Start: "start",
    c.SubmitRanking: "rank",
    c.ReviseRanking: "revise",
    c.PlaceRemedy: "place",
    c.Withdraw: "withdraw",
    c.Endorse: "react",
    c.Challenge: "react",
    c.SetPosition: "set_position",
    c.Advance: "advance",
    c.Lock: "lock",
}
"""The ``Allowed`` flag that covers each command type (a Leave is always open to a player)."""
