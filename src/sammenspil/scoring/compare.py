"""Two rounds side by side: what a reviewer asks after two tables played the same deck.

The comparison is built from each round's table and score report, so it shows the numbers each
round was scored with. Rounds may have been dealt different problems (different seeds) or even
be played from two editions of a deck; problems are matched by id and a problem one round never
saw is shown as '-'. Labels follow the first round's deck language.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.game.state import Table
from sammenspil.scoring.agreement import Agreement, agreement
from sammenspil.scoring.report import ScoreReport

__all__ = [
    "Comparison",
    "Contrast",
    "HeuristicDelta",
    "RankRow",
    "SpreadRow",
    "compare",
    "render_comparison_text",
]

AGREED_MAX = 1.0  # a rank range this small means the roles agreed on the problem


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class HeuristicDelta(_Frozen):
    name: str
    title: str
    score_a: float | None
    score_b: float | None
    weight_a: float | None
    weight_b: float | None
    delta: float | None = Field(description="b - a; None when either is not applicable.")


class RankRow(_Frozen):
    """One problem's place in each round's joint ranking; None where it was not dealt."""

    problem: str
    title: str
    rank_a: int | None
    rank_b: int | None


class SpreadRow(_Frozen):
    """How far apart the roles ranked a problem dealt in both rounds (the range of their ranks)."""

    problem: str
    title: str
    spread_a: float
    spread_b: float


class Contrast(SpreadRow):
    agreed_in: str = Field(description="'a' or 'b': the round where the roles agreed.")


class Comparison(_Frozen):
    language: str
    name_a: str
    name_b: str
    deck_a: str
    deck_b: str
    total_a: float | None
    total_b: float | None
    total_delta: float | None
    heuristics: list[HeuristicDelta]
    ranks: list[RankRow]
    problems_a: int
    problems_b: int
    roles_a: int = Field(description="Roles whose rankings the spreads are taken over.")
    roles_b: int
    spreads: list[SpreadRow] = Field(description="Every problem dealt in both rounds.")
    contrasts: list[Contrast] = Field(
        description="Agreed (spread <= 1) in one round, split (>= half the problems) in the other."
    )


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 6)


def _title(problem: str, *tables: Table) -> str:
    for table in tables:
        for card in table.deck.problems:
            if card.id == problem:
                return card.title
    return problem


def _spreads(found: Agreement) -> dict[str, float]:
    return {s.item: s.range for s in found.spreads}


def compare(a: Table, b: Table, report_a: ScoreReport, report_b: ScoreReport) -> Comparison:
    """Round ``a`` against round ``b``; every delta is b minus a.

    "Agreed in one round but not the other": for each problem dealt in both, the range of the
    roles' final ranks in each round (``Agreement.spreads``). It is listed when the range is at
    most 1 in one round, at least half that other round's number of problems in the other, and
    smaller in the first (which only decides anything in a two-problem round). A round where
    fewer than two roles ranked has no spreads to speak of and yields no contrasts.
    """
    heuristics: list[HeuristicDelta] = []
    names = [h.name for h in report_a.heuristics]
    names += [h.name for h in report_b.heuristics if h.name not in names]
    for name in names:
        ha, hb = report_a.get(name), report_b.get(name)
        sa, sb = (ha.score if ha else None), (hb.score if hb else None)
        title = ha.title if ha else hb.title if hb else name
        heuristics.append(
            HeuristicDelta(
                name=name,
                title=title,
                score_a=sa,
                score_b=sb,
                weight_a=ha.weight if ha else None,
                weight_b=hb.weight if hb else None,
                delta=_delta(sa, sb),
            )
        )

    joint_a = report_a.joint or list(a.problems)
    joint_b = report_b.joint or list(b.problems)
    rank_a = {p: i + 1 for i, p in enumerate(joint_a)}
    rank_b = {p: i + 1 for i, p in enumerate(joint_b)}
    order = joint_a + [p for p in joint_b if p not in rank_a]
    ranks = [
        RankRow(problem=p, title=_title(p, a, b), rank_a=rank_a.get(p), rank_b=rank_b.get(p))
        for p in order
    ]

    found_a, found_b = agreement(a), agreement(b)
    spread_a, spread_b = _spreads(found_a), _spreads(found_b)
    both = [p for p in joint_a if p in rank_b]
    spreads = [
        SpreadRow(problem=p, title=_title(p, a, b), spread_a=spread_a[p], spread_b=spread_b[p])
        for p in both
        if p in spread_a and p in spread_b
    ]
    contrasts: list[Contrast] = []
    if len(found_a.roles) >= 2 and len(found_b.roles) >= 2:
        split_a, split_b = len(a.problems) / 2, len(b.problems) / 2
        for row in spreads:
            sa, sb = row.spread_a, row.spread_b
            # sa < sb matters only with two problems, where a range of 1 is both "agreed" and
            # "split": the round with the smaller range is the one that agreed
            if sa <= AGREED_MAX and sb >= split_b and sa < sb:
                contrasts.append(Contrast(**row.model_dump(), agreed_in="a"))
            elif sb <= AGREED_MAX and sa >= split_a and sb < sa:
                contrasts.append(Contrast(**row.model_dump(), agreed_in="b"))

    return Comparison(
        language=a.deck.language,
        name_a=a.name,
        name_b=b.name,
        deck_a=a.deck.title,
        deck_b=b.deck.title,
        total_a=report_a.total,
        total_b=report_b.total,
        total_delta=_delta(report_a.total, report_b.total),
        heuristics=heuristics,
        ranks=ranks,
        problems_a=len(a.problems),
        problems_b=len(b.problems),
        roles_a=len(found_a.roles),
        roles_b=len(found_b.roles),
        spreads=spreads,
        contrasts=contrasts,
    )


# --- plain text ------------------------------------------------------------------------------

_LABELS = {
    "en": {
        "rounds": "Comparing",
        "deck": "deck",
        "total": "Total",
        "heuristic": "Heuristic",
        "delta": "change",
        "joint": "Joint ranking (rank in each round; '-' = not dealt)",
        "problem": "Problem",
        "agree": "Agreed in one round, split in the other (range of the roles' ranks)",
        "agreed": "agreed in",
        "none": "none: no problem dealt in both was agreed in one round and split in the other",
        "few_roles": "not compared: a round needs rankings from two or more roles",
    },
    "da": {
        "rounds": "Sammenligning",
        "deck": "kortsæt",
        "total": "I alt",
        "heuristic": "Heuristik",
        "delta": "ændring",
        "joint": "Fælles rangordning (plads i hver runde; '-' = ikke givet)",
        "problem": "Problem",
        "agree": "Enige i den ene runde, splittede i den anden (spænd i rollernes placering)",
        "agreed": "enige i",
        "none": "ingen: intet fælles problem samlede rollerne i den ene runde og splittede dem i "
        "den anden",
        "few_roles": "ikke sammenlignet: en runde kræver rangordninger fra to eller flere roller",
    },
}


def _num(x: float | None, signed: bool = False) -> str:
    if x is None:
        return "n/a"
    return f"{x:+.1f}" if signed else f"{x:.1f}"


def _rank(x: int | float | None) -> str:
    if x is None:
        return "-"
    return f"{x:g}"


def _fit(text: str, width: int) -> str:
    """Cut ``text`` to ``width`` characters, marking the cut."""
    if width <= 0:
        return ""
    return text if len(text) <= width else text[: max(0, width - 1)] + "…"


def _table(header: list[str], rows: list[list[str]], width: int) -> list[str]:
    """Aligned columns: the first is text (left, shortened to fit), the rest numbers (right)."""
    numbers = [max([len(header[i])] + [len(r[i]) for r in rows]) for i in range(1, len(header))]
    room = width - sum(numbers) - 2 * len(numbers)
    first = max(8, min(room, max([len(header[0])] + [len(r[0]) for r in rows])))
    out = []
    for row in [header, *rows]:
        cells = [_fit(row[0], first).ljust(first)]
        cells += [cell.rjust(w) for cell, w in zip(row[1:], numbers, strict=True)]
        out.append("  ".join(cells).rstrip())
    return out


def render_comparison_text(cmp: Comparison, width: int = 80) -> str:
    """The comparison for a terminal: plain text in aligned columns, at most ``width`` wide
    where the columns allow (titles are shortened first)."""
    t = _LABELS["da" if cmp.language == "da" else "en"]
    width = max(40, width)
    a, b = "A", "B"  # the names can be long or alike; the first line says which is which
    lines = [_fit(f"{t['rounds']}: A = {cmp.name_a}, B = {cmp.name_b}", width)]
    if cmp.deck_a == cmp.deck_b:
        lines.append(_fit(f"{t['deck']}: {cmp.deck_a}", width))
    else:
        lines.append(_fit(f"{t['deck']}: A {cmp.deck_a}, B {cmp.deck_b}", width))
    lines.append("")
    rows = [
        [h.title, _num(h.score_a), _num(h.score_b), _num(h.delta, signed=True)]
        for h in cmp.heuristics
    ]
    rows.append(
        [t["total"], _num(cmp.total_a), _num(cmp.total_b), _num(cmp.total_delta, signed=True)]
    )
    lines += _table([t["heuristic"], a, b, t["delta"]], rows, width)
    lines += ["", _fit(t["joint"], width)]
    lines += _table(
        [t["problem"], a, b],
        [[r.title, _rank(r.rank_a), _rank(r.rank_b)] for r in cmp.ranks],
        width,
    )
    lines += ["", _fit(t["agree"], width)]
    if cmp.roles_a < 2 or cmp.roles_b < 2:
        lines.append(_fit(t["few_roles"], width))
    elif not cmp.contrasts:
        lines.append(_fit(t["none"], width))
    else:
        lines += _table(
            [t["problem"], a, b, t["agreed"]],
            [
                [c.title, _rank(c.spread_a), _rank(c.spread_b), "A" if c.agreed_in == "a" else "B"]
                for c in cmp.contrasts
            ],
            width,
        )
    return "\n".join(lines) + "\n"
