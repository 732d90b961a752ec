"""The one owner of a round: authenticated principals in, recorded events and views out.

Commands are decided one at a time against the table as it is, the accepted events of a batch
are recorded with one ``Round.record`` call (durable when it returns) and only then does anyone
hear of them: the caller gets ``Accepted``, each subscriber its own view. A record that fails
changes nothing and tells nobody; the caller gets a ``not_saved`` refusal.

Who speaks is never taken from a command. The principal (made by whoever authenticated the
connection) names the player: the host writes that name into every command, makes the ``Join``
itself when a new principal connects, and refuses a ``Join`` sent as a move. A seat's facilitator
and spectator flags are fixed by that first ``Join``, from the principal, so no client can claim
to be a facilitator.

Presence is not membership. Connected or away is kept here, outside the event log, counting
connections (one person on two terminals is connected until both are gone). A dropped
connection is never a ``Leave``: the seat, its role and its ranking stay, and nothing in the
round moves (a drop during the ranking does not fire the reveal). Coming back: a principal with
the same name and the same flags returns to the same seat and role; the same name with other
flags is refused as a taken name, so a join-code player cannot take over a facilitator's seat.

Subscribers are called in order, one batch after another, after the batch is on disk. A
callback that raises is logged and the others are still told; a callback must return quickly
(the server puts a bounded queue that keeps only the latest view in front of each connection).
A callback may submit again: its batch is delivered after the current one.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections import deque
from collections.abc import Iterable, Sequence
from typing import NamedTuple, Protocol

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game.events import Event
from sammenspil.game.refusals import Refusal, refuse
from sammenspil.game.rules import decide, fold
from sammenspil.game.state import Table
from sammenspil.game.text import printable
from sammenspil.host.client import Accepted, Outcome, Subscriber, Unsubscribe
from sammenspil.host.principal import Principal
from sammenspil.host.view import Move, Presence, TableView
from sammenspil.host.viewing import Views, redact_moves, seat_of
from sammenspil.saves import SaveError

logger = logging.getLogger(__name__)


class _Notice(NamedTuple):
    """One thing to tell subscribers: the table and presence after it, and the new moves."""

    table: Table
    presence: dict[str, Presence]
    moves: tuple[Move, ...]


class RoundLog(Protocol):
    """What the host needs of a round: ``saves.Round`` is the one that writes to disk."""

    @property
    def table(self) -> Table: ...

    @property
    def events(self) -> Sequence[Event]: ...

    def record(self, events: Sequence[Event]) -> None: ...

    def write(self) -> None: ...


class TableHost:
    """Decides, records and tells, for one round. Thread-safe; no Textual, no network."""

    def __init__(self, round_: RoundLog) -> None:
        """Host ``round_``, new or resumed: its log so far (journal included) is the move feed."""
        table = round_.table
        history = list(round_.events)
        if len(history) != table.version:  # pragma: no cover - load_round replays the same log
            raise ValueError(
                f"the history holds {len(history)} events but the table is at version "
                f"{table.version}"
            )
        self._round = round_
        self._table = table
        self._moves: list[Move] = [Move(version=i, event=ev) for i, ev in enumerate(history, 1)]
        self._connections: dict[str, int] = {}
        self._subscribers: dict[int, tuple[Principal, Subscriber]] = {}
        self._tokens = itertools.count(1)
        self._views = Views()
        self._lock = threading.Lock()  # decide and record, one batch at a time
        self._outbox: deque[_Notice] = deque()
        self._telling = threading.RLock()  # subscribers hear batches in order
        self._draining = False

    # --- what anyone may read -----------------------------------------------------------------

    @property
    def deck(self) -> Deck:
        """The deck as played: sent to a client once, never inside a view."""
        return self._table.deck

    @property
    def table(self) -> Table:
        """The whole table, unredacted: for the host's owner, never to be sent to a viewer."""
        return self._table

    def presence(self) -> dict[str, Presence]:
        with self._lock:
            return self._presence(self._table)

    def view(self, viewer: Principal) -> TableView:
        """What ``viewer`` may see now (see ``host.view``)."""
        with self._lock:
            table, presence, moves = self._table, self._presence(self._table), self._moves
        return self._views.view(table, moves, presence, viewer)

    # --- presence -----------------------------------------------------------------------------

    def connect(self, principal: Principal) -> Outcome:
        """Seat a new principal (the host makes its ``Join``) or mark a known one present again.

        Refused (and not counted as connected) when the name may not join: a bad name, a locked
        round, or the name of a seat with other flags.
        """
        with self._lock:
            table = self._table
            seat = table.players.get(principal.name)
            before = self._connections.get(principal.name, 0)
            if seat is not None and (seat.facilitator, seat.spectator) != (
                principal.facilitator,
                principal.spectator,
            ):
                return refuse(table.deck.language, "name_taken", player=principal.name)
            # Counted first, so that the notice of the Join already shows the newcomer present.
            self._connections[principal.name] = before + 1
            if seat is None:
                join = c.Join(
                    player=principal.name,
                    facilitator=principal.facilitator,
                    spectator=principal.spectator,
                )
                outcome = self._decide_and_record([join])[0]
                if isinstance(outcome, Refusal):
                    self._forget(principal.name)
                    return outcome
            else:
                outcome = Accepted(version=table.version, events=[])
                if before == 0:
                    self._tell(())
        self._publish()
        return outcome

    def _forget(self, name: str) -> None:
        """Under the lock: one connection of ``name`` fewer."""
        count = self._connections.get(name, 0)
        if count <= 1:
            self._connections.pop(name, None)
        else:
            self._connections[name] = count - 1

    def disconnect(self, principal: Principal) -> None:
        """One connection of ``principal`` is gone. Presence only: the event log is untouched."""
        with self._lock:
            if not self._connections.get(principal.name):
                return
            self._forget(principal.name)
            if not self._connections.get(principal.name):
                self._tell(())
        self._publish()

    def _presence(self, table: Table) -> dict[str, Presence]:
        return {
            name: Presence.CONNECTED if self._connections.get(name) else Presence.AWAY
            for name in table.players
        }

    # --- moves --------------------------------------------------------------------------------

    def submit(self, principal: Principal, command: c.Command) -> Outcome:
        """Decide ``command`` as ``principal``'s, record it, tell the subscribers, answer."""
        return self.submit_many([(principal, command)])[0]

    def submit_many(self, items: Iterable[tuple[Principal, c.Command]]) -> list[Outcome]:
        """Decide each in turn, record all accepted events at once, then tell and answer.

        Nothing is acknowledged before the one ``record`` call returns; if it fails, every
        accepted command of the batch is answered ``not_saved`` and the table is unchanged.
        """
        with self._lock:
            commands: list[c.Command | Refusal] = []
            for principal, command in items:
                commands.append(self._as_principal(principal, command))
            outcomes = self._decide_and_record(commands)
        self._publish()
        return outcomes

    def _as_principal(self, principal: Principal, command: c.Command) -> c.Command | Refusal:
        """The command as the principal's own, or why it cannot be theirs."""
        lang = self._table.deck.language
        if isinstance(command, c.Join):
            return refuse(lang, "join_by_connecting")
        seat = self._table.players.get(principal.name)
        if seat is not None and (seat.facilitator, seat.spectator) != (
            principal.facilitator,
            principal.spectator,
        ):
            return refuse(lang, "name_taken", player=principal.name)
        return command.model_copy(update={"player": principal.name})

    def _decide_and_record(self, commands: Sequence[c.Command | Refusal]) -> list[Outcome]:
        """Under the lock: decide in turn, record the batch once, queue the notice."""
        table = self._table
        outcomes: list[Outcome] = []
        batch: list[Event] = []
        for command in commands:
            if isinstance(command, Refusal):
                outcomes.append(command)
                continue
            decision = decide(table, command)
            if isinstance(decision, Refusal):
                outcomes.append(decision)
                continue
            table = fold(table, decision)
            batch.extend(decision)
            outcomes.append(Accepted(version=table.version, events=decision))
        if not batch:
            return outcomes
        try:
            self._round.record(batch)
        except (OSError, SaveError) as exc:
            detail = printable(getattr(exc, "strerror", None) or str(exc))
            logger.error(
                "table %s: a batch of %d events was not saved: %s", table.id, len(batch), detail
            )
            not_saved = refuse(table.deck.language, "not_saved", detail=detail)
            return [not_saved if isinstance(o, Accepted) else o for o in outcomes]
        first = self._table.version + 1
        self._table = self._round.table
        assert self._table.version == table.version, "the round and the host disagree"
        moves = tuple(Move(version=v, event=ev) for v, ev in enumerate(batch, first))
        self._moves.extend(moves)  # appended only: a reader slices up to a version it knows
        self._tell(moves)
        return outcomes

    # --- telling ------------------------------------------------------------------------------

    def subscribe(self, viewer: Principal, callback: Subscriber) -> Unsubscribe:
        """Call ``callback(view, new_moves)`` after every accepted batch and presence change."""
        with self._lock:
            token = next(self._tokens)
            self._subscribers[token] = (viewer, callback)

        def unsubscribe() -> None:
            with self._lock:
                self._subscribers.pop(token, None)

        return unsubscribe

    def _tell(self, moves: tuple[Move, ...]) -> None:
        """Under the lock: queue a notice of the table as it is now."""
        self._outbox.append(_Notice(self._table, self._presence(self._table), moves))

    def _publish(self) -> None:
        """Deliver queued notices in order; outside the decide lock, so callbacks may submit."""
        with self._telling:
            if self._draining:  # a callback submitted: the outer loop delivers it next
                return
            self._draining = True
            try:
                while True:
                    with self._lock:
                        if not self._outbox:
                            return
                        notice = self._outbox.popleft()
                        subscribers = list(self._subscribers.values())
                    self._deliver(notice, subscribers)
            finally:
                self._draining = False

    def _deliver(
        self, notice: _Notice, subscribers: Sequence[tuple[Principal, Subscriber]]
    ) -> None:
        for viewer, callback in subscribers:
            try:
                view = self._views.view(notice.table, self._moves, notice.presence, viewer)
                mine = redact_moves(notice.table, notice.moves, seat_of(notice.table, viewer))
                callback(view, mine)
            except Exception as exc:  # one broken subscriber must not silence the others
                logger.error(
                    "table %s: subscriber %s failed: %s",
                    notice.table.id,
                    printable(viewer.name),
                    printable(repr(exc)),
                )
                logger.debug("subscriber failure", exc_info=True)

    # --- shutting down ------------------------------------------------------------------------

    def close(self) -> None:
        """Bring the round's archive up to date (the TOML save), e.g. on shutdown."""
        with self._lock:
            self._round.write()
