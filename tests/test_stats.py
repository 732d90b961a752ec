"""Tests for the ranking-phase agreement statistics, against scipy and against hand calculation."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from scipy.stats import chi2 as scipy_chi2
from scipy.stats import f as scipy_f
from scipy.stats import friedmanchisquare, rankdata

from sammenspil.scoring.stats import (
    KendallTest,
    Spread,
    borda,
    chi2_sf,
    disagreement,
    kendall_f_sf,
    kendall_permutation_p,
    kendall_test,
    kendalls_w,
    pairwise_rbo,
    rank_vector,
    rbo,
)

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


# --- rank_vector -----------------------------------------------------------------------------


def test_rank_vector_flat_order() -> None:
    assert rank_vector(["c", "a", "b"], ["a", "b", "c"]) == [2.0, 3.0, 1.0]


def test_rank_vector_tiers_get_mid_ranks() -> None:
    # tiers: {b} 1, {a, d} share 2 and 3 -> 2.5, {c} 4
    assert rank_vector([["b"], ["a", "d"], ["c"]], ["a", "b", "c", "d"]) == [2.5, 1.0, 4.0, 2.5]


def test_rank_vector_mixes_ids_and_tiers_and_skips_empty_tiers() -> None:
    assert rank_vector(["b", [], ["a", "c"]], ["a", "b", "c"]) == [2.5, 1.0, 2.5]


def test_rank_vector_missing_items_share_the_bottom() -> None:
    # a is 1, the three left out share ranks 2, 3, 4 -> 3
    assert rank_vector(["a"], ["a", "b", "c", "d"]) == [1.0, 3.0, 3.0, 3.0]
    assert rank_vector([], ["a", "b"]) == [1.5, 1.5]


@pytest.mark.parametrize(
    "order",
    [["a", "x"], ["a", "a"], [["a", "b"], ["a"]]],
)
def test_rank_vector_rejects_unknown_or_repeated_ids(order: list) -> None:
    with pytest.raises(ValueError):
        rank_vector(order, ["a", "b", "c"])


def test_rank_vector_rejects_duplicate_items() -> None:
    with pytest.raises(ValueError):
        rank_vector(["a"], ["a", "a"])


# --- Kendall's W -----------------------------------------------------------------------------


def test_w_perfect_agreement_is_one() -> None:
    assert kendalls_w([[1, 2, 3, 4, 5]] * 4) == pytest.approx(1.0, abs=1e-15)


def test_w_hand_worked_without_ties() -> None:
    # rank sums 4, 6, 8, 12; mean 7.5; S = 12.25 + 2.25 + 0.25 + 20.25 = 35
    # W = 12 * 35 / (3^2 * (4^3 - 4)) = 420 / 540 = 7/9
    ranks = [[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]
    assert kendalls_w(ranks) == pytest.approx(7 / 9, abs=1e-15)


def test_w_textbook_three_judges_six_applicants() -> None:
    # The classic example of three judges ranking six job applicants (Siegel 1956, W = .16).
    # Rank sums 8, 14, 11, 11, 11, 8; mean 3 * 7 / 2 = 10.5; S = 6.25 + 12.25 + 3 * 0.25 + 6.25
    # = 25.5; W = 12 * 25.5 / (9 * (216 - 6)) = 306 / 1890 = 17/105 = 0.1619...
    ranks = [[1, 6, 3, 2, 5, 4], [1, 5, 6, 4, 2, 3], [6, 3, 2, 5, 4, 1]]
    w = kendalls_w(ranks)
    assert w == pytest.approx(17 / 105, abs=1e-15)
    assert round(w, 2) == 0.16


def test_w_hand_worked_with_ties() -> None:
    # rater 1 ties two (T = 6), rater 3 ties two pairs (T = 12): sum T = 18
    # rank sums 3.5, 6, 9, 11.5; mean 7.5; S = 16 + 2.25 + 2.25 + 16 = 36.5
    # W = 12 * 36.5 / (9 * 60 - 3 * 18) = 438 / 486 = 73/81
    ranks = [[1, 2.5, 2.5, 4], [1, 2, 3, 4], [1.5, 1.5, 3.5, 3.5]]
    assert kendalls_w(ranks) == pytest.approx(73 / 81, abs=1e-15)


def test_w_complete_disagreement_of_two_is_zero() -> None:
    # two reversed raters: every rank sum is n + 1, so S = 0
    assert kendalls_w([[1, 2, 3], [3, 2, 1]]) == 0.0


def test_w_reranks_scores() -> None:
    # scores in the same order as ranks give the same W
    assert kendalls_w([[10, 20, 30, 40], [25, 5, 30, 99], [1, 7, 3, 8]]) == pytest.approx(7 / 9)


@pytest.mark.parametrize(
    "ranks",
    [[], [[1, 2, 3]], [[1], [1]], [[1.5, 1.5], [1.5, 1.5]], [[2, 2, 2], [1, 1, 1], [3, 3, 3]]],
)
def test_w_undefined_is_none(ranks: list) -> None:
    assert kendalls_w(ranks) is None
    assert kendall_test(ranks) is None


def test_w_rejects_ragged_rows() -> None:
    with pytest.raises(ValueError):
        kendalls_w([[1, 2, 3], [1, 2]])


@st.composite
def score_matrices(draw: st.DrawFn) -> list[list[int]]:
    m = draw(st.integers(2, 8))
    n = draw(st.integers(3, 10))
    top = draw(st.integers(1, n))  # a small range of scores makes many ties
    return [draw(st.lists(st.integers(0, top), min_size=n, max_size=n)) for _ in range(m)]


@FAST
@given(score_matrices())
def test_w_matches_friedman_from_scipy(scores: list[list[int]]) -> None:
    ranks = [list(rankdata(row)) for row in scores]
    m, n = len(ranks), len(ranks[0])
    ties = sum(t**3 - t for row in ranks for t in np.unique(row, return_counts=True)[1])
    assume(m * m * (n**3 - n) - m * ties != 0)
    # treatments = items (columns), blocks = raters (rows)
    columns = [np.array([row[j] for row in ranks]) for j in range(n)]
    expected = friedmanchisquare(*columns).statistic / (m * (n - 1))
    w = kendalls_w(ranks)
    assert w is not None
    assert w == pytest.approx(expected, abs=1e-9)
    assert 0.0 <= w <= 1.0


# --- kendall_test ----------------------------------------------------------------------------


@pytest.mark.parametrize("df", [1, 2, 3, 5, 7, 10, 17, 40, 101])
@pytest.mark.parametrize("x", [0.0, 0.01, 0.5, 1.0, 3.0, 7.5, 15.0, 30.0, 80.0, 250.0])
def test_chi2_sf_matches_scipy(df: int, x: float) -> None:
    expected = scipy_chi2.sf(x, df)
    assert chi2_sf(x, df) == pytest.approx(expected, abs=1e-9, rel=1e-9)


def test_chi2_sf_rejects_bad_df() -> None:
    with pytest.raises(ValueError):
        chi2_sf(1.0, 0)


def _swapped_table(m: int, n: int) -> list[list[int]]:
    """A moderately agreeing table: rater r swaps a few neighbours of the identity ranking."""
    ranks = []
    for r in range(m):
        row = list(range(1, n + 1))
        for j in range(r % 3, n - 1, 3 + r):
            row[j], row[j + 1] = row[j + 1], row[j]
        ranks.append(row)
    return ranks


@pytest.mark.parametrize(("m", "n"), [(2, 8), (3, 8), (3, 40), (4, 8), (5, 9), (6, 12), (8, 10)])
def test_kendall_test_from_8_items_is_the_f_approximation_as_scipy_computes_it(
    m: int, n: int
) -> None:
    ranks = _swapped_table(m, n)
    result = kendall_test(ranks)
    assert result is not None
    assert result.method == "f"
    assert result.df == n - 1
    assert result.w == pytest.approx(kendalls_w(ranks), abs=1e-15)
    assert result.chi2 == pytest.approx(m * (n - 1) * result.w, rel=1e-12)
    d1 = n - 1 - 2 / m
    expected = scipy_f.sf((m - 1) * result.w / (1 - result.w), d1, (m - 1) * d1)
    assert result.p_value == pytest.approx(expected, abs=1e-12, rel=1e-9)


@pytest.mark.parametrize("m", [2, 3, 4, 8, 30])
@pytest.mark.parametrize("n", [3, 8, 40, 60])
@pytest.mark.parametrize("w", [0.0, 1e-4, 0.05, 0.3, 0.5, 0.8, 0.99, 0.9999, 1.0])
def test_kendall_f_sf_matches_scipy_over_the_whole_range(m: int, n: int, w: float) -> None:
    d1 = n - 1 - 2 / m
    expected = 0.0 if w == 1.0 else scipy_f.sf((m - 1) * w / (1 - w), d1, (m - 1) * d1)
    assert kendall_f_sf(w, m, n) == pytest.approx(expected, abs=1e-15, rel=1e-9)


@pytest.mark.parametrize(
    ("m", "n", "mult", "step"),
    [(2, 8, 3, 1), (2, 8, 5, 3), (3, 8, 3, 3), (3, 8, 5, 1), (3, 12, 3, 3), (4, 10, 3, 2)],
)
def test_the_f_approximation_agrees_with_the_permutation_test_it_replaced(
    m: int, n: int, mult: int, step: int
) -> None:
    # Why the F approximation may stand in for the permutation test from 8 items on: on these
    # tables of 2 to 4 roles (p between 0.06 and 0.67) it lands within the permutation test's
    # own sampling error (a standard error of at most 0.008 at 4000 shuffles), where the plain
    # chi-square is off by 0.03 to 0.06, too far to pass.
    ranks = []
    for r in range(m):
        row = list(range(1, n + 1))
        for j in range(r % step, n, step):  # each rater moves some problems far
            k = (j * mult + 3 * r) % n
            row[j], row[k] = row[k], row[j]
        ranks.append(row)
    result = kendall_test(ranks)
    permuted = kendall_permutation_p(ranks, seed=3, permutations=4000)
    assert result is not None and permuted is not None
    assert result.method == "f"
    assert 0.05 < permuted < 0.7
    assert abs(result.p_value - permuted) < 0.02, (result.p_value, permuted)
    assert abs(chi2_sf(result.chi2, result.df) - permuted) > 0.02


def test_kendall_test_permutation_path_is_deterministic_per_seed() -> None:
    ranks = [[1, 2, 3, 4, 5], [2, 1, 3, 5, 4], [1, 3, 2, 4, 5]]
    first = kendall_test(ranks, seed=7, permutations=500)
    again = kendall_test(ranks, seed=7, permutations=500)
    assert isinstance(first, KendallTest)
    assert first == again
    assert first.method == "permutation"
    assert 0.0 < first.p_value <= 1.0
    # p = (count + 1) / (permutations + 1) for a whole count
    count = first.p_value * 501 - 1
    assert count == pytest.approx(round(count), abs=1e-9)


def test_kendall_test_permutation_path_agrees_with_exact_enumeration() -> None:
    # 3 raters, 4 items: enumerate all 24^3 arrangements for the exact permutation p-value.
    ranks = [[1, 2, 3, 4], [2, 1, 3, 4], [1, 3, 2, 4]]
    observed = kendalls_w(ranks)
    assert observed is not None
    rows = [list(itertools.permutations(row)) for row in ranks]
    hits = total = 0
    for combo in itertools.product(*rows):
        w = kendalls_w([list(r) for r in combo])
        assert w is not None
        hits += w >= observed - 1e-12
        total += 1
    exact = hits / total
    result = kendall_test(ranks, seed=0, permutations=2000)
    assert result is not None
    assert result.method == "permutation"
    # the standard error at 2000 draws is at most 0.011; 0.05 is over four of them
    assert abs(result.p_value - exact) < 0.05


def test_kendall_test_perfect_small_table_is_significant_and_noise_is_not() -> None:
    perfect = kendall_test([[1, 2, 3, 4, 5]] * 3, seed=1)
    assert perfect is not None and perfect.w == 1.0
    assert perfect.p_value < 0.01
    reversed_pair = kendall_test([[1, 2, 3, 4, 5], [5, 4, 3, 2, 1]], seed=1, permutations=200)
    assert reversed_pair is not None and reversed_pair.w == 0.0
    assert reversed_pair.p_value == 1.0  # every permutation reaches W >= 0


def test_kendall_test_rejects_no_permutations() -> None:
    with pytest.raises(ValueError):
        kendall_test([[1, 2], [2, 1]], permutations=0)


# --- RBO -------------------------------------------------------------------------------------


def test_rbo_one_swap_below_the_top() -> None:
    # X_1 = 1 ({a}), X_2 = 1 ({a, b} & {a, c}), X_3 = 3; k = 3, p = 0.9
    # sum (X_d / d) p^d = 0.9 + 0.5 * 0.81 + 1 * 0.729 = 2.034
    # RBO = (3/3) * 0.729 + (0.1 / 0.9) * 2.034 = 0.729 + 0.226 = 0.955
    assert rbo(["a", "b", "c"], ["a", "c", "b"], 0.9) == pytest.approx(0.955, abs=1e-12)


def test_rbo_reversed() -> None:
    # X_1 = 0, X_2 = 1 ({b}), X_3 = 3; sum = 0 + 0.405 + 0.729 = 1.134
    # RBO = 0.729 + 1.134 / 9 = 0.729 + 0.126 = 0.855
    assert rbo(["a", "b", "c"], ["c", "b", "a"], 0.9) == pytest.approx(0.855, abs=1e-12)


def test_rbo_top_weighted() -> None:
    # a swap at the top costs more than the same swap at the bottom
    base = ["a", "b", "c", "d"]
    assert rbo(base, ["b", "a", "c", "d"]) < rbo(base, ["a", "b", "d", "c"])


def test_rbo_uneven_lengths() -> None:
    # a = [a, b], b = [a]; k = 2: X_1 = 1, X_2 = 1
    # sum = 1 * 0.5 + (1/2) * 0.25 = 0.625; RBO = (1/2) * 0.25 + (0.5/0.5) * 0.625 = 0.75
    assert rbo(["a", "b"], ["a"], 0.5) == pytest.approx(0.75, abs=1e-12)


def test_rbo_identical_and_disjoint() -> None:
    assert rbo(["a", "b", "c", "d"], ["a", "b", "c", "d"]) == pytest.approx(1.0, abs=1e-12)
    assert rbo(["a", "b"], ["c", "d"]) == 0.0
    assert rbo([], []) == 1.0
    assert rbo(["a"], []) == 0.0


@pytest.mark.parametrize("p", [0.0, 1.0, -0.5, 1.5, math.nan])
def test_rbo_rejects_bad_p(p: float) -> None:
    with pytest.raises(ValueError):
        rbo(["a"], ["a"], p)


def test_rbo_rejects_duplicates() -> None:
    with pytest.raises(ValueError):
        rbo(["a", "a"], ["a"])


rankings = st.lists(st.sampled_from("abcdefgh"), unique=True, max_size=8)


@FAST
@given(rankings, rankings, st.floats(0.01, 0.99))
def test_rbo_symmetric_and_in_range(a: list[str], b: list[str], p: float) -> None:
    value = rbo(a, b, p)
    assert 0.0 <= value <= 1.0
    assert value == pytest.approx(rbo(b, a, p), abs=1e-12)
    assert rbo(a, a, p) == pytest.approx(1.0, abs=1e-9)


def test_pairwise_rbo_keys_follow_mapping_order() -> None:
    orders = {"state": ["a", "b", "c"], "region": ["a", "c", "b"], "municipality": ["c", "b", "a"]}
    result = pairwise_rbo(orders)
    assert list(result) == [
        ("state", "region"),
        ("state", "municipality"),
        ("region", "municipality"),
    ]
    assert result[("state", "region")] == pytest.approx(0.955, abs=1e-12)
    assert result[("state", "municipality")] == pytest.approx(0.855, abs=1e-12)
    assert pairwise_rbo({"only": ["a"]}) == {}


# --- Borda -----------------------------------------------------------------------------------


def test_borda_hand_example() -> None:
    # n = 4, points = 4 - rank:  a: 3 + 2 + 3 = 8,  b: 2 + 3 + 1 = 6,  c: 1 + 0 + 2 = 3,
    # d: 0 + 1 + 0 = 1
    orders = [["a", "b", "c", "d"], ["b", "a", "d", "c"], ["a", "c", "b", "d"]]
    assert borda(orders, ["d", "c", "b", "a"]) == ["a", "b", "c", "d"]


def test_borda_missing_items_share_the_bottom() -> None:
    # n = 3; order 1 ranks only c (c 1, a and b 2.5); order 2: a 1, b 2, c 3
    # points: a 0.5 + 2 = 2.5, b 0.5 + 1 = 1.5, c 2 + 0 = 2
    assert borda([["c"], ["a", "b", "c"]], ["a", "b", "c"]) == ["a", "c", "b"]


def test_borda_tie_break_first_places_then_deal_order() -> None:
    # n = 3, points 2/1/0.  z: ranks 1, 3 -> 2 points, one first place
    # m: ranks 2, 2 -> 2 points, no first place;  a: ranks 3, 1 -> 2 points, one first place
    # all tie on points; z and a beat m on first places; z and a tie on best rank (1),
    # so the deal order decides, which lists z before a (alphabetically a would come first).
    orders = [["z", "m", "a"], ["a", "m", "z"]]
    assert borda(orders, ["m", "z", "a"]) == ["z", "a", "m"]
    assert borda(orders, ["m", "a", "z"]) == ["a", "z", "m"]


def test_borda_tie_break_best_rank() -> None:
    # n = 4, points 3/2/1/0.  w: 1, 2 -> 5;  z: 4, 1 -> 3;  x: 2, 4 -> 2;  y: 3, 3 -> 2
    # x and y tie on points and have no first place; x's best rank 2 beats y's 3,
    # although y comes first in the deal order.
    orders = [["w", "x", "y", "z"], ["z", "w", "y", "x"]]
    assert borda(orders, ["y", "x", "w", "z"]) == ["w", "z", "x", "y"]


def test_borda_first_places_count_a_tied_top_tier() -> None:
    # n = 3. Order 1 ties a and b on top (1.5 each), c 3; order 2: c, b, a.
    # points: a 1.5 + 0 = 1.5, b 1.5 + 1 = 2.5, c 0 + 2 = 2  -> b, c, a
    assert borda([[["a", "b"], "c"], ["c", "b", "a"]], ["a", "b", "c"]) == ["b", "c", "a"]
    # one order: a and b tie at 1.5 points, a first place and best rank 1.5 each, so the deal
    # order puts a before b; c, with 0 points, is last although it was dealt before b
    assert borda([[["b", "a"], "c"]], ["a", "c", "b"]) == ["a", "b", "c"]


def test_borda_without_orders_keeps_deal_order() -> None:
    assert borda([], ["q", "b", "x"]) == ["q", "b", "x"]
    assert borda([[]], ["q", "b", "x"]) == ["q", "b", "x"]


@st.composite
def borda_cases(draw: st.DrawFn) -> tuple[list[str], list[list[str]], dict[str, str]]:
    n = draw(st.integers(1, 7))
    names = [f"card{i}" for i in range(n)]
    items = draw(st.permutations(names))
    orders = [
        draw(st.permutations(items).map(lambda perm, k=k: list(perm[:k])))
        for k in draw(st.lists(st.integers(0, n), min_size=0, max_size=5))
    ]
    new_names = draw(st.permutations([f"{chr(ord('z') - i)}{i * 7 % 5}" for i in range(n)]))
    return list(items), orders, dict(zip(names, new_names, strict=True))


@FAST
@given(borda_cases())
def test_borda_renaming_renames_without_reordering(
    case: tuple[list[str], list[list[str]], dict[str, str]],
) -> None:
    items, orders, rename = case
    result = borda(orders, items)
    renamed = borda([[rename[x] for x in order] for order in orders], [rename[x] for x in items])
    assert renamed == [rename[x] for x in result]
    assert sorted(result) == sorted(items)


# --- disagreement ----------------------------------------------------------------------------


def test_disagreement_hand_example() -> None:
    orders = {"state": ["a", "b", "c"], "region": ["c", "b", "a"], "municipality": ["a", "c", "b"]}
    spreads = disagreement(orders, ["a", "b", "c"])
    # a: (1, 3, 1) range 2, mean 5/3, variance (4/9 + 16/9 + 4/9) / 3 = 8/9
    # c: (3, 1, 2) range 2, mean 2, variance (1 + 1 + 0) / 3 = 2/3
    # b: (2, 2, 3) range 1, mean 7/3, variance (1/9 + 1/9 + 4/9) / 3 = 2/9
    assert spreads == [
        Spread("a", (1.0, 3.0, 1.0), 2.0, pytest.approx(math.sqrt(8 / 9))),
        Spread("c", (3.0, 1.0, 2.0), 2.0, pytest.approx(math.sqrt(2 / 3))),
        Spread("b", (2.0, 2.0, 3.0), 1.0, pytest.approx(math.sqrt(2 / 9))),
    ]


def test_disagreement_equal_spreads_keep_deal_order_and_missing_share_bottom() -> None:
    # the second role leaves z and w out: they share ranks 3 and 4 -> 3.5
    # x: (1, 2) and y: (2, 1) spread alike (range 1, stdev 0.5);
    # z: (3, 3.5) and w: (4, 3.5) spread alike (range 0.5, stdev 0.25)
    orders = {"state": ["x", "y", "z", "w"], "region": ["y", "x"]}
    spreads = disagreement(orders, ["w", "y", "z", "x"])
    assert [s.item for s in spreads] == ["y", "x", "w", "z"]
    assert spreads[0].stdev == spreads[1].stdev == 0.5
    assert spreads[2] == Spread("w", (4.0, 3.5), 0.5, 0.25)
    assert spreads[3] == Spread("z", (3.0, 3.5), 0.5, 0.25)


def test_disagreement_with_one_role_is_all_zero() -> None:
    spreads = disagreement({"state": ["b", "a", "c"]}, ["a", "b", "c"])
    assert [s.item for s in spreads] == ["a", "b", "c"]
    assert all(s.range == 0.0 and s.stdev == 0.0 for s in spreads)
    assert spreads[0].ranks == (2.0,)
    assert [s.ranks for s in disagreement({}, ["a", "b"])] == [(), ()]
