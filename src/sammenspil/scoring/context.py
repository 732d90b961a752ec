"""Everything a heuristic reads about a finished (or unfinished) round, computed once."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from sammenspil.deck.models import Deck, Problem, Remedy
from sammenspil.game.state import Placement, Position, Table
from sammenspil.game.text import word_count
from sammenspil.i18n import pick, t, t_n
from sammenspil.scoring.agreement import Agreement, agreement, first_agreement


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

    def argued(self, text: str) -> bool:
        return word_count(text) >= self.deck.rules.argument_min_words

    @property
    def playing_roles(self) -> list[str]:
        """Roles that held cards this round (seated when dealt), in deck order."""
        return self.table.dealt_roles() or self.table.active_roles()
