"""Every coherence heuristic on hand-worked rounds: the exact score, an edge case, the case where
it does not apply, and explanation lines that name the right cards and roles in the deck's
language. The standard round and its arithmetic are in ``scoring_support.standard_play``.
"""

from __future__ import annotations

from fractions import Fraction

import pytest

from sammenspil.deck.models import Deck
from sammenspil.game.rules import new_table
from sammenspil.scoring.report import HeuristicScore, ScoreReport, score_table
from scoring_support import (
    ARGUED,
    HANDS,
    PROBLEMS,
    SEATS,
    Play,
    deck_data,
    standard_play,
    tiny_deck,
)

EXACT = 1e-6  # reports round scores to six decimals


def h(report: ScoreReport, name: str) -> HeuristicScore:
    found = report.get(name)
    assert found is not None, f"{name} missing from the report"
    return found


def approx(x: Fraction | float) -> object:
    return pytest.approx(float(x), abs=EXACT)


def two_roles(*, hands: dict[str, list[str]] | None = None, language: str = "en", **deck) -> Play:
    """State and councils only; the region is never seated, so it is not dealt a hand."""
    return Play(
        tiny_deck(language, **deck),
        {"S": "state", "M": "municipality"},
        problems=PROBLEMS,
        hands=hands or {"state": ["platform", "law", "values"], "municipality": ["pilot"]},
        dilemmas=["levels", "speed"],
    )


# Three ranking arguments in the players' own words, each about the problems its ranking puts
# in its top half (S: silos, goals; R: handover, silos; M: handover, rules).
RANK_ARGUMENTS = {
    "S": "silos cost the state the most",
    "R": "handover failures reach our hospitals daily",
    "M": "the rule thicket slows every handover",
}


def ranked_three(
    language: str = "en",
    dilemmas: tuple[str, ...] = ("levels", "speed"),
    argued: bool = False,
    **deck,
) -> Play:
    """The standard deal and rankings (unargued unless ``argued``), stopped at the start of the
    respond phase."""
    play = Play(
        tiny_deck(language, **deck), SEATS, problems=PROBLEMS, hands=HANDS, dilemmas=dilemmas
    )
    say = RANK_ARGUMENTS if argued else dict.fromkeys(RANK_ARGUMENTS, "")
    play.rank("S", ["silos", "goals", "rules", "handover"], say["S"])
    play.rank("R", ["handover", "silos", "goals", "rules"], say["R"])
    play.rank("M", ["handover", "rules", "silos", "goals"], say["M"])
    return play.advance()


@pytest.fixture(scope="module")
def standard() -> ScoreReport:
    return standard_play("en").score()


@pytest.fixture(scope="module")
def standard_da() -> ScoreReport:
    return standard_play("da").score()


def test_standard_round_joint_ranking(standard: ScoreReport) -> None:
    # handover and silos tie on 6 Borda points; handover has two first places to one
    assert standard.joint == ["handover", "silos", "rules", "goals"]


# --- what the standard round's texts count as -------------------------------------------------
#
# In the order the round wrote them (see ``Context.said``):
#   rankings  S "silos first for us"            argued (4 words, names its top problem Silos)
#             R "", M ""                         empty
#   p1 S      "this answers the problem well"    off-topic: no word of 'One platform', 'Silos'
#                                                or a role
#      M's comment "yes, one platform for all"   argued (names the platform)
#   p2 R      "we can try this out first"        argued ('first', as in 'Pilot first')
#      S's comment "who pays for the pilot?"     argued
#   p3 M      "this answers the problem well"    a repeat of p1
#   p4 S      "a law sets the goals straight"    argued
#   p5 R      "this answers the problem well"    a repeat
#   p6 M      (withdrawn; a repeat, and not counted)
#   positions S levels "the state must set the frame"   argued (names a role)
#             S speed  "Slowly"                          short (1 word)
#             R levels ""                                empty
#             R speed  "step by step is best"            off-topic (no word of the dilemma)
#             M levels "local needs differ a lot"        off-topic


def test_standard_round_texts_are_judged_as_worked_out() -> None:
    from sammenspil.scoring.context import Context

    said = Context(standard_play("en").table).said
    assert {key: verdict.value for key, verdict in said.items()} == {
        ("rank", "state"): "argued",
        ("rank", "region"): "empty",
        ("rank", "municipality"): "empty",
        ("place", "p1"): "off-topic",
        ("react", "p1", "municipality"): "argued",
        ("place", "p2"): "argued",
        ("react", "p2", "state"): "argued",
        ("place", "p3"): "repeat",
        ("place", "p4"): "argued",
        ("place", "p5"): "repeat",
        ("place", "p6"): "repeat",
        ("position", "state", "levels"): "argued",
        ("position", "state", "speed"): "short",
        ("position", "region", "levels"): "empty",
        ("position", "region", "speed"): "off-topic",
        ("position", "municipality", "levels"): "off-topic",
    }


# --- coverage --------------------------------------------------------------------------------


def test_coverage_standard(standard: ScoreReport) -> None:
    # central: the top half of the joint ranking, handover (w 4) and silos (w 3); both have an
    # addressing remedy (p2, p3; p1, p5): 7 / 7. rules and goals are holes, but not central.
    v = h(standard, "coverage")
    assert v.score == approx(100)
    assert v.lines[0] == (
        "2 of the 2 central problems (the top half of the joint ranking) "
        "have a remedy that addresses them."
    )
    assert (
        "No remedy placed addresses 'Rule thicket' (joint rank 3); it is not central, so it "
        "costs nothing." in v.lines
    )
    assert "The state placed 'A new law' on 'Too many goals', which it does not address." in v.lines
    assert v.suggestion == "Every central problem is answered; keep it that way."


def test_coverage_standard_in_danish(standard_da: ScoreReport) -> None:
    v = h(standard_da, "coverage")
    assert v.score == approx(100)
    assert (
        "Ingen placeret løsning adresserer 'Regeltæt' (fælles plads 3); det er ikke centralt, "
        "så det koster intet." in v.lines
    )
    assert "Staten lagde 'En ny lov' på 'For mange mål', som den ikke adresserer." in v.lines


def test_coverage_a_central_hole_costs_its_weight() -> None:
    # only silos (w 3 of the central 4 + 3) is answered: 3/7; handover is named as a hole
    play = ranked_three()
    play.place("R", "talk", "silos")
    v = h(play.score(), "coverage")
    assert v.score == approx(Fraction(300, 7))
    assert "No remedy placed addresses 'Handover', a central problem (joint rank 1)." in v.lines
    assert v.suggestion.startswith("Find a remedy for 'Handover' first")


def test_coverage_nothing_placed_is_zero_once_the_respond_phase_is_over() -> None:
    assert h(ranked_three().score(), "coverage").score is None  # still responding
    v = h(ranked_three().advance().score(), "coverage")
    assert v.score == 0
    assert v.lines == ["No remedies were placed, though the table had its respond phase."]


def test_coverage_one_role_weighs_by_its_own_ranking() -> None:
    # S alone ranks goals, rules, silos, handover: central goals (w 4) and rules (w 3);
    # values on goals covers 4 of 7
    play = Play(tiny_deck(), {"S": "state"}, problems=PROBLEMS, hands={"state": ["values", "law"]})
    play.rank("S", ["goals", "rules", "silos", "handover"]).advance()
    play.place("S", "values", "goals")
    assert h(play.score(), "coverage").score == approx(Fraction(400, 7))


def test_coverage_spreading_cards_over_low_problems_earns_nothing() -> None:
    play = ranked_three()
    play.place("S", "law", "rules")  # joint rank 3
    play.place("S", "values", "goals")  # joint rank 4
    v = h(play.score(), "coverage")
    assert v.score == 0


def test_coverage_everything_answered() -> None:
    play = ranked_three()
    play.place("S", "law", "rules")
    play.place("R", "talk", "handover")
    play.place("R", "network", "silos")
    play.place("S", "values", "goals")
    v = h(play.score(), "coverage")
    assert v.score == approx(100)
    assert v.suggestion == "Every central problem is answered; keep it that way."


def test_coverage_not_applicable_before_the_deal() -> None:
    v = h(score_table(new_table(tiny_deck(), table_id="t", name="T", seed=1)), "coverage")
    assert v.score is None
    assert v.lines == ["No problems were dealt."]


# --- chains ----------------------------------------------------------------------------------


def test_chains_standard(standard: ScoreReport) -> None:
    # answered problems with 2+ levels: handover (R, M both placed addressing remedies: 1, w 4)
    # and silos (S, R of S, R, M: 2/3, w 3). rules had only the withdrawn checklist; goals has
    # one level (and the law does not address it). (4 * 1 + 3 * 2/3) / (4 + 3) = 6/7
    v = h(standard, "chains")
    assert v.score == approx(Fraction(600, 7))
    assert v.lines == [
        "The councils placed nothing that addresses 'Silos', which runs through their chain."
    ]
    assert v.suggestion == "Ask the councils what they can add to 'Silos'."


def test_chains_counts_only_roles_that_were_dealt_a_hand() -> None:
    # Region sits out. Joint (both rank alike): silos w4, rules w3, handover w2, goals w1.
    # silos chain {S, M}: both placed -> 1. rules chain {S, M}: only M -> 1/2. handover's chain
    # {R, M} shrinks to {M}, one role: not counted. (4 * 1 + 3 * 1/2) / (4 + 3) = 5.5 / 7.
    play = two_roles(hands={"state": ["platform"], "municipality": ["talk", "checklist", "pilot"]})
    order = ["silos", "rules", "handover", "goals"]
    play.rank("S", order).rank("M", order).advance()
    play.place("S", "platform", "silos")
    play.place("M", "talk", "silos")
    play.place("M", "checklist", "rules")
    play.place("M", "pilot", "handover")
    v = h(play.score(), "chains")
    assert v.score == approx(Fraction(550, 7))
    assert v.lines == [
        "The state placed nothing that addresses 'Rule thicket', which runs through their chain."
    ]


def test_chains_count_only_remedies_that_address_the_problem() -> None:
    # the councils' secondment does not address silos: S alone of S, R, M -> 1/3
    play = ranked_three()
    play.place("S", "platform", "silos")
    play.place("M", "secondment", "silos")
    assert h(play.score(), "chains").score == approx(Fraction(100, 3))


def test_chains_everyone_along_the_chain_in_danish() -> None:
    play = ranked_three("da")
    play.place("R", "talk", "handover")
    play.place("M", "secondment", "handover")
    v = h(play.score(), "chains")
    assert v.score == approx(100)
    assert v.lines == ["Alle roller i hver besvaret kæde lagde en løsning, der adresserer den."]


def test_chains_nothing_on_a_chain_scores_zero() -> None:
    play = ranked_three()
    play.place("S", "values", "goals")  # goals runs through the state alone
    v = h(play.score(), "chains")
    assert v.score == 0
    assert v.lines == [
        "No problem that runs through two or more roles received a remedy that addresses it."
    ]


def test_chains_not_applicable() -> None:
    v = h(ranked_three().score(), "chains")  # nothing placed, still responding
    assert v.score is None
    assert v.lines == ["No remedies were placed."]
    alone = Play(tiny_deck(), {"S": "state"}, problems=PROBLEMS, hands={"state": ["law"]})
    alone.rank("S", PROBLEMS).advance()
    alone.place("S", "law", "rules")
    v = h(alone.score(), "chains")
    assert v.score is None
    assert v.lines == ["No dealt problem runs through two or more of the roles at the table."]


# --- alignment -------------------------------------------------------------------------------


def test_alignment_standard(standard: ScoreReport) -> None:
    # ranks (handover, silos, rules, goals): S 4 1 3 2, R 1 2 4 3, M 1 3 2 4; rank sums 6 6 9 9,
    # mean 7.5, S = 4 * 1.5^2 = 9; W = 12 S / (m^2 (n^3 - n)) = 108 / (9 * 60) = 0.2.
    # Only S argued its ranking: 0.8 * 0.2 * 1/3; nobody revised: + 0.2 * 0.
    v = h(standard, "alignment")
    assert v.score == approx(Fraction(16, 3))
    assert v.details == {
        "w_final": 0.2,
        "w_first": 0.2,
        "w_change": 0.0,
        "argued_share": 0.333333,
        "explained_revisions": 0.0,
    }
    assert v.lines == [
        "In the final rankings, the roles see what matters most differently.",
        "1 of 3 roles explained their ranking in their own words, about the problems they put "
        "on top; agreement counts only as far as it is explained.",
        "The discussion after the reveal left the roles as much in agreement as before.",
        # handover's ranks 4, 1, 1 have the widest range (3)
        "The roles differ most on 'Handover' (The state 4, The regions 1, The councils 1).",
    ]
    assert not any("RBO" in line or "Kendall" in line for line in v.lines)
    assert standard.w_first == pytest.approx(0.2) and standard.w_final == pytest.approx(0.2)


def test_alignment_uses_the_revised_rankings_and_pays_for_an_explained_change() -> None:
    # R revises to handover, silos, rules, goals and says why: ranks R 1 2 3 4; sums 6 6 8 10,
    # S = 2.25 + 2.25 + 0.25 + 6.25 = 11, W = 132 / 540. One role of three argued (the
    # revision), one of three changed with a reason, and W rose:
    # 0.8 * 132/540 * 1/3 + 0.2 * 1/3 = 89/675
    play = Play(tiny_deck("da"), SEATS, problems=PROBLEMS, hands=HANDS)
    play.rank("S", ["silos", "goals", "rules", "handover"])
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("M", ["handover", "rules", "silos", "goals"])
    play.revise("R", ["handover", "silos", "rules", "goals"], "kommunerne viste os, at overgange")
    v = h(play.score(), "alignment")
    assert v.score == approx(Fraction(8900, 675))
    assert v.lines[2:4] == [
        "Drøftelsen efter afsløringen bragte rollerne tættere sammen.",
        "1 af 3 roller ændrede deres rangordning og sagde hvorfor.",
    ]


def test_alignment_identical_rankings_without_reasons_score_0() -> None:
    # silent agreement: W = 1, but no role says why
    play = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS)
    for player in SEATS:
        play.rank(player, PROBLEMS)
    v = h(play.score(), "alignment")
    assert v.score == approx(0)
    assert v.lines[0] == "In the final rankings, the roles agree strongly on what matters most."
    assert not any(line.startswith("The roles differ most") for line in v.lines)
    assert v.suggestion == ("Say why you rank as you do: agreement without reasons counts little.")


def test_alignment_identical_argued_rankings_score_80_without_a_revision() -> None:
    play = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS)
    play.rank("S", PROBLEMS, "handover hurts the citizens the state serves")
    play.rank("R", PROBLEMS, "silos between our hospitals block every handover")
    play.rank("M", PROBLEMS, "the councils see handover fail each week")
    v = h(play.score(), "alignment")
    assert v.score == approx(80)
    assert v.suggestion == "The roles agree; check that they agree for the same reasons."


def test_alignment_reversed_rankings_score_0() -> None:
    # two roles, reversed: every rank sum is 5 = the mean, so S = 0 and W = 0
    play = two_roles()
    play.rank("S", PROBLEMS).rank("M", PROBLEMS[::-1])
    assert h(play.score(), "alignment").score == approx(0)


@pytest.mark.parametrize("ranked", [0, 1])
def test_alignment_not_applicable_below_two_roles(ranked: int) -> None:
    play = Play(tiny_deck(), {"S": "state"}, problems=PROBLEMS, hands={"state": ["law"]})
    if ranked:
        play.rank("S", PROBLEMS)
    v = h(play.score(), "alignment")
    assert v.score is None
    assert v.lines == ["Agreement needs rankings from at least two roles."]


# --- focus -----------------------------------------------------------------------------------


def test_focus_standard(standard: ScoreReport) -> None:
    # central = first ceil(4/2) = 2 of the joint ranking: handover, silos. p1, p2, p3, p5 are
    # on it, p4 (goals) is not: 4/5; 5 placements within the budget of 6, so no penalty.
    v = h(standard, "focus")
    assert v.score == approx(80)
    assert v.lines == ["4 of 5 placements are on the central problems."]


def test_focus_over_the_change_budget() -> None:
    # 4/5 * min(1, 2/5) = 0.32
    v = h(standard_play("en", rules={"change_budget": 2}).score(), "focus")
    assert v.score == approx(32)
    assert v.lines[1] == (
        "5 changes against a budget of 2: the score shrinks with every change over it."
    )
    assert v.suggestion.startswith("Withdraw the weakest 3 placements")


@pytest.mark.parametrize(
    ("language", "one", "three"),
    [
        (
            "en",
            "Withdraw the weakest placement: fewer changes at once.",
            "Withdraw the weakest 3 placements: fewer changes at once.",
        ),
        (
            "da",
            "Træk den svageste placering tilbage: færre forandringer ad gangen.",
            "Træk de 3 svageste placeringer tilbage: færre forandringer ad gangen.",
        ),
    ],
)
def test_focus_suggestion_counts_in_words(language: str, one: str, three: str) -> None:
    over_one = h(standard_play(language, rules={"change_budget": 4}).score(), "focus")
    assert over_one.suggestion == one
    over_three = h(standard_play(language, rules={"change_budget": 2}).score(), "focus")
    assert over_three.suggestion == three


def test_focus_top_half_rounds_up_for_an_odd_number_of_problems() -> None:
    # 3 problems: the top half is ceil(3/2) = 2 (rules, silos); 2 of 3 placements are on it
    play = Play(
        tiny_deck(),
        {"S": "state"},
        problems=["handover", "silos", "rules"],
        hands={"state": ["law", "platform", "values"]},
    )
    play.rank("S", ["rules", "silos", "handover"]).advance()
    play.place("S", "law", "rules")
    play.place("S", "platform", "silos")
    play.place("S", "values", "handover")
    assert h(play.score(), "focus").score == approx(Fraction(200, 3))


def test_focus_not_applicable_when_nothing_is_placed() -> None:
    v = h(ranked_three().score(), "focus")
    assert v.score is None
    assert v.lines == ["No remedies were placed."]


def test_withdrawn_placements_are_not_placements() -> None:
    play = ranked_three()
    pid = play.place("M", "checklist", "rules")
    play.withdraw("M", pid)
    report = play.score()
    for name in ("coverage", "focus", "pace", "culture", "simplicity", "ownership"):
        assert h(report, name).score is None, name
    play.advance()  # past respond: nothing placed now costs the placement heuristics
    report = play.score()
    for name in ("coverage", "chains", "focus", "pace", "culture", "simplicity", "ownership"):
        assert h(report, name).score == 0, name


# --- pace ------------------------------------------------------------------------------------


def test_pace_standard(standard: ScoreReport) -> None:
    # small steps on a problem they address: p2, p3, p5. p1 is a big bang on silos with no
    # preparation there (p2's pilot sits on handover); p4's law does not address goals: 3/5
    v = h(standard, "pace")
    assert v.score == approx(60)
    assert v.lines == [
        "3 of 5 placements are small steps or prepared, on a problem they address.",
        "The state placed the big bang 'One platform' on 'Silos' with no preparation beside it.",
        "'A new law' does not address 'Too many goals', so it sets no pace there.",
    ]


def _pilot_also_for_silos() -> list[dict]:
    remedies = deck_data("da")["remedies"]
    for remedy in remedies:
        if remedy["id"] == "pilot":
            remedy["addresses"] = ["handover", "silos"]
    return remedies


def test_pace_a_big_bang_with_preparation_on_the_same_problem_counts() -> None:
    # pilot (preparation, here addressing silos) prepares the platform there; the law on rules
    # stays unprepared; checklist is incremental: pilot, platform, checklist = 3 of 4
    play = two_roles(
        hands={"state": ["platform", "law"], "municipality": ["pilot", "checklist"]},
        language="da",
        remedies=_pilot_also_for_silos(),
    )
    play.rank("S", PROBLEMS).rank("M", PROBLEMS).advance()
    play.place("M", "pilot", "silos")
    play.place("S", "platform", "silos")
    play.place("S", "law", "rules")
    play.place("M", "checklist", "rules")
    v = h(play.score(), "pace")
    assert v.score == approx(75)
    assert "'Én platform' er et big bang, forberedt på 'Siloer'." in v.lines
    assert (
        "Staten lagde big bang-løsningen 'En ny lov' på 'Regeltæt' uden forberedelse ved siden af."
        in v.lines
    )


def test_pace_a_preparation_off_its_problem_prepares_nothing() -> None:
    # the deck's pilot addresses handover only: on silos it neither counts nor prepares
    play = two_roles(hands={"state": ["platform"], "municipality": ["pilot"]})
    play.rank("S", PROBLEMS).rank("M", PROBLEMS).advance()
    play.place("M", "pilot", "silos")
    play.place("S", "platform", "silos")
    assert h(play.score(), "pace").score == 0


def test_pace_a_withdrawn_preparation_prepares_nothing() -> None:
    play = two_roles(hands={"state": ["law"], "municipality": ["pilot"]})
    play.rank("S", PROBLEMS).rank("M", PROBLEMS).advance()
    pid = play.place("M", "pilot", "rules")
    play.place("S", "law", "rules")
    play.withdraw("M", pid)
    v = h(play.score(), "pace")
    assert v.score == 0
    assert v.suggestion == "Put a preparation remedy beside 'A new law', or take a smaller step."


def test_pace_not_applicable_when_nothing_is_placed() -> None:
    assert h(ranked_three().score(), "pace").score is None


# --- culture ---------------------------------------------------------------------------------


def test_culture_standard(standard: ScoreReport) -> None:
    # culture or dialogue: p5 (talk) only: 1/5 = 0.2 against the target 0.5 -> 0.4
    v = h(standard, "culture")
    assert v.score == approx(40)
    assert v.lines == [
        "1 of 5 placements are culture, dialogue or fewer rules (target 50%).",
        "1 placement adds rules.",  # the law; the withdrawn checklist does not count
    ]


def test_culture_target_comes_from_the_deck() -> None:
    # 0.2 / 0.25 = 0.8
    v = h(standard_play("da", scoring={"culture_target": 0.25}).score(), "culture")
    assert v.score == approx(80)
    assert v.lines[0] == "1 af 5 placeringer er kultur, dialog eller færre regler (mål 25%)."


def test_culture_a_remedy_that_removes_rules_counts_for_the_seed() -> None:
    remedies = deck_data()["remedies"]
    for remedy in remedies:
        if remedy["id"] == "checklist":
            remedy["removes_rules"] = True
    play = ranked_three(remedies=remedies)
    play.place("M", "checklist", "rules")
    play.place("S", "law", "rules")
    v = h(play.score(), "culture")
    assert v.score == approx(100)  # 1 of 2 against the target 0.5
    assert v.lines == [
        "1 of 2 placements are culture, dialogue or fewer rules (target 50%).",
        "1 placement takes rules away, as the seed advises.",
        "1 placement adds rules.",  # the law, not the checklist
    ]


def test_culture_is_capped_at_100() -> None:
    # 2/2 = 1.0 against 0.5 would be 200
    play = ranked_three()
    play.place("S", "values", "goals")
    play.place("R", "talk", "silos")
    v = h(play.score(), "culture")
    assert v.score == approx(100)
    assert v.suggestion == "Culture and dialogue carry the round."


def test_culture_not_applicable_when_nothing_is_placed() -> None:
    assert h(ranked_three().score(), "culture").score is None


# --- simplicity ------------------------------------------------------------------------------


def test_simplicity_standard(standard: ScoreReport) -> None:
    # efforts 5 + 2 + 2 + 4 + 1 = 14 (the withdrawn checklist's 1 is gone); 12 / 14
    v = h(standard, "simplicity")
    assert v.score == approx(Fraction(1200, 14))
    assert v.lines == ["Total effort 14 against a budget of 12."]
    assert v.suggestion == "Could 'One platform' (effort 5) be done more simply?"


def test_simplicity_budget_from_the_deck_and_within_budget() -> None:
    assert h(standard_play(rules={"effort_budget": 7}).score(), "simplicity").score == approx(50)
    v = h(standard_play(rules={"effort_budget": 14}).score(), "simplicity")
    assert v.score == approx(100)
    assert v.suggestion == "Within the effort budget."


def test_simplicity_not_applicable_when_nothing_is_placed() -> None:
    v = h(ranked_three("da").score(), "simplicity")
    assert v.score is None
    assert v.lines == ["Der blev ikke lagt nogen løsninger."]


# --- ownership -------------------------------------------------------------------------------


def test_ownership_standard(standard: ScoreReport, standard_da: ScoreReport) -> None:
    # p2: the region placed the pilot, which only the councils own: 4/5
    v = h(standard, "ownership")
    assert v.score == approx(80)
    assert v.lines[1] == "The regions placed 'Pilot first', which the councils would drive."
    assert v.suggestion == "Agree who will drive 'Pilot first'."
    assert h(standard_da, "ownership").lines[1] == (
        "Regionerne lagde 'Afprøv først', som Kommunerne ville drive."
    )


def test_ownership_of_a_remedy_nobody_owns() -> None:
    data = deck_data()
    for remedy in data["remedies"]:
        if remedy["id"] == "pilot":
            remedy["owners"] = []
    play = Play(
        Deck.model_validate(data),
        {"M": "municipality"},
        problems=PROBLEMS,
        hands={"municipality": ["pilot", "secondment"]},
    )
    play.rank("M", PROBLEMS).advance()
    play.place("M", "pilot", "handover")
    play.place("M", "secondment", "handover")
    v = h(play.score(), "ownership")
    assert v.score == approx(50)
    assert v.lines[1] == "The councils placed 'Pilot first', which no role owns."


def test_ownership_not_applicable_when_nothing_is_placed() -> None:
    assert h(ranked_three().score(), "ownership").score is None


# --- deliberation ----------------------------------------------------------------------------


def test_deliberation_standard(standard: ScoreReport) -> None:
    # moves: 3 rankings, 5 live placements, 5 positions = 13, of which 4 are substantive (S's
    # ranking, p2, p4, S on levels; see the table above): 4/13. Answered by another role with
    # a substantive comment: p1 and p2 of 5: 2/5. 4/13 * (0.2 + 0.8 * 2/5) = 4/25
    v = h(standard, "deliberation")
    assert v.score == approx(16)
    assert v.details == {"argued_share": 0.307692, "answered_share": 0.4}
    assert v.lines == [
        "4 of 13 moves give a reason: at least 4 words, about their cards or a role, and not "
        "a repeat of an earlier text.",
        "2 texts repeat earlier ones, so they do not count as argued.",
        "3 texts name neither their cards nor a role, so they do not count as argued.",
        "1 text has fewer than 4 words.",
        "3 moves have no text at all.",
        "2 of 5 placements were answered by another role with a reason.",
    ]


def test_deliberation_with_no_minimum_counts_short_texts() -> None:
    # S's "Slowly" is now long enough, and names the pole 'Slowly': 5/13 * 13/25 = 1/5
    v = h(standard_play(rules={"argument_min_words": 0}).score(), "deliberation")
    assert v.score == approx(20)


def test_deliberation_after_respond_without_placements_answers_nothing() -> None:
    play = ranked_three("da")
    play.advance()  # respond -> dilemmas, nothing placed
    play.position("S", "levels", 2, "staten bør sætte rammen for serviceniveauet")
    play.position("R", "levels", 2, "ja")
    v = h(play.score(), "deliberation")
    # 1 of 5 moves (3 unargued rankings, 2 positions) argued, nothing answered: 1/5 * 0.2
    assert v.score == approx(4)
    assert v.lines[0] == (
        "1 af 5 træk giver en begrundelse: mindst 4 ord, om deres kort eller en rolle, og ikke "
        "en gentagelse af en tidligere tekst."
    )


def test_deliberation_argued_and_answered() -> None:
    play = ranked_three(argued=True)
    pid = play.place("S", "law", "rules", "a new law cuts through the thicket")
    play.endorse("M", pid, "the councils need that law soon")
    v = h(play.score(), "deliberation")
    assert v.score == approx(100)
    assert v.suggestion == "Argued and answered."


def test_deliberation_a_blank_endorsement_answers_nothing() -> None:
    play = ranked_three(argued=True)
    pid = play.place("S", "law", "rules", "a new law cuts through the thicket")
    play.endorse("M", pid)
    v = h(play.score(), "deliberation")
    assert v.score == approx(20)  # 1 * (0.2 + 0.8 * 0)
    assert "1 reaction came without a word; it answers nothing." in v.lines
    assert v.suggestion.startswith("Answer each other")


def test_deliberation_a_template_with_titles_slotted_in_is_a_repeat() -> None:
    play = ranked_three(argued=True)
    template = "We place {} on {} because it matters for all of us."
    play.place("S", "law", "rules", template.format("A new law", "Rule thicket"))
    play.place("R", "talk", "silos", template.format("Talk monthly", "Silos"))
    play.place("M", "secondment", "handover", template.format("Secondments", "Handover"))
    v = h(play.score(), "deliberation")
    assert "2 texts repeat earlier ones, so they do not count as argued." in v.lines
    assert v.details["argued_share"] == pytest.approx(4 / 6, abs=EXACT)


def test_deliberation_not_applicable_without_moves() -> None:
    play = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS)
    v = h(play.score(), "deliberation")
    assert v.score is None
    assert v.lines == ["No rankings, placements or positions to weigh."]


# --- considered dilemmas ---------------------------------------------------------------------


def test_consensus_standard(standard: ScoreReport) -> None:
    # 2 dilemmas x 3 roles = 6 positions due; one (S on levels) is substantive: 1/6.
    # The spread is reported, not scored: levels 1, 2, 5 (4 steps); speed 3, 3.
    v = h(standard, "consensus")
    assert v.score == approx(Fraction(100, 6))
    assert v.title == "Considered dilemmas"
    assert v.lines == [
        "1 of 6 dilemma positions (every role on every dilemma) come with a reason.",
        "2 texts name neither their cards nor a role, so they do not count as argued.",
        "1 text has fewer than 4 words.",
        "1 move has no text at all.",
        "The roles differ most on 'Who sets service levels?' (The state 1, The regions 2, "
        "The councils 5: 4 steps apart); a difference, not a fault.",
    ]
    assert v.details == {"widest_gap": 4.0}


def _dilemma_play(
    values: dict[str, dict[str, int]], language: str = "en", argued: dict[str, str] | None = None
) -> Play:
    play = ranked_three(language, dilemmas=("speed", "levels"))
    play.advance()
    for player, by_dilemma in values.items():
        for dilemma, value in by_dilemma.items():
            play.position(player, dilemma, value, (argued or {}).get(f"{player} {dilemma}", ""))
    return play


def test_consensus_agreement_without_reasons_scores_0_and_names_no_split() -> None:
    alike = h(
        _dilemma_play({"S": {"levels": 3}, "R": {"levels": 3}, "M": {"levels": 3}}).score(),
        "consensus",
    )
    assert alike.score == approx(0)
    assert "Every role stands at the same point on every dilemma." in alike.lines
    assert not any("differ most" in line for line in alike.lines)
    assert alike.suggestion == "Give each position a reason: where do you stand, and why?"


def test_consensus_argued_disagreement_scores_full() -> None:
    argued = {
        "S speed": "the state wants reform slowly, step by step",
        "M speed": "the councils need reform at once, citizens wait",
        "R speed": "regions accept a fast reform if it is prepared",
        "S levels": "the state must set service levels for fairness",
        "M levels": "the council knows which service levels fit locally",
        "R levels": "regions want shared service levels set together",
    }
    values = {"S": {"speed": 1, "levels": 1}, "R": {"speed": 3, "levels": 3}}
    values["M"] = {"speed": 5, "levels": 5}
    v = h(_dilemma_play(values, argued=argued).score(), "consensus")
    assert v.score == approx(100)
    assert v.suggestion == (
        "Ask of 'How fast should reform go?': is this a difference you can accept?"
    )


def test_consensus_widest_tie_goes_to_the_first_dealt_dilemma() -> None:
    # both dilemmas split 1 vs 5; speed was dealt first, though 'levels' sorts before it
    play = _dilemma_play({"S": {"levels": 1, "speed": 1}, "M": {"levels": 5, "speed": 5}}, "da")
    v = h(play.score(), "consensus")
    assert v.lines[-1] == (
        "Rollerne står længst fra hinanden på 'Hvor hurtigt skal en reform gå?' "
        "(Staten 1, Kommunerne 5: 4 trin); en forskel, ikke en fejl."
    )


def test_consensus_not_applicable() -> None:
    v = h(ranked_three(dilemmas=()).advance().score(), "consensus")
    assert v.score is None
    assert v.lines == ["No dilemmas were dealt."]
    v = h(ranked_three().score(), "consensus")
    assert v.score is None
    assert v.lines == ["The round did not reach the dilemmas."]


# --- the total -------------------------------------------------------------------------------

STANDARD = {
    "coverage": Fraction(100),
    "chains": Fraction(600, 7),
    "alignment": Fraction(16, 3),
    "focus": Fraction(80),
    "pace": Fraction(60),
    "culture": Fraction(40),
    "simplicity": Fraction(600, 7),
    "ownership": Fraction(80),
    "deliberation": Fraction(16),
    "consensus": Fraction(100, 6),
}
DEFAULT_WEIGHT = {name: Fraction(2 if name == "deliberation" else 1) for name in STANDARD}


def _mean(scores: dict[str, Fraction], weights: dict[str, Fraction]) -> Fraction:
    return sum(weights[n] * scores[n] for n in scores) / sum(weights[n] for n in scores)


def test_the_standard_round_scores_every_heuristic_as_worked_out(standard: ScoreReport) -> None:
    assert {x.name: x.score for x in standard.heuristics} == {
        name: approx(score) for name, score in STANDARD.items()
    }
    assert standard.total == approx(_mean(STANDARD, DEFAULT_WEIGHT))
    assert {x.name: x.weight for x in standard.heuristics} == {
        name: float(w) for name, w in DEFAULT_WEIGHT.items()
    }


def test_the_total_is_the_weighted_mean() -> None:
    weights = {"coverage": 2, "chains": 3, "consensus": 0.5}
    report = standard_play(scoring={"weights": weights}).score()
    w = {
        name: Fraction(weights.get(name, DEFAULT_WEIGHT[name])).limit_denominator()
        for name in STANDARD
    }
    assert report.total == approx(_mean(STANDARD, w))
    assert h(report, "chains").weight == 3


def test_weight_zero_turns_a_heuristic_off_but_keeps_its_line() -> None:
    report = standard_play(scoring={"weights": {"alignment": 0}}).score()
    rest = {n: s for n, s in STANDARD.items() if n != "alignment"}
    assert report.total == approx(_mean(rest, DEFAULT_WEIGHT))
    off = h(report, "alignment")
    assert off.score == approx(Fraction(16, 3)) and off.weight == 0 and not off.counts


def test_not_applicable_heuristics_leave_the_mean() -> None:
    # still responding, nothing placed: alignment (0.8 * 0.2 * 3/3 = 16) and deliberation
    # (3 of 3 rankings argued, nothing to answer yet: 100, weight 2) apply; the placement
    # heuristics, chains and the dilemmas do not
    report = ranked_three(argued=True).score()
    assert [x.name for x in report.heuristics if x.applicable] == ["alignment", "deliberation"]
    assert report.total == approx(Fraction(16 + 2 * 100, 3))


def test_all_not_applicable_gives_no_total() -> None:
    report = score_table(new_table(tiny_deck(), table_id="t", name="T", seed=1))
    assert all(x.score is None for x in report.heuristics)
    assert report.total is None
    zero = {name: 0 for name in STANDARD}
    assert standard_play(scoring={"weights": zero}).score().total is None


def test_titles_are_in_the_deck_language(standard: ScoreReport, standard_da: ScoreReport) -> None:
    assert h(standard, "coverage").title == "No central holes"
    assert h(standard_da, "coverage").title == "Ingen centrale huller"
    assert [x.name for x in standard.heuristics] == list(STANDARD)


def test_the_report_says_which_scoring_rules_it_used(standard: ScoreReport) -> None:
    from sammenspil.scoring.report import SCORING_VERSION

    assert standard.scoring == SCORING_VERSION == 2
    assert standard.current
    old = ScoreReport.model_validate({"deck": "tiny", "language": "en"})  # stored before v2
    assert old.scoring == 1 and not old.current


def test_placement_arguments_are_argued_by_construction() -> None:
    # the engine refuses a placement argued in fewer words than argument_min_words
    assert len(ARGUED.split()) >= tiny_deck().rules.argument_min_words
