"""Everything a heuristic reads about a finished (or unfinished) round, computed once."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sammenspil.deck.models import Deck, Problem, Remedy
from sammenspil.game.state import Phase, Placement, Position, Table
from sammenspil.i18n import pick, t, t_n
from sammenspil.scoring.agreement import Agreement, agreement, first_agreement
from sammenspil.scoring.substantive import Judge, Said, vocabulary

# What a text was written for: ('rank', role), ('revise', role), ('place', placement id),
# ('react', placement id, role), ('position', role, dilemma).
TextKey = tuple[str, ...]


@dataclass
class Context:
    table: Table
    deck: Deck = field(init=False)

    def __post_init__(self) -> None:
        self.deck = self.table.deck

    # language ---------------------------------------------------------------------------------
    @property
    def language(self) -> str:
        return self.deck.language

    def t(self, key: str, /, **fields: Any) -> str:
        """The message ``key`` in the deck's language; decks in other languages read English."""
        return t(self.language, key, **fields)

    def pick(self, **texts: str) -> str:
        """A plugin's own sentence in the deck's language: ``ctx.pick(en="...", da="...")``;
        English where the deck's language is not given."""
        return pick(self.language, texts)

    def t_n(self, key: str, n: int, /, **fields: Any) -> str:
        """A message whose form depends on the count ``n`` (see ``i18n.t_n``)."""
        return t_n(self.language, key, n, **fields)

    # cards ------------------------------------------------------------------------------------
    @cached_property
    def problems(self) -> dict[str, Problem]:
        return {p.id: p for p in self.deck.problems}

    @cached_property
    def remedies(self) -> dict[str, Remedy]:
        return {r.id: r for r in self.deck.remedies}

    @cached_property
    def answers(self) -> dict[str, frozenset[str]]:
        """remedy id -> the problems it addresses."""
        return {r.id: self.deck.addressed_problems(r) for r in self.deck.remedies}

    def role(self, role_id: str) -> str:
        return self.table.role_name(role_id)

    def role_mid(self, role_id: str) -> str:
        """A role's name inside a sentence: English decks name roles "The state", which reads
        "ask the state", not "ask The state"."""
        name = self.role(role_id)
        if self.language != "da" and name.startswith("The "):
            return "the " + name.removeprefix("The ")
        return name

    def problem(self, problem_id: str) -> str:
        return f"'{self.problems[problem_id].title}'"

    def remedy(self, remedy_id: str) -> str:
        return f"'{self.remedies[remedy_id].title}'"

    # the round --------------------------------------------------------------------------------
    @cached_property
    def placements(self) -> list[Placement]:
        return self.table.live_placements()

    @cached_property
    def positions(self) -> list[Position]:
        return [pos for by_dilemma in self.table.positions.values() for pos in by_dilemma.values()]

    @cached_property
    def agreement(self) -> Agreement:
        return agreement(self.table)

    @cached_property
    def first_agreement(self) -> Agreement:
        return first_agreement(self.table)

    @cached_property
    def joint(self) -> list[str]:
        """The joint ranking; the deal order when nobody ranked."""
        return list(self.agreement.joint) or list(self.table.problems)

    def weight(self, problem: str) -> int:
        """w(p): n for the first problem of the joint ranking, 1 for the last."""
        return len(self.joint) - self.joint.index(problem)

    @cached_property
    def central(self) -> list[str]:
        """The central problems: the top half of the joint ranking (rounded up)."""
        return self.joint[: math.ceil(len(self.joint) / 2)]

    def top_of(self, order: list[str]) -> list[str]:
        """What a ranking argues about: the problems it puts in its top half."""
        return order[: math.ceil(len(order) / 2)]

    @cached_property
    def said(self) -> dict[TextKey, Said]:
        """Every text of the round judged once, in the order the round wrote them: first
        rankings, revised rankings, then each placement followed by its reactions, then the
        dilemma positions. Withdrawn placements were said too, so a copy of one is a repeat;
        so were the cards' own texts, so a pasted card text is one as well."""
        judge = Judge(vocabulary(self.deck), self.deck.rules.argument_min_words)
        judge.read_cards(self.deck)
        out: dict[TextKey, Said] = {}
        for kind, rankings in (("rank", self.table.rankings), ("revise", self.table.revised)):
            for role, ranking in rankings.items():
                out[(kind, role)] = judge.judge(ranking.argument, self.top_of(ranking.order))
        for pl in self.table.placements:
            cards = (pl.remedy, pl.problem)
            out[("place", pl.id)] = judge.judge(pl.argument, cards)
            for reaction in pl.reactions:
                out[("react", pl.id, reaction.role)] = judge.judge(reaction.comment, cards)
        for role, by_dilemma in self.table.positions.items():
            for dilemma, pos in by_dilemma.items():
                out[("position", role, dilemma)] = judge.judge(pos.argument, (dilemma,))
        return out

    def argued(self, key: TextKey) -> bool:
        """Whether the text written for ``key`` is substantive (see ``scoring.substantive``)."""
        verdict = self.said.get(key)
        return verdict is not None and verdict.substantive

    @property
    def passed_respond(self) -> bool:
        """Whether the respond phase is over: the table is in the dilemmas, or was locked from the
        respond phase or later. A round locked straight after the reveal never had a respond
        phase, so its placement heuristics are not applicable rather than 0."""
        table = self.table
        if table.phase is Phase.SCORED:
            return table.locked_from in (Phase.RESPOND, Phase.DILEMMAS)
        return table.phase is Phase.DILEMMAS

    @property
    def playing_roles(self) -> list[str]:
        """Roles that held cards this round (seated when dealt), in deck order."""
        return self.table.dealt_roles() or self.table.active_roles()
