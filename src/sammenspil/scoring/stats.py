"""Agreement statistics for the ranking phase: how far the roles see the same problems first.

Everything here is pure and deterministic (the permutation test draws from the round's seeded
generator), so a replayed round shows the same numbers as the live one. Ranks are always mid-ranks
(1 = best, ties share their average), which are multiples of one half; the sums that decide ties and
Kendall's W are computed on doubled ranks as integers, so equal inputs give bit-equal outputs and
renaming or reordering cards cannot tip a comparison through rounding.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations
from typing import Literal

from sammenspil.rng import SeededRandom

__all__ = [
    "KendallTest",
    "Spread",
    "borda",
    "chi2_sf",
    "disagreement",
    "kendall_f_sf",
    "kendall_permutation_p",
    "kendall_test",
    "kendalls_w",
    "pairwise_rbo",
    "rank_vector",
    "rbo",
]


# --- ranks -----------------------------------------------------------------------------------


def _tiers(order: Sequence[Sequence[str]] | Sequence[str]) -> list[list[str]]:
    """Normalise a ranking to tiers; a bare id is a tier of one, so flat and tiered lists mix."""
    tiers: list[list[str]] = []
    for entry in order:
        if isinstance(entry, str):
            tiers.append([entry])
        else:
            tier = list(entry)
            for item in tier:
                if not isinstance(item, str):
                    raise TypeError(f"a tier holds card ids, got {item!r}")
            if tier:  # an empty tier places nothing, so it must not shift the ranks below it
                tiers.append(tier)
    return tiers


def _index(items: Sequence[str]) -> dict[str, int]:
    index: dict[str, int] = {}
    for position, item in enumerate(items):
        if item in index:
            raise ValueError(f"item {item!r} is listed twice in items")
        index[item] = position
    return index


def _doubled_ranks(
    order: Sequence[Sequence[str]] | Sequence[str], items: Sequence[str]
) -> list[int]:
    """Twice the mid-ranks, as integers: a tie starting at rank s with t members is 2s + t - 1."""
    index = _index(items)
    doubled = [0] * len(items)
    placed: set[str] = set()
    start = 1
    for tier in _tiers(order):
        for item in tier:
            if item not in index:
                raise ValueError(f"unknown item {item!r} in ranking")
            if item in placed:
                raise ValueError(f"item {item!r} is ranked twice")
            placed.add(item)
        value = 2 * start + len(tier) - 1
        for item in tier:
            doubled[index[item]] = value
        start += len(tier)
    missing = len(items) - len(placed)
    if missing:
        value = 2 * start + missing - 1
        for item, position in index.items():
            if item not in placed:
                doubled[position] = value
    return doubled


def rank_vector(
    order: Sequence[Sequence[str]] | Sequence[str], items: Sequence[str]
) -> list[float]:
    """The rank of each of ``items`` (1 = best) under one ranking, in the order of ``items``.

    A ranking is a list whose entries are ids (one place each) or lists of ids (a tier of tied
    cards); ties get the mid-rank. Cards a role left out share the mid-rank of the bottom places,
    because not choosing a card says only that it comes after all chosen ones.
    """
    return [d / 2 for d in _doubled_ranks(order, items)]


def _midrank_row(values: Sequence[float]) -> list[int]:
    """Doubled mid-ranks of one rater's values (smaller = better), for rows that are not ranks."""
    for v in values:
        if not math.isfinite(v):
            raise ValueError(f"ranks must be finite numbers, got {v!r}")
    positions = sorted(range(len(values)), key=lambda j: values[j])
    doubled = [0] * len(values)
    i = 0
    while i < len(positions):
        j = i
        while j + 1 < len(positions) and values[positions[j + 1]] == values[positions[i]]:
            j += 1
        t = j - i + 1
        for k in range(i, j + 1):
            doubled[positions[k]] = 2 * (i + 1) + t - 1
        i = j + 1
    return doubled


# --- Kendall's W -----------------------------------------------------------------------------


def _prepare(ranks: Sequence[Sequence[float]]) -> tuple[list[list[int]], int] | None:
    """Doubled mid-rank rows and the tie term sum of (t^3 - t), or None where W is undefined."""
    rows = [list(row) for row in ranks]
    m = len(rows)
    if m == 0:
        return None
    n = len(rows[0])
    if any(len(row) != n for row in rows):
        raise ValueError("every rater must rank the same number of items")
    doubled = [_midrank_row(row) for row in rows]
    if m < 2 or n < 2:
        return None
    ties = 0
    for row in doubled:
        for t in _group_sizes(row):
            ties += t**3 - t
    if m * m * (n**3 - n) - m * ties == 0:
        return None
    return doubled, ties


def _group_sizes(row: Sequence[int]) -> list[int]:
    counts: dict[int, int] = {}
    for value in row:
        counts[value] = counts.get(value, 0) + 1
    return list(counts.values())


def _w_from_doubled(rows: Sequence[Sequence[int]], ties: int) -> float:
    """W = 12 S / (m^2 (n^3 - n) - m T), with 4 n S computed exactly on doubled rank sums."""
    m, n = len(rows), len(rows[0])
    sums = [sum(column) for column in zip(*rows, strict=True)]
    four_n_s = n * sum(s * s for s in sums) - sum(sums) ** 2
    denominator = m * m * (n**3 - n) - m * ties
    w = 3 * four_n_s / (n * denominator)
    return min(1.0, max(0.0, w))


def kendalls_w(ranks: Sequence[Sequence[float]]) -> float | None:
    """Kendall's coefficient of concordance W, tie-corrected: 0 = no agreement, 1 = identical.

    Rows are raters, columns are items. Each row is mid-ranked again (smaller = better), which
    leaves proper ranks unchanged and makes scores usable too. None where W is undefined: fewer
    than two raters or items, or every rater tied everything.
    """
    prepared = _prepare(ranks)
    if prepared is None:
        return None
    return _w_from_doubled(*prepared)


@dataclass(frozen=True)
class KendallTest:
    """W with Friedman's chi-square and how likely agreement this strong is by chance alone."""

    w: float
    chi2: float
    df: int
    p_value: float
    method: Literal["f", "permutation"]


# From this many problems on, the F approximation stands in for the permutation test.
F_FROM_ITEMS = 8


def kendall_test(
    ranks: Sequence[Sequence[float]], *, seed: int = 0, permutations: int = 2000
) -> KendallTest | None:
    """Test W against chance; ``chi2`` = m (n - 1) W on n - 1 degrees of freedom is reported
    with it.

    From 8 items on, p is Kendall and Babington Smith's F approximation: F = (m - 1) W / (1 - W)
    on n - 1 - 2/m and (m - 1)(n - 1 - 2/m) degrees of freedom, which matches the permutation
    test to within its own sampling error at 2000 shuffles for any number of raters (the plain
    chi-square is too conservative for the two to four roles of a table), and costs
    microseconds where the permutation test of a 40-problem round cost over 100 ms. Below 8
    items the raters' rows after the first are shuffled independently (in order, one
    ``SeededRandom(seed)`` for the whole test) and p = (count of W >= observed + 1) /
    (permutations + 1), which is never 0 and is the same for the same seed.
    """
    if permutations < 1:
        raise ValueError("permutations must be at least 1")
    prepared = _prepare(ranks)
    if prepared is None:
        return None
    rows, ties = prepared
    m, n = len(rows), len(rows[0])
    w = _w_from_doubled(rows, ties)
    chi2 = m * (n - 1) * w
    df = n - 1
    if n >= F_FROM_ITEMS:
        return KendallTest(w=w, chi2=chi2, df=df, p_value=kendall_f_sf(w, m, n), method="f")
    p_value = _permutation_p(rows, seed, permutations)
    return KendallTest(w=w, chi2=chi2, df=df, p_value=p_value, method="permutation")


def kendall_permutation_p(
    ranks: Sequence[Sequence[float]], *, seed: int = 0, permutations: int = 2000
) -> float | None:
    """The permutation test's p for W at any size (``kendall_test`` uses it below 8 items):
    what the F approximation is checked against."""
    if permutations < 1:
        raise ValueError("permutations must be at least 1")
    prepared = _prepare(ranks)
    return None if prepared is None else _permutation_p(prepared[0], seed, permutations)


def _permutation_p(rows: Sequence[Sequence[int]], seed: int, permutations: int) -> float:
    # W rises with the sum of squared column sums alone (the total and the ties are fixed under
    # shuffling), so compare that integer exactly. Shuffling every row by one common permutation
    # leaves W as it is, so the first row can stay put and only the others are shuffled.
    observed = sum(s * s for s in map(sum, zip(*rows, strict=True)))
    first, others = rows[0], rows[1:]
    rng = SeededRandom(seed)
    count = 0
    for _ in range(permutations):
        sums = list(first)
        for row in others:
            for j, value in enumerate(rng.shuffled(row)):
                sums[j] += value
        if sum(s * s for s in sums) >= observed:
            count += 1
    return (count + 1) / (permutations + 1)


def kendall_f_sf(w: float, m: int, n: int) -> float:
    """P(W' >= w) for m raters of n items by the F approximation (Kendall and Babington Smith,
    1939; Iman and Davenport, 1980): F = (m - 1) W / (1 - W) on d1 = n - 1 - 2/m and
    d2 = (m - 1) d1 degrees of freedom.

    Written in W rather than F, P(F' >= F) is the regularised incomplete beta
    I_x(d2/2, d1/2) at x = d2 / (d2 + d1 F) = d2 (1 - W) / (d2 (1 - W) + d1 (m - 1) W), which
    stays finite at W = 1 (p = 0) and is 1 at W = 0.
    """
    if m < 2 or n < 3:
        raise ValueError("the F approximation needs at least 2 raters and 3 items")
    w = min(1.0, max(0.0, w))
    d1 = n - 1 - 2 / m
    d2 = (m - 1) * d1
    x = d2 * (1.0 - w) / (d2 * (1.0 - w) + d1 * (m - 1) * w)
    return _beta_inc(d2 / 2.0, d1 / 2.0, x)


def _beta_inc(a: float, b: float, x: float) -> float:
    """The regularised incomplete beta I_x(a, b), by its continued fraction on the side where it
    converges quickly (Numerical Recipes' betai), so a small tail keeps its relative accuracy."""
    if x <= 0.0:
        return 0.0
    if x >= 1.0:
        return 1.0
    front = math.exp(
        math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a * math.log(x) + b * math.log1p(-x)
    )
    if x < (a + 1.0) / (a + b + 2.0):
        return min(1.0, front * _beta_fraction(a, b, x) / a)
    return max(0.0, 1.0 - front * _beta_fraction(b, a, 1.0 - x) / b)


def _beta_fraction(a: float, b: float, x: float) -> float:
    """The continued fraction of the incomplete beta, by the modified Lentz method."""
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) >= _GAMMA_FPMIN else _GAMMA_FPMIN)
    h = d
    for i in range(1, _GAMMA_ITMAX + 1):
        i2 = 2 * i
        for aa in (
            i * (b - i) * x / ((qam + i2) * (a + i2)),
            -(a + i) * (qab + i) * x / ((a + i2) * (qap + i2)),
        ):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) >= _GAMMA_FPMIN else _GAMMA_FPMIN)
            c = 1.0 + aa / c
            if abs(c) < _GAMMA_FPMIN:
                c = _GAMMA_FPMIN
            h *= d * c
        if abs(d * c - 1.0) < _GAMMA_EPS:
            return h
    raise ArithmeticError("incomplete beta continued fraction did not converge")


# --- chi-square survival function ------------------------------------------------------------

_GAMMA_EPS = 1e-16
_GAMMA_FPMIN = 1e-300
_GAMMA_ITMAX = 100_000


def _gamma_p_series(a: float, x: float) -> float:
    """Regularized lower incomplete gamma P(a, x) by its series; converges fast for x < a + 1."""
    ap = a
    term = total = 1.0 / a
    for _ in range(_GAMMA_ITMAX):
        ap += 1.0
        term *= x / ap
        total += term
        if abs(term) < abs(total) * _GAMMA_EPS:
            return total * math.exp(-x + a * math.log(x) - math.lgamma(a))
    raise ArithmeticError("incomplete gamma series did not converge")


def _gamma_q_fraction(a: float, x: float) -> float:
    """Regularized upper incomplete gamma Q(a, x) by Lentz's continued fraction, for x >= a + 1."""
    b = x + 1.0 - a
    c = 1.0 / _GAMMA_FPMIN
    d = 1.0 / b
    h = d
    for i in range(1, _GAMMA_ITMAX + 1):
        an = -i * (i - a)
        b += 2.0
        d = an * d + b
        if abs(d) < _GAMMA_FPMIN:
            d = _GAMMA_FPMIN
        c = b + an / c
        if abs(c) < _GAMMA_FPMIN:
            c = _GAMMA_FPMIN
        d = 1.0 / d
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < _GAMMA_EPS:
            return math.exp(-x + a * math.log(x) - math.lgamma(a)) * h
    raise ArithmeticError("incomplete gamma continued fraction did not converge")


def chi2_sf(x: float, df: int) -> float:
    """P(X >= x) for X chi-square with ``df`` degrees of freedom: Q(df/2, x/2).

    Series below a + 1 and continued fraction above, as in Numerical Recipes, so each side
    converges quickly and the small upper tail keeps its relative accuracy.
    """
    if df < 1:
        raise ValueError("df must be at least 1")
    if math.isnan(x):
        raise ValueError("x must be a number")
    if x <= 0.0:
        return 1.0
    if math.isinf(x):
        return 0.0
    a, half = df / 2.0, x / 2.0
    if half < a + 1.0:
        return max(0.0, 1.0 - _gamma_p_series(a, half))
    return min(1.0, _gamma_q_fraction(a, half))


# --- joint ranking ---------------------------------------------------------------------------


def borda(orders: Sequence[Sequence[str]], items: Sequence[str]) -> list[str]:
    """The joint ranking of ``items`` by Borda count, best first.

    Each card gets n - rank points from every order, with rank the mid-rank of ``rank_vector``
    over all n items, so cards a role left out share the bottom instead of counting as last.
    Ties are broken by, in turn: (1) higher total points, (2) more first places (placed in an
    order's first place or tied first tier), (3) smaller best (minimum) rank, (4) the card's
    position in ``items``, the table's deal order. Never by id: renaming cards must not change
    the joint ranking.
    """
    index = _index(items)
    n = len(items)
    points = [0] * n  # doubled: sum of 2n - 2 * rank
    firsts = [0] * n
    best = [2 * n + 1] * n  # doubled ranks never exceed 2n
    for order in orders:
        doubled = _doubled_ranks(order, items)
        placed_any = any(_tiers(order))
        top = min(doubled, default=0)
        for position, value in enumerate(doubled):
            points[position] += 2 * n - value
            best[position] = min(best[position], value)
            if placed_any and value == top:
                firsts[position] += 1
    return sorted(
        items,
        key=lambda item: (
            -points[index[item]],
            -firsts[index[item]],
            best[index[item]],
            index[item],
        ),
    )


# --- rank-biased overlap ---------------------------------------------------------------------


def rbo(a: Sequence[str], b: Sequence[str], p: float = 0.9) -> float:
    """Rank-biased overlap RBO_ext of two rankings (Webber, Moffat & Zobel 2010), in [0, 1].

    Unlike Kendall's W, RBO weighs agreement at the top more than at the bottom (depth d weighs
    p^d), which matches the game: roles arguing over the first problem matters more than over
    the last, and a role may leave cards out. With k = max(len(a), len(b)) and
    X_d = |a[:d] & b[:d]|: RBO_ext = (X_k / k) p^k + ((1 - p) / p) sum_{d=1..k} (X_d / d) p^d.
    Identical rankings give 1, disjoint ones 0; two empty rankings count as identical.
    """
    if not 0.0 < p < 1.0:
        raise ValueError("p must lie strictly between 0 and 1")
    for name, ranking in (("a", a), ("b", b)):
        if len(set(ranking)) != len(ranking):
            raise ValueError(f"ranking {name} lists an item twice")
    k = max(len(a), len(b))
    if k == 0:
        return 1.0
    seen_a: set[str] = set()
    seen_b: set[str] = set()
    overlap = 0
    weighted = 0.0
    weight = 1.0
    for d in range(1, k + 1):
        x = a[d - 1] if d <= len(a) else None
        y = b[d - 1] if d <= len(b) else None
        if x is not None and y is not None and x == y:
            overlap += 1
        else:
            if x is not None and x in seen_b:
                overlap += 1
            if y is not None and y in seen_a:
                overlap += 1
        if x is not None:
            seen_a.add(x)
        if y is not None:
            seen_b.add(y)
        weight *= p
        weighted += overlap / d * weight
    value = overlap / k * weight + (1.0 - p) / p * weighted
    return min(1.0, max(0.0, value))


def pairwise_rbo(
    orders: Mapping[str, Sequence[str]], p: float = 0.9
) -> dict[tuple[str, str], float]:
    """RBO for every pair of roles, keyed (x, y) with x before y in the mapping's order."""
    return {(x, y): rbo(orders[x], orders[y], p) for x, y in combinations(orders, 2)}


# --- disagreement ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Spread:
    """How far apart the roles placed one card: their ranks, the range and population stdev."""

    item: str
    ranks: tuple[float, ...]
    range: float
    stdev: float


def disagreement(orders: Mapping[str, Sequence[str]], items: Sequence[str]) -> list[Spread]:
    """One Spread per card, the most disputed first: the cards the roles should talk about.

    Ranks follow ``rank_vector`` (left-out cards share the bottom), one per role in the
    mapping's order. Sorted by range, then stdev, both descending, then position in ``items``.
    With fewer than two roles every spread is 0.
    """
    index = _index(items)
    columns = [_doubled_ranks(order, items) for order in orders.values()]
    m = len(columns)
    spreads: list[tuple[int, int, int, Spread]] = []
    for item, position in index.items():
        doubled = [column[position] for column in columns]
        if m < 2:
            width, numerator = 0, 0
        else:
            width = max(doubled) - min(doubled)
            # population variance of doubled ranks is numerator / m^2; the rank variance a quarter
            numerator = m * sum(v * v for v in doubled) - sum(doubled) ** 2
        stdev = math.sqrt(numerator) / (2 * m) if m else 0.0
        spread = Spread(
            item=item,
            ranks=tuple(v / 2 for v in doubled),
            range=width / 2,
            stdev=stdev,
        )
        spreads.append((-width, -numerator, position, spread))
    spreads.sort(key=lambda entry: entry[:3])
    return [entry[3] for entry in spreads]
