"""The hot-seat client: a principal and a host in the same process, no network between."""

from __future__ import annotations

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.host.client import Accepted, Outcome, Subscriber, Unsubscribe
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.host.view import TableView


class LocalClient:
    """A ``TableClient`` on a host in this process; ``connect`` seats it, ``close`` leaves it away.

    Closing drops the client's subscriptions and its presence, never its seat: a hot-seat
    player who closes a screen and opens another comes back to the same role.
    """

    def __init__(self, host: TableHost, principal: Principal) -> None:
        self._host = host
        self._principal = principal
        self._unsubscribes: list[Unsubscribe] = []
        self._connected = False

    @property
    def principal(self) -> Principal:
        return self._principal

    @property
    def deck(self) -> Deck:
        return self._host.deck

    def connect(self) -> Outcome:
        outcome = self._host.connect(self._principal)
        if isinstance(outcome, Accepted):
            self._connected = True
        return outcome

    def view(self) -> TableView:
        return self._host.view(self._principal)

    def submit(self, command: c.Command) -> Outcome:
        return self._host.submit(self._principal, command)

    def subscribe(self, callback: Subscriber) -> Unsubscribe:
        unsubscribe = self._host.subscribe(self._principal, callback)
        self._unsubscribes.append(unsubscribe)
        return unsubscribe

    def close(self) -> None:
        for unsubscribe in self._unsubscribes:
            unsubscribe()
        self._unsubscribes.clear()
        if self._connected:
            self._host.disconnect(self._principal)
            self._connected = False
