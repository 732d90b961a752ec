"""One sentence per event in every language, and the next step: for the feed, replay and debrief."""

from __future__ import annotations

from typing import get_args

import pytest

from sammenspil.game import events as e
from sammenspil.game.describe import describe, next_step, shorten
from sammenspil.game.rules import next_phase
from sammenspil.game.state import Phase, Table
from sammenspil.game.text import unsafe_char
from sammenspil.i18n import LANGUAGES
from scoring_support import standard_play

EVENT_TYPES = get_args(get_args(e.Event)[0])

LONG = "we can try this out first, in one region, and learn before the whole country " * 3

# One of each event, on the standard table (p2 is the regions' 'Pilot first' on 'Handover').
SAMPLES: dict[type, e._Event] = {
    e.PlayerJoined: e.PlayerJoined(player="ann"),
    e.PlayerLeft: e.PlayerLeft(player="ann"),
    e.RoleChosen: e.RoleChosen(player="ann", role="region"),
    e.Dealt: e.Dealt(problems=["handover", "silos"], dilemmas=["levels"], hands={}),
    e.PhaseChanged: e.PhaseChanged(phase=Phase.RESPOND),
    e.RankingSubmitted: e.RankingSubmitted(
        role="state", player="S", order=["silos", "handover"], argument="secret"
    ),
    e.RankingRevised: e.RankingRevised(
        role="region", player="R", order=["silos", "handover"], argument="we moved"
    ),
    e.RemedyPlaced: e.RemedyPlaced(
        placement="p2",
        role="region",
        player="R",
        remedy="pilot",
        problem="handover",
        argument=LONG,
    ),
    e.PlacementWithdrawn: e.PlacementWithdrawn(placement="p2", player="R"),
    e.PlacementReacted: e.PlacementReacted(
        placement="p2", role="state", player="S", kind="challenge", comment="who pays?"
    ),
    e.PositionSet: e.PositionSet(
        role="state", player="S", dilemma="levels", value=2, argument="the frame is ours"
    ),
}


@pytest.fixture(scope="module")
def tables() -> dict[str, Table]:
    return {lang: standard_play(lang).table for lang in LANGUAGES}


def test_every_event_type_has_a_sample() -> None:
    assert set(EVENT_TYPES) == set(SAMPLES), "a new event type needs a sentence and a sample"


@pytest.mark.parametrize("kind", EVENT_TYPES, ids=lambda k: k.__name__)
def test_every_event_has_a_sentence_in_every_language(kind: type, tables: dict[str, Table]) -> None:
    event = SAMPLES[kind]
    said = {}
    for lang, table in tables.items():
        for source in (table, table.deck):
            sentence = describe(event, source)
            assert sentence.strip() and "{" not in sentence, sentence
            assert "\n" not in sentence
            assert len(sentence) < 200, sentence
        said[lang] = describe(event, table)
    assert len(set(said.values())) == len(said), f"the same words in every language: {said}"


def test_a_placement_reads_as_a_sentence_with_its_argument_shortened(tables) -> None:
    placed = SAMPLES[e.RemedyPlaced]
    en = describe(placed, tables["en"])
    assert en.startswith("The regions placed 'Pilot first' on 'Handover': we can try this out")
    assert (
        en.endswith("…") and len(en) < len("The regions placed 'Pilot first' on 'Handover': ") + 61
    )
    da = describe(placed, tables["da"])
    assert da.startswith("Regionerne lagde 'Afprøv først' på 'Overgange': we can try")


def test_the_language_can_be_chosen_apart_from_the_deck(tables) -> None:
    placed = SAMPLES[e.RemedyPlaced]
    assert describe(placed, tables["en"], "da").startswith("The regions lagde 'Pilot first' på")
    assert describe(SAMPLES[e.PlayerLeft], tables["da"], "xx") == "ann left the table"


def test_reactions_and_withdrawals_name_the_card_when_the_table_knows_the_placement(tables) -> None:
    table = tables["en"]
    react = describe(SAMPLES[e.PlacementReacted], table)
    assert react == "The state challenged the placement of 'Pilot first' on 'Handover': who pays?"
    assert describe(SAMPLES[e.PlacementReacted], table.deck) == (
        "The state challenged placement p2: who pays?"
    )
    assert describe(SAMPLES[e.PlacementWithdrawn], table) == (
        "The regions withdrew 'Pilot first' from 'Handover'"
    )


def test_a_submitted_ranking_says_nothing_of_its_order_or_argument(tables) -> None:
    sentence = describe(SAMPLES[e.RankingSubmitted], tables["en"])
    assert sentence == "The state submitted a ranking"
    assert "Silos" not in sentence and "secret" not in sentence


def test_joined_says_spectator_and_facilitator() -> None:
    table = standard_play().table
    assert describe(e.PlayerJoined(player="sam", spectator=True), table).endswith("as a spectator")
    assert describe(e.PlayerJoined(player="fay", facilitator=True), table).endswith(
        "as the facilitator"
    )
    assert describe(e.PhaseChanged(phase=Phase.DILEMMAS), table) == (
        "The table moved on to the dilemmas phase"
    )


def test_a_role_inside_an_english_sentence_is_lower_case(tables) -> None:
    assert describe(SAMPLES[e.RoleChosen], tables["en"]) == "ann took the role the regions"
    assert describe(SAMPLES[e.RoleChosen], tables["da"]) == "ann tog rollen Regionerne"
    assert describe(SAMPLES[e.Dealt], tables["en"]) == (
        "The cards were dealt (problems: 2, dilemmas: 1)"
    )


def test_hostile_text_in_an_event_reaches_no_sentence_raw(tables) -> None:
    evil = "\x1b]0;PWNED\x07 \u202eevil \x9b2J\nsecond line"
    for lang, table in tables.items():
        for event in (
            e.PlayerJoined(player=evil),
            e.RemedyPlaced(
                placement="p9",
                role="nobody",
                player=evil,
                remedy=evil,
                problem="handover",
                argument=evil,
            ),
            e.PlacementReacted(placement=evil, role="state", player="S", kind="endorse"),
        ):
            sentence = describe(event, table)
            assert not any(unsafe_char(ch) for ch in sentence), (lang, sentence)
            assert "\\x1b" in sentence


def test_shorten_cuts_at_a_word() -> None:
    assert shorten("a b c") == "a b c"
    assert shorten("word " * 30, 20) == "word word word word…"
    assert shorten("  two\n lines ") == "two lines"


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("en", ["roles place remedies", "then advance to dilemmas"]),
        ("da", ["rollerne lægger løsninger", "gå derefter videre til dilemma"]),
    ],
)
def test_the_next_step_speaks_the_tables_language(lang: str, words: list[str]) -> None:
    play = standard_play(lang)
    play.table = play.table.model_copy(update={"phase": Phase.RESPOND})
    text = next_step(play.table, next_phase(play.table))
    for word in words:
        assert word in text, text


def test_the_next_step_in_every_phase_is_a_sentence() -> None:
    for lang in LANGUAGES:
        table = standard_play(lang).table
        for phase in Phase:
            at = table.model_copy(update={"phase": phase})
            text = next_step(at, next_phase(at))
            assert text and "{" not in text and "None" not in text, (lang, phase, text)
