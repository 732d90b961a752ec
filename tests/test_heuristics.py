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


def ranked_three(
    language: str = "en", dilemmas: tuple[str, ...] = ("levels", "speed"), **deck
) -> Play:
    """The standard deal and rankings, stopped at the start of the respond phase."""
    play = Play(
        tiny_deck(language, **deck), SEATS, problems=PROBLEMS, hands=HANDS, dilemmas=dilemmas
    )
    play.rank("S", ["silos", "goals", "rules", "handover"])
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("M", ["handover", "rules", "silos", "goals"])
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


# --- coverage --------------------------------------------------------------------------------


def test_coverage_standard(standard: ScoreReport) -> None:
    # covered: handover (w 4, by p2 and p3) and silos (w 3, by p1 and p5). rules (w 2) had only
    # the withdrawn checklist; goals (w 1) has the law, which does not address it. 7 / 10.
    v = h(standard, "coverage")
    assert v.score == approx(70)
    assert v.lines[0] == (
        "2 of 4 problems have a remedy that addresses them "
        "(weighted by the joint ranking: 7 of 10)."
    )
    assert "Nobody answered 'Rule thicket' (joint rank 3)." in v.lines
    assert "Nobody answered 'Too many goals' (joint rank 4)." in v.lines
    assert "The state placed 'A new law' on 'Too many goals', which it does not address." in v.lines
    assert v.suggestion.startswith("Find a remedy for 'Rule thicket' first")


def test_coverage_standard_in_danish(standard_da: ScoreReport) -> None:
    v = h(standard_da, "coverage")
    assert v.score == approx(70)
    assert "Ingen svarede på 'Regeltæt' (fælles plads 3)." in v.lines
    assert "Staten lagde 'En ny lov' på 'For mange mål', som den ikke adresserer." in v.lines


def test_coverage_nothing_placed_is_zero_and_names_the_top_holes() -> None:
    v = h(ranked_three().score(), "coverage")
    assert v.score == 0
    assert v.lines[1:] == [
        "Nobody answered 'Handover' (joint rank 1).",
        "Nobody answered 'Silos' (joint rank 2).",
        "Nobody answered 'Rule thicket' (joint rank 3).",
    ]  # only the first three holes, in joint order


def test_coverage_one_role_weighs_by_its_own_ranking() -> None:
    # S alone ranks goals, rules, silos, handover: w(goals) = 4 of 4+3+2+1 = 10 -> 40
    play = Play(tiny_deck(), {"S": "state"}, problems=PROBLEMS, hands={"state": ["values", "law"]})
    play.rank("S", ["goals", "rules", "silos", "handover"]).advance()
    play.place("S", "values", "goals")
    assert h(play.score(), "coverage").score == approx(40)


def test_coverage_everything_answered() -> None:
    play = ranked_three()
    play.place("S", "law", "rules")
    play.place("R", "talk", "handover")
    play.place("R", "network", "silos")
    play.place("S", "values", "goals")
    v = h(play.score(), "coverage")
    assert v.score == approx(100)
    assert v.suggestion == "Every problem is answered; keep it that way."


def test_coverage_not_applicable_before_the_deal() -> None:
    v = h(score_table(new_table(tiny_deck(), table_id="t", name="T", seed=1)), "coverage")
    assert v.score is None
    assert v.lines == ["No problems were dealt."]


# --- chains ----------------------------------------------------------------------------------


def test_chains_standard(standard: ScoreReport) -> None:
    # answered problems with 2+ levels: handover (R, M both placed: 1, w 4) and silos (S, R of
    # S, R, M: 2/3, w 3). rules had only the withdrawn checklist; goals has one level.
    # (4 * 1 + 3 * 2/3) / (4 + 3) = 6/7
    v = h(standard, "chains")
    assert v.score == approx(Fraction(600, 7))
    assert v.lines == ["The councils placed nothing on 'Silos', which runs through their chain."]
    assert v.suggestion == "Ask the councils what they can add to 'Silos'."


def test_chains_counts_only_roles_that_were_dealt_a_hand() -> None:
    # Region sits out. Joint (both rank alike): silos w4, rules w3, handover w2, goals w1.
    # silos chain {S, M}: both placed -> 1. rules chain {S, M}: only M -> 1/2. handover's chain
    # {R, M} shrinks to {M}, one role: not counted. (4 * 1 + 3 * 1/2) / (4 + 3) = 5.5 / 7.
    play = two_roles(
        hands={"state": ["platform"], "municipality": ["secondment", "checklist", "pilot"]}
    )
    order = ["silos", "rules", "handover", "goals"]
    play.rank("S", order).rank("M", order).advance()
    play.place("S", "platform", "silos")
    play.place("M", "secondment", "silos")
    play.place("M", "checklist", "rules")
    play.place("M", "pilot", "handover")
    v = h(play.score(), "chains")
    assert v.score == approx(Fraction(550, 7))
    assert v.lines == [
        "The state placed nothing on 'Rule thicket', which runs through their chain."
    ]


def test_chains_everyone_along_the_chain_in_danish() -> None:
    play = ranked_three("da")
    play.place("R", "talk", "handover")
    play.place("M", "secondment", "handover")
    v = h(play.score(), "chains")
    assert v.score == approx(100)
    assert v.lines == ["Alle roller i hver besvaret kæde lagde en løsning."]


@pytest.mark.parametrize("what", ["nothing placed", "single-level problem only"])
def test_chains_not_applicable(what: str) -> None:
    play = ranked_three()
    if what == "single-level problem only":
        play.place("S", "values", "goals")  # goals runs through the state alone
    v = h(play.score(), "chains")
    assert v.score is None
    assert v.lines == ["No problem that runs through two or more roles received a remedy."]


# --- alignment -------------------------------------------------------------------------------


def test_alignment_standard(standard: ScoreReport) -> None:
    # ranks (handover, silos, rules, goals): S 4 1 3 2, R 1 2 4 3, M 1 3 2 4; rank sums 6 6 9 9,
    # mean 7.5, S = 4 * 1.5^2 = 9; W = 12 S / (m^2 (n^3 - n)) = 108 / (9 * 60) = 0.2
    v = h(standard, "alignment")
    assert v.score == approx(20)
    assert v.details == {"w_final": 0.2, "w_first": 0.2, "w_change": 0.0}
    assert v.lines == [
        "Kendall's W was 0.20 before the discussion and 0.20 after (+0.00): "
        "the discussion left it where it was.",
        # RBO (p 0.9): S-R 0.828, S-M 0.783, R-M 0.928
        "The state and the councils agree least at the top (RBO 0.78).",
        # handover's ranks 4, 1, 1 have the widest range (3)
        "Most disputed: 'Handover' (The state 4, The regions 1, The councils 1).",
    ]
    assert standard.w_first == pytest.approx(0.2) and standard.w_final == pytest.approx(0.2)


def test_alignment_uses_the_revised_rankings_and_reports_the_change() -> None:
    # R revises to handover, silos, rules, goals: ranks R 1 2 3 4; sums 6 6 8 10,
    # S = 2.25 + 2.25 + 0.25 + 6.25 = 11, W = 132 / 540
    play = Play(tiny_deck("da"), SEATS, problems=PROBLEMS, hands=HANDS)
    play.rank("S", ["silos", "goals", "rules", "handover"])
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("M", ["handover", "rules", "silos", "goals"])
    play.revise("R", ["handover", "silos", "rules", "goals"])
    v = h(play.score(), "alignment")
    assert v.score == approx(Fraction(13200, 540))
    assert v.lines[0] == (
        "Kendalls W var 0.20 før drøftelsen og 0.24 efter (+0.04): "
        "drøftelsen bragte rollerne tættere sammen."
    )


def test_alignment_identical_rankings_score_100_and_nothing_is_disputed() -> None:
    play = Play(tiny_deck(), SEATS, problems=PROBLEMS, hands=HANDS)
    for player in SEATS:
        play.rank(player, PROBLEMS)
    v = h(play.score(), "alignment")
    assert v.score == approx(100)
    assert not any(line.startswith("Most disputed") for line in v.lines)
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
    # top half = first ceil(4/2) = 2 of the joint ranking: handover, silos. p1, p2, p3, p5 are
    # on it, p4 (goals) is not: 4/5; 5 placements within the budget of 6, so no penalty.
    v = h(standard, "focus")
    assert v.score == approx(80)
    assert v.lines == ["4 of 5 placements are on the top half of the joint ranking."]


def test_focus_over_the_change_budget() -> None:
    # 4/5 * min(1, 2/5) = 0.32
    v = h(standard_play("en", rules={"change_budget": 2}).score(), "focus")
    assert v.score == approx(32)
    assert v.lines[1] == "5 changes against a budget of 2: the score is multiplied by 0.40."
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
    for name in ("focus", "pace", "culture", "simplicity", "ownership"):
        assert h(report, name).score is None, name
    assert h(report, "coverage").score == 0


# --- pace ------------------------------------------------------------------------------------


def test_pace_standard(standard: ScoreReport) -> None:
    # incremental: p2, p3, p5. Big bangs: p1 (silos) and p4 (goals); the only preparation
    # (p2's pilot) sits on handover, so neither is prepared: 3/5
    v = h(standard, "pace")
    assert v.score == approx(60)
    assert v.lines == [
        "3 of 5 placements are incremental or prepared.",
        "The state placed the big bang 'One platform' on 'Silos' with no preparation beside it.",
        "The state placed the big bang 'A new law' on 'Too many goals' with no preparation "
        "beside it.",
    ]


def test_pace_a_big_bang_with_preparation_on_the_same_problem_counts() -> None:
    # pilot (preparation) on silos prepares the platform there; the law on rules stays
    # unprepared; checklist is incremental: pilot, platform, checklist = 3 of 4
    play = two_roles(
        hands={"state": ["platform", "law"], "municipality": ["pilot", "checklist"]}, language="da"
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
        "1 of 5 placements are culture or dialogue (target 50%).",
        "1 placement adds rules.",  # the law; the withdrawn checklist does not count
    ]


def test_culture_target_comes_from_the_deck() -> None:
    # 0.2 / 0.25 = 0.8
    v = h(standard_play("da", scoring={"culture_target": 0.25}).score(), "culture")
    assert v.score == approx(80)
    assert v.lines[0] == "1 af 5 placeringer er kultur eller dialog (mål 25%)."


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
    # moves: 5 live placements (all argued: the engine requires it) + 5 positions, of which
    # R's empty levels argument and S's "Slowly" fall short of 4 words: 8/10.
    # Reacted: p1 and p2 of 5 placements: 2/5. 0.7 * 0.8 + 0.3 * 0.4 = 0.68
    v = h(standard, "deliberation")
    assert v.score == approx(68)
    assert v.lines == [
        "8 of 10 moves are argued in 4 words or more.",
        "2 of 5 placements were endorsed or challenged by another role.",
    ]


def test_deliberation_with_no_minimum_counts_every_move_as_argued() -> None:
    # 0.7 * 10/10 + 0.3 * 2/5 = 0.82
    v = h(standard_play(rules={"argument_min_words": 0}).score(), "deliberation")
    assert v.score == approx(82)


def test_deliberation_without_placements_is_the_argued_share_of_positions() -> None:
    play = ranked_three("da")
    play.advance()  # respond -> dilemmas, nothing placed
    play.position("S", "levels", 2, "det her skal vi tale om")
    play.position("R", "levels", 2, "ja")
    v = h(play.score(), "deliberation")
    assert v.score == approx(50)
    assert v.lines == ["1 af 2 træk er begrundet med 4 ord eller flere."]


def test_deliberation_argued_and_answered() -> None:
    play = ranked_three()
    pid = play.place("S", "law", "rules")
    play.endorse("M", pid)
    v = h(play.score(), "deliberation")
    assert v.score == approx(100)
    assert v.suggestion == "Argued and answered."


def test_deliberation_not_applicable_without_moves() -> None:
    v = h(ranked_three().score(), "deliberation")
    assert v.score is None
    assert v.lines == ["No placements or positions to weigh."]


# --- consensus -------------------------------------------------------------------------------


def test_consensus_standard(standard: ScoreReport) -> None:
    # levels: 1, 2, 5, mean 8/3, deviations 5/3, 2/3, 7/3, MAD 14/9 -> 1 - 7/9 = 2/9.
    # speed: 3, 3 -> 1 (M's missing position does not count). (2/9 + 1) / 2 = 11/18
    v = h(standard, "consensus")
    assert v.score == approx(Fraction(1100, 18))
    assert v.lines == [
        "2 dilemmas with positions from two or more roles.",
        "Most split: 'Who sets service levels?' (The state 1, The regions 2, The councils 5).",
    ]


def _dilemma_play(values: dict[str, dict[str, int]], language: str = "en") -> Play:
    play = ranked_three(language, dilemmas=("speed", "levels"))
    play.advance()
    for player, by_dilemma in values.items():
        for dilemma, value in by_dilemma.items():
            play.position(player, dilemma, value)
    return play


def test_consensus_all_alike_and_poles_apart() -> None:
    alike = h(
        _dilemma_play({"S": {"levels": 4}, "R": {"levels": 4}, "M": {"levels": 4}}).score(),
        "consensus",
    )
    assert alike.score == approx(100)
    assert alike.suggestion == "The roles stand together on every dilemma."
    # 1 and 5: mean 3, MAD 2 -> 1 - 2/2 = 0
    apart = h(_dilemma_play({"S": {"levels": 1}, "M": {"levels": 5}}).score(), "consensus")
    assert apart.score == approx(0)


def test_consensus_most_split_tie_goes_to_the_first_dealt_dilemma() -> None:
    # both dilemmas split 1 vs 5; speed was dealt first, though 'levels' sorts before it
    play = _dilemma_play({"S": {"levels": 1, "speed": 1}, "M": {"levels": 5, "speed": 5}}, "da")
    v = h(play.score(), "consensus")
    assert v.lines[1] == "Mest delt: 'Hvor hurtigt skal en reform gå?' (Staten 1, Kommunerne 5)."


def test_consensus_not_applicable_with_one_role_per_dilemma() -> None:
    v = h(_dilemma_play({"S": {"levels": 3}, "R": {"speed": 2}}).score(), "consensus")
    assert v.score is None
    assert v.lines == ["Consensus needs two positions on a dilemma."]


# --- the total -------------------------------------------------------------------------------

STANDARD = {
    "coverage": Fraction(70),
    "chains": Fraction(600, 7),
    "alignment": Fraction(20),
    "focus": Fraction(80),
    "pace": Fraction(60),
    "culture": Fraction(40),
    "simplicity": Fraction(600, 7),
    "ownership": Fraction(80),
    "deliberation": Fraction(68),
    "consensus": Fraction(1100, 18),
}


def test_the_standard_round_scores_every_heuristic_as_worked_out(standard: ScoreReport) -> None:
    assert {x.name: x.score for x in standard.heuristics} == {
        name: approx(score) for name, score in STANDARD.items()
    }
    assert standard.total == approx(sum(STANDARD.values()) / 10)
    assert {x.weight for x in standard.heuristics} == {1.0}


def test_the_total_is_the_weighted_mean() -> None:
    weights = {"coverage": 2, "chains": 3, "consensus": 0.5}
    report = standard_play(scoring={"weights": weights}).score()
    w = {name: Fraction(weights.get(name, 1)).limit_denominator() for name in STANDARD}
    expected = sum(w[n] * STANDARD[n] for n in STANDARD) / sum(w.values())
    assert report.total == approx(expected)
    assert h(report, "chains").weight == 3


def test_weight_zero_turns_a_heuristic_off_but_keeps_its_line() -> None:
    report = standard_play(scoring={"weights": {"alignment": 0}}).score()
    rest = [s for n, s in STANDARD.items() if n != "alignment"]
    assert report.total == approx(sum(rest) / 9)
    off = h(report, "alignment")
    assert off.score == approx(20) and off.weight == 0 and not off.counts


def test_not_applicable_heuristics_leave_the_mean() -> None:
    # nothing placed: coverage 0, alignment 20 apply; the placement heuristics, chains,
    # deliberation and consensus do not
    report = ranked_three().score()
    assert [x.name for x in report.heuristics if x.applicable] == ["coverage", "alignment"]
    assert report.total == approx(10)


def test_all_not_applicable_gives_no_total() -> None:
    report = score_table(new_table(tiny_deck(), table_id="t", name="T", seed=1))
    assert all(x.score is None for x in report.heuristics)
    assert report.total is None
    zero = {name: 0 for name in STANDARD}
    assert standard_play(scoring={"weights": zero}).score().total is None


def test_titles_are_in_the_deck_language(standard: ScoreReport, standard_da: ScoreReport) -> None:
    assert h(standard, "coverage").title == "No holes"
    assert h(standard_da, "coverage").title == "Ingen huller"
    assert [x.name for x in standard.heuristics] == list(STANDARD)


def test_placement_arguments_are_argued_by_construction() -> None:
    # the engine refuses a placement argued in fewer words than argument_min_words
    assert len(ARGUED.split()) >= tiny_deck().rules.argument_min_words
