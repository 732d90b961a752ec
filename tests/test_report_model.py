"""The workshop report's model: what is on top, uncovered, most played, the spreads, the
strongest arguments, and the grouping by deck, from rounds played through the engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from sammenspil.game.state import Phase, Table
from sammenspil.scoring.report import score_table
from sammenspil.scoring.workshop import (
    STRONGEST,
    DeckSection,
    PlayedRound,
    WorkshopReport,
    build_workshop,
)
from scoring_support import HANDS, PROBLEMS, SEATS, Play, standard_play, tiny_deck
from tui_support import table_at

LONG = (
    "the silos between the state and the regions cost every citizen time, so we talk "
    "monthly across the silos and settle who does what"
)
SHORTER = "one shared platform ends the silos the regions meet every single day"
UNENDORSED = (
    "the silos are the longest story of all here and nobody else has said a word about "
    "them in this round, which is exactly why the silos stay"
)


def played(table: Table, table_id: str, name: str) -> PlayedRound:
    """A round under its own id and name (the plays all start as t1)."""
    table = table.model_copy(update={"id": table_id, "name": name})
    return PlayedRound(table, score_table(table), f"{table_id}.toml")


def table_a() -> Table:
    """standard_play: joint handover, silos, rules, goals; the placement on rules withdrawn."""
    return standard_play().lock().table


def table_b() -> Table:
    """Joint silos, goals, handover, rules; the region's long argument endorsed by the state."""
    play = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS, dilemmas=["levels"])
    play.rank("S", ["silos", "goals", "handover", "rules"])
    play.rank("R", ["silos", "goals", "handover", "rules"])
    play.rank("M", ["goals", "silos", "handover", "rules"])
    play.advance()
    talk = play.place("R", "talk", "silos", LONG)
    platform = play.place("S", "platform", "silos", SHORTER)
    network = play.place("R", "network", "goals", UNENDORSED)
    play.place("M", "secondment", "handover")
    play.endorse("S", talk, "yes")
    play.endorse("M", platform)
    play.challenge("S", network, "not so sure about that")
    play.advance()
    play.position("S", "levels", 3)
    play.position("R", "levels", 3)
    play.position("M", "levels", 4)
    return play.lock().table


def table_c() -> Table:
    """Dealt three problems, nobody has ranked yet: provisional, no joint ranking."""
    play = Play(tiny_deck(), SEATS, problems=["handover", "silos", "rules"], hands=HANDS)
    return play.table


@pytest.fixture(scope="module")
def report() -> WorkshopReport:
    return build_workshop(
        [
            played(table_b(), "tb", "Bravo"),
            played(table_a(), "ta", "Alpha"),
            played(table_c(), "tc", "Charlie"),
        ]
    )


@pytest.fixture(scope="module")
def section(report: WorkshopReport) -> DeckSection:
    assert len(report.sections) == 1
    return report.sections[0]


def test_tables_are_side_by_side_by_name_and_the_unfinished_one_is_provisional(
    report: WorkshopReport, section: DeckSection
) -> None:
    assert [e.label for e in section.tables] == ["Alpha", "Bravo", "Charlie"]
    assert report.tables == 3 and report.provisional == 1 and section.provisional == 1
    alpha, _, charlie = section.tables
    assert alpha.finished and alpha.phase == "scored"
    assert charlie.finished is False and charlie.phase == "ranking"
    assert not charlie.ranked and charlie.joint == [] and charlie.top == []
    assert section.ranked == 2
    assert alpha.total == score_table(table_a().model_copy(update={"id": "ta"})).total
    assert [h.name for h in section.heuristics] == [h.name for h in alpha.heuristics]


def test_the_joint_rankings_are_each_tables_own(section: DeckSection) -> None:
    alpha, bravo, _ = section.tables
    assert alpha.joint == ["Handover", "Silos", "Rule thicket", "Too many goals"]
    assert bravo.joint == ["Silos", "Too many goals", "Handover", "Rule thicket"]
    assert alpha.top == alpha.joint[:3]


def test_on_top_counts_the_tables_that_ranked_and_were_dealt_the_problem(
    section: DeckSection,
) -> None:
    rows = {row.problem: row for row in section.on_top}
    # Charlie was dealt handover, silos and rules but did not rank: it does not count.
    assert rows["Handover"].on_top == ["Alpha", "Bravo"] and rows["Handover"].dealt == 2
    assert rows["Silos"].everywhere and rows["Handover"].everywhere
    assert not rows["Rule thicket"].everywhere and rows["Rule thicket"].on_top == ["Alpha"]
    assert rows["Too many goals"].on_top == ["Bravo"]
    # both on top at both tables; silos at places 2 and 1, handover at 1 and 3
    assert [row.problem for row in section.everywhere] == ["Silos", "Handover"]
    assert [row.problem for row in section.on_top] == [
        "Silos",
        "Handover",
        "Too many goals",  # on top at one table, place 2
        "Rule thicket",  # on top at one table, place 3
    ]


def test_a_withdrawn_placement_does_not_cover_a_problem(section: DeckSection) -> None:
    # Alpha's only placement on the rule thicket was withdrawn; nobody else placed on it.
    assert [(row.problem, row.dealt) for row in section.uncovered] == [
        ("Rule thicket", ["Alpha", "Bravo", "Charlie"])
    ]
    assert section.never_dealt == 0
    alpha = section.tables[0]
    assert [pl.remedy for pl in alpha.placements if pl.problem == "Rule thicket"] == []
    assert "Rule thicket" not in alpha.covered and "Silos" in alpha.covered


def test_the_remedies_most_played_count_placements_then_tables(section: DeckSection) -> None:
    rows = [(row.remedy, row.placements, row.tables) for row in section.remedies]
    # Alpha: platform, pilot, secondment, law, talk (checklist withdrawn); Bravo: talk,
    # platform, network, secondment.
    assert rows[:3] == [
        ("Talk monthly", 2, ["Alpha", "Bravo"]),
        ("One platform", 2, ["Alpha", "Bravo"]),
        ("Secondments", 2, ["Alpha", "Bravo"]),
    ]
    assert len(rows) == 5 and all(n == 1 for _, n, _ in rows[3:])
    assert section.tied == 1  # pilot, law and network were placed once: two shown, one more
    assert section.placements == 9
    assert "A checklist" not in [row.remedy for row in section.remedies]


def test_each_tables_spread_on_a_dilemma(section: DeckSection) -> None:
    levels = next(d for d in section.dilemmas if d.question == "Who sets service levels?")
    spreads = {sp.table: sp for sp in levels.tables}
    assert set(spreads) == {"Alpha", "Bravo"}  # Charlie was dealt no dilemma
    assert [m.value for m in spreads["Alpha"].positions] == [1, 2, 5]
    assert (spreads["Alpha"].spread, spreads["Bravo"].spread) == (4, 1)
    assert spreads["Alpha"].mean == pytest.approx(8 / 3, abs=1e-6)
    speed = next(d for d in section.dilemmas if d.question == "How fast should reform go?")
    assert [(sp.table, sp.spread) for sp in speed.tables] == [("Alpha", 0)]


def test_the_strongest_arguments_are_substantive_endorsed_by_another_role_and_longest(
    section: DeckSection,
) -> None:
    found = [(a.table, a.role, a.argument, a.endorsed_by) for a in section.strongest]
    # The unendorsed (only challenged) argument is the longest but is not among them; Alpha's
    # endorsed placement argues nothing about its cards.
    assert found == [
        ("Bravo", "The regions", LONG, ["The state"]),
        ("Bravo", "The state", SHORTER, ["The councils"]),
    ]
    assert section.strongest[0].words == len(LONG.split())
    assert section.strongest[0].remedy == "Talk monthly"
    assert section.strongest[0].problem == "Silos"


def test_no_more_than_the_stated_number_of_strongest_arguments() -> None:
    rounds = [played(table_b(), f"t{i}", f"T{i}") for i in range(4)]
    section = build_workshop(rounds).sections[0]
    assert len(section.strongest) == STRONGEST
    assert [a.words for a in section.strongest] == sorted(
        (a.words for a in section.strongest), reverse=True
    )


def test_a_repeated_argument_is_not_among_the_strongest(tmp_path: Path) -> None:
    """A real table played through the host: every text is the same sentence, so the endorsed
    placement's argument repeats the rankings' and does not count."""
    t = table_at(tmp_path, Phase.SCORED)
    table = t.table
    assert table.placements[0].reactions[0].kind == "endorse"
    section = build_workshop([PlayedRound(table, score_table(table))]).sections[0]
    assert section.strongest == []
    assert section.tables[0].finished and section.tables[0].phase == "scored"
    # one table that ranked: its top three are on top "everywhere"
    assert [row.problem for row in section.everywhere] == section.tables[0].top


def test_tables_with_different_decks_are_reported_by_deck_never_merged() -> None:
    english = played(table_a(), "ta", "Alpha")
    danish = played(standard_play("da").table, "td", "Dansk")
    # The same deck id and version, changed: a hand-edited copy of the deck.
    edited = Play(
        tiny_deck(title="Tiny deck, edited"),
        SEATS,
        problems=PROBLEMS,
        hands=HANDS,
    ).table
    assert edited.deck.id == english.table.deck.id
    assert edited.deck.version == english.table.deck.version
    report = build_workshop([english, danish, played(edited, "te", "Edited")])
    keys = [(s.deck_id, s.deck_language, s.variant, s.deck_title) for s in report.sections]
    assert keys == [
        ("tiny", "da", 0, "Lille kortsæt"),
        ("tiny", "en", 1, "Tiny deck"),
        ("tiny", "en", 2, "Tiny deck, edited"),
    ]
    assert [[e.label for e in s.tables] for s in report.sections] == [
        ["Dansk"],
        ["Alpha"],
        ["Edited"],
    ]
    danish_section = report.sections[0]
    assert danish_section.tables[0].joint[0] == "Overgange"
    assert report.language == "en"  # two languages: the labels read English


def test_the_labels_follow_the_decks_language_when_they_share_one() -> None:
    report = build_workshop([played(standard_play("da").table, "td", "Bord 1")])
    assert report.language == "da"
    assert report.t("workshop.title") == "Workshoprapport"


def test_a_table_given_twice_is_reported_once_and_the_copy_named() -> None:
    early = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS).table
    late = standard_play().table
    rounds = [
        PlayedRound(late, score_table(late), "late.toml"),
        PlayedRound(early, score_table(early), "early.toml"),
    ]
    report = build_workshop(rounds, left_out=["broken.toml:3: not a save file"])
    assert report.tables == 1
    assert report.sections[0].tables[0].source == "late.toml"
    assert report.left_out == [
        "broken.toml:3: not a save file",
        "early.toml: a copy of the table in late.toml, which is reported",
    ]


def test_two_tables_with_one_name_are_told_apart() -> None:
    a = played(table_a(), "aaaaaaaa1111", "Table 1")
    b = played(table_b(), "bbbbbbbb2222", "Table 1")
    labels = [e.label for e in build_workshop([a, b]).sections[0].tables]
    assert labels == ["Table 1 (aaaaaaaa)", "Table 1 (bbbbbbbb)"]


def test_an_empty_workshop_is_a_report_of_nothing() -> None:
    report = build_workshop([])
    assert report.tables == 0 and report.sections == [] and report.language == "en"


def test_tables_of_one_deck_share_one_deck_object_and_others_keep_theirs() -> None:
    from sammenspil.scoring.workshop import share_decks

    a, b = table_a(), table_b()
    copy = b.model_copy(update={"deck": tiny_deck()})  # an equal deck, another object
    danish = standard_play("da").table
    shared = share_decks([a, copy, danish])
    assert copy.deck is not a.deck
    assert shared[1].deck is shared[0].deck and shared[1].placements == copy.placements
    assert shared[2].deck is danish.deck
