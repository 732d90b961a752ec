"""Why a command was refused, in the table's language. A refusal is a value, never an exception."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

_TEXTS: dict[str, tuple[str, str]] = {
    # code: (English, Danish)
    "locked": ("the round is locked", "runden er låst"),
    "wrong_phase": (
        "it is not the {want} phase (the table is in {phase})",
        "det er ikke {want}-fasen (bordet er i {phase})",
    ),
    "not_at_table": ("{player} has not joined this table", "{player} sidder ikke ved bordet"),
    "name_taken": (
        "the name '{player}' is taken at this table",
        "navnet '{player}' er allerede taget ved bordet",
    ),
    "bad_text": ("{detail}", "{detail}"),
    "unknown_role": (
        "there is no role '{role}' in this deck",
        "der er ingen rolle '{role}' i kortsættet",
    ),
    "role_closed": (
        "the cards are dealt; join one of the roles in play: {roles}",
        "kortene er givet; vælg en af rollerne i spil: {roles}",
    ),
    "spectator": ("spectators do not play moves", "tilskuere spiller ikke træk"),
    "no_role": ("{player} has not chosen a role", "{player} har ikke valgt en rolle"),
    "no_roles": ("nobody has taken a role yet", "ingen har valgt en rolle endnu"),
    "not_allowed": ("only the facilitator can {action}", "kun facilitatoren kan {action}"),
    "bad_order": (
        "the ranking must hold each of the table's problems exactly once{detail}",
        "rangordningen skal have hvert af bordets problemer præcis én gang{detail}",
    ),
    "already_ranked": (
        "{role} has already submitted its ranking",
        "{role} har allerede afleveret sin rangordning",
    ),
    "already_revised": (
        "{role} has already revised its ranking once",
        "{role} har allerede revideret sin rangordning én gang",
    ),
    "not_in_hand": ("'{card}' is not in {role}'s hand", "'{card}' er ikke på {role}s hånd"),
    "already_placed": ("{role} has already placed that card", "{role} har allerede lagt det kort"),
    "unknown_problem": ("'{problem}' is not on the table", "'{problem}' ligger ikke på bordet"),
    "few_words": ("arguments need at least {n} words", "argumenter skal have mindst {n} ord"),
    "no_placement": ("there is no placement '{placement}'", "der er ingen placering '{placement}'"),
    "not_yours": (
        "only {role} can withdraw its own placement",
        "kun {role} kan trække sin egen placering tilbage",
    ),
    "withdrawn": ("that placement has been withdrawn", "den placering er trukket tilbage"),
    "own_placement": (
        "a role cannot endorse or challenge its own placement",
        "en rolle kan ikke støtte eller udfordre sin egen placering",
    ),
    "already_reacted": (
        "{role} has already reacted to this placement",
        "{role} har allerede reageret på denne placering",
    ),
    "need_comment": ("a challenge needs a comment", "en udfordring kræver en kommentar"),
    "unknown_dilemma": (
        "'{dilemma}' is not among the table's dilemmas",
        "'{dilemma}' er ikke blandt bordets dilemmaer",
    ),
    "waiting": ("waiting for rankings from {roles}", "venter på rangordninger fra {roles}"),
    "last_phase": ("the round is already in its last phase", "runden er allerede i sidste fase"),
    "stale": (
        "the table changed since you looked; look again and retry",
        "bordet har ændret sig, siden du kiggede; se efter og prøv igen",
    ),
    "already_joined": ("{player} has already joined", "{player} er allerede med"),
    "same_role": ("{player} already sits in that role", "{player} sidder allerede i den rolle"),
    "join_by_connecting": (
        "you join a table by connecting to it, not by a move",
        "man kommer med ved bordet ved at forbinde sig, ikke med et træk",
    ),
    "not_saved": (
        "the move could not be saved ({detail}); nothing changed",
        "trækket kunne ikke gemmes ({detail}); intet er ændret",
    ),
}

PHASE_NAMES: dict[str, tuple[str, str]] = {
    "lobby": ("lobby", "lobby"),
    "rank": ("ranking", "rangordning"),
    "reveal": ("reveal", "afsløring"),
    "respond": ("respond", "svar"),
    "dilemmas": ("dilemmas", "dilemma"),
    "scored": ("scored", "scoret"),
}


class Refusal(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    reason: str

    def __str__(self) -> str:
        return self.reason


def refuse(language: str, code: str, **fields: Any) -> Refusal:
    english, danish = _TEXTS[code]
    template = danish if language == "da" else english
    return Refusal(code=code, reason=template.format(**fields))


def phase_name(language: str, phase: str) -> str:
    english, danish = PHASE_NAMES.get(phase, (phase, phase))
    return danish if language == "da" else english
