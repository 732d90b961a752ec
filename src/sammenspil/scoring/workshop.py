"""The workshop report: every table of a workshop side by side, one section per deck.

``build_workshop(rounds)`` takes each table with the score report it was scored with (the
caller recomputes them; a stored score is never read here) and returns a frozen model of
display strings and numbers, which the Markdown and HTML renderers lay out
(scoring/workshop_render.py). Pure: no files, no clock.

Tables are grouped by the deck they were played with: its id, version and language, and the
deck itself (two different decks that claim one id and version are two sections). Nothing is
ever merged by card id across sections: one id can name different cards in two decks.

The rules, stated once here and in docs/report.md:

- *On top*: a problem is on top at a table when it is among the first ``TOP`` (3) of that
  table's joint ranking. A table where nobody ranked has no joint ranking and puts nothing on
  top. Problems are listed by the number of tables that put them on top, then by the share of
  the tables dealt them, then by their mean place there. A problem is *on top everywhere*
  when every table of the section that ranked and was dealt it put it on top, and at least
  two did (or the section has only one ranked table): a problem only one table of several
  was dealt says nothing about the others.
- *Covered*: a problem is covered at a table when a placement that was not withdrawn is on it.
  *Uncovered* problems were dealt to at least one table of the section and covered at none.
- *Most played*: remedies by the number of placements (not withdrawn) across the section's
  tables, then by the number of tables, then in deck order; the first ``MOST_PLAYED`` (5) and
  any tied with the last of them.
- *Spread* of a dilemma at a table: its highest position minus its lowest (0 to 4).
- *Strongest arguments*: placement arguments (not withdrawn) that are substantive (the scoring
  rule, scoring/substantive.py) and that another role endorsed; the ``STRONGEST`` (5) longest
  in words, then in characters.

Every text from a deck, a save or a player passes ``printable()`` here, as in the debrief.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import NamedTuple

from pydantic import BaseModel, ConfigDict, Field

from sammenspil.deck.models import Deck
from sammenspil.game.refusals import phase_name
from sammenspil.game.state import Phase, Table
from sammenspil.game.text import printable, word_count
from sammenspil.i18n import InLanguage, t
from sammenspil.scoring.context import Context
from sammenspil.scoring.report import ScoreReport

__all__ = [
    "MOST_PLAYED",
    "STRONGEST",
    "TOP",
    "DeckSection",
    "DilemmaRow",
    "DilemmaSpread",
    "HeuristicRow",
    "PlacementLine",
    "PlayedRound",
    "PositionMark",
    "RemedyRow",
    "ScoreCell",
    "StrongArgument",
    "TableEntry",
    "TopRow",
    "UncoveredRow",
    "WorkshopReport",
    "build_workshop",
    "share_decks",
]

TOP = 3
MOST_PLAYED = 5
STRONGEST = 5


class PlayedRound(NamedTuple):
    """One table of the workshop, its score recomputed by the caller, and where it came from."""

    table: Table
    report: ScoreReport
    source: str = ""


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class ScoreCell(_Frozen):
    name: str
    score: float | None = Field(description="0 to 100; None where the heuristic does not apply.")
    weight: float


class HeuristicRow(_Frozen):
    name: str
    title: str


class PlacementLine(_Frozen):
    role: str
    remedy: str
    problem: str
    endorsed: int
    challenged: int


class TableEntry(_Frozen):
    label: str = Field(description="The table's name; made unique within its section.")
    name: str
    table_id: str
    source: str
    phase: str = Field(description="The phase in words.")
    finished: bool = Field(description="Scored; otherwise every number is provisional.")
    seed: int
    players: list[str] = Field(description="'name (role)' for each seated player.")
    total: float | None
    heuristics: list[ScoreCell]
    ranked: bool = Field(description="Someone ranked, so there is a joint ranking.")
    joint: list[str] = Field(description="Problem titles, best first; empty when not ranked.")
    top: list[str]
    dealt: list[str] = Field(description="Problem titles in deal order.")
    covered: list[str] = Field(description="Dealt problems a live placement is on.")
    placements: list[PlacementLine] = Field(description="Live placements, in play order.")


class TopRow(_Frozen):
    problem: str
    on_top: list[str] = Field(description="Labels of the tables that put it on top.")
    dealt: int = Field(description="Tables that ranked and were dealt it.")
    everywhere: bool


class UncoveredRow(_Frozen):
    problem: str
    dealt: list[str] = Field(description="Labels of the tables it was dealt to.")


class RemedyRow(_Frozen):
    remedy: str
    placements: int
    tables: list[str]
    problems: list[str] = Field(description="The problems it was placed on, most often first.")


class PositionMark(_Frozen):
    role: str
    value: int


class DilemmaSpread(_Frozen):
    table: str
    positions: list[PositionMark]
    low: int | None
    high: int | None
    spread: int | None = Field(description="high - low; None without positions.")
    mean: float | None


class DilemmaRow(_Frozen):
    question: str
    left: str
    right: str
    tables: list[DilemmaSpread] = Field(description="Every table the dilemma was dealt to.")


class StrongArgument(_Frozen):
    table: str
    role: str
    player: str
    remedy: str
    problem: str
    argument: str
    words: int
    endorsed_by: list[str] = Field(description="The roles (other than the author's) endorsing.")


class DeckSection(_Frozen):
    deck_title: str
    deck_id: str
    deck_version: str
    deck_language: str
    variant: int = Field(
        0, description="1, 2, ... where decks that differ share this id and version; else 0."
    )
    tables: list[TableEntry]
    provisional: int
    heuristics: list[HeuristicRow]
    ranked: int = Field(description="Tables with a joint ranking.")
    on_top: list[TopRow] = Field(description="Every problem on top somewhere, most tables first.")
    uncovered: list[UncoveredRow]
    never_dealt: int = Field(description="Problems of the deck no table was dealt.")
    placements: int = Field(description="Live placements at all the section's tables.")
    remedies: list[RemedyRow]
    tied: int = Field(0, description="Remedies not listed, placed as often as the last listed.")
    dilemmas: list[DilemmaRow]
    strongest: list[StrongArgument]

    @property
    def everywhere(self) -> list[TopRow]:
        return [row for row in self.on_top if row.everywhere]


class WorkshopReport(InLanguage, _Frozen):
    """The whole workshop: display strings (already guarded) and the numbers behind them."""

    language: str = Field(description="The labels' language.")
    tables: int
    provisional: int
    sections: list[DeckSection]
    left_out: list[str] = Field(
        default_factory=list, description="One line per save that could not be read, or repeated."
    )
    top: int = TOP
    most_played: int = MOST_PLAYED
    strongest: int = STRONGEST


def _line(text: str) -> str:
    return printable(text)


def _text(text: str) -> str:
    return printable(text, multiline=True)


def report_language(tables: Iterable[Table]) -> str:
    """The decks' language when they share one, else English."""
    languages = {table.deck.language for table in tables}
    return languages.pop() if len(languages) == 1 else "en"


def build_workshop(
    rounds: Sequence[PlayedRound],
    *,
    language: str | None = None,
    left_out: Sequence[str] = (),
) -> WorkshopReport:
    """Every table of ``rounds`` side by side, grouped by deck.

    A table given twice (one id; a copied save) is reported once: the copy that went furthest
    (the most events); the other is named in ``left_out``.
    """
    kept: dict[str, PlayedRound] = {}
    copies: list[tuple[PlayedRound, PlayedRound]] = []  # (left out, kept)
    for played in rounds:
        other = kept.get(played.table.id)
        if other is None:
            kept[played.table.id] = played
            continue
        newer, older = (
            (played, other) if played.table.version > other.table.version else (other, played)
        )
        kept[played.table.id] = newer
        copies.append((older, newer))
    lang = language or report_language(p.table for p in kept.values())
    skipped = [_line(line) for line in left_out]
    skipped += [
        _line(
            t(
                lang,
                "workshop.copy",
                copy=older.source or older.table.name,
                kept=kept[older.table.id].source or kept[older.table.id].table.name,
            )
        )
        for older, _ in copies
    ]

    groups: list[tuple[Deck, list[PlayedRound]]] = []
    for played in kept.values():
        deck = played.table.deck
        for known, members in groups:
            if known is deck or known == deck:
                # one deck object per section: the scoring's word index is built once per deck
                members.append(played._replace(table=_with_deck(played.table, known)))
                break
        else:
            groups.append((deck, [played]))
    groups.sort(key=lambda g: (g[0].id, str(g[0].version), g[0].language))
    keys = [(deck.id, str(deck.version), deck.language) for deck, _ in groups]
    sections: list[DeckSection] = []
    for deck, members in groups:
        key = (deck.id, str(deck.version), deck.language)
        variant = keys[: len(sections) + 1].count(key) if keys.count(key) > 1 else 0
        members.sort(key=lambda p: (p.table.name.casefold(), p.table.id))
        sections.append(_section(lang, deck, members, variant))
    return WorkshopReport(
        language=lang,
        tables=sum(len(s.tables) for s in sections),
        provisional=sum(s.provisional for s in sections),
        sections=sections,
        left_out=skipped,
    )


def _with_deck(table: Table, deck: Deck) -> Table:
    return table if table.deck is deck else table.model_copy(update={"deck": deck})


def share_decks(tables: Sequence[Table]) -> list[Table]:
    """The tables with every deck that equals another one the same object.

    Each save holds its own copy of its deck; scoring caches the deck's word index per object,
    so tables read from twenty saves of one deck would build it twenty times.
    """
    decks: list[Deck] = []
    out = []
    for table in tables:
        known = next((d for d in decks if d is table.deck or d == table.deck), None)
        if known is None:
            decks.append(table.deck)
            known = table.deck
        out.append(_with_deck(table, known))
    return out


def _labels(members: Sequence[PlayedRound]) -> list[str]:
    """Each table's name, with its id's start added where two tables share a name."""
    names = [_line(p.table.name) for p in members]
    return [
        f"{name} ({_line(p.table.id[:8])})" if names.count(name) > 1 else name
        for name, p in zip(names, members, strict=True)
    ]


def _section(lang: str, deck: Deck, members: Sequence[PlayedRound], variant: int) -> DeckSection:
    def problem(problem_id: str) -> str:
        return _line(deck.problem(problem_id).title)

    def remedy(remedy_id: str) -> str:
        return _line(deck.remedy(remedy_id).title)

    labels = _labels(members)
    entries = [_entry(lang, p, label) for p, label in zip(members, labels, strict=True)]

    ranked = sum(1 for e in entries if e.ranked)
    names: list[str] = []
    titles: dict[str, str] = {}
    for p in members:
        for h in p.report.heuristics:
            if h.name not in titles:
                names.append(h.name)
                titles[h.name] = _line(h.title)

    # on top and covered, by problem id, in deck order
    problem_ids = [card.id for card in deck.problems]
    on_top: dict[str, list[str]] = {pid: [] for pid in problem_ids}
    dealt_ranked: dict[str, int] = dict.fromkeys(problem_ids, 0)
    dealt_at: dict[str, list[str]] = {pid: [] for pid in problem_ids}
    covered: set[str] = set()
    places: dict[str, int] = dict.fromkeys(problem_ids, 0)  # summed places where on top
    for p, label in zip(members, labels, strict=True):
        table, joint = p.table, _joint(p)
        for pid in table.problems:
            dealt_at[pid].append(label)
            if joint:
                dealt_ranked[pid] += 1
        for i, pid in enumerate(joint[:TOP]):
            on_top[pid].append(label)
            places[pid] += i + 1
        covered |= {pl.problem for pl in table.live_placements()}
    order = {pid: i for i, pid in enumerate(problem_ids)}
    top_rows = sorted(
        (pid for pid in problem_ids if on_top[pid]),
        key=lambda pid: (
            -len(on_top[pid]),
            -len(on_top[pid]) / dealt_ranked[pid],
            places[pid] / len(on_top[pid]),
            order[pid],
        ),
    )

    # remedies played
    counts: dict[str, int] = {}
    at: dict[str, list[str]] = {}
    on: dict[str, dict[str, int]] = {}
    live = 0
    for p, label in zip(members, labels, strict=True):
        for pl in p.table.live_placements():
            live += 1
            counts[pl.remedy] = counts.get(pl.remedy, 0) + 1
            if label not in at.setdefault(pl.remedy, []):
                at[pl.remedy].append(label)
            problems = on.setdefault(pl.remedy, {})
            problems[pl.problem] = problems.get(pl.problem, 0) + 1
    remedy_order = {card.id: i for i, card in enumerate(deck.remedies)}
    ranked_remedies = sorted(counts, key=lambda r: (-counts[r], -len(at[r]), remedy_order[r]))
    tied = 0
    if len(ranked_remedies) > MOST_PLAYED:
        last = counts[ranked_remedies[MOST_PLAYED - 1]]
        tied = sum(1 for r in ranked_remedies[MOST_PLAYED:] if counts[r] == last)
        ranked_remedies = ranked_remedies[:MOST_PLAYED]
    remedies = [
        RemedyRow(
            remedy=remedy(r),
            placements=counts[r],
            tables=at[r],
            problems=[
                problem(pid)
                for pid in sorted(on[r], key=lambda pid: (-on[r][pid], order.get(pid, 0)))
            ],
        )
        for r in ranked_remedies
    ]

    return DeckSection(
        deck_title=_line(deck.title),
        deck_id=_line(deck.id),
        deck_version=_line(str(deck.version)),
        deck_language=_line(deck.language),
        variant=variant,
        tables=entries,
        provisional=sum(1 for e in entries if not e.finished),
        heuristics=[HeuristicRow(name=_line(n), title=titles[n]) for n in names],
        ranked=ranked,
        on_top=[
            TopRow(
                problem=problem(pid),
                on_top=on_top[pid],
                dealt=dealt_ranked[pid],
                everywhere=len(on_top[pid]) == dealt_ranked[pid]
                and (dealt_ranked[pid] >= 2 or ranked == 1),
            )
            for pid in top_rows
        ],
        uncovered=[
            UncoveredRow(problem=problem(pid), dealt=dealt_at[pid])
            for pid in problem_ids
            if dealt_at[pid] and pid not in covered
        ],
        never_dealt=sum(1 for pid in problem_ids if not dealt_at[pid]),
        placements=live,
        remedies=remedies,
        tied=tied,
        dilemmas=_dilemmas(deck, members, labels),
        strongest=_strongest(members, labels),
    )


def _joint(played: PlayedRound) -> list[str]:
    """The table's joint ranking; none where nobody ranked (the report then holds the deal
    order, which says nothing about what the table thought)."""
    return list(played.report.joint) if played.table.rankings else []


def _entry(lang: str, played: PlayedRound, label: str) -> TableEntry:
    table, report = played.table, played.report
    deck = table.deck

    def problem(problem_id: str) -> str:
        return _line(deck.problem(problem_id).title)

    def role(role_id: str) -> str:
        return _line(table.role_name(role_id))

    live = table.live_placements()
    covered = {pl.problem for pl in live}
    joint = [problem(pid) for pid in _joint(played)]
    return TableEntry(
        label=label,
        name=_line(table.name),
        table_id=_line(table.id),
        source=_line(played.source),
        phase=phase_name(lang, table.phase.value),
        finished=table.phase is Phase.SCORED,
        seed=table.seed,
        players=[
            f"{_line(p.name)} ({role(p.role)})"
            for p in table.players.values()
            if p.seated and p.role
        ],
        total=report.total,
        heuristics=[
            ScoreCell(name=h.name, score=h.score, weight=h.weight) for h in report.heuristics
        ],
        ranked=bool(joint),
        joint=joint,
        top=joint[:TOP],
        dealt=[problem(pid) for pid in table.problems],
        covered=[problem(pid) for pid in table.problems if pid in covered],
        placements=[
            PlacementLine(
                role=role(pl.role),
                remedy=_line(deck.remedy(pl.remedy).title),
                problem=problem(pl.problem),
                endorsed=sum(1 for r in pl.reactions if r.kind == "endorse"),
                challenged=sum(1 for r in pl.reactions if r.kind == "challenge"),
            )
            for pl in live
        ],
    )


def _dilemmas(deck: Deck, members: Sequence[PlayedRound], labels: list[str]) -> list[DilemmaRow]:
    rows = []
    for card in deck.dilemmas:
        spreads = []
        for p, label in zip(members, labels, strict=True):
            table = p.table
            if card.id not in table.dilemmas:
                continue
            marks = [
                PositionMark(role=_line(table.role_name(r)), value=pos.value)
                for r in table.deck_role_ids()
                if (pos := table.positions.get(r, {}).get(card.id)) is not None
            ]
            values = [m.value for m in marks]
            low, high = (min(values), max(values)) if values else (None, None)
            spreads.append(
                DilemmaSpread(
                    table=label,
                    positions=marks,
                    low=low,
                    high=high,
                    spread=None if low is None or high is None else high - low,
                    mean=round(sum(values) / len(values), 6) if values else None,
                )
            )
        if spreads:
            rows.append(
                DilemmaRow(
                    question=_line(card.question),
                    left=_line(card.left),
                    right=_line(card.right),
                    tables=spreads,
                )
            )
    return rows


def _strongest(members: Sequence[PlayedRound], labels: list[str]) -> list[StrongArgument]:
    found: list[tuple[int, int, int, StrongArgument]] = []
    for n, (p, label) in enumerate(zip(members, labels, strict=True)):
        table = p.table
        ctx = Context(table)  # judges the round's texts only when first asked
        for pl in table.live_placements():
            endorsers = [r.role for r in pl.reactions if r.kind == "endorse" and r.role != pl.role]
            if not endorsers or not ctx.argued(("place", pl.id)):
                continue
            words = word_count(pl.argument)
            found.append(
                (
                    -words,
                    -len(pl.argument),
                    n,
                    StrongArgument(
                        table=label,
                        role=_line(table.role_name(pl.role)),
                        player=_line(pl.player),
                        remedy=_line(table.deck.remedy(pl.remedy).title),
                        problem=_line(table.deck.problem(pl.problem).title),
                        argument=_text(pl.argument),
                        words=words,
                        endorsed_by=[_line(table.role_name(r)) for r in endorsers],
                    ),
                )
            )
    found.sort(key=lambda item: item[:3])
    return [item[3] for item in found[:STRONGEST]]


def chart_scale(score: float | None) -> float:
    """A score as a share of a bar, 0 to 1; a score outside 0..100 is drawn at the end."""
    if score is None or not math.isfinite(score):
        return 0.0
    return max(0.0, min(100.0, score)) / 100
