"""The deck format: what a trainer may write in a deck file, and nothing else.

Every model forbids unknown keys, so a typo in a key is an error rather than a silently ignored
line. The same models validate a deck embedded in a save and export the JSON Schema editors use.
"""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), a few milliseconds of every deck command's start.

import unicodedata
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, Strict, StringConstraints
from pydantic_core import PydanticCustomError

from sammenspil.game.text import first_unsafe, printable

FORMAT = 1

SLUG_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
Slug = Annotated[
    str,
    StringConstraints(pattern=SLUG_PATTERN, min_length=1, max_length=48),
    Field(description="Lowercase letters, digits and single hyphens, e.g. 'handover' or 'tag-2'."),
]
TagRef = Annotated[
    str,
    StringConstraints(pattern=r"^(tag:)?[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=52),
    Field(description="A problem id, or 'tag:<tag>' for every problem carrying that tag."),
]


def _shown_as_text(multiline: bool) -> AfterValidator:
    """The one text rule for deck text, which reaches every player's screen: no character that
    could drive a terminal or make the text read otherwise (see ``game.text.unsafe_char``).

    The error type ``unsafe_text`` carries a message written for the trainer, located like any
    other; the same check holds for the deck embedded in a save.
    """

    def check(value: str) -> str:
        ch = first_unsafe(value, multiline=multiline)
        if ch is None:
            return value
        if ch in "\n\r\v\f\x85\u2028\u2029":
            what = "a line break"
            why = "this field is one line" if not multiline else "use a plain newline"
        elif unicodedata.category(ch) in ("Cc", "Cs"):
            what, why = "a control character", "remove it"
        elif unicodedata.category(ch) in ("Co", "Cn"):
            what, why = "an unassigned or private character", "remove it"
        else:
            what, why = "a bidirectional control", "it makes the text read otherwise"
        raise PydanticCustomError(
            "unsafe_text",
            "contains {what} ({code}); {why}",
            {"what": what, "code": printable(ch), "why": why},
        )

    return AfterValidator(check)


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=80),
    _shown_as_text(multiline=False),
]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, max_length=600),
    _shown_as_text(multiline=True),
]
# TOML has real numbers: a quoted "3" is a mistake worth naming, not a value to coerce.
Int = Annotated[int, Strict()]
Number = Annotated[float, Strict()]


class Kind(StrEnum):
    """What sort of lever a remedy pulls; 'culture' and 'culture before rules' score from this."""

    CULTURE = "culture"
    DIALOGUE = "dialogue"
    PREPARATION = "preparation"
    STRUCTURE = "structure"
    RULE = "rule"
    CAPABILITY = "capability"


class Pace(StrEnum):
    INCREMENTAL = "incremental"
    BIG_BANG = "big-bang"


# Empty-list defaults are `lambda: []`, not `list`: pydantic reads each factory's signature,
# and a builtin's is parsed from text by the tokenizer, about 10 ms of a command's start.
class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class Rules(_Strict):
    problems: Int = Field(6, ge=2, le=60, description="Problem cards dealt to the table.")
    hand: Int = Field(5, ge=1, le=30, description="Remedy cards dealt to each role.")
    dilemmas: Int = Field(3, ge=0, le=30, description="Dilemma cards dealt.")
    change_budget: Int = Field(
        6, ge=1, le=200, description="Placements before 'focus' starts to cost score (soft)."
    )
    effort_budget: Int = Field(
        12, ge=1, le=1000, description="Total effort before 'simplicity' starts to cost (soft)."
    )
    argument_min_words: Int = Field(
        4, ge=0, le=50, description="Words an argument needs to count as argued."
    )


# A heuristic the deck does not weigh weighs 1, except these: arguing and answering each other
# is what the seed asks most of a table.
DEFAULT_WEIGHTS: dict[str, float] = {"deliberation": 2.0}


class Scoring(_Strict):
    weights: dict[Slug, Annotated[Number, Field(ge=0, allow_inf_nan=False)]] = Field(
        default_factory=lambda: {},
        description=(
            "Heuristic name to weight (>= 0); a missing one weighs 1 (deliberation 2), "
            "0 turns it off."
        ),
    )
    culture_target: Number = Field(
        0.5, gt=0, le=1, description="Share of culture and dialogue placements that scores 100."
    )
    rbo_p: Number = Field(
        0.9, gt=0, lt=1, description="Rank-biased overlap persistence: lower weighs the top more."
    )

    def weight(self, heuristic: str) -> float:
        return self.weights.get(heuristic, DEFAULT_WEIGHTS.get(heuristic, 1.0))


class Role(_Strict):
    id: Slug
    name: Title
    description: Text = ""


class Problem(_Strict):
    id: Slug
    title: Title
    text: Text = ""
    levels: list[Slug] = Field(
        min_length=1, description="The roles along whose chain the problem runs."
    )
    tags: list[Slug] = Field(default_factory=lambda: [])


class Remedy(_Strict):
    id: Slug
    title: Title
    text: Text = ""
    addresses: list[TagRef] = Field(
        min_length=1, description="Problem ids or 'tag:<tag>' that this remedy answers."
    )
    owners: list[Slug] = Field(
        default_factory=lambda: [], description="Roles that can drive this remedy."
    )
    kind: Kind
    pace: Pace
    effort: Int = Field(ge=1, le=5, description="1 is a habit, 5 is a reform.")
    removes_rules: Annotated[bool, Strict()] = Field(
        False,
        description=(
            "The remedy takes rules away (simplification, sunset clauses, exemptions): "
            "'culture before rules' counts it with culture, not as a rule added."
        ),
    )


class Dilemma(_Strict):
    id: Slug
    question: Title
    left: Title = Field(description="The pole at 1 on the scale.")
    right: Title = Field(description="The pole at 5 on the scale.")
    text: Text = ""


class Deck(_Strict):
    format: Literal[1] = Field(description="The deck format version; this program reads 1.")
    id: Slug
    title: Title
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2}$")] = Field(
        description="Two-letter language code, e.g. 'da' or 'en'."
    )
    version: Annotated[
        str, StringConstraints(pattern=r"^\d+(\.\d+){0,2}([-+][0-9A-Za-z.-]+)?$")
    ] = Field("1.0.0", description="The deck's own version, e.g. '1.0.0'.")
    description: Text = ""
    rules: Rules = Field(default_factory=lambda: Rules())
    scoring: Scoring = Field(default_factory=lambda: Scoring())
    roles: list[Role] = Field(min_length=1)
    problems: list[Problem] = Field(min_length=2)
    remedies: list[Remedy] = Field(min_length=1)
    dilemmas: list[Dilemma] = Field(default_factory=lambda: [])

    # Lookups the engine and the scoring use. A deck is frozen, so each index is built once;
    # a missing id is a KeyError naming the id, never a StopIteration leaking out of next().
    @cached_property
    def roles_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def problems_by_id(self) -> dict[str, Problem]:
        return {p.id: p for p in self.problems}

    @cached_property
    def remedies_by_id(self) -> dict[str, Remedy]:
        return {r.id: r for r in self.remedies}

    @cached_property
    def dilemmas_by_id(self) -> dict[str, Dilemma]:
        return {d.id: d for d in self.dilemmas}

    def role(self, role_id: str) -> Role:
        return self.roles_by_id[role_id]

    def problem(self, problem_id: str) -> Problem:
        return self.problems_by_id[problem_id]

    def remedy(self, remedy_id: str) -> Remedy:
        return self.remedies_by_id[remedy_id]

    def dilemma(self, dilemma_id: str) -> Dilemma:
        return self.dilemmas_by_id[dilemma_id]

    @cached_property
    def problems_by_tag(self) -> dict[str, list[str]]:
        """Tag -> the ids of the problems carrying it, in deck order: one pass, not one per use."""
        index: dict[str, list[str]] = {}
        for problem in self.problems:
            for tag in dict.fromkeys(problem.tags):
                index.setdefault(tag, []).append(problem.id)
        return index

    def addressed_problems(self, remedy: Remedy) -> frozenset[str]:
        """The problem ids a remedy answers, with 'tag:x' expanded to every problem tagged x."""
        out: set[str] = set()
        for ref in remedy.addresses:
            if ref.startswith("tag:"):
                out.update(self.problems_by_tag.get(ref.removeprefix("tag:"), ()))
            else:
                out.add(ref)
        return frozenset(out)
