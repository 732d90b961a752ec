"""At one keyboard, `n` moves the table on for every role: the app asks first.

The question says what comes next and names the roles that have not yet done what the phase
asks (the facilitator console's "waiting"); only y moves on, n and Escape (and a stray Enter)
keep the phase. Elsewhere (remote play, where players never have `n`) it moves on at once.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.saves import load_round
from sammenspil.tui.app import SammenspilApp, create_app
from sammenspil.tui.hotseat import HotSeat
from sammenspil.tui.screens.confirm import ConfirmAdvance
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.screens.score import ScoreScreen
from tui_support import ARGUMENTS, table_at

SIZE = (100, 30)


def hot_seat_at(tmp_path: Path, phase: Phase, lang: str = "en", answered: int = 0) -> SammenspilApp:
    """The hot-seat app over a round saved at ``phase``; in the dilemmas the state has answered
    every dilemma and the regions ``answered`` of them, the municipalities none."""
    t = table_at(tmp_path, phase, lang=lang)
    if phase is Phase.DILEMMAS:
        for name, count in (("Ann", len(t.table.dilemmas)), ("Bo", answered)):
            for dilemma in t.table.dilemmas[:count]:
                t.do(
                    name,
                    c.SetPosition(player=name, dilemma=dilemma, value=2, argument=ARGUMENTS[lang]),
                )
    t.host.close()
    (save,) = (tmp_path / "saves").glob("*.toml")
    return create_app(seat=HotSeat.resume(save), saves_dir=tmp_path / "saves", lang=lang)


def saved_phase(tmp_path: Path) -> Phase:
    (save,) = (tmp_path / "saves").glob("*.toml")
    return load_round(save).table.phase


async def settle(pilot: Pilot[None]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.pause()


def question(app: SammenspilApp) -> str:
    assert isinstance(app.screen, ConfirmAdvance)
    return str(app.screen.query_one("#confirm-text", Static).render())


async def test_n_on_the_dilemmas_asks_first_naming_who_has_not_answered(tmp_path: Path) -> None:
    app = hot_seat_at(tmp_path, Phase.DILEMMAS, answered=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, DilemmasScreen)
        await pilot.press("n")
        await settle(pilot)
        asked = question(app).splitlines()
        assert asked[0].startswith("Lock the round and score it?")
        assert asked[2:5] == [
            "Not every role has done what this phase asks:",
            "• The regions: 1 of 3 dilemmas answered",
            "• The municipalities: 0 of 3 dilemmas answered",
        ]
        keys = {b.binding.key: b.binding.description for b in app.screen.active_bindings.values()}
        assert keys["y"] == "Move on" and keys["n"] == keys["escape"] == "Stay"

        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, DilemmasScreen)
        assert saved_phase(tmp_path) is Phase.DILEMMAS
        await pilot.press("n", "n")  # asked, and no
        await settle(pilot)
        assert isinstance(app.screen, DilemmasScreen)
        await pilot.press("n", "enter")  # Enter commits a position there: never a yes here
        await settle(pilot)
        assert isinstance(app.screen, ConfirmAdvance)
        assert saved_phase(tmp_path) is Phase.DILEMMAS
        await pilot.press("escape")
        await settle(pilot)

        await pilot.press("n")
        await settle(pilot)
        await pilot.press("y")
        await settle(pilot)
        assert saved_phase(tmp_path) is Phase.SCORED
        assert isinstance(app.screen, ScoreScreen)


@pytest.mark.parametrize(
    ("phase", "screen", "following", "first_line"),
    [
        (
            Phase.REVEAL,
            RevealScreen,
            Phase.RESPOND,
            "Move the table on to the respond phase? Then roles place remedies",
        ),
        (
            Phase.RESPOND,
            RespondScreen,
            Phase.DILEMMAS,
            "Move the table on to the dilemmas phase? Then roles take positions",
        ),
    ],
)
async def test_n_in_the_open_phases_asks_what_comes_next_and_no_keeps_the_phase(
    tmp_path: Path, phase: Phase, screen: type, following: Phase, first_line: str
) -> None:
    app = hot_seat_at(tmp_path, phase)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, screen)
        await pilot.press("n")
        await settle(pilot)
        asked = question(app)
        assert asked.startswith(first_line)
        assert "Not every role" not in asked  # these phases wait for nobody
        await pilot.press("n")
        await settle(pilot)
        assert isinstance(app.screen, screen) and saved_phase(tmp_path) is phase
        await pilot.press("n", "y")
        await settle(pilot)
        assert saved_phase(tmp_path) is following


async def test_the_question_speaks_danish_with_a_danish_deck(tmp_path: Path) -> None:
    app = hot_seat_at(tmp_path, Phase.DILEMMAS, lang="da", answered=1)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        asked = question(app).splitlines()
        assert asked[0].startswith("Lås runden og beregn scoren?")
        assert asked[2:5] == [
            "Ikke alle roller har gjort, hvad fasen beder om:",
            "• Regionerne: 1 af 3 dilemmaer besvaret",
            "• Kommunerne: 0 af 3 dilemmaer besvaret",
        ]
        assert asked[-1] == "y: gå videre   n: bliv"
