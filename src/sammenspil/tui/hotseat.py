"""Hot-seat play: one table host over one saved round, and players taking turns at one keyboard.

Every player connects once, as their own principal, so the table knows who did what. The screens
get one ``SeatClient``, a ``TableClient`` whose principal the app changes at each hand-over: a
screen built for the region's ranking sees what the region may see and sends moves as the
region's player. The host saves every move before anyone is told of it.

This module is the app's, not the screens': it imports the host and the saves, which the
import-linter contract keeps out of ``tui/screens`` and ``tui/widgets``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.fold import new_table
from sammenspil.game.queries import answered_dilemmas, still_to_act
from sammenspil.game.refusals import Refusal, phase_name
from sammenspil.game.rules import handle, next_phase
from sammenspil.game.state import Phase
from sammenspil.game.text import NAME_MAX, name_problem, printable
from sammenspil.host.client import Accepted, Outcome, Subscriber, Unsubscribe
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import Move, TableView
from sammenspil.i18n import t, t_n
from sammenspil.saves import Round, SaveError, load_round
from sammenspil.scoring.report import score_table
from sammenspil.tui.rounds import SPECTATOR, Seat


class SetupError(Exception):
    """A round could not be set up as asked; the message is one line for the player."""


def parse_players(text: str) -> list[Seat]:
    """``"Ann:state,Bo:region"`` as seats; a name without a role is a spectator."""
    seats: list[Seat] = []
    for part in text.split(","):
        if not part.strip():
            continue
        name, _, role = part.partition(":")
        name, role = name.strip(), role.strip() or SPECTATOR
        if not name:
            raise SetupError(f"a player has no name in {printable(part.strip())!r}")
        seats.append(Seat(name, role))
    if not seats:
        raise SetupError("no players given")
    return seats


def rehearse(deck: Deck, seats: Sequence[Seat], *, seed: int) -> None:
    """Seat everyone and deal on a table in memory, so that the rules refuse a bad seat (a taken
    or unfit name, an unknown role) before a save exists: a refused setup leaves no file.

    The host cannot catch a name given twice: it takes a known name for the same player coming
    back, so the second seat would silently move the first one to its role.
    """
    roles = {r.id for r in deck.roles}
    table = new_table(deck, table_id="rehearsal", name="rehearsal", seed=seed)
    commands: list[c.Command] = []
    for s in seats:
        spectator = s.role == SPECTATOR
        bad_name = name_problem(s.name, language=deck.language)  # the Join rule's own check,
        if bad_name is not None:  # asked first: a name past the command's limit cannot be sent
            shown = s.name if len(s.name) <= NAME_MAX else s.name[:NAME_MAX] + "…"
            raise SetupError(f"{printable(shown)}: {bad_name}")
        if not spectator and s.role not in roles:
            known = ", ".join(sorted(roles))
            raise SetupError(f"{printable(s.name)}: no role {printable(s.role)!r} ({known})")
        commands.append(c.Join(player=s.name, spectator=spectator))
        if not spectator:
            commands.append(c.ChooseRole(player=s.name, role=s.role))
    steer = next((s.name for s in seats if s.role != SPECTATOR), None)
    if steer is None:
        raise SetupError("nobody plays a role")
    for command in [*commands, c.Start(player=steer)]:
        outcome = handle(table, command)
        if isinstance(outcome, Refusal):
            raise SetupError(printable(outcome.reason))
        table, _ = outcome


class SeatClient:
    """A ``TableClient`` on the hot-seat host whose principal is whoever has the keyboard."""

    def __init__(self, host: TableHost, principal: Principal) -> None:
        self._host = host
        self._principal = principal

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def deck(self) -> Deck:
        return self._host.deck

    def act_as(self, principal: Principal) -> None:
        """Hand the keyboard over: from now on views and moves are ``principal``'s."""
        self._principal = principal

    def view(self) -> TableView:
        return self._host.view(self._principal)

    def submit(self, command: c.Command) -> Outcome:
        return self._host.submit(self._principal, command)

    def subscribe(self, callback: Subscriber) -> Unsubscribe:
        """Tell ``callback`` of every change, seen by whoever has the keyboard when it happens."""

        def heard(_view: TableView, moves: tuple[Move, ...]) -> None:
            callback(self.view(), moves)

        return self._host.subscribe(self._principal, heard)


class HotSeat:
    """One round at one keyboard: the host, the players' principals, and the shared client."""

    def __init__(self, round_: Round) -> None:
        self.round = round_
        self.host = TableHost(round_)
        table = self.host.table
        self.principals = {
            name: Principal(name=name, facilitator=p.facilitator, spectator=p.spectator)
            for name, p in table.players.items()
        }
        for principal in self.principals.values():
            self.host.connect(principal)
        first = next(iter(self.principals.values()), Principal(name="table"))
        self.client = SeatClient(self.host, first)

    @property
    def path(self) -> Path:
        return self.round.path

    @classmethod
    def start(
        cls, deck: Deck, seats: Sequence[Seat], *, table_name: str, seed: int, saves_dir: Path
    ) -> HotSeat:
        """A new round: seat everyone, then deal. Any refusal is a ``SetupError``, raised
        before the save is written when the rules refuse the seats (``rehearse``)."""
        rehearse(deck, seats, seed=seed)
        try:
            round_ = Round.create(
                deck, table_name=table_name, seed=seed, saves_dir=saves_dir, scorer=score_table
            )
        except (OSError, SaveError) as exc:
            raise SetupError(printable(str(exc))) from None
        seat = cls(round_)
        for s in seats:
            spectator = s.role == SPECTATOR
            principal = Principal(name=s.name, spectator=spectator)
            seat._check(seat.host.connect(principal))
            seat.principals[s.name] = principal
            if not spectator:
                seat._check(seat.host.submit(principal, c.ChooseRole(player=s.name, role=s.role)))
        steer = next(p for p in seat.principals.values() if not p.spectator)  # rehearsed
        seat._check(seat.host.submit(steer, c.Start(player=steer.name)))
        seat.client.act_as(steer)
        return seat

    @classmethod
    def resume(cls, path: Path) -> HotSeat:
        """The round saved at ``path``, where it stood."""
        try:
            round_ = load_round(path, scorer=score_table, tidy=True)
        except (OSError, SaveError) as exc:
            raise SetupError(printable(str(exc))) from None
        return cls(round_)

    @staticmethod
    def _check(outcome: Outcome) -> Accepted:
        if isinstance(outcome, Refusal):
            raise SetupError(outcome.reason)
        return outcome

    def player_of(self, role: str) -> Principal | None:
        """The first player seated in ``role``: the one who takes the keyboard for it."""
        table = self.host.table
        name = next((n for n, p in table.players.items() if p.role == role and p.seated), None)
        return self.principals.get(name) if name is not None else None

    def role_of(self, name: str) -> str | None:
        player = self.host.table.players.get(name)
        return player.role if player is not None and player.seated else None

    def act_as_role(self, role: str) -> bool:
        """Give the keyboard to ``role``'s player; False when nobody sits in it."""
        principal = self.player_of(role)
        if principal is None:
            return False
        self.client.act_as(principal)
        return True

    def steerer(self) -> None:
        """Give the keyboard to a player who may move the table on (not a spectator)."""
        table = self.host.table
        name = next((n for n, p in table.players.items() if not p.spectator), None)
        if name is not None:
            self.client.act_as(self.principals[name])

    def close(self) -> None:
        """Bring the save up to date (the journal already holds every move)."""
        # The journal has the moves; the next load folds them in.
        with contextlib.suppress(OSError, SaveError):
            self.host.close()

    @property
    def phase(self) -> Phase:
        return self.host.table.phase

    def advance_question(self, lang: str) -> str | None:
        """What moving the table on now leads to, and which roles have not yet done what this
        phase asks (the facilitator console's "waiting"); None where no phase follows."""
        table = self.host.table
        following = next_phase(table)
        if following is None:
            return None
        if following is Phase.SCORED:
            lines = [t(lang, "play.advance.lock")]
        else:
            lines = [
                t(
                    lang,
                    "play.advance.to",
                    phase=phase_name(lang, following),
                    step=t(lang, f"next.{following.value}"),
                    current=phase_name(lang, table.phase),
                )
            ]
        owed = still_to_act(table)
        if owed:
            lines += ["", t(lang, "play.advance.owed")]
        for role in owed:
            name = printable(table.role_name(role))
            if table.phase is Phase.DILEMMAS:
                answered = answered_dilemmas(table, role)
                name = t_n(
                    lang, "play.advance.answered", len(table.dilemmas), role=name, answered=answered
                )
            lines.append(f"• {name}")
        lines += ["", t(lang, "play.advance.keys")]
        return "\n".join(lines)
