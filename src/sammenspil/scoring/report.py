"""The score of a round: every heuristic's verdict, weighted into a total, as a savable model."""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), milliseconds of every command that reads a save.

from collections.abc import Mapping

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.game.state import Table
from sammenspil.scoring.context import Context
from sammenspil.scoring.registry import Heuristic, Verdict, heuristics

REPORT_FORMAT = 1
# The version of the scoring rules (the heuristics and their parameters' meaning). A stored
# report made under other rules is recomputed from the events, with a notice, never compared.
# 1: the first heuristics (word counts, consensus, all problems covered).
# 2: substantive arguments, shared analysis, central coverage, considered dilemmas (issue 9).
SCORING_VERSION = 2


# Empty-list defaults are `lambda: []`, not `list`: pydantic reads each factory's signature,
# and a builtin's is parsed from text by the tokenizer, about 10 ms of a command's start.
class HeuristicScore(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str
    title: str
    weight: float
    score: float | None = None  # None: not applicable
    lines: list[str] = Field(default_factory=lambda: [])
    suggestion: str = ""
    details: dict[str, float] = Field(default_factory=dict)

    @property
    def applicable(self) -> bool:
        return self.score is not None

    @property
    def counts(self) -> bool:
        return self.score is not None and self.weight > 0


class ScoreReport(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    format: int = REPORT_FORMAT
    scoring: int = Field(
        1, description="The scoring rules' version; reports stored before it was kept used 1."
    )
    deck: str
    language: str
    total: float | None = None
    heuristics: list[HeuristicScore] = Field(default_factory=lambda: [])
    joint: list[str] = Field(default_factory=lambda: [], description="Joint ranking, best first.")
    w_first: float | None = None
    w_final: float | None = None

    def get(self, name: str) -> HeuristicScore | None:
        return next((h for h in self.heuristics if h.name == name), None)

    @property
    def current(self) -> bool:
        """Made under the scoring rules of this program (else: recompute, do not compare)."""
        return self.scoring == SCORING_VERSION

    def to_toml_data(self) -> dict:
        return self.model_dump(mode="json", exclude_none=True)

    def same_scores(self, other: "ScoreReport", tolerance: float = 1e-9) -> list[str]:
        """Where two reports disagree on a number: empty when they match."""
        diffs = []
        if not _close(self.total, other.total, tolerance):
            diffs.append(f"total {_fmt(self.total)} != {_fmt(other.total)}")
        names = [h.name for h in self.heuristics] + [
            h.name for h in other.heuristics if self.get(h.name) is None
        ]
        for name in names:
            a, b = self.get(name), other.get(name)
            sa, sb = a.score if a else None, b.score if b else None
            if not _close(sa, sb, tolerance):
                diffs.append(f"{name} {_fmt(sa)} != {_fmt(sb)}")
        return diffs


def _close(a: float | None, b: float | None, tolerance: float) -> bool:
    if a is None or b is None:
        return a is b
    return abs(a - b) <= tolerance


def _fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.1f}"


def _run(heuristic: Heuristic, ctx: Context) -> Verdict:
    try:
        return heuristic.score(ctx)
    except Exception as exc:  # a plugin's bug must not cost a workshop its score
        return Verdict(None, [f"{heuristic.name} failed: {type(exc).__name__}: {exc}"])


def score_table(table: Table, registry: Mapping[str, Heuristic] | None = None) -> ScoreReport:
    """Score a table: each heuristic, then the weighted mean of the applicable ones."""
    registry = heuristics() if registry is None else registry
    ctx = Context(table)
    language = table.deck.language
    out = []
    for name, heuristic in registry.items():
        weight = float(table.deck.scoring.weight(name))
        verdict = _run(heuristic, ctx)
        score = None if verdict.score is None else round(float(verdict.score), 6)
        out.append(
            HeuristicScore(
                name=name,
                title=heuristic.title_in(language),
                weight=weight,
                score=score,
                lines=list(verdict.lines),
                suggestion=verdict.suggestion,
                details={k: round(v, 6) for k, v in verdict.details.items() if v is not None},
            )
        )
    counted = [(h.weight, h.score) for h in out if h.counts and h.score is not None]
    weight_sum = sum(weight for weight, _ in counted)
    total = round(sum(w * score for w, score in counted) / weight_sum, 6) if weight_sum else None
    return ScoreReport(
        scoring=SCORING_VERSION,
        deck=table.deck.id,
        language=language,
        total=total,
        heuristics=out,
        joint=list(ctx.joint),
        w_first=ctx.first_agreement.w,
        w_final=ctx.agreement.w,
    )
