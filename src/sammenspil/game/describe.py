"""One sentence per event, and the table's next step, in the table's language.

For the move feed, the review's replay and the debrief: ``describe(event, table_or_deck, lang)``
says what happened in words a player reads ("The regions placed 'Pilot first' on 'Handover':
we can try…"). It lives in ``game/`` beside the events it describes, needs only the deck (or the
table, which also knows placements by id), and imports no rules, so the screens may use it.

Every name and title passes ``printable()`` and arguments are cut to one short line: a sentence
is always safe to show, whatever a save holds. A sentence says nothing an event does not carry;
hiding another role's ranking during the ranking phase is the host's redaction, and
``RankingSubmitted`` names no problem anyway.
"""

from __future__ import annotations

from functools import singledispatch

from sammenspil.deck.models import Deck
from sammenspil.game import events as e
from sammenspil.game.queries import waiting_roles
from sammenspil.game.state import Phase, Table
from sammenspil.game.text import printable
from sammenspil.i18n import t

__all__ = ["ARGUMENT_SHOWN", "describe", "next_step"]

ARGUMENT_SHOWN = 60  # characters of an argument or comment a sentence quotes


class _Where:
    """What a sentence looks up: names from the deck, placements from the table if there is one."""

    def __init__(self, source: Table | Deck, lang: str) -> None:
        self.table = source if isinstance(source, Table) else None
        self.deck = source.deck if isinstance(source, Table) else source
        self.lang = lang

    def role(self, role_id: str) -> str:
        card = self.deck.roles_by_id.get(role_id)
        return printable(card.name if card else role_id)

    def role_mid(self, role_id: str) -> str:
        """A role's name inside an English sentence: "took the role the state", not "The"."""
        name = self.role(role_id)
        if self.lang == "en" and name.startswith("The "):
            return "the " + name.removeprefix("The ")
        return name

    def problem(self, problem_id: str) -> str:
        card = self.deck.problems_by_id.get(problem_id)
        return f"'{printable(card.title if card else problem_id)}'"

    def remedy(self, remedy_id: str) -> str:
        card = self.deck.remedies_by_id.get(remedy_id)
        return f"'{printable(card.title if card else remedy_id)}'"

    def question(self, dilemma_id: str) -> str:
        card = self.deck.dilemmas_by_id.get(dilemma_id)
        return f"'{printable(card.question if card else dilemma_id)}'"


def shorten(text: str, limit: int = ARGUMENT_SHOWN) -> str:
    """A text on one line, cut at a word to at most ``limit`` characters, marked '…' when cut."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return printable(line)
    cut = line[: limit - 1]
    if line[len(cut)] != " " and " " in cut[limit // 2 :]:  # mid-word: back to the last space
        cut = cut[: cut.rindex(" ")]
    return printable(cut.rstrip(" ,;:.")) + "…"


def _quoted(text: str) -> str:
    """': <text shortened>' after a sentence, or nothing when there is no text."""
    return f": {shorten(text)}" if text.strip() else ""


def describe(event: e.Event, source: Table | Deck, lang: str | None = None) -> str:
    """One sentence for ``event``, in ``lang`` (default: the deck's language)."""
    where = _Where(source, lang if lang is not None else _deck(source).language)
    return _sentence(event, where)


def _deck(source: Table | Deck) -> Deck:
    return source.deck if isinstance(source, Table) else source


@singledispatch
def _sentence(event: object, w: _Where) -> str:  # pragma: no cover - every event is below
    raise TypeError(f"no sentence for {type(event).__name__}")


@_sentence.register
def _sentence_player_joined(ev: e.PlayerJoined, w: _Where) -> str:
    key = "event.player_joined"
    if ev.facilitator:
        key += ".facilitator"
    elif ev.spectator:
        key += ".spectator"
    return t(w.lang, key, player=printable(ev.player))


@_sentence.register
def _sentence_player_left(ev: e.PlayerLeft, w: _Where) -> str:
    return t(w.lang, "event.player_left", player=printable(ev.player))


@_sentence.register
def _sentence_role_chosen(ev: e.RoleChosen, w: _Where) -> str:
    return t(w.lang, "event.role_chosen", player=printable(ev.player), role=w.role_mid(ev.role))


@_sentence.register
def _sentence_dealt(ev: e.Dealt, w: _Where) -> str:
    return t(w.lang, "event.dealt", problems=len(ev.problems), dilemmas=len(ev.dilemmas))


@_sentence.register
def _sentence_phase_changed(ev: e.PhaseChanged, w: _Where) -> str:
    return t(w.lang, "event.phase_changed", phase=t(w.lang, f"phase.{ev.phase.value}"))


@_sentence.register
def _sentence_ranking_submitted(ev: e.RankingSubmitted, w: _Where) -> str:
    return t(w.lang, "event.ranking_submitted", role=w.role(ev.role))


@_sentence.register
def _sentence_ranking_revised(ev: e.RankingRevised, w: _Where) -> str:
    top = w.problem(ev.order[0]) if ev.order else "-"
    return t(
        w.lang,
        "event.ranking_revised",
        role=w.role(ev.role),
        top=top,
        argument=_quoted(ev.argument),
    )


@_sentence.register
def _sentence_remedy_placed(ev: e.RemedyPlaced, w: _Where) -> str:
    return t(
        w.lang,
        "event.remedy_placed",
        role=w.role(ev.role),
        remedy=w.remedy(ev.remedy),
        problem=w.problem(ev.problem),
        argument=_quoted(ev.argument),
    )


@_sentence.register
def _sentence_placement_withdrawn(ev: e.PlacementWithdrawn, w: _Where) -> str:
    placed = w.table.placement(ev.placement) if w.table is not None else None
    if placed is None:
        return t(
            w.lang,
            "event.placement_withdrawn.bare",
            player=printable(ev.player),
            placement=printable(ev.placement),
        )
    return t(
        w.lang,
        "event.placement_withdrawn",
        role=w.role(placed.role),
        remedy=w.remedy(placed.remedy),
        problem=w.problem(placed.problem),
    )


@_sentence.register
def _sentence_placement_reacted(ev: e.PlacementReacted, w: _Where) -> str:
    placed = w.table.placement(ev.placement) if w.table is not None else None
    key = f"event.placement_reacted.{ev.kind}"
    if placed is None:
        return t(
            w.lang,
            f"{key}.bare",
            role=w.role(ev.role),
            placement=printable(ev.placement),
            comment=_quoted(ev.comment),
        )
    return t(
        w.lang,
        key,
        role=w.role(ev.role),
        remedy=w.remedy(placed.remedy),
        problem=w.problem(placed.problem),
        comment=_quoted(ev.comment),
    )


@_sentence.register
def _sentence_position_set(ev: e.PositionSet, w: _Where) -> str:
    return t(
        w.lang,
        "event.position_set",
        role=w.role(ev.role),
        value=ev.value,
        question=w.question(ev.dilemma),
        argument=_quoted(ev.argument),
    )


def next_step(table: Table, following: Phase | None, lang: str | None = None) -> str:
    """What the table does next, in words; ``following`` is the phase an advance leads to
    (``rules.next_phase``), passed in so that this module needs no rules."""
    lang = lang if lang is not None else table.deck.language
    phase = table.phase
    if phase is Phase.LOBBY:
        return t(lang, "next.lobby", seated=len(table.active_roles()), roles=len(table.deck.roles))
    if phase is Phase.RANK:
        waiting = [printable(table.role_name(r)) for r in waiting_roles(table)]
        return t(lang, "next.rank", waiting=", ".join(waiting) or "-")
    if phase is Phase.SCORED:
        return t(lang, "next.scored")
    after = t(lang, f"phase.{following.value}") if following else "-"
    return t(lang, "next.then", step=t(lang, f"next.{phase.value}"), after=after)
