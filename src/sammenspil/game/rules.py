"""The rulebook: ``decide`` turns a command into events or a refusal, ``apply`` folds an event in.

This module and ``fold`` (where ``apply`` is written; it is re-exported here) are the only
places the rules are written. Hot-seat play, the table server, saves, replay and review all go
through these two functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from functools import singledispatch
from typing import Literal

from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game import subjects as s
from sammenspil.game.fold import EventError as EventError  # re-exported: callers name rules
from sammenspil.game.fold import apply as apply
from sammenspil.game.fold import fold
from sammenspil.game.fold import new_table as new_table
from sammenspil.game.fold import replay as replay
from sammenspil.game.queries import may_steer, waiting_roles
from sammenspil.game.refusals import Refusal, phase_name, refuse
from sammenspil.game.state import (
    Phase,
    Placement,
    Table,
)
from sammenspil.game.text import (
    ARGUMENT_MAX,
    COMMENT_MAX,
    Checked,
    name_problem,
    text_problem,
    word_count,
)
from sammenspil.i18n import t
from sammenspil.rng import SeededRandom

Decision = list[e.Event] | Refusal


# --- deciding --------------------------------------------------------------------------------


def decide(table: Table, command: c.Command) -> Decision:
    """The events a command causes on this table, or why it is refused."""
    lang = table.deck.language
    if table.locked:
        return refuse(lang, "locked")
    if not isinstance(command, c.Join) and command.player not in table.players:
        return refuse(lang, "not_at_table", player=command.player)
    stale = _stale(table, command)
    if stale:
        return stale
    return _decide(command, table)


def _command_subjects(table: Table, command: c.Command) -> Iterable[str]:
    """What a command acts on, spelled as the events that change it spell it (``subjects``)."""
    match command:
        case c.Start() | c.Advance() | c.Lock():
            return (s.PHASE,)
        case c.Join(player=p) | c.Leave(player=p):
            return (s.seat(p),)
        case c.ChooseRole(player=p):
            return (s.seat(p), s.PHASE)
        case c.PlaceRemedy(remedy=remedy):
            return (s.card(remedy), s.PHASE)
        case c.Withdraw(placement=p) | c.Endorse(placement=p) | c.Challenge(placement=p):
            return (s.placement(p), s.PHASE)
        case c.SetPosition(dilemma=d):
            role = table.players[command.player].role
            return (s.position(role or "", d), s.PHASE)
        case c.SubmitRanking() | c.ReviseRanking():
            return (s.ranking(table.players[command.player].role or ""), s.PHASE)
    return ()


def _stale(table: Table, command: c.Command) -> Refusal | None:
    if command.seen is None:
        return None
    subjects = _command_subjects(table, command)
    last = max((table.touched.get(subject, 0) for subject in subjects), default=0)
    if last > command.seen:
        return refuse(table.deck.language, "stale")
    return None


@singledispatch
def _decide(command: object, table: Table) -> Decision:  # pragma: no cover - exhaustive below
    raise TypeError(f"not a command: {command!r}")


def _lang(table: Table) -> str:
    return table.deck.language


def _want_phase(table: Table, *phases: Phase) -> Refusal | None:
    if table.phase in phases:
        return None
    lang = _lang(table)
    return refuse(
        lang,
        "wrong_phase",
        want=phase_name(lang, phases[0]),
        phase=phase_name(lang, table.phase),
    )


def _seated_role(table: Table, player: str) -> str | Refusal:
    p = table.players[player]
    if p.spectator:
        return refuse(_lang(table), "spectator")
    if p.role is None:
        return refuse(_lang(table), "no_role", player=player)
    return p.role


def _role_in(table: Table, player: str, phase: Phase) -> str | Refusal:
    """The player's role, if the table is in ``phase`` and the player sits in a role."""
    return _want_phase(table, phase) or _seated_role(table, player)


def _text(table: Table, text: str, what: Checked, max_len: int) -> Refusal | None:
    detail = text_problem(text, what=what, max_len=max_len, multiline=True, language=_lang(table))
    return refuse(_lang(table), "bad_text", detail=detail) if detail else None


def _argument(table: Table, text: str, *, required: bool) -> Refusal | None:
    bad = _text(table, text, "argument", ARGUMENT_MAX)
    if bad:
        return bad
    need = table.deck.rules.argument_min_words
    if required and word_count(text) < max(need, 1):
        return refuse(_lang(table), "few_words", n=max(need, 1))
    return None


SteerAction = Literal["start", "advance", "lock"]
_STEER_KEYS = {"start": "action.start", "advance": "action.advance", "lock": "action.lock"}


def _steering(table: Table, player: str, action: SteerAction) -> Refusal | None:
    """Why ``player`` may not take the steering ``action``, or None (see ``queries.may_steer``)."""
    if may_steer(table, player):
        return None
    lang = _lang(table)
    return refuse(lang, "not_allowed", action=t(lang, _STEER_KEYS[action]))


@_decide.register
def _decide_join(cmd: c.Join, table: Table) -> Decision:
    bad = name_problem(cmd.player, language=_lang(table))
    if bad:
        return refuse(_lang(table), "bad_text", detail=bad)
    if cmd.player in table.players:
        return refuse(_lang(table), "name_taken", player=cmd.player)
    return [e.PlayerJoined(player=cmd.player, spectator=cmd.spectator, facilitator=cmd.facilitator)]


@_decide.register
def _decide_leave(cmd: c.Leave, table: Table) -> Decision:
    out: list[e.Event] = [e.PlayerLeft(player=cmd.player)]
    return out + _auto_reveal(table, out)


@_decide.register
def _decide_choose_role(cmd: c.ChooseRole, table: Table) -> Decision:
    lang = _lang(table)
    player = table.players[cmd.player]
    if player.spectator:
        return refuse(lang, "spectator")
    if cmd.role not in {r.id for r in table.deck.roles}:
        return refuse(lang, "unknown_role", role=cmd.role)
    if player.role == cmd.role:
        return refuse(lang, "same_role", player=cmd.player)
    if table.phase is not Phase.LOBBY and cmd.role not in table.hands:
        names = ", ".join(table.role_name(r) for r in table.dealt_roles())
        return refuse(lang, "role_closed", roles=names)
    out: list[e.Event] = [e.RoleChosen(player=cmd.player, role=cmd.role)]
    return out + _auto_reveal(table, out)


@_decide.register
def _decide_start(cmd: c.Start, table: Table) -> Decision:
    return (
        _want_phase(table, Phase.LOBBY)
        or _steering(table, cmd.player, "start")
        or (refuse(_lang(table), "no_roles") if not table.active_roles() else None)
        or [deal(table), e.PhaseChanged(phase=Phase.RANK)]
    )


def deal(table: Table) -> e.Dealt:
    """Deal from the seed alone: the same deck, seed and seated roles give the same cards anywhere.

    Problems and dilemmas are drawn from the ids in sorted order, so the deck file's order does
    not matter. Remedy hands go round the roles in deck order; each role takes the first card in
    the shuffled pile that it owns and that answers a dealt problem, then any card that answers
    one, then any card, so every hand has something to play and something to argue about.
    """
    deck = table.deck
    rng = SeededRandom(table.seed)
    problems = rng.sample(sorted(p.id for p in deck.problems), deck.rules.problems)
    dilemmas = rng.sample(sorted(d.id for d in deck.dilemmas), deck.rules.dilemmas)
    pile = rng.shuffled(sorted(r.id for r in deck.remedies))
    dealt_problems = set(problems)
    useful = {r.id for r in deck.remedies if deck.addressed_problems(r) & dealt_problems}
    owners = {r.id: set(r.owners) for r in deck.remedies}
    roles = table.active_roles()
    hands: dict[str, list[str]] = {role: [] for role in roles}
    for _ in range(deck.rules.hand):
        for role in roles:
            card = (
                next((x for x in pile if x in useful and role in owners[x]), None)
                or next((x for x in pile if x in useful), None)
                or pile[0]
            )
            pile.remove(card)
            hands[role].append(card)
    return e.Dealt(problems=problems, dilemmas=dilemmas, hands=hands)


def _check_order(table: Table, order: Sequence[str]) -> Refusal | None:
    if sorted(order) == sorted(table.problems) and len(set(order)) == len(order):
        return None
    unknown = [p for p in order if p not in table.problems]
    missing = [p for p in table.problems if p not in order]
    detail = ""
    if unknown:
        detail += f" ({', '.join(unknown[:3])}?)"
    elif missing:
        detail += f" (-{', '.join(missing[:3])})"
    return refuse(_lang(table), "bad_order", detail=detail)


@_decide.register(c.SubmitRanking)
@_decide.register(c.ReviseRanking)
def _decide_ranking(cmd: c.SubmitRanking | c.ReviseRanking, table: Table) -> Decision:
    """A first ranking in the rank phase, a revision in the reveal: each once per role."""
    first = isinstance(cmd, c.SubmitRanking)
    role = _role_in(table, cmd.player, Phase.RANK if first else Phase.REVEAL)
    if isinstance(role, Refusal):
        return role
    kept, code = (table.rankings, "already_ranked") if first else (table.revised, "already_revised")
    if role in kept:
        return refuse(_lang(table), code, role=table.role_name(role))
    bad = _check_order(table, cmd.order) or _argument(table, cmd.argument, required=False)
    if bad:
        return bad
    made = e.RankingSubmitted if first else e.RankingRevised
    out: list[e.Event] = [
        made(role=role, player=cmd.player, order=cmd.order, argument=cmd.argument)
    ]
    return out + _auto_reveal(table, out)


def _auto_reveal(table: Table, pending: list[e.Event]) -> list[e.Event]:
    """When the last role in play has ranked, the reveal happens by itself."""
    if table.phase is not Phase.RANK:
        return []
    after = fold(table, pending)
    if after.rankings and not waiting_roles(after):
        return [e.PhaseChanged(phase=Phase.REVEAL)]
    return []


@_decide.register
def _decide_place_remedy(cmd: c.PlaceRemedy, table: Table) -> Decision:
    role = _role_in(table, cmd.player, Phase.RESPOND)
    if isinstance(role, Refusal):
        return role
    lang = _lang(table)
    hand = table.hands.get(role, [])
    if cmd.remedy not in hand:
        if any(p.remedy == cmd.remedy and p.role == role for p in table.placements):
            return refuse(lang, "already_placed", role=table.role_name(role))
        return refuse(lang, "not_in_hand", card=cmd.remedy, role=table.role_name(role))
    if cmd.problem not in table.problems:
        return refuse(lang, "unknown_problem", problem=cmd.problem)
    bad = _argument(table, cmd.argument, required=True)
    if bad:
        return bad
    return [
        e.RemedyPlaced(
            placement=f"p{len(table.placements) + 1}",
            role=role,
            player=cmd.player,
            remedy=cmd.remedy,
            problem=cmd.problem,
            argument=cmd.argument,
        )
    ]


def _live_placement(table: Table, placement_id: str) -> Placement | Refusal:
    placement = table.placement(placement_id)
    if placement is None:
        return refuse(_lang(table), "no_placement", placement=placement_id)
    if placement.withdrawn:
        return refuse(_lang(table), "withdrawn")
    return placement


@_decide.register
def _decide_withdraw(cmd: c.Withdraw, table: Table) -> Decision:
    role = _role_in(table, cmd.player, Phase.RESPOND)
    if isinstance(role, Refusal):
        return role
    placement = _live_placement(table, cmd.placement)
    if isinstance(placement, Refusal):
        return placement
    if placement.role != role:
        return refuse(_lang(table), "not_yours", role=table.role_name(placement.role))
    return [e.PlacementWithdrawn(placement=placement.id, player=cmd.player)]


def _react(
    table: Table, cmd: c.Endorse | c.Challenge, kind: str, comment_required: bool
) -> Decision:
    role = _role_in(table, cmd.player, Phase.RESPOND)
    if isinstance(role, Refusal):
        return role
    placement = _live_placement(table, cmd.placement)
    if isinstance(placement, Refusal):
        return placement
    lang = _lang(table)
    if placement.role == role:
        return refuse(lang, "own_placement")
    if placement.reaction_of(role):
        return refuse(lang, "already_reacted", role=table.role_name(role))
    bad = _text(table, cmd.comment, "comment", COMMENT_MAX)
    if bad:
        return bad
    if comment_required and not cmd.comment.strip():
        return refuse(lang, "need_comment")
    return [
        e.PlacementReacted(
            placement=placement.id, role=role, player=cmd.player, kind=kind, comment=cmd.comment
        )
    ]


@_decide.register
def _decide_endorse(cmd: c.Endorse, table: Table) -> Decision:
    return _react(table, cmd, "endorse", comment_required=False)


@_decide.register
def _decide_challenge(cmd: c.Challenge, table: Table) -> Decision:
    return _react(table, cmd, "challenge", comment_required=True)


@_decide.register
def _decide_set_position(cmd: c.SetPosition, table: Table) -> Decision:
    role = _role_in(table, cmd.player, Phase.DILEMMAS)
    if isinstance(role, Refusal):
        return role
    if cmd.dilemma not in table.dilemmas:
        return refuse(_lang(table), "unknown_dilemma", dilemma=cmd.dilemma)
    bad = _argument(table, cmd.argument, required=False)
    if bad:
        return bad
    return [
        e.PositionSet(
            role=role,
            player=cmd.player,
            dilemma=cmd.dilemma,
            value=cmd.value,
            argument=cmd.argument,
        )
    ]


def next_phase(table: Table) -> Phase | None:
    """The phase after this one; dilemmas are skipped when none were dealt."""
    match table.phase:
        case Phase.REVEAL:
            return Phase.RESPOND
        case Phase.RESPOND:
            return Phase.DILEMMAS if table.dilemmas else Phase.SCORED
        case Phase.DILEMMAS:
            return Phase.SCORED
    return None


@_decide.register
def _decide_advance(cmd: c.Advance, table: Table) -> Decision:
    lang = _lang(table)
    if table.phase is Phase.LOBBY:
        return _decide(c.Start(player=cmd.player), table)
    bad = _steering(table, cmd.player, "advance")
    if bad:
        return bad
    if table.phase is Phase.RANK:
        waiting = [table.role_name(r) for r in waiting_roles(table)]
        return refuse(lang, "waiting", roles=", ".join(waiting) or "-")
    phase = next_phase(table)
    if phase is None:  # pragma: no cover - scored is refused as locked above
        return refuse(lang, "last_phase")
    return [e.PhaseChanged(phase=phase)]


@_decide.register
def _decide_lock(cmd: c.Lock, table: Table) -> Decision:
    bad = _steering(table, cmd.player, "lock")
    if bad:
        return bad
    if table.phase in (Phase.LOBBY, Phase.RANK):
        return _want_phase(table, Phase.RESPOND, Phase.REVEAL, Phase.DILEMMAS)  # type: ignore[return-value]
    return [e.PhaseChanged(phase=Phase.SCORED)]


def handle(table: Table, command: c.Command) -> tuple[Table, list[e.Event]] | Refusal:
    """Decide and apply in one step, for callers that hold the table themselves."""
    decision = decide(table, command)
    if isinstance(decision, Refusal):
        return decision
    return fold(table, decision), decision
