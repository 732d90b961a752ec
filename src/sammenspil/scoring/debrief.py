"""The debrief of a round as one model: what every view of a finished round shows.

``build_debrief(table, report)`` looks everything up once (role names, card titles, the
agreement before and after the discussion, the phase in words) and returns a frozen model of
display strings and numbers. The Markdown and HTML exports render it, and the score and review
screens will too, so a section is decided in one place and only laid out per format.

Every text from a deck, a save or a player passes ``printable()`` here: whatever got past the
checks (an old save, a hand-edited file) reaches no format as a raw control character or bidi
override. Multi-line texts (arguments, comments) keep their newlines and tabs; escaping for a
format (HTML entities, Markdown backslashes) is each renderer's job.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.game.refusals import phase_name
from sammenspil.game.state import Phase, Ranking, Table
from sammenspil.game.text import printable
from sammenspil.i18n import InLanguage, t
from sammenspil.scoring.agreement import Agreement, agreement, first_agreement
from sammenspil.scoring.report import ScoreReport
from sammenspil.scoring.stats import KendallTest

__all__ = [
    "AgreementLine",
    "Debrief",
    "DilemmaEntry",
    "HeuristicEntry",
    "PlacementEntry",
    "PositionEntry",
    "RankingBlock",
    "RankingColumn",
    "RboRow",
    "ReactionEntry",
    "SeatEntry",
    "build_debrief",
]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class SeatEntry(_Frozen):
    player: str
    seat: str = Field(description="The role's name, or 'spectator' / 'no role' in words.")


class RankingColumn(_Frozen):
    role: str
    order: list[str] = Field(description="Problem titles, best first.")
    argument: str = ""


class RankingBlock(_Frozen):
    columns: list[RankingColumn] = Field(default_factory=list)
    not_revised: list[str] = Field(
        default_factory=list, description="Roles that ranked but did not revise (revised only)."
    )


class JointEntry(_Frozen):
    title: str
    w: int


class AgreementLine(_Frozen):
    when: str = Field(description="'before the discussion' or 'after the discussion', in words.")
    w: float | None
    p: str = ""
    method: str = ""


class RboRow(_Frozen):
    role_a: str
    role_b: str
    before: float | None
    after: float | None


class ReactionEntry(_Frozen):
    kind: Literal["endorse", "challenge"]
    label: str
    role: str
    player: str
    comment: str = ""


class PlacementEntry(_Frozen):
    id: str
    role: str
    remedy: str
    problem: str
    player: str
    argument: str
    withdrawn: bool
    reactions: list[ReactionEntry] = Field(default_factory=list)


class PositionEntry(_Frozen):
    role: str
    player: str
    value: int
    argument: str = ""


class DilemmaEntry(_Frozen):
    question: str
    left: str
    right: str
    positions: list[PositionEntry] = Field(default_factory=list)


class HeuristicEntry(_Frozen):
    name: str
    title: str
    score: float | None
    weight: float
    lines: list[str] = Field(default_factory=list)
    suggestion: str = ""


class Debrief(InLanguage, _Frozen):
    """A round's debrief: display strings (already guarded) and the numbers behind them."""

    language: str = Field(
        description="The deck's language; labels in a language without a catalog read English."
    )
    table_name: str
    table_id: str
    deck_title: str
    deck_id: str
    deck_version: str
    seed: int
    phase: str = Field(description="The phase in words; unfinished rounds say so.")
    finished: bool
    players: list[SeatEntry]
    first: RankingBlock
    revised: RankingBlock
    problems: int = Field(description="How many problems the table was dealt.")
    joint: list[JointEntry]
    agreement: list[AgreementLine] = Field(description="Before and after the discussion.")
    rbo_p: float
    rbo: list[RboRow]
    placements: list[PlacementEntry]
    dilemmas: list[DilemmaEntry]
    dealt_dilemmas: bool
    total: float | None
    heuristics: list[HeuristicEntry]


def _line(text: str) -> str:
    return printable(text)


def _text(text: str) -> str:
    return printable(text, multiline=True)


def p_value(test: KendallTest | None) -> str:
    if test is None:
        return ""
    return f"{test.p_value:.4f}" if test.p_value >= 0.0001 else f"{test.p_value:.1e}"


def build_debrief(table: Table, report: ScoreReport) -> Debrief:
    """Everything a debrief shows about ``table``, scored as ``report``."""
    deck = table.deck
    lang = deck.language

    def role(role_id: str) -> str:
        return _line(table.role_name(role_id))

    def problem(problem_id: str) -> str:
        return _line(deck.problem(problem_id).title)

    def remedy(remedy_id: str) -> str:
        return _line(deck.remedy(remedy_id).title)

    phase = phase_name(lang, table.phase.value)
    finished = table.phase is Phase.SCORED
    if not finished:
        phase = f"{phase} ({t(lang, 'debrief.unfinished')})"

    players = []
    for p in table.players.values():
        if p.spectator:
            seat = t(lang, "debrief.spectator")
        else:
            seat = role(p.role) if p.role else t(lang, "debrief.no_role")
        players.append(SeatEntry(player=_line(p.name), seat=seat))

    def block(pick: dict[str, Ranking]) -> list[RankingColumn]:
        return [
            RankingColumn(
                role=role(r),
                order=[problem(p) for p in pick[r].order],
                argument=_text(pick[r].argument),
            )
            for r in table.deck_role_ids()
            if r in pick
        ]

    ranked = [r for r in table.deck_role_ids() if r in table.rankings]
    first = RankingBlock(columns=block(dict(table.rankings)))
    revised = RankingBlock(
        columns=block(dict(table.revised)),
        not_revised=[role(r) for r in ranked if r not in table.revised] if table.revised else [],
    )

    joint_ids = list(report.joint) or list(table.problems)
    joint = [JointEntry(title=problem(p), w=len(joint_ids) - i) for i, p in enumerate(joint_ids)]

    found_first, found_final = first_agreement(table), agreement(table)
    lines = []
    for key, found in (("debrief.before", found_first), ("debrief.after", found_final)):
        test = found.test
        method = ""
        if test is not None:
            method = t(lang, "debrief.f" if test.method == "f" else "debrief.permutation")
        lines.append(AgreementLine(when=t(lang, key), w=found.w, p=p_value(test), method=method))

    def find(found: Agreement, a: str, b: str) -> float | None:
        return found.rbo.get((a, b), found.rbo.get((b, a)))

    pairs = list(found_final.rbo)
    pairs += [(a, b) for a, b in found_first.rbo if find(found_final, a, b) is None]
    rbo = [
        RboRow(
            role_a=role(a),
            role_b=role(b),
            before=find(found_first, a, b),
            after=find(found_final, a, b),
        )
        for a, b in pairs
    ]

    placements = [
        PlacementEntry(
            id=_line(pl.id),
            role=role(pl.role),
            remedy=remedy(pl.remedy),
            problem=problem(pl.problem),
            player=_line(pl.player),
            argument=_text(pl.argument),
            withdrawn=pl.withdrawn,
            reactions=[
                ReactionEntry(
                    kind=r.kind,
                    label=t(lang, f"debrief.{r.kind}"),
                    role=role(r.role),
                    player=_line(r.player),
                    comment=_text(r.comment),
                )
                for r in pl.reactions
            ],
        )
        for pl in table.placements
    ]

    dilemmas = []
    for dilemma_id in table.dilemmas:
        card = deck.dilemma(dilemma_id)
        positions = []
        for r in table.deck_role_ids():
            pos = table.positions.get(r, {}).get(dilemma_id)
            if pos is not None:
                positions.append(
                    PositionEntry(
                        role=role(r),
                        player=_line(pos.player),
                        value=pos.value,
                        argument=_text(pos.argument),
                    )
                )
        dilemmas.append(
            DilemmaEntry(
                question=_line(card.question),
                left=_line(card.left),
                right=_line(card.right),
                positions=positions,
            )
        )

    return Debrief(
        language=lang,
        table_name=_line(table.name),
        table_id=_line(table.id),
        deck_title=_line(deck.title),
        deck_id=_line(deck.id),
        deck_version=_line(str(deck.version)),
        seed=table.seed,
        phase=phase,
        finished=finished,
        players=players,
        first=first,
        revised=revised,
        problems=len(table.problems),
        joint=joint,
        agreement=lines,
        rbo_p=deck.scoring.rbo_p,
        rbo=rbo,
        placements=placements,
        dilemmas=dilemmas,
        dealt_dilemmas=bool(table.dilemmas),
        total=report.total,
        heuristics=[
            HeuristicEntry(
                name=h.name,
                title=_line(h.title),
                score=h.score,
                weight=h.weight,
                lines=[_line(x) for x in h.lines],
                suggestion=_line(h.suggestion),
            )
            for h in report.heuristics
        ],
    )
