"""Builders shared by the scoring tests: a tiny deck, a table driven through the engine, random
but valid rounds, and a consistent renaming of a deck and its event log.

The deal is folded in as a ``Dealt`` event so a hand-worked test chooses exactly which problems,
hands and dilemmas are on the table; every move after that goes through ``rules.handle``, so a
test can only build rounds the engine accepts.
"""

from __future__ import annotations

import copy
from collections.abc import Mapping, Sequence
from typing import Any

from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.events import Event, event_adapter
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import fold, handle, new_table
from sammenspil.game.state import Phase, Table
from sammenspil.rng import SeededRandom
from sammenspil.scoring.report import ScoreReport, score_table

ARGUED = "this answers the problem well"  # five words: argued under argument_min_words = 4

_TITLES = {
    "en": {
        "roles": {"state": "The state", "region": "The regions", "municipality": "The councils"},
        "problems": {
            "handover": "Handover",
            "silos": "Silos",
            "rules": "Rule thicket",
            "goals": "Too many goals",
        },
        "remedies": {
            "talk": "Talk monthly",
            "values": "Shared values",
            "pilot": "Pilot first",
            "platform": "One platform",
            "law": "A new law",
            "network": "Leader network",
            "secondment": "Secondments",
            "checklist": "A checklist",
        },
        "dilemmas": {
            "levels": ("Who sets service levels?", "The state", "The council"),
            "speed": ("How fast should reform go?", "Slowly", "At once"),
        },
    },
    "da": {
        "roles": {"state": "Staten", "region": "Regionerne", "municipality": "Kommunerne"},
        "problems": {
            "handover": "Overgange",
            "silos": "Siloer",
            "rules": "Regeltæt",
            "goals": "For mange mål",
        },
        "remedies": {
            "talk": "Tal sammen hver måned",
            "values": "Fælles værdier",
            "pilot": "Afprøv først",
            "platform": "Én platform",
            "law": "En ny lov",
            "network": "Ledernetværk",
            "secondment": "Udstationering",
            "checklist": "En tjekliste",
        },
        "dilemmas": {
            "levels": ("Hvem sætter serviceniveauet?", "Staten", "Kommunen"),
            "speed": ("Hvor hurtigt skal en reform gå?", "Langsomt", "Med det samme"),
        },
    },
}

# id: (addresses, owners, kind, pace, effort)
_REMEDIES: dict[str, tuple[list[str], list[str], str, str, int]] = {
    "talk": (
        ["handover", "silos"],
        ["state", "region", "municipality"],
        "dialogue",
        "incremental",
        1,
    ),
    "values": (["tag:regulation", "goals"], ["state"], "culture", "incremental", 1),
    "pilot": (["handover"], ["municipality"], "preparation", "incremental", 2),
    "platform": (["silos"], ["state"], "structure", "big-bang", 5),
    "law": (["rules"], ["state"], "rule", "big-bang", 4),
    "network": (["silos", "goals"], ["region"], "capability", "incremental", 3),
    "secondment": (["handover"], ["municipality"], "capability", "incremental", 2),
    "checklist": (["rules"], ["municipality", "region"], "rule", "incremental", 1),
}

_LEVELS = {
    "handover": ["region", "municipality"],
    "silos": ["state", "region", "municipality"],
    "rules": ["state", "municipality"],
    "goals": ["state"],
}


def deck_data(language: str = "en") -> dict[str, Any]:
    """The tiny test deck as plain data, for tests that change a rule or a card first."""
    t = _TITLES[language]
    return {
        "format": 1,
        "id": "tiny",
        "title": "Tiny deck" if language == "en" else "Lille kortsæt",
        "language": language,
        "rules": {
            "problems": 4,
            "hand": 2,
            "dilemmas": 2,
            "change_budget": 6,
            "effort_budget": 12,
            "argument_min_words": 4,
        },
        "roles": [{"id": k, "name": v} for k, v in t["roles"].items()],
        "problems": [
            {
                "id": k,
                "title": v,
                "levels": _LEVELS[k],
                "tags": ["regulation"] if k == "rules" else [],
            }
            for k, v in t["problems"].items()
        ],
        "remedies": [
            {
                "id": k,
                "title": t["remedies"][k],
                "addresses": a,
                "owners": o,
                "kind": kind,
                "pace": pace,
                "effort": effort,
            }
            for k, (a, o, kind, pace, effort) in _REMEDIES.items()
        ],
        "dilemmas": [
            {"id": k, "question": q, "left": left, "right": right}
            for k, (q, left, right) in t["dilemmas"].items()
        ],
    }


def tiny_deck(language: str = "en", **changes: Any) -> Deck:
    """The tiny deck; keyword arguments replace top-level keys, e.g. ``scoring={...}``."""
    data = deck_data(language)
    for key, value in changes.items():
        if key == "rules":
            data["rules"] = {**data["rules"], **value}
        else:
            data[key] = value
    return Deck.model_validate(data)


class Play:
    """A table with a chosen deal, then driven move by move through the engine."""

    def __init__(
        self,
        deck: Deck,
        seats: Mapping[str, str],
        *,
        problems: Sequence[str],
        hands: Mapping[str, Sequence[str]],
        dilemmas: Sequence[str] = (),
        seed: int = 1,
        name: str = "Table 1",
    ) -> None:
        events: list[Event] = []
        for player, role in seats.items():
            events += [e.PlayerJoined(player=player), e.RoleChosen(player=player, role=role)]
        events += [
            e.Dealt(
                problems=list(problems),
                dilemmas=list(dilemmas),
                hands={role: list(cards) for role, cards in hands.items()},
            ),
            e.PhaseChanged(phase=Phase.RANK),
        ]
        self.table = fold(new_table(deck, table_id="t1", name=name, seed=seed), events)
        self.log: list[Event] = events  # every event from the lobby on, as a save keeps them
        self._first = next(iter(seats))

    def do(self, command: c.Command) -> list[Event]:
        result = handle(self.table, command)
        assert not isinstance(result, Refusal), f"{command!r} refused: {result.reason}"
        self.table, events = result
        self.log += events
        return events

    def rank(self, player: str, order: Sequence[str], argument: str = "") -> Play:
        self.do(c.SubmitRanking(player=player, order=list(order), argument=argument))
        return self

    def revise(self, player: str, order: Sequence[str], argument: str = "") -> Play:
        self.do(c.ReviseRanking(player=player, order=list(order), argument=argument))
        return self

    def advance(self) -> Play:
        self.do(c.Advance(player=self._first))
        return self

    def place(self, player: str, remedy: str, problem: str, argument: str = ARGUED) -> str:
        events = self.do(
            c.PlaceRemedy(player=player, remedy=remedy, problem=problem, argument=argument)
        )
        placed = events[0]
        assert isinstance(placed, e.RemedyPlaced)
        return placed.placement

    def endorse(self, player: str, placement: str, comment: str = "") -> Play:
        self.do(c.Endorse(player=player, placement=placement, comment=comment))
        return self

    def challenge(self, player: str, placement: str, comment: str) -> Play:
        self.do(c.Challenge(player=player, placement=placement, comment=comment))
        return self

    def withdraw(self, player: str, placement: str) -> Play:
        self.do(c.Withdraw(player=player, placement=placement))
        return self

    def position(self, player: str, dilemma: str, value: int, argument: str = "") -> Play:
        self.do(c.SetPosition(player=player, dilemma=dilemma, value=value, argument=argument))
        return self

    def lock(self) -> Play:
        self.do(c.Lock(player=self._first))
        return self

    def score(self, registry: Any = None) -> ScoreReport:
        return score_table(self.table, registry)


SEATS = {"S": "state", "R": "region", "M": "municipality"}
PROBLEMS = ["handover", "silos", "rules", "goals"]
HANDS = {
    "state": ["platform", "law", "values"],
    "region": ["pilot", "talk", "network"],
    "municipality": ["secondment", "checklist"],
}


def standard_play(language: str = "en", **deck_changes: Any) -> Play:
    """The round the hand-worked numbers in test_heuristics.py are computed for.

    Rankings (n = 4, deal order handover, silos, rules, goals):
        S: silos, goals, rules, handover
        R: handover, silos, goals, rules
        M: handover, rules, silos, goals
    Borda points (n - rank): handover 0+3+3 = 6, silos 3+2+1 = 6, rules 1+0+2 = 3,
    goals 2+1+0 = 3. handover beats silos on first places (2 to 1); rules and goals tie on
    first places (0) and best rank (2), so the deal order puts rules first.
    Joint: handover (w 4), silos (3), rules (2), goals (1); the weights sum to 10.

    Live placements (p6 is withdrawn):
        p1 S platform -> silos     structure, big-bang, effort 5, owned by S
        p2 R pilot    -> handover  preparation, incremental, effort 2, owned by M only
        p3 M secondment -> handover capability, incremental, effort 2, owned by M
        p4 S law      -> goals     rule, big-bang, effort 4; law addresses rules, not goals
        p5 R talk     -> silos     dialogue, incremental, effort 1, owned by all
    Reactions: M endorses p1, S challenges p2 (p3, p4, p5 get none).
    Positions: levels S 1 (argued), R 2 (no argument), M 5 (argued); speed S 3 ("Slowly"),
    R 3 (argued); M takes no position on speed.
    """
    deck = tiny_deck(language, **deck_changes)
    play = Play(deck, SEATS, problems=PROBLEMS, hands=HANDS, dilemmas=["levels", "speed"])
    play.rank("S", ["silos", "goals", "rules", "handover"], "silos first for us")
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("M", ["handover", "rules", "silos", "goals"])
    play.advance()  # reveal -> respond
    play.place("S", "platform", "silos")
    p2 = play.place("R", "pilot", "handover", "we can try this out first")
    play.place("M", "secondment", "handover")
    play.place("S", "law", "goals", "a law sets the goals straight")
    play.place("R", "talk", "silos")
    p6 = play.place("M", "checklist", "rules")
    play.endorse("M", "p1", "yes, one platform for all")
    play.challenge("S", p2, "who pays for the pilot?")
    play.withdraw("M", p6)
    play.advance()  # respond -> dilemmas
    play.position("S", "levels", 1, "the state must set the frame")
    play.position("R", "levels", 2)
    play.position("M", "levels", 5, "local needs differ a lot")
    play.position("S", "speed", 3, "Slowly")
    play.position("R", "speed", 3, "step by step is best")
    return play


# --- random but valid rounds -------------------------------------------------------------------

_WORDS = ["we", "can", "start", "here", "together", "because", "the", "citizen", "waits", "now"]


def _sentence(rng: SeededRandom, least: int) -> str:
    return " ".join(_WORDS[rng.below(len(_WORDS))] for _ in range(least + rng.below(4)))


def random_round(deck: Deck, seed: int, players: int) -> tuple[Table, list[Event]]:
    """A whole round of random but valid moves; returns the final table and its event log.

    Moves the engine refuses (a card already reacted to, say) are simply not logged, so the
    round is always one the engine accepts. The round may stop early (locked after the reveal).
    """
    rng = SeededRandom(seed)
    table = new_table(deck, table_id="rnd", name="Random", seed=seed)
    log: list[Event] = []
    need = deck.rules.argument_min_words

    def do(command: c.Command) -> bool:
        nonlocal table
        result = handle(table, command)
        if isinstance(result, Refusal):
            return False
        table, events = result
        log.extend(events)
        return True

    roles = [r.id for r in deck.roles]
    for i in range(players):
        assert do(c.Join(player=f"p{i}"))
        assert do(c.ChooseRole(player=f"p{i}", role=roles[rng.below(len(roles))]))
    assert do(c.Start(player="p0"))
    members: dict[str, list[str]] = {}
    for p in table.players.values():
        if p.role:
            members.setdefault(p.role, []).append(p.name)

    def someone(role: str) -> str:
        return members[role][rng.below(len(members[role]))]

    for role in members:
        argument = _sentence(rng, 0) if rng.below(2) else ""
        assert do(
            c.SubmitRanking(
                player=someone(role), order=rng.shuffled(table.problems), argument=argument
            )
        )
    assert table.phase is Phase.REVEAL
    for role in members:
        if rng.below(2):
            assert do(c.ReviseRanking(player=someone(role), order=rng.shuffled(table.problems)))
    if rng.below(8) == 0:
        assert do(c.Lock(player="p0"))
        return table, log
    assert do(c.Advance(player="p0"))
    role_list = list(members)
    for _ in range(rng.below(4 * len(role_list) * deck.rules.hand + 1)):
        role = role_list[rng.below(len(role_list))]
        action = rng.below(10)
        live = table.live_placements()
        if action < 6 and table.hands.get(role):
            hand = table.hands[role]
            do(
                c.PlaceRemedy(
                    player=someone(role),
                    remedy=hand[rng.below(len(hand))],
                    problem=table.problems[rng.below(len(table.problems))],
                    argument=_sentence(rng, max(need, 1)),
                )
            )
        elif action < 8 and live:
            target = live[rng.below(len(live))]
            comment = _sentence(rng, 1)
            if rng.below(2):
                do(c.Endorse(player=someone(role), placement=target.id, comment=comment))
            else:
                do(c.Challenge(player=someone(role), placement=target.id, comment=comment))
        elif live:
            own = [p for p in live if p.role == role]
            if own:
                do(c.Withdraw(player=someone(role), placement=own[rng.below(len(own))].id))
    assert do(c.Advance(player="p0"))
    if table.phase is Phase.DILEMMAS:
        for role in members:
            for dilemma in table.dilemmas:
                if rng.below(4):
                    do(
                        c.SetPosition(
                            player=someone(role),
                            dilemma=dilemma,
                            value=1 + rng.below(5),
                            argument=_sentence(rng, rng.below(need + 2)),
                        )
                    )
        assert do(c.Lock(player="p0"))
    return table, log


# --- renaming ----------------------------------------------------------------------------------


# "role" | "problem" | "remedy" | "dilemma" -> old id -> new id
Renaming = Mapping[str, Mapping[str, str]]


def rename_deck(deck: Deck, m: Renaming) -> Deck:
    """The same deck with every id of roles, problems, remedies and dilemmas renamed."""
    data = copy.deepcopy(deck.model_dump(mode="json"))
    role, problem, remedy, dilemma = m["role"], m["problem"], m["remedy"], m["dilemma"]
    for r in data["roles"]:
        r["id"] = role[r["id"]]
    for p in data["problems"]:
        p["id"] = problem[p["id"]]
        p["levels"] = [role[x] for x in p["levels"]]
    for r in data["remedies"]:
        r["id"] = remedy[r["id"]]
        r["owners"] = [role[x] for x in r["owners"]]
        r["addresses"] = [a if a.startswith("tag:") else problem[a] for a in r["addresses"]]
    for d in data["dilemmas"]:
        d["id"] = dilemma[d["id"]]
    return Deck.model_validate(data)


def rename_event(event: Event, m: Renaming) -> Event:
    data = event.model_dump(mode="json")
    role, problem, remedy, dilemma = m["role"], m["problem"], m["remedy"], m["dilemma"]
    if "role" in data and data["type"] != "placement_withdrawn":
        data["role"] = role[data["role"]]
    match data["type"]:
        case "dealt":
            data["problems"] = [problem[p] for p in data["problems"]]
            data["dilemmas"] = [dilemma[d] for d in data["dilemmas"]]
            data["hands"] = {role[r]: [remedy[x] for x in h] for r, h in data["hands"].items()}
        case "ranking_submitted" | "ranking_revised":
            data["order"] = [problem[p] for p in data["order"]]
        case "remedy_placed":
            data["remedy"] = remedy[data["remedy"]]
            data["problem"] = problem[data["problem"]]
        case "position_set":
            data["dilemma"] = dilemma[data["dilemma"]]
    return event_adapter.validate_python(data)


def refold(table: Table, deck: Deck, events: Sequence[Event]) -> Table:
    """The table rebuilt from scratch over ``deck`` and ``events``, as a save is replayed."""
    start = new_table(deck, table_id=table.id, name=table.name, seed=table.seed)
    return fold(start, events)
