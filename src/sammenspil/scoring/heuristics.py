"""The coherence heuristics. Each is a pure function of the round that explains its own number.

The exact rules are written out in docs/scoring.md; a change here is a change there. "Placements"
always means the placements still standing at the end (withdrawn ones are gone).
"""

from __future__ import annotations

import math
from statistics import fmean

from sammenspil.deck.models import Kind, Pace
from sammenspil.scoring.context import Context
from sammenspil.scoring.registry import Verdict, builtin


def _pct(x: float) -> float:
    return max(0.0, min(100.0, 100.0 * x))


def _and(ctx: Context, names: list[str]) -> str:
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + ctx.t(" and ", " og ") + names[-1]


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def _nothing_placed(ctx: Context) -> Verdict:
    return Verdict(None, [ctx.t("No remedies were placed.", "Der blev ikke lagt nogen løsninger.")])


@builtin("coverage", en="No holes", da="Ingen huller")
def coverage(ctx: Context) -> Verdict:
    problems = list(ctx.table.problems)
    if not problems:
        return Verdict(None, [ctx.t("No problems were dealt.", "Der blev ikke givet problemer.")])
    covered = {p.problem for p in ctx.placements if p.problem in ctx.answers[p.remedy]}
    total = sum(ctx.weight(p) for p in problems)
    got = sum(ctx.weight(p) for p in problems if p in covered)
    lines = [
        ctx.t(
            f"{len(covered)} of {len(problems)} problems have a remedy that addresses them "
            f"(weighted by the joint ranking: {got} of {total}).",
            f"{len(covered)} af {len(problems)} problemer har en løsning, der adresserer dem "
            f"(vægtet efter den fælles rangordning: {got} af {total}).",
        )
    ]
    holes = [p for p in ctx.joint if p not in covered]
    for p in holes[:3]:
        rank = ctx.joint.index(p) + 1
        lines.append(
            ctx.t(
                f"Nobody answered {ctx.problem(p)} (joint rank {rank}).",
                f"Ingen svarede på {ctx.problem(p)} (fælles plads {rank}).",
            )
        )
    for pl in ctx.placements:
        if pl.problem not in ctx.answers[pl.remedy]:
            lines.append(
                ctx.t(
                    f"{ctx.role(pl.role)} placed {ctx.remedy(pl.remedy)} on "
                    f"{ctx.problem(pl.problem)}, which it does not address.",
                    f"{ctx.role(pl.role)} lagde {ctx.remedy(pl.remedy)} på "
                    f"{ctx.problem(pl.problem)}, som den ikke adresserer.",
                )
            )
    suggestion = (
        ctx.t(
            f"Find a remedy for {ctx.problem(holes[0])} first: it weighs most of the holes.",
            f"Find først en løsning på {ctx.problem(holes[0])}: det vejer tungest af hullerne.",
        )
        if holes
        else ctx.t(
            "Every problem is answered; keep it that way.",
            "Alle problemer har et svar; hold fast i det.",
        )
    )
    return Verdict(_pct(got / total), lines, suggestion)


@builtin("chains", en="Coherence along the chain", da="Sammenhæng i kæden")
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
            lines.append(
                ctx.t(
                    f"{ctx.role(r)} placed nothing on {ctx.problem(p)}, which runs through "
                    "their chain.",
                    f"{ctx.role(r)} lagde intet på {ctx.problem(p)}, som går gennem deres led "
                    "i kæden.",
                )
            )
        if missing and (worst is None or share < worst[0]):
            worst = (share, p, missing)
    if not total:
        return Verdict(
            None,
            [
                ctx.t(
                    "No problem that runs through two or more roles received a remedy.",
                    "Intet problem, der går gennem to eller flere roller, fik en løsning.",
                )
            ],
            ctx.t(
                "Answer a problem that crosses levels, together.",
                "Svar sammen på et problem, der går på tværs af niveauer.",
            ),
        )
    if worst:
        _, p, missing = worst
        suggestion = ctx.t(
            f"Ask {_and(ctx, [ctx.role_mid(r) for r in missing])} what they can add to "
            f"{ctx.problem(p)}.",
            f"Spørg {_and(ctx, [ctx.role(r) for r in missing])}, hvad de kan bidrage med til "
            f"{ctx.problem(p)}.",
        )
    else:
        lines.append(
            ctx.t(
                "Every role along each answered chain placed a remedy.",
                "Alle roller i hver besvaret kæde lagde en løsning.",
            )
        )
        suggestion = ctx.t(
            "Keep answering along the whole chain.", "Bliv ved med at svare langs hele kæden."
        )
    return Verdict(_pct(weighted / total), lines, suggestion)


@builtin("alignment", en="Not silos", da="Ikke siloer")
def alignment(ctx: Context) -> Verdict:
    final, first = ctx.agreement, ctx.first_agreement
    if final.w is None:
        return Verdict(
            None,
            [
                ctx.t(
                    "Agreement needs rankings from at least two roles.",
                    "Enighed kræver rangordninger fra mindst to roller.",
                )
            ],
        )
    lines = []
    details: dict[str, float | None] = {"w_final": final.w, "w_first": first.w}
    if first.w is not None:
        change = final.w - first.w
        details["w_change"] = change
        if abs(change) < 0.005:
            verdict = ctx.t("the discussion left it where it was", "drøftelsen ændrede den ikke")
        elif change > 0:
            verdict = ctx.t(
                "discussion brought the roles together", "drøftelsen bragte rollerne tættere sammen"
            )
        else:
            verdict = ctx.t("the roles moved apart", "rollerne bevægede sig fra hinanden")
        lines.append(
            ctx.t(
                f"Kendall's W was {first.w:.2f} before the discussion and {final.w:.2f} after "
                f"({change:+.2f}): {verdict}.",
                f"Kendalls W var {first.w:.2f} før drøftelsen og {final.w:.2f} efter "
                f"({change:+.2f}): {verdict}.",
            )
        )
    if final.rbo:
        (a, b), low = min(final.rbo.items(), key=lambda kv: kv[1])
        lines.append(
            ctx.t(
                f"{ctx.role(a)} and {ctx.role_mid(b)} agree least at the top (RBO {low:.2f}).",
                f"{ctx.role(a)} og {ctx.role(b)} er mindst enige i toppen (RBO {low:.2f}).",
            )
        )
    disputed = final.disputed(1)
    if disputed:
        spread = disputed[0]
        ranks = ", ".join(
            f"{ctx.role(r)} {int(x) if x == int(x) else x}"
            for r, x in zip(final.roles, spread.ranks, strict=True)
        )
        lines.append(
            ctx.t(
                f"Most disputed: {ctx.problem(spread.item)} ({ranks}).",
                f"Mest omstridt: {ctx.problem(spread.item)} ({ranks}).",
            )
        )
        suggestion = ctx.t(
            f"Let the roles explain their ranks for {ctx.problem(spread.item)}.",
            f"Lad rollerne forklare deres placering af {ctx.problem(spread.item)}.",
        )
    else:
        suggestion = ctx.t(
            "The roles agree; check that they agree for the same reasons.",
            "Rollerne er enige; tjek at det er af de samme grunde.",
        )
    return Verdict(_pct(final.w), lines, suggestion, details)


@builtin("focus", en="Few, central goals", da="Få, centrale mål")
def focus(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    top = set(ctx.joint[: math.ceil(len(ctx.joint) / 2)])
    on_top = sum(1 for pl in ctx.placements if pl.problem in top)
    budget = ctx.deck.rules.change_budget
    factor = min(1.0, budget / n)
    lines = [
        ctx.t(
            f"{on_top} of {n} placements are on the top half of the joint ranking.",
            f"{on_top} af {n} placeringer ligger på den øverste halvdel af den fælles rangordning.",
        )
    ]
    if n > budget:
        lines.append(
            ctx.t(
                f"{n} changes against a budget of {budget}: the score is multiplied by "
                f"{factor:.2f}.",
                f"{n} forandringer mod et budget på {budget}: scoren ganges med {factor:.2f}.",
            )
        )
        suggestion = ctx.t(
            f"Withdraw the weakest {_count(n - budget, 'placement', 'placements')}: fewer "
            "changes at once.",
            f"Træk de {n - budget} svageste placeringer tilbage: færre forandringer ad gangen."
            if n - budget > 1
            else "Træk den svageste placering tilbage: færre forandringer ad gangen.",
        )
    elif on_top < n:
        suggestion = ctx.t(
            "Move effort from the lower problems to the ones ranked highest.",
            "Flyt kræfterne fra de lavere problemer til dem, I satte højest.",
        )
    else:
        suggestion = ctx.t(
            "Focused: every change answers a top problem.",
            "Fokuseret: hver forandring svarer på et topproblem.",
        )
    return Verdict(_pct(on_top / n * factor), lines, suggestion)


@builtin("pace", en="A little, all the time", da="Lidt hele tiden")
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
                    f"{ctx.remedy(pl.remedy)} is a big bang, prepared on "
                    f"{ctx.problem(pl.problem)}.",
                    f"{ctx.remedy(pl.remedy)} er et big bang, forberedt på "
                    f"{ctx.problem(pl.problem)}.",
                )
            )
        else:
            unprepared.append(pl)
            lines.append(
                ctx.t(
                    f"{ctx.role(pl.role)} placed the big bang {ctx.remedy(pl.remedy)} on "
                    f"{ctx.problem(pl.problem)} with no preparation beside it.",
                    f"{ctx.role(pl.role)} lagde big bang-løsningen {ctx.remedy(pl.remedy)} på "
                    f"{ctx.problem(pl.problem)} uden forberedelse ved siden af.",
                )
            )
    lines.insert(
        0,
        ctx.t(
            f"{good} of {n} placements are incremental or prepared.",
            f"{good} af {n} placeringer er gradvise eller forberedte.",
        ),
    )
    suggestion = (
        ctx.t(
            f"Put a preparation remedy beside {ctx.remedy(unprepared[0].remedy)}, or take a "
            "smaller step.",
            f"Læg en forberedende løsning ved siden af {ctx.remedy(unprepared[0].remedy)}, "
            "eller tag et mindre skridt.",
        )
        if unprepared
        else ctx.t("Small steps: keep them coming.", "Små skridt: bliv ved.")
    )
    return Verdict(_pct(good / n), lines, suggestion)


@builtin("culture", en="Culture and values before rules", da="Kultur og værdier før regler")
def culture(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    soft = sum(
        1 for pl in ctx.placements if ctx.remedies[pl.remedy].kind in (Kind.CULTURE, Kind.DIALOGUE)
    )
    rules = sum(1 for pl in ctx.placements if ctx.remedies[pl.remedy].kind is Kind.RULE)
    target = ctx.deck.scoring.culture_target
    lines = [
        ctx.t(
            f"{soft} of {n} placements are culture or dialogue (target {target:.0%}).",
            f"{soft} af {n} placeringer er kultur eller dialog (mål {target:.0%}).",
        )
    ]
    if rules:
        lines.append(
            ctx.t(
                f"{_count(rules, 'placement adds', 'placements add')} rules.",
                f"{_count(rules, 'placering', 'placeringer')} tilføjer regler.",
            )
        )
    suggestion = (
        ctx.t(
            "Try a culture or dialogue remedy where you reached for a rule or a structure.",
            "Prøv en kultur- eller dialogløsning, hvor I greb efter en regel eller en struktur.",
        )
        if soft / n < target
        else ctx.t("Culture and dialogue carry the round.", "Kultur og dialog bærer runden.")
    )
    return Verdict(_pct(min(1.0, (soft / n) / target)), lines, suggestion)


@builtin("simplicity", en="Make it simple", da="Gør det simpelt")
def simplicity(ctx: Context) -> Verdict:
    if not ctx.placements:
        return _nothing_placed(ctx)
    total = sum(ctx.remedies[pl.remedy].effort for pl in ctx.placements)
    budget = ctx.deck.rules.effort_budget
    lines = [
        ctx.t(
            f"Total effort {total} against a budget of {budget}.",
            f"Samlet indsats {total} mod et budget på {budget}.",
        )
    ]
    heaviest = max(ctx.placements, key=lambda pl: ctx.remedies[pl.remedy].effort)
    if total > budget:
        suggestion = ctx.t(
            f"Could {ctx.remedy(heaviest.remedy)} (effort "
            f"{ctx.remedies[heaviest.remedy].effort}) be done more simply?",
            f"Kan {ctx.remedy(heaviest.remedy)} (indsats "
            f"{ctx.remedies[heaviest.remedy].effort}) gøres enklere?",
        )
    else:
        suggestion = ctx.t("Within the effort budget.", "Inden for indsatsbudgettet.")
    return Verdict(_pct(min(1.0, budget / total)) if total else 100.0, lines, suggestion)


@builtin("ownership", en="Ownership", da="Ejerskab")
def ownership(ctx: Context) -> Verdict:
    n = len(ctx.placements)
    if not n:
        return _nothing_placed(ctx)
    owned = [pl for pl in ctx.placements if pl.role in ctx.remedies[pl.remedy].owners]
    strays = [pl for pl in ctx.placements if pl.role not in ctx.remedies[pl.remedy].owners]
    lines = [
        ctx.t(
            f"{len(owned)} of {n} placements were made by a role that owns the remedy.",
            f"{len(owned)} af {n} placeringer blev lagt af en rolle, der ejer løsningen.",
        )
    ]
    for pl in strays[:3]:
        owners = _and(ctx, [ctx.role_mid(r) for r in ctx.remedies[pl.remedy].owners])
        if owners:
            line = ctx.t(
                f"{ctx.role(pl.role)} placed {ctx.remedy(pl.remedy)}, which {owners} would drive.",
                f"{ctx.role(pl.role)} lagde {ctx.remedy(pl.remedy)}, som {owners} ville drive.",
            )
        else:  # a remedy with no owners: say so rather than "which - would drive"
            line = ctx.t(
                f"{ctx.role(pl.role)} placed {ctx.remedy(pl.remedy)}, which no role owns.",
                f"{ctx.role(pl.role)} lagde {ctx.remedy(pl.remedy)}, som ingen rolle ejer.",
            )
        lines.append(line)
    suggestion = (
        ctx.t(
            f"Agree who will drive {ctx.remedy(strays[0].remedy)}.",
            f"Aftal, hvem der driver {ctx.remedy(strays[0].remedy)}.",
        )
        if strays
        else ctx.t(
            "Every remedy has its owner at the table.", "Hver løsning har sin ejer ved bordet."
        )
    )
    return Verdict(_pct(len(owned) / n), lines, suggestion)


@builtin("deliberation", en="Deliberation", da="Drøftelse")
def deliberation(ctx: Context) -> Verdict:
    moves = [pl.argument for pl in ctx.placements] + [pos.argument for pos in ctx.positions]
    if not moves:
        return Verdict(
            None,
            [
                ctx.t(
                    "No placements or positions to weigh.",
                    "Ingen placeringer eller holdninger at vurdere.",
                )
            ],
        )
    argued = sum(1 for text in moves if ctx.argued(text))
    share = argued / len(moves)
    need = ctx.deck.rules.argument_min_words
    lines = [
        ctx.t(
            f"{argued} of {len(moves)} moves are argued in {need} words or more.",
            f"{argued} af {len(moves)} træk er begrundet med {need} ord eller flere.",
        )
    ]
    if ctx.placements:
        reacted = sum(1 for pl in ctx.placements if pl.reactions)
        rshare = reacted / len(ctx.placements)
        lines.append(
            ctx.t(
                f"{reacted} of {len(ctx.placements)} placements were endorsed or challenged "
                "by another role.",
                f"{reacted} af {len(ctx.placements)} placeringer blev støttet eller udfordret "
                "af en anden rolle.",
            )
        )
        score = 0.7 * share + 0.3 * rshare
    else:
        rshare = 1.0
        score = share
    if share < 1:
        suggestion = ctx.t(
            "Give every move a reason the other roles can answer.",
            "Giv hvert træk en begrundelse, de andre roller kan svare på.",
        )
    elif rshare < 1:
        suggestion = ctx.t(
            "Answer each other: endorse or challenge the placements you have not.",
            "Svar hinanden: støt eller udfordr de placeringer, I ikke har.",
        )
    else:
        suggestion = ctx.t("Argued and answered.", "Begrundet og besvaret.")
    return Verdict(_pct(score), lines, suggestion)


@builtin("consensus", en="Consensus on dilemmas", da="Enighed om dilemmaer")
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
        return Verdict(
            None,
            [
                ctx.t(
                    "Consensus needs two positions on a dilemma.",
                    "Enighed kræver to holdninger til et dilemma.",
                )
            ],
        )
    lines = [
        ctx.t(
            f"{_count(len(scores), 'dilemma', 'dilemmas')} with positions from two or more roles.",
            f"{_count(len(scores), 'dilemma', 'dilemmaer')} med holdninger fra to eller flere "
            "roller.",
        )
    ]
    # the most split dilemma; a tie goes to the first dealt, never to the smaller id
    low, dilemma = min(scores, key=lambda entry: entry[0])
    question = ctx.deck.dilemma(dilemma).question
    where = ", ".join(f"{ctx.role(r)} {v}" for r, v in per_dilemma[dilemma])
    lines.append(
        ctx.t(f"Most split: '{question}' ({where}).", f"Mest delt: '{question}' ({where}).")
    )
    suggestion = (
        ctx.t(
            f"Take '{question}' up again: what would move each role one step?",
            f"Tag '{question}' op igen: hvad skulle der til for at flytte hver rolle et trin?",
        )
        if low < 1
        else ctx.t(
            "The roles stand together on every dilemma.", "Rollerne står sammen om hvert dilemma."
        )
    )
    return Verdict(_pct(fmean(s for s, _ in scores)), lines, suggestion)
