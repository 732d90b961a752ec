"""The coherence heuristics. Each is a pure function of the round that explains its own number.

The exact rules are written out in docs/scoring.md; a change here is a change there. "Placements"
always means the placements still standing at the end (withdrawn ones are gone). Every sentence
a heuristic says is a message of the i18n catalogs (``h.<name>.*``), filled in with the numbers
formatted here, so a translation cannot change what a number says.
"""

from __future__ import annotations

import math
from statistics import fmean

from sammenspil.deck.models import Kind, Pace
from sammenspil.i18n import titles
from sammenspil.scoring.context import Context
from sammenspil.scoring.registry import Verdict, builtin


def _pct(x: float) -> float:
    return max(0.0, min(100.0, 100.0 * x))


def _and(ctx: Context, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ctx.t("list.and") + names[-1]


def _nothing_placed(ctx: Context) -> Verdict:
    return Verdict(None, [ctx.t("h.nothing_placed")])


@builtin("coverage", **titles("h.coverage.title"))
def coverage(ctx: Context) -> Verdict:
    problems = list(ctx.table.problems)
    if not problems:
        return Verdict(None, [ctx.t("h.coverage.no_problems")])
    covered = {p.problem for p in ctx.placements if p.problem in ctx.answers[p.remedy]}
    total = sum(ctx.weight(p) for p in problems)
    got = sum(ctx.weight(p) for p in problems if p in covered)
    lines = [
        ctx.t(
            "h.coverage.covered", covered=len(covered), problems=len(problems), got=got, total=total
        )
    ]
    holes = [p for p in ctx.joint if p not in covered]
    for p in holes[:3]:
        lines.append(ctx.t("h.coverage.hole", problem=ctx.problem(p), rank=ctx.joint.index(p) + 1))
    for pl in ctx.placements:
        if pl.problem not in ctx.answers[pl.remedy]:
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
    placed_by: dict[str, set[str]] = {}
    for pl in ctx.placements:
        placed_by.setdefault(pl.problem, set()).add(pl.role)
    weighted = 0.0
    total = 0
    lines: list[str] = []
    worst: tuple[float, str, list[str]] | None = None
    for p in ctx.joint:
        chain = [r for r in ctx.problems[p].levels if r in playing]
        if len(chain) < 2 or p not in placed_by:
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
        return Verdict(None, [ctx.t("h.chains.none")], ctx.t("h.chains.suggest.none"))
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


@builtin("alignment", **titles("h.alignment.title"))
def alignment(ctx: Context) -> Verdict:
    final, first = ctx.agreement, ctx.first_agreement
    if final.w is None:
        return Verdict(None, [ctx.t("h.alignment.need_two")])
    lines = []
    details: dict[str, float | None] = {"w_final": final.w, "w_first": first.w}
    if first.w is not None:
        change = final.w - first.w
        details["w_change"] = change
        if abs(change) < 0.005:
            verdict = ctx.t("h.alignment.unchanged")
        elif change > 0:
            verdict = ctx.t("h.alignment.closer")
        else:
            verdict = ctx.t("h.alignment.apart")
        lines.append(
            ctx.t(
                "h.alignment.change",
                first=f"{first.w:.2f}",
                final=f"{final.w:.2f}",
                change=f"{change:+.2f}",
                verdict=verdict,
            )
        )
    if final.rbo:
        (a, b), low = min(final.rbo.items(), key=lambda kv: kv[1])
        lines.append(
            ctx.t("h.alignment.least", role=ctx.role(a), other=ctx.role_mid(b), rbo=f"{low:.2f}")
        )
    disputed = final.disputed(1)
    if disputed:
        spread = disputed[0]
        ranks = ", ".join(
            f"{ctx.role(r)} {int(x) if x == int(x) else x}"
            for r, x in zip(final.roles, spread.ranks, strict=True)
        )
        lines.append(ctx.t("h.alignment.disputed", problem=ctx.problem(spread.item), ranks=ranks))
        suggestion = ctx.t("h.alignment.suggest.explain", problem=ctx.problem(spread.item))
    else:
        suggestion = ctx.t("h.alignment.suggest.agree")
    return Verdict(_pct(final.w), lines, suggestion, details)


@builtin("focus", **titles("h.focus.title"))
def focus(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    top = set(ctx.joint[: math.ceil(len(ctx.joint) / 2)])
    on_top = sum(1 for pl in ctx.placements if pl.problem in top)
    budget = ctx.deck.rules.change_budget
    factor = min(1.0, budget / n)
    lines = [ctx.t("h.focus.on_top", on_top=on_top, n=n)]
    if n > budget:
        lines.append(ctx.t("h.focus.over_budget", n=n, budget=budget, factor=f"{factor:.2f}"))
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
        pl.problem for pl in ctx.placements if ctx.remedies[pl.remedy].kind is Kind.PREPARATION
    }
    good = 0
    lines = []
    unprepared = []
    for pl in ctx.placements:
        remedy = ctx.remedies[pl.remedy]
        if remedy.pace is Pace.INCREMENTAL:
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


@builtin("culture", **titles("h.culture.title"))
def culture(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    soft = sum(
        1 for pl in ctx.placements if ctx.remedies[pl.remedy].kind in (Kind.CULTURE, Kind.DIALOGUE)
    )
    rules = sum(1 for pl in ctx.placements if ctx.remedies[pl.remedy].kind is Kind.RULE)
    target = ctx.deck.scoring.culture_target
    lines = [ctx.t("h.culture.share", soft=soft, n=n, target=f"{target:.0%}")]
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


@builtin("deliberation", **titles("h.deliberation.title"))
def deliberation(ctx: Context) -> Verdict:
    moves = [pl.argument for pl in ctx.placements] + [pos.argument for pos in ctx.positions]
    if not moves:
        return Verdict(None, [ctx.t("h.deliberation.nothing")])
    argued = sum(1 for text in moves if ctx.argued(text))
    share = argued / len(moves)
    need = ctx.deck.rules.argument_min_words
    lines = [ctx.t("h.deliberation.argued", argued=argued, n=len(moves), need=need)]
    if ctx.placements:
        reacted = sum(1 for pl in ctx.placements if pl.reactions)
        rshare = reacted / len(ctx.placements)
        lines.append(ctx.t("h.deliberation.reacted", reacted=reacted, n=len(ctx.placements)))
        score = 0.7 * share + 0.3 * rshare
    else:
        rshare = 1.0
        score = share
    if share < 1:
        suggestion = ctx.t("h.deliberation.suggest.argue")
    elif rshare < 1:
        suggestion = ctx.t("h.deliberation.suggest.answer")
    else:
        suggestion = ctx.t("h.deliberation.suggest.done")
    return Verdict(_pct(score), lines, suggestion)


@builtin("consensus", **titles("h.consensus.title"))
def consensus(ctx: Context) -> Verdict:
    per_dilemma: dict[str, list[tuple[str, int]]] = {}
    for pos in ctx.positions:
        per_dilemma.setdefault(pos.dilemma, []).append((pos.role, pos.value))
    scores: list[tuple[float, str]] = []
    for dilemma in ctx.table.dilemmas:
        values = [v for _, v in per_dilemma.get(dilemma, [])]
        if len(values) < 2:
            continue
        mean = fmean(values)
        mad = fmean(abs(v - mean) for v in values)
        scores.append((1 - mad / 2, dilemma))
    if not scores:
        return Verdict(None, [ctx.t("h.consensus.need_two")])
    lines = [ctx.t_n("h.consensus.count", len(scores))]
    # the most split dilemma; a tie goes to the first dealt, never to the smaller id
    low, dilemma = min(scores, key=lambda entry: entry[0])
    question = ctx.deck.dilemma(dilemma).question
    where = ", ".join(f"{ctx.role(r)} {v}" for r, v in per_dilemma[dilemma])
    lines.append(ctx.t("h.consensus.split", question=question, where=where))
    suggestion = (
        ctx.t("h.consensus.suggest.again", question=question)
        if low < 1
        else ctx.t("h.consensus.suggest.done")
    )
    return Verdict(_pct(fmean(s for s, _ in scores)), lines, suggestion)
