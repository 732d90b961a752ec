"""Comparing two rounds: totals, each heuristic, the joint rankings and where agreement moved."""

from __future__ import annotations

import pytest

from sammenspil.scoring.compare import Comparison, compare, render_comparison_text
from scoring_support import HANDS, PROBLEMS, SEATS, Play, standard_play, tiny_deck


def cmp_of(a: Play, b: Play) -> Comparison:
    return compare(a.table, b.table, a.score(), b.score())


def ranked(orders: dict[str, list[str]], *, problems=PROBLEMS, language="en", name="B") -> Play:
    play = Play(
        tiny_deck(language),
        {p: SEATS[p] for p in orders},
        problems=problems,
        hands=HANDS,
        name=name,
    )
    for player, order in orders.items():
        play.rank(player, order)
    return play


# Spreads (range of the three roles' ranks) in round B:
#   handover 1,1,1 -> 0; silos 2,3,2 -> 1; rules 3,2,4 -> 2; goals 4,4,3 -> 1.
# In the standard round A: handover 4,1,1 -> 3; silos 1,2,3 -> 2; rules 3,4,2 -> 2;
#   goals 2,3,4 -> 2; every one at least half of 4 problems.
B_ORDERS = {
    "S": ["handover", "silos", "rules", "goals"],
    "R": ["handover", "rules", "silos", "goals"],
    "M": ["handover", "silos", "goals", "rules"],
}


def test_totals_and_heuristic_deltas_are_b_minus_a() -> None:
    a, b = standard_play(), standard_play(rules={"change_budget": 2})
    cmp = cmp_of(a, b)
    assert cmp.total_a == pytest.approx(a.score().total)
    assert cmp.total_delta == pytest.approx(b.score().total - a.score().total, abs=1e-6)
    focus = next(h for h in cmp.heuristics if h.name == "focus")
    assert (focus.score_a, focus.score_b) == (pytest.approx(80), pytest.approx(32))
    assert focus.delta == pytest.approx(-48)
    assert all(h.delta == 0 for h in cmp.heuristics if h.name != "focus")
    assert [h.name for h in cmp.heuristics] == [h.name for h in a.score().heuristics]


def test_not_applicable_gives_no_delta_and_shows_na() -> None:
    a, b = ranked(B_ORDERS, name="A"), standard_play()  # nothing placed in A
    cmp = cmp_of(a, b)
    focus = next(h for h in cmp.heuristics if h.name == "focus")
    assert focus.score_a is None and focus.score_b == pytest.approx(80)
    assert focus.delta is None
    line = next(x for x in render_comparison_text(cmp, 80).splitlines() if "Few, central" in x)
    assert line.split()[-3:] == ["n/a", "80.0", "n/a"]


def test_joint_rankings_side_by_side_with_undealt_problems_as_dashes() -> None:
    # A dealt handover, silos, goals; B handover, silos, rules
    a = ranked(
        {"S": ["goals", "silos", "handover"]}, problems=["handover", "silos", "goals"], name="A"
    )
    b = ranked({"S": ["rules", "handover", "silos"]}, problems=["handover", "silos", "rules"])
    cmp = cmp_of(a, b)
    assert [(r.problem, r.rank_a, r.rank_b) for r in cmp.ranks] == [
        ("goals", 1, None),
        ("silos", 2, 3),
        ("handover", 3, 2),
        ("rules", None, 1),
    ]
    text = render_comparison_text(cmp, 80).split("Joint ranking")[1].split("\n\n")[0]
    rows = [line.split() for line in text.splitlines()[2:]]
    assert rows == [
        ["Too", "many", "goals", "1", "-"],
        ["Silos", "2", "3"],
        ["Handover", "3", "2"],
        ["Rule", "thicket", "-", "1"],
    ]


def test_agreed_in_one_round_split_in_the_other() -> None:
    a, b = standard_play(), ranked(B_ORDERS)
    cmp = cmp_of(a, b)
    assert {r.problem: (r.spread_a, r.spread_b) for r in cmp.spreads} == {
        "handover": (3, 0),
        "silos": (2, 1),
        "rules": (2, 2),
        "goals": (2, 1),
    }
    # rules: 2 in B is not "agreed" (> 1); the other three are agreed in B and >= 4/2 in A
    assert [(c.problem, c.agreed_in) for c in cmp.contrasts] == [
        ("handover", "b"),
        ("silos", "b"),
        ("goals", "b"),
    ]
    swapped = cmp_of(b, a)
    assert [(c.problem, c.agreed_in) for c in swapped.contrasts] == [
        ("handover", "a"),
        ("silos", "a"),
        ("goals", "a"),
    ]
    text = render_comparison_text(cmp, 80)
    assert "Handover" in text.split("Agreed in one round")[1]
    assert "Rule thicket" not in text.split("Agreed in one round")[1]


def test_the_split_threshold_is_half_of_that_rounds_problems() -> None:
    # B deals two problems, so its threshold is 1 and any disagreement is a split. S and M
    # rank them oppositely: both ranges are 1. Against the standard round (handover 3,
    # silos 2, threshold 2) both count as agreed in B: 1 <= 1 and A's range >= 2.
    two = ["handover", "silos"]
    reversed_b = ranked({"S": two, "M": two[::-1]}, problems=two)
    cmp = cmp_of(standard_play(), reversed_b)
    assert [(c.problem, c.spread_a, c.spread_b, c.agreed_in) for c in cmp.contrasts] == [
        ("handover", 3, 1, "b"),
        ("silos", 2, 1, "b"),
    ]
    # two two-problem rounds: alike (ranges 0) against opposite (ranges 1) is a contrast,
    # agreed in the alike one; opposite against opposite is not, though 1 is both <= 1 and >= 1
    alike = ranked({"S": two, "M": two}, problems=two, name="A")
    assert [(c.problem, c.agreed_in) for c in cmp_of(alike, reversed_b).contrasts] == [
        ("handover", "a"),
        ("silos", "a"),
    ]
    assert cmp_of(reversed_b, reversed_b).contrasts == []


def test_one_role_rounds_have_no_contrasts() -> None:
    a = ranked({"S": PROBLEMS}, name="A")
    cmp = cmp_of(a, ranked(B_ORDERS))
    assert cmp.contrasts == [] and cmp.roles_a == 1
    assert "not compared: a round needs rankings from two or more roles" in (
        render_comparison_text(cmp, 100)
    )


def test_render_in_danish_and_within_the_width() -> None:
    long = "Et meget langt bordnavn " * 4
    a = standard_play("da")
    b = ranked(B_ORDERS, language="da", name=long.strip())
    text = render_comparison_text(cmp_of(a, b), 60)
    assert "Heuristik" in text and "I alt" in text and "Fælles rangordning" in text
    assert "Enige i den ene runde" in text
    assert all(len(line) <= 60 for line in text.splitlines()), text
    header = next(line for line in text.splitlines() if line.startswith("Heuristik"))
    total = next(line for line in text.splitlines() if line.startswith("I alt"))
    assert len(header) == len(total)  # the columns line up


def test_identical_rounds_compare_as_equal() -> None:
    cmp = cmp_of(standard_play(), standard_play())
    assert cmp.total_delta == 0
    assert cmp.contrasts == []
    assert all(r.rank_a == r.rank_b for r in cmp.ranks)


def test_rounds_in_two_languages_say_so_and_show_each_sides_titles() -> None:
    english, danish = standard_play("en"), ranked(B_ORDERS, language="da")
    cmp = cmp_of(english, danish)
    assert not cmp.same_deck and (cmp.language_a, cmp.language_b) == ("en", "da")
    text = render_comparison_text(cmp, 200)
    lines = text.splitlines()
    assert sum("different decks or languages (en / da)" in line for line in lines) == 1
    # each round's own words, never the first round's titles for both
    assert any(line.startswith("Handover / Overgange ") for line in lines), text
    assert any(line.startswith("Too many goals / For mange mål ") for line in lines), text
    assert any(line.startswith("No central holes / Ingen centrale huller ") for line in lines), text
    row = next(r for r in cmp.ranks if r.problem == "silos")
    assert (row.title, row.title_b) == ("Silos", "Siloer")


def test_the_same_deck_says_nothing_about_decks_and_shows_one_title() -> None:
    cmp = cmp_of(standard_play(), ranked(B_ORDERS))
    assert cmp.same_deck
    assert all(r.title_b == "" for r in cmp.ranks)
    text = render_comparison_text(cmp, 100)
    assert "different decks" not in text and " / " not in text.split("\n", 2)[2]


def test_a_danish_comparison_says_it_in_danish() -> None:
    text = render_comparison_text(cmp_of(standard_play("da"), ranked(B_ORDERS)), 200)
    assert "forskellige kortsæt eller sprog (da / en)" in text
    assert "Overgange / Handover" in text


def test_hostile_names_and_titles_reach_the_terminal_as_text() -> None:
    a = standard_play()
    b = ranked(B_ORDERS, name="B \x1b]0;PWNED\x07 \u202eevil \x9b2J")
    text = render_comparison_text(cmp_of(a, b), 120)
    assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text
    assert "\\x1b]0;PWNED\\x07" in text
