"""A real table at any phase, and a bare app to show one screen of it, for the screens' tests.

Every table here is played through the host (the same commands the screens send), with the
bundled deck of the language asked for and a fixed seed, so snapshots are stable.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from textual.app import App
from textual.pilot import Pilot
from textual.screen import Screen

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.game import commands as c
from sammenspil.game.state import Phase, Table
from sammenspil.host.client import Accepted
from sammenspil.host.local import LocalClient
from sammenspil.host.principal import Principal
from sammenspil.host.table_host import TableHost
from sammenspil.saves import Round
from sammenspil.scoring.report import score_table
from sammenspil.tui.screen_css import with_own_css

SEATS = {"Ann": "state", "Bo": "region", "Cy": "municipality"}
DECKS = {"en": "coherence.en.toml", "da": "sammenhaeng.da.toml"}
ARGUMENTS = {
    "en": "the region and the municipality must share this problem of the citizens",
    "da": "regionen og kommunen skal dele dette problem for borgerne sammen",
}


class PlayedTable:
    """A host with one local client per seated player."""

    def __init__(self, host: TableHost, clients: dict[str, LocalClient], lang: str) -> None:
        self.host = host
        self.clients = clients
        self.lang = lang

    def do(self, name: str, command: c.Command) -> Accepted:
        outcome = self.clients[name].submit(command)
        assert isinstance(outcome, Accepted), outcome
        return outcome

    @property
    def table(self) -> Table:
        return self.host.table


def table_at(
    tmp_path: Path, phase: Phase = Phase.LOBBY, lang: str = "en", seed: int = 7
) -> PlayedTable:
    """Three players seated as state, region and municipality, played up to ``phase``."""
    deck, _ = load_deck(bundled_deck_dir() / DECKS[lang])
    round_ = Round.create(
        deck, table_name="Table 1", seed=seed, saves_dir=tmp_path / "saves", scorer=score_table
    )
    host = TableHost(round_)
    clients = {name: LocalClient(host, Principal(name=name)) for name in SEATS}
    for name, role in SEATS.items():
        assert isinstance(clients[name].connect(), Accepted)
        clients[name].submit(c.ChooseRole(player=name, role=role))
    t = PlayedTable(host, clients, lang)
    argument = ARGUMENTS[lang]
    steps: list[tuple[Phase, Callable[[], None]]] = [
        (Phase.RANK, lambda: t.do("Ann", c.Start(player="Ann"))),
        (Phase.REVEAL, lambda: _rank_all(t, argument)),
        (Phase.RESPOND, lambda: t.do("Ann", c.Advance(player="Ann"))),
        (Phase.DILEMMAS, lambda: _respond(t, argument)),
        (Phase.SCORED, lambda: _dilemmas(t, argument)),
    ]
    for reached, step in steps:
        if t.table.phase is phase:
            break
        step()
        assert t.table.phase is reached, (t.table.phase, reached)
    return t


def _rank_all(t: PlayedTable, argument: str) -> None:
    problems = list(t.table.problems)
    for i, name in enumerate(SEATS):
        order = problems[i:] + problems[:i]
        t.do(name, c.SubmitRanking(player=name, order=order, argument=argument))


def _respond(t: PlayedTable, argument: str) -> None:
    table = t.table
    for name, role in SEATS.items():
        card = table.hands[role][0]
        problem = next(
            (
                p
                for p in table.problems
                if p in table.deck.addressed_problems(table.deck.remedy(card))
            ),
            table.problems[0],
        )
        t.do(name, c.PlaceRemedy(player=name, remedy=card, problem=problem, argument=argument))
    first = t.table.placements[0]
    t.do("Bo", c.Endorse(player="Bo", placement=first.id, comment=argument))
    t.do("Ann", c.Advance(player="Ann"))


def _dilemmas(t: PlayedTable, argument: str) -> None:
    for i, name in enumerate(SEATS):
        for dilemma in t.table.dilemmas:
            t.do(
                name,
                c.SetPosition(player=name, dilemma=dilemma, value=1 + i * 2, argument=argument),
            )
    t.do("Ann", c.Lock(player="Ann"))


class ScreenApp(App[None]):
    """An app that shows one screen, with the game's stylesheet, for pilot and snapshot tests."""

    CSS_PATH = str(Path(__file__).parents[1] / "src/sammenspil/tui/app.tcss")

    def __init__(self, make_screen: Callable[[], Screen[None]]) -> None:
        super().__init__()
        self._make_screen = make_screen

    def get_default_screen(self) -> Screen[None]:
        return with_own_css(self, self._make_screen())


async def decks_loaded(pilot: Pilot[Any]) -> None:
    """The lobby reads decks in a worker started after its first frame; wait for its list."""
    async with asyncio.timeout(30):
        while not getattr(pilot.app.screen, "decks_read", True):
            await pilot.app.workers.wait_for_complete()
            await pilot.pause()
    await pilot.pause()
