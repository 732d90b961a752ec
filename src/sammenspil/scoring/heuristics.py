"""The coherence heuristics. Each is a pure function of the round that explains its own number.

The exact rules are written out in docs/scoring.md; a change here is a change there. "Placements"
always means the placements still standing at the end (withdrawn ones are gone). Every sentence
a heuristic says is a message of the i18n catalogs (``h.<name>.*``), filled in with the numbers
formatted here, so a translation cannot change what a number says.
"""

from __future__ import annotations

from sammenspil.deck.models import Kind, Pace
from sammenspil.i18n import titles
from sammenspil.scoring.context import Context
from sammenspil.scoring.registry import Verdict, builtin
from sammenspil.scoring.substantive import Said


def _pct(x: float) -> float:
    return max(0.0, min(100.0, 100.0 * x))


def _and(ctx: Context, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ctx.t("list.and") + names[-1]


def _nothing_placed(ctx: Context) -> Verdict:
    """No placements: 0 once the table has had its respond phase, else not applicable."""
    if ctx.passed_respond:
        return Verdict(0.0, [ctx.t("h.nothing_placed.scored")], ctx.t("h.nothing_placed.suggest"))
    return Verdict(None, [ctx.t("h.nothing_placed")])


def _addresses(ctx: Context, remedy: str, problem: str) -> bool:
    return problem in ctx.answers[remedy]


@builtin("coverage", **titles("h.coverage.title"))
def coverage(ctx: Context) -> Verdict:
    if not ctx.table.problems:
        return Verdict(None, [ctx.t("h.coverage.no_problems")])
    if not ctx.placements:
        return _nothing_placed(ctx)
    central = ctx.central
    covered = {pl.problem for pl in ctx.placements if _addresses(ctx, pl.remedy, pl.problem)}
    total = sum(ctx.weight(p) for p in central)
    got = sum(ctx.weight(p) for p in central if p in covered)
    lines = [
        ctx.t(
            "h.coverage.covered",
            covered=sum(1 for p in central if p in covered),
            central=len(central),
        )
    ]
    holes = [p for p in central if p not in covered]
    for p in holes:
        lines.append(ctx.t("h.coverage.hole", problem=ctx.problem(p), rank=ctx.joint.index(p) + 1))
    for p in ctx.joint[len(central) :]:
        if p not in covered:
            lines.append(
                ctx.t("h.coverage.hole_low", problem=ctx.problem(p), rank=ctx.joint.index(p) + 1)
            )
    for pl in ctx.placements:
        if not _addresses(ctx, pl.remedy, pl.problem):
            lines.append(
                ctx.t(
                    "h.coverage.misplaced",
                    role=ctx.role(pl.role),
                    remedy=ctx.remedy(pl.remedy),
                    problem=ctx.problem(pl.problem),
                )
            )
    suggestion = (
        ctx.t("h.coverage.suggest.hole", problem=ctx.problem(holes[0]))
        if holes
        else ctx.t("h.coverage.suggest.done")
    )
    return Verdict(_pct(got / total), lines, suggestion)


@builtin("chains", **titles("h.chains.title"))
def chains(ctx: Context) -> Verdict:
    playing = set(ctx.playing_roles)
    chained = {
        p: [r for r in ctx.problems[p].levels if r in playing]
        for p in ctx.joint
        if sum(1 for r in ctx.problems[p].levels if r in playing) >= 2
    }
    if not chained:
        return Verdict(None, [ctx.t("h.chains.no_chains")])
    if not ctx.placements:
        return _nothing_placed(ctx)
    placed_by: dict[str, set[str]] = {}
    for pl in ctx.placements:
        if _addresses(ctx, pl.remedy, pl.problem):
            placed_by.setdefault(pl.problem, set()).add(pl.role)
    weighted = 0.0
    total = 0
    lines: list[str] = []
    worst: tuple[float, str, list[str]] | None = None
    for p, chain in chained.items():
        if p not in placed_by:
            continue
        share = sum(1 for r in chain if r in placed_by[p]) / len(chain)
        weighted += ctx.weight(p) * share
        total += ctx.weight(p)
        missing = [r for r in chain if r not in placed_by[p]]
        for r in missing:
            lines.append(ctx.t("h.chains.missing", role=ctx.role(r), problem=ctx.problem(p)))
        if missing and (worst is None or share < worst[0]):
            worst = (share, p, missing)
    if not total:
        return Verdict(0.0, [ctx.t("h.chains.none")], ctx.t("h.chains.suggest.none"))
    if worst:
        _, p, missing = worst
        suggestion = ctx.t(
            "h.chains.suggest.ask",
            roles=_and(ctx, [ctx.role_mid(r) for r in missing]),
            problem=ctx.problem(p),
        )
    else:
        lines.append(ctx.t("h.chains.complete"))
        suggestion = ctx.t("h.chains.suggest.keep")
    return Verdict(_pct(weighted / total), lines, suggestion)


def _agreement_words(ctx: Context, w: float) -> str:
    if w >= 0.7:
        return ctx.t("h.alignment.strong")
    if w >= 0.4:
        return ctx.t("h.alignment.partly")
    return ctx.t("h.alignment.weak")


# Alignment: the share of the score that the final agreement earns; the rest is earned by
# revisions that moved the table closer and were explained.
ALIGNMENT_AGREE = 0.8


@builtin("alignment", **titles("h.alignment.title"))
def alignment(ctx: Context) -> Verdict:
    final, first = ctx.agreement, ctx.first_agreement
    if final.w is None:
        return Verdict(None, [ctx.t("h.alignment.need_two")])
    roles = list(final.roles)
    argued = [r for r in roles if ctx.argued(("rank", r)) or ctx.argued(("revise", r))]
    share = len(argued) / len(roles)
    details: dict[str, float | None] = {
        "w_final": final.w,
        "w_first": first.w,
        "argued_share": share,
    }
    lines = [
        ctx.t("h.alignment.agree", how=_agreement_words(ctx, final.w)),
        ctx.t("h.alignment.argued", argued=len(argued), n=len(roles)),
    ]
    moved = 0.0
    if first.w is not None:
        change = final.w - first.w
        details["w_change"] = change
        if abs(change) < 0.005:
            lines.append(ctx.t("h.alignment.unchanged"))
        elif change > 0:
            lines.append(ctx.t("h.alignment.closer"))
        else:
            lines.append(ctx.t("h.alignment.apart"))
        explained = [
            r
            for r in roles
            if r in ctx.table.revised
            and ctx.table.revised[r].order != ctx.table.rankings[r].order
            and ctx.argued(("revise", r))
        ]
        if change > -0.005:
            moved = len(explained) / len(roles)
        if explained:
            lines.append(ctx.t("h.alignment.explained", moved=len(explained), n=len(roles)))
    details["explained_revisions"] = moved
    disputed = final.disputed(1)
    if disputed:
        spread = disputed[0]
        ranks = ", ".join(
            f"{ctx.role(r)} {int(x) if x == int(x) else x}"
            for r, x in zip(final.roles, spread.ranks, strict=True)
        )
        lines.append(ctx.t("h.alignment.disputed", problem=ctx.problem(spread.item), ranks=ranks))
        suggestion = ctx.t("h.alignment.suggest.explain", problem=ctx.problem(spread.item))
    elif share < 1:
        suggestion = ctx.t("h.alignment.suggest.reasons")
    else:
        suggestion = ctx.t("h.alignment.suggest.agree")
    score = ALIGNMENT_AGREE * final.w * share + (1 - ALIGNMENT_AGREE) * moved
    return Verdict(_pct(score), lines, suggestion, details)


@builtin("focus", **titles("h.focus.title"))
def focus(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    top = set(ctx.central)
    on_top = sum(1 for pl in ctx.placements if pl.problem in top)
    budget = ctx.deck.rules.change_budget
    factor = min(1.0, budget / n)
    lines = [ctx.t("h.focus.on_top", on_top=on_top, n=n)]
    if n > budget:
        lines.append(ctx.t("h.focus.over_budget", n=n, budget=budget))
        suggestion = ctx.t_n("h.focus.suggest.withdraw", n - budget)
    elif on_top < n:
        suggestion = ctx.t("h.focus.suggest.move")
    else:
        suggestion = ctx.t("h.focus.suggest.done")
    return Verdict(_pct(on_top / n * factor), lines, suggestion)


@builtin("pace", **titles("h.pace.title"))
def pace(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    prepared = {
        pl.problem
        for pl in ctx.placements
        if ctx.remedies[pl.remedy].kind is Kind.PREPARATION
        and _addresses(ctx, pl.remedy, pl.problem)
    }
    good = 0
    lines = []
    unprepared = []
    for pl in ctx.placements:
        remedy = ctx.remedies[pl.remedy]
        if not _addresses(ctx, pl.remedy, pl.problem):
            lines.append(
                ctx.t(
                    "h.pace.off_problem",
                    remedy=ctx.remedy(pl.remedy),
                    problem=ctx.problem(pl.problem),
                )
            )
        elif remedy.pace is Pace.INCREMENTAL:
            good += 1
        elif pl.problem in prepared:
            good += 1
            lines.append(
                ctx.t(
                    "h.pace.prepared", remedy=ctx.remedy(pl.remedy), problem=ctx.problem(pl.problem)
                )
            )
        else:
            unprepared.append(pl)
            lines.append(
                ctx.t(
                    "h.pace.unprepared",
                    role=ctx.role(pl.role),
                    remedy=ctx.remedy(pl.remedy),
                    problem=ctx.problem(pl.problem),
                )
            )
    lines.insert(0, ctx.t("h.pace.share", good=good, n=n))
    suggestion = (
        ctx.t("h.pace.suggest.prepare", remedy=ctx.remedy(unprepared[0].remedy))
        if unprepared
        else ctx.t("h.pace.suggest.done")
    )
    return Verdict(_pct(good / n), lines, suggestion)


def _for_the_seed(ctx: Context, remedy: str) -> bool:
    """Culture, dialogue, or a remedy that takes rules away: what 'culture before rules' asks."""
    card = ctx.remedies[remedy]
    return card.kind in (Kind.CULTURE, Kind.DIALOGUE) or card.removes_rules


@builtin("culture", **titles("h.culture.title"))
def culture(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    soft = sum(1 for pl in ctx.placements if _for_the_seed(ctx, pl.remedy))
    fewer = sum(1 for pl in ctx.placements if ctx.remedies[pl.remedy].removes_rules)
    rules = sum(
        1
        for pl in ctx.placements
        if ctx.remedies[pl.remedy].kind is Kind.RULE and not ctx.remedies[pl.remedy].removes_rules
    )
    target = ctx.deck.scoring.culture_target
    lines = [ctx.t("h.culture.share", soft=soft, n=n, target=f"{target:.0%}")]
    if fewer:
        lines.append(ctx.t_n("h.culture.fewer", fewer))
    if rules:
        lines.append(ctx.t_n("h.culture.rules", rules))
    suggestion = (
        ctx.t("h.culture.suggest.try") if soft / n < target else ctx.t("h.culture.suggest.done")
    )
    return Verdict(_pct(min(1.0, (soft / n) / target)), lines, suggestion)


@builtin("simplicity", **titles("h.simplicity.title"))
def simplicity(ctx: Context) -> Verdict:
    if not ctx.placements:
        return _nothing_placed(ctx)
    total = sum(ctx.remedies[pl.remedy].effort for pl in ctx.placements)
    budget = ctx.deck.rules.effort_budget
    lines = [ctx.t("h.simplicity.effort", total=total, budget=budget)]
    heaviest = max(ctx.placements, key=lambda pl: ctx.remedies[pl.remedy].effort)
    if total > budget:
        suggestion = ctx.t(
            "h.simplicity.suggest.simpler",
            remedy=ctx.remedy(heaviest.remedy),
            effort=ctx.remedies[heaviest.remedy].effort,
        )
    else:
        suggestion = ctx.t("h.simplicity.suggest.done")
    return Verdict(_pct(min(1.0, budget / total)) if total else 100.0, lines, suggestion)


@builtin("ownership", **titles("h.ownership.title"))
def ownership(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    owned = [pl for pl in ctx.placements if pl.role in ctx.remedies[pl.remedy].owners]
    strays = [pl for pl in ctx.placements if pl.role not in ctx.remedies[pl.remedy].owners]
    lines = [ctx.t("h.ownership.share", owned=len(owned), n=n)]
    for pl in strays[:3]:
        owners = _and(ctx, [ctx.role_mid(r) for r in ctx.remedies[pl.remedy].owners])
        role, remedy = ctx.role(pl.role), ctx.remedy(pl.remedy)
        if owners:
            line = ctx.t("h.ownership.stray", role=role, remedy=remedy, owners=owners)
        else:  # a remedy with no owners: say so rather than "which - would drive"
            line = ctx.t("h.ownership.unowned", role=role, remedy=remedy)
        lines.append(line)
    suggestion = (
        ctx.t("h.ownership.suggest.agree", remedy=ctx.remedy(strays[0].remedy))
        if strays
        else ctx.t("h.ownership.suggest.done")
    )
    return Verdict(_pct(len(owned) / n), lines, suggestion)


def _why_not(ctx: Context, verdicts: list[Said]) -> list[str]:
    """One line per reason texts did not count, in a fixed order, only the reasons that occur."""
    need = ctx.deck.rules.argument_min_words
    lines = []
    for reason in (Said.REPEAT, Said.OFF_TOPIC, Said.SHORT, Said.EMPTY):
        count = sum(1 for v in verdicts if v is reason)
        if count:
            lines.append(ctx.t_n(f"h.said.{reason.value}", count, need=need))
    return lines


# Deliberation: arguing is worth this much of the score on its own; the rest needs answers.
# A product, not a mean: argued moves nobody answers are half a discussion at best.
ANSWER_FLOOR = 0.2


@builtin("deliberation", **titles("h.deliberation.title"))
def deliberation(ctx: Context) -> Verdict:
    keys = (
        [("rank", r) for r in ctx.table.rankings]
        + [("revise", r) for r in ctx.table.revised]
        + [("place", pl.id) for pl in ctx.placements]
        + [("position", pos.role, pos.dilemma) for pos in ctx.positions]
    )
    if not keys:
        return Verdict(None, [ctx.t("h.deliberation.nothing")])
    verdicts = [ctx.said[k] for k in keys]
    argued = sum(1 for v in verdicts if v.substantive)
    share = argued / len(keys)
    need = ctx.deck.rules.argument_min_words
    lines = [ctx.t("h.deliberation.argued", argued=argued, n=len(keys), need=need)]
    lines += _why_not(ctx, verdicts)
    if ctx.placements or ctx.passed_respond:
        answered = sum(
            1
            for pl in ctx.placements
            if any(r.role != pl.role and ctx.argued(("react", pl.id, r.role)) for r in pl.reactions)
        )
        blank = sum(1 for pl in ctx.placements for r in pl.reactions if not r.comment.strip())
        rshare = answered / len(ctx.placements) if ctx.placements else 0.0
        lines.append(ctx.t("h.deliberation.answered", answered=answered, n=len(ctx.placements)))
        if blank:
            lines.append(ctx.t_n("h.deliberation.blank", blank))
        score = share * (ANSWER_FLOOR + (1 - ANSWER_FLOOR) * rshare)
    else:
        rshare = 1.0
        score = share
    if share < 1:
        suggestion = ctx.t("h.deliberation.suggest.argue")
    elif rshare < 1:
        suggestion = ctx.t("h.deliberation.suggest.answer")
    else:
        suggestion = ctx.t("h.deliberation.suggest.done")
    details: dict[str, float | None] = {"argued_share": share, "answered_share": rshare}
    return Verdict(_pct(score), lines, suggestion, details)


@builtin("consensus", **titles("h.consensus.title"))
def consensus(ctx: Context) -> Verdict:
    """Considered dilemmas: the share of dealt dilemma positions with a substantive argument.
    The spread of the positions is reported, not scored (the seed asks which differences are
    acceptable, not that they vanish). The name stays 'consensus' so decks' weights still apply."""
    roles = ctx.playing_roles
    if not ctx.table.dilemmas or not roles:
        return Verdict(None, [ctx.t("h.consensus.no_dilemmas")])
    if not ctx.passed_respond:
        return Verdict(None, [ctx.t("h.consensus.not_reached")])
    slots = [(r, d) for d in ctx.table.dilemmas for r in roles]
    argued = sum(1 for r, d in slots if ctx.argued(("position", r, d)))
    taken = [
        ctx.table.positions[r][d]
        for r, d in slots
        if r in ctx.table.positions and d in ctx.table.positions[r]
    ]
    lines = [ctx.t("h.consensus.considered", argued=argued, n=len(slots))]
    lines += _why_not(ctx, [ctx.said[("position", p.role, p.dilemma)] for p in taken])
    widest: tuple[int, str] | None = None
    for dilemma in ctx.table.dilemmas:
        values = [p.value for p in taken if p.dilemma == dilemma]
        if len(values) >= 2:
            gap = max(values) - min(values)
            if gap and (widest is None or gap > widest[0]):
                widest = (gap, dilemma)
    details: dict[str, float | None] = {"widest_gap": float(widest[0]) if widest else 0.0}
    if widest:
        gap, dilemma = widest
        question = ctx.deck.dilemma(dilemma).question
        where = ", ".join(f"{ctx.role(p.role)} {p.value}" for p in taken if p.dilemma == dilemma)
        lines.append(ctx.t_n("h.consensus.spread", gap, question=question, where=where))
    elif taken:
        lines.append(ctx.t("h.consensus.same"))
    if argued < len(slots):
        suggestion = ctx.t("h.consensus.suggest.argue")
    elif widest:
        question = ctx.deck.dilemma(widest[1]).question
        suggestion = ctx.t("h.consensus.suggest.accept", question=question)
    else:
        suggestion = ctx.t("h.consensus.suggest.done")
    return Verdict(_pct(argued / len(slots)), lines, suggestion, details)
