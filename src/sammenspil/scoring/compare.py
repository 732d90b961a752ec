"""Two rounds side by side: what a reviewer asks after two tables played the same deck.

The comparison is built from each round's table and score report, so it shows the numbers each
round was scored with. Rounds may have been dealt different problems (different seeds) or even
be played from two editions of a deck; problems are matched by id and a problem one round never
saw is shown as '-'. Labels follow the first round's deck language.

Two rounds from different decks or in different languages (an English and a Danish table of the
same workshop) are still compared by id, since a translated deck keeps its ids, but never
silently: the comparison says so in one line, and every title is shown as each round named it
(``A title / B title``) rather than one side's words for both.
"""

from __future__ import annotations

import textwrap

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.game.refusals import phase_name
from sammenspil.game.state import Table
from sammenspil.game.text import printable
from sammenspil.i18n import t
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
    title_b: str = Field("", description="Round b's title where it differs from round a's.")
    score_a: float | None
    score_b: float | None
    weight_a: float | None
    weight_b: float | None
    delta: float | None = Field(description="b - a; None when either is not applicable.")


class RankRow(_Frozen):
    """One problem's place in each round's joint ranking; None where it was not dealt."""

    problem: str
    title: str
    title_b: str = Field("", description="Round b's title where it differs from round a's.")
    rank_a: int | None
    rank_b: int | None


class SpreadRow(_Frozen):
    """How far apart the roles ranked a problem dealt in both rounds (the range of their ranks)."""

    problem: str
    title: str
    title_b: str = Field("", description="Round b's title where it differs from round a's.")
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
    same_deck: bool = Field(
        True, description="Both rounds use the same deck id in the same language."
    )
    language_a: str = ""
    language_b: str = ""
    phase_a: str = Field("scored", description="The round's phase: 'scored' once finished.")
    phase_b: str = "scored"
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


def unfinished_notes(cmp: Comparison, lang: str) -> list[str]:
    """A line for each round not finished yet: its score is provisional (it reads like a final
    one beside a finished round's)."""
    return [
        t(lang, "compare.unfinished", which=which, phase=phase_name(lang, phase))
        for which, phase in (("A", cmp.phase_a), ("B", cmp.phase_b))
        if phase != "scored"
    ]


def _delta(a: float | None, b: float | None) -> float | None:
    return None if a is None or b is None else round(b - a, 6)


def _title(problem: str, *tables: Table) -> str:
    for table in tables:
        card = table.deck.problems_by_id.get(problem)
        if card is not None:
            return card.title
    return problem


def _titles(problem: str, a: Table, b: Table) -> dict[str, str]:
    """``title`` (a's, else b's) and ``title_b`` where b names the problem otherwise."""
    title = _title(problem, a, b)
    card_b = b.deck.problems_by_id.get(problem)
    return {"title": title, "title_b": card_b.title if card_b and card_b.title != title else ""}


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
                title_b=hb.title if hb and hb.title != title else "",
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
        RankRow(problem=p, **_titles(p, a, b), rank_a=rank_a.get(p), rank_b=rank_b.get(p))
        for p in order
    ]

    found_a, found_b = agreement(a), agreement(b)
    spread_a, spread_b = _spreads(found_a), _spreads(found_b)
    both = [p for p in joint_a if p in rank_b]
    spreads = [
        SpreadRow(problem=p, **_titles(p, a, b), spread_a=spread_a[p], spread_b=spread_b[p])
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
        same_deck=(a.deck.id, a.deck.language) == (b.deck.id, b.deck.language),
        language_a=a.deck.language,
        language_b=b.deck.language,
        phase_a=a.phase.value,
        phase_b=b.phase.value,
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


def _num(x: float | None, na: str, signed: bool = False) -> str:
    if x is None:
        return na
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


def _both(title: str, title_b: str) -> str:
    """A title as both rounds name it, when they differ."""
    return printable(f"{title} / {title_b}" if title_b else title)


def render_comparison_text(cmp: Comparison, width: int = 80) -> str:
    """The comparison for a terminal: plain text in aligned columns, at most ``width`` wide
    where the columns allow (titles are shortened first). Every name and title is passed
    through ``printable()``: a save or a deck cannot drive the terminal it is compared on."""
    lang = cmp.language

    def lab(key: str, **fields: str) -> str:
        return t(lang, f"compare.{key}", **fields)

    na = t(lang, "na")
    width = max(40, width)
    a, b = "A", "B"  # the names can be long or alike; the first line says which is which
    name_a, name_b = printable(cmp.name_a), printable(cmp.name_b)
    lines = [_fit(f"{lab('rounds')}: A = {name_a}, B = {name_b}", width)]
    if cmp.deck_a == cmp.deck_b:
        lines.append(_fit(f"{lab('deck')}: {printable(cmp.deck_a)}", width))
    else:
        deck_a, deck_b = printable(cmp.deck_a), printable(cmp.deck_b)
        lines.append(_fit(f"{lab('deck')}: A {deck_a}, B {deck_b}", width))
    if not cmp.same_deck:
        which = f"{printable(cmp.language_a)}", f"{printable(cmp.language_b)}"
        lines += textwrap.wrap(lab("other_decks", a=which[0], b=which[1]), width)
    for note in unfinished_notes(cmp, lang):
        lines += textwrap.wrap(note, width)
    lines.append("")
    rows = [
        [
            _both(h.title, h.title_b),
            _num(h.score_a, na),
            _num(h.score_b, na),
            _num(h.delta, na, signed=True),
        ]
        for h in cmp.heuristics
    ]
    rows.append(
        [
            lab("total"),
            _num(cmp.total_a, na),
            _num(cmp.total_b, na),
            _num(cmp.total_delta, na, signed=True),
        ]
    )
    lines += _table([lab("heuristic"), a, b, lab("delta")], rows, width)
    lines += ["", _fit(lab("joint"), width)]
    lines += _table(
        [lab("problem"), a, b],
        [[_both(r.title, r.title_b), _rank(r.rank_a), _rank(r.rank_b)] for r in cmp.ranks],
        width,
    )
    lines += ["", _fit(lab("agree"), width)]
    if cmp.roles_a < 2 or cmp.roles_b < 2:
        lines.append(_fit(lab("few_roles"), width))
    elif not cmp.contrasts:
        lines.append(_fit(lab("none"), width))
    else:
        lines += _table(
            [lab("problem"), a, b, lab("agreed")],
            [
                [
                    _both(c.title, c.title_b),
                    _rank(c.spread_a),
                    _rank(c.spread_b),
                    "A" if c.agreed_in == "a" else "B",
                ]
                for c in cmp.contrasts
            ],
            width,
        )
    return "\n".join(lines) + "\n"
