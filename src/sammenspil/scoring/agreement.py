"""What the reveal shows: the joint ranking, how far the roles agree, and where they differ most.

Built on ``stats`` from a table's rankings; the reveal screen, the score and the debrief all read
the same summary, so the numbers a table discussed are the numbers in its report.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from sammenspil.game.state import Ranking, Table
from sammenspil.scoring import stats


@dataclass(frozen=True)
class Agreement:
    roles: tuple[str, ...]
    joint: tuple[str, ...]  # problem ids, best first
    w: float | None  # Kendall's W, tie-corrected; None with fewer than two roles
    rbo: dict[tuple[str, str], float]
    spreads: tuple[stats.Spread, ...]  # most disputed first
    ranks: list[list[float]] = field(repr=False)
    seed: int = 0

    @cached_property
    def test(self) -> stats.KendallTest | None:
        """W's significance: from 8 problems on the F approximation, below that a permutation
        test (cheap with so few problems); computed only where it is shown (the reveal, the
        debrief)."""
        return stats.kendall_test(self.ranks, seed=self.seed) if len(self.ranks) >= 2 else None

    def weight(self, problem: str) -> int:
        """w(p): n for the first problem of the joint ranking, 1 for the last."""
        return len(self.joint) - self.joint.index(problem)

    def disputed(self, limit: int = 3) -> list[stats.Spread]:
        return [s for s in self.spreads if s.range > 0][:limit]


def agreement(
    table: Table, rankings: dict[str, Ranking] | None = None, *, p: float | None = None
) -> Agreement:
    """Agreement over ``rankings`` (default: each role's final ranking) of the table's problems."""
    if rankings is None:
        rankings = {
            r: ranking for r in table.deck_role_ids() if (ranking := table.final_ranking(r))
        }
    items = list(table.problems)
    orders = {role: list(r.order) for role, r in rankings.items()}
    p = table.deck.scoring.rbo_p if p is None else p
    ranks = [stats.rank_vector(order, items) for order in orders.values()]
    return Agreement(
        roles=tuple(orders),
        joint=tuple(stats.borda(list(orders.values()), items)),
        w=stats.kendalls_w(ranks) if len(ranks) >= 2 else None,
        rbo=stats.pairwise_rbo(orders, p=p),
        spreads=tuple(stats.disagreement(orders, items)),
        ranks=ranks,
        seed=table.seed,
    )


def first_agreement(table: Table) -> Agreement:
    """Agreement before the discussion: the roles' first rankings only.

    In deck order, like ``agreement``, not in the order the roles submitted: the RBO pairs and
    the spreads' ranks then line up with the final agreement's, role for role.
    """
    first = {r: table.rankings[r] for r in table.deck_role_ids() if r in table.rankings}
    return agreement(table, first)
