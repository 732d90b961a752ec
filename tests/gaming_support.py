"""Ways to play a round of a bundled deck, each through the engine: the heuristics' specification
in code. ``seed_round`` does what the seed advises; every other strategy is something cheaper a
table might do instead (or a score-guided player might try), and must score clearly below it.

A strategy is a function ``(deck, seed) -> Table``. Each starts from the same deal (three
players, one per role, ``Start`` deals by the seed), so strategies differ only in how they play.
The seed round's texts are real sentences, written per move, in the deck's language: the
substantive-text rule must let varied wording through, not only catch filler.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from sammenspil.deck.models import Deck, Kind, Pace, Remedy
from sammenspil.game import commands as c
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import handle, new_table
from sammenspil.game.state import Phase, Table

Strategy = Callable[[Deck, int], Table]

# The six remedies that sound reasonable and run against the seed (same ids in both decks).
TEMPTING = frozenset(
    {
        "targets-reporting",
        "control-body",
        "national-standards",
        "digital-programme",
        "centralise",
        "rule-per-problem",
    }
)

# --- the seed round's texts: one sentence per move, none a template of another ------------------

TEXTS: dict[str, dict[str, list[str]]] = {
    "en": {
        "rank": [
            "{top} comes first for us: it is where citizens fall between two chairs every week.",
            "Seen from the hospitals, {top} costs the most, and {second} follows close behind.",
            "Our caseworkers meet {top} daily; {second} only matters once that is sorted.",
        ],
        "revise": [
            "After hearing the others we moved {top} up; their examples convinced us.",
            "We had underrated {top}: the regions showed how it drives the rest.",
            "Listening to the municipalities, {top} deserves the top spot after all.",
        ],
        "place": [
            "{remedy} lets the people who actually meet {problem} fix it themselves.",
            "With {remedy} we start small on {problem} and learn before we scale anything.",
            "{problem} needs trust between the levels, and {remedy} builds exactly that.",
            "We can run {remedy} inside our current budget and see {problem} shrink within a year.",
            "Our frontline staff asked for {remedy}; it attacks {problem} where it starts.",
            "{remedy} costs little, and it gives {problem} an owner on every level.",
        ],
        "react": [
            "Yes to {remedy}, and we will send two of our staff to make it work.",
            "Good, but who follows up on {remedy} when the first enthusiasm fades?",
            "We back {remedy}; our own experience with {problem} points the same way.",
            "Careful: {remedy} only helps {problem} if the municipalities are in from day one.",
            "Fine by the regions, as long as {remedy} does not add another reporting duty.",
            "We would join {remedy} and share what we learned about {problem} last year.",
        ],
        "position": [
            "We lean towards {pole}, because the citizens we serve differ a great deal.",
            "Somewhere in the middle: {pole} works for some tasks, not for all of them.",
            "Our answer is {pole}; anything else has failed us in the hospitals.",
            "For us {pole} is right, but we see why the state hesitates.",
            "{pole}, since local councils know their own people best.",
            "We pick {pole} and would accept differences we can explain to a citizen.",
            "Leaning to {pole}: the last reform showed what happens otherwise.",
            "{pole} for the big systems, with room left for local judgement.",
            "We choose {pole}, though it means giving up some control ourselves.",
        ],
    },
    "da": {
        "rank": [
            "{top} kommer først for os: det er der, borgerne falder mellem to stole hver uge.",
            "Set fra sygehusene koster {top} mest, og {second} følger tæt efter.",
            "Vores sagsbehandlere møder {top} hver dag; {second} betyder først noget bagefter.",
        ],
        "revise": [
            "Efter at have hørt de andre har vi rykket {top} op; deres eksempler overbeviste os.",
            "Vi havde undervurderet {top}: regionerne viste, hvordan det driver resten.",
            "Når vi lytter til kommunerne, fortjener {top} alligevel førstepladsen.",
        ],
        "place": [
            "{remedy} lader dem, der faktisk møder {problem}, løse det selv.",
            "Med {remedy} starter vi i det små på {problem} og lærer, før noget skaleres.",
            "{problem} kræver tillid mellem niveauerne, og {remedy} bygger netop den.",
            "Vi kan gennemføre {remedy} inden for budgettet og se {problem} blive mindre på et år.",
            "Medarbejderne i frontlinjen bad om {remedy}; den rammer {problem} ved roden.",
            "{remedy} koster lidt og giver {problem} en ejer på hvert niveau.",
        ],
        "react": [
            "Ja til {remedy}, og vi sender to af vores folk for at få det til at virke.",
            "Godt, men hvem følger op på {remedy}, når begejstringen har lagt sig?",
            "Vi bakker op om {remedy}; vores egne erfaringer med {problem} peger samme vej.",
            "Pas på: {remedy} hjælper kun på {problem}, hvis kommunerne er med fra første dag.",
            "Fint for regionerne, så længe {remedy} ikke giver endnu et rapporteringskrav.",
            "Vi går gerne med i {remedy} og deler, hvad vi lærte om {problem} sidste år.",
        ],
        "position": [
            "Vi hælder mod {pole}, fordi de borgere, vi betjener, er meget forskellige.",
            "Et sted i midten: {pole} virker for nogle opgaver, ikke for dem alle.",
            "Vores svar er {pole}; alt andet er slået fejl for os på sygehusene.",
            "For os er {pole} rigtigt, men vi forstår, hvorfor staten tøver.",
            "{pole}, da lokalrådene kender deres egne folk bedst.",
            "Vi vælger {pole} og vil acceptere forskelle, vi kan forklare en borger.",
            "Vi hælder til {pole}: den sidste reform viste, hvad der ellers sker.",
            "{pole} for de store systemer, med plads til lokalt skøn.",
            "Vi vælger {pole}, selv om det betyder, at vi selv giver slip på noget kontrol.",
        ],
    },
}

LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor."
PARAGRAPH = {
    "en": (
        "We have discussed this carefully and believe it is the right choice for everyone "
        "involved, because it matters for all of us."
    ),
    "da": (
        "Vi har drøftet dette grundigt og mener, at det er det rigtige valg for alle, der er "
        "involveret, fordi det betyder noget for os alle."
    ),
}
SHORT = {"en": "we think this good", "da": "vi synes det godt"}
TEMPLATE = {
    "en": "We place {remedy} on {problem} because it matters for all of us.",
    "da": "Vi lægger {remedy} på {problem}, fordi det betyder noget for os alle.",
}


class Round:
    """One table of a bundled deck, three players (one per role), dealt by ``seed``."""

    def __init__(self, deck: Deck, seed: int) -> None:
        self.deck = deck
        self.lang = deck.language
        self.table = new_table(deck, table_id="game", name="Gaming", seed=seed)
        self.roles = [r.id for r in deck.roles]
        self.player = {role: f"p{i}" for i, role in enumerate(self.roles)}
        for role, player in self.player.items():
            self.do(c.Join(player=player))
            self.do(c.ChooseRole(player=player, role=role))
        self.do(c.Start(player="p0"))
        self.used: dict[str, int] = {}

    def do(self, command: c.Command) -> None:
        result = handle(self.table, command)
        assert not isinstance(result, Refusal), f"{command!r} refused: {result.reason}"
        self.table = result[0]

    def text(self, kind: str, **fields: str) -> str:
        """The next unused sentence of ``kind`` in the deck's language, filled in."""
        pool = TEXTS[self.lang][kind]
        i = self.used.get(kind, 0)
        self.used[kind] = i + 1
        return pool[i % len(pool)].format(**fields)

    # steps ------------------------------------------------------------------------------------
    def rank(self, orders: dict[str, list[str]], argue: Callable[[str, list[str]], str]) -> None:
        for role in self.roles:
            order = orders[role]
            self.do(
                c.SubmitRanking(player=self.player[role], order=order, argument=argue(role, order))
            )
        assert self.table.phase is Phase.REVEAL

    def revise(self, orders: dict[str, list[str]], argue: Callable[[str, list[str]], str]) -> None:
        for role, order in orders.items():
            self.do(
                c.ReviseRanking(player=self.player[role], order=order, argument=argue(role, order))
            )

    def advance(self) -> None:
        self.do(c.Advance(player="p0"))

    def place(self, role: str, remedy: str, problem: str, argument: str) -> str:
        self.do(
            c.PlaceRemedy(
                player=self.player[role], remedy=remedy, problem=problem, argument=argument
            )
        )
        return self.table.placements[-1].id

    def react(self, role: str, placement: str, comment: str, endorse: bool = True) -> None:
        verb = c.Endorse if endorse else c.Challenge
        self.do(verb(player=self.player[role], placement=placement, comment=comment))

    def position(self, role: str, dilemma: str, value: int, argument: str) -> None:
        self.do(
            c.SetPosition(player=self.player[role], dilemma=dilemma, value=value, argument=argument)
        )

    def lock(self) -> Table:
        self.do(c.Lock(player="p0"))
        return self.table

    # reading the deal -----------------------------------------------------------------------
    def title(self, card: str) -> str:
        return self.deck.problem(card).title

    def addresses(self, remedy: str, problem: str) -> bool:
        return problem in self.deck.addressed_problems(self.deck.remedy(remedy))

    def base_order(self) -> list[str]:
        """The order the seed round converges on: problems that run through most of the roles
        first (they are where coherence is at stake), then the deal order."""
        problems = list(self.table.problems)
        return sorted(problems, key=lambda p: -len(self.deck.problem(p).levels))

    def own_order(self, role: str) -> list[str]:
        """A role's own view: the problems in its own chain first, the rest after."""
        problems = list(self.table.problems)
        shift = self.roles.index(role) * 2
        rotated = problems[shift:] + problems[:shift]
        return sorted(rotated, key=lambda p: role not in self.deck.problem(p).levels)


def _seed_card_rank(card: Remedy) -> tuple[int, int, int]:
    """How well a card follows the seed: culture and dialogue first, then preparation and the
    rest; small steps before big bangs; cheap before dear."""
    kind = 0 if card.kind in (Kind.CULTURE, Kind.DIALOGUE) or card.removes_rules else 1
    kind = kind if card.kind is not Kind.PREPARATION else 1
    return (kind, 0 if card.pace is Pace.INCREMENTAL else 1, card.effort)


def _seed_placements(r: Round, central: list[str]) -> list[tuple[str, str, str]]:
    """(role, remedy, problem): addressing, non-tempting, small-step remedies on the central
    problems, along each problem's chain, at most two per role and within the effort budget."""
    chosen: list[tuple[str, str, str]] = []
    effort = 0
    per_role = {role: 0 for role in r.roles}
    hands = {role: list(r.table.hands[role]) for role in r.roles}
    budget = r.deck.rules.effort_budget
    for problem in central:
        for role in r.deck.problem(problem).levels:
            if role not in hands or per_role[role] >= 2:
                continue
            cards = sorted(
                (
                    r.deck.remedy(x)
                    for x in hands[role]
                    if x not in TEMPTING
                    and r.addresses(x, problem)
                    and r.deck.remedy(x).pace is Pace.INCREMENTAL
                ),
                key=_seed_card_rank,
            )
            if not cards or effort + cards[0].effort > budget:
                continue
            card = cards[0]
            chosen.append((role, card.id, problem))
            hands[role].remove(card.id)
            per_role[role] += 1
            effort += card.effort
    return chosen[: r.deck.rules.change_budget]


def play_seed(
    deck: Deck,
    seed: int,
    *,
    text: Callable[[Round, str, dict[str, str]], str] | None = None,
    silent_rankings: bool = False,
    reactions: str = "argued",
    dilemmas: str = "argued",
    spread: bool = False,
) -> Table:
    """The seed round, with one part optionally played the cheap way (for the gaming ones)."""
    r = Round(deck, seed)

    def say(kind: str, **fields: str) -> str:
        return text(r, kind, fields) if text else r.text(kind, **fields)

    base = r.base_order()
    if silent_rankings:
        r.rank({role: base for role in r.roles}, lambda role, order: "")
    else:
        firsts = {role: r.own_order(role) for role in r.roles}
        r.rank(
            firsts,
            lambda role, order: say("rank", top=r.title(order[0]), second=r.title(order[1])),
        )
        r.revise(
            {role: base for role in r.roles if firsts[role] != base},
            lambda role, order: say("revise", top=r.title(order[0])),
        )
    r.advance()
    central = r.table.problems and base[: math.ceil(len(base) / 2)]
    placements = _spread(r) if spread else _seed_placements(r, list(central))
    placed = []
    for role, remedy, problem in placements:
        argument = say("place", remedy=deck.remedy(remedy).title, problem=r.title(problem))
        placed.append((r.place(role, remedy, problem, argument), role, remedy, problem))
    if reactions != "none":
        for i, (pid, role, remedy, problem) in enumerate(placed):
            other = r.roles[(r.roles.index(role) + 1) % len(r.roles)]
            comment = (
                say("react", remedy=deck.remedy(remedy).title, problem=r.title(problem))
                if reactions == "argued"
                else ""
            )
            r.react(other, pid, comment, endorse=reactions == "blank" or i % 3 != 1)
    r.advance()
    if r.table.phase is Phase.DILEMMAS and dilemmas != "none":
        for d_i, dilemma_id in enumerate(r.table.dilemmas):
            dilemma = deck.dilemma(dilemma_id)
            for role_i, role in enumerate(r.roles):
                if dilemmas == "neutral":
                    r.position(role, dilemma_id, 3, "")
                    continue
                value = 1 + (role_i * 2 + d_i) % 5
                pole = dilemma.left if value <= 3 else dilemma.right
                r.position(role, dilemma_id, value, say("position", pole=pole))
    return r.lock()


def _spread(r: Round) -> list[tuple[str, str, str]]:
    """Every card once, over every problem in turn, addressing or not."""
    out = []
    problems = list(r.table.problems)
    i = 0
    for role in r.roles:
        for card in r.table.hands[role]:
            out.append((role, card, problems[i % len(problems)]))
            i += 1
    return out


# --- the strategies ------------------------------------------------------------------------------


def seed_round(deck: Deck, seed: int) -> Table:
    """Argued rankings that converge after the reveal; addressing small-step remedies chained
    across the roles on the central problems; reactions with comments; argued positions."""
    return play_seed(deck, seed)


def silo_round(deck: Deck, seed: int) -> Table:
    """Each role ranks its own chain first and never moves; places its own cards on its own top
    problem, addressing or not; answers nobody; takes the pole that suits it, unargued."""
    r = Round(deck, seed)
    firsts = {role: r.own_order(role) for role in r.roles}
    r.rank(firsts, lambda role, order: "")
    r.advance()
    for role in r.roles:
        top = firsts[role][0]
        hand = list(r.table.hands[role])
        hand.sort(key=lambda x: (not r.addresses(x, top), x not in TEMPTING))
        for card in hand[:3]:
            r.place(role, card, top, "our own problem first")
    r.advance()
    if r.table.phase is Phase.DILEMMAS:
        for dilemma in r.table.dilemmas:
            for role_i, role in enumerate(r.roles):
                r.position(role, dilemma, 1 if role_i == 0 else 5, "")
    return r.lock()


def do_nothing(deck: Deck, seed: int) -> Table:
    """Rank, place nothing, say nothing, lock."""
    r = Round(deck, seed)
    r.rank({role: list(r.table.problems) for role in r.roles}, lambda role, order: "")
    r.advance()
    r.advance()
    return r.lock()


def _filler(words: Callable[[Round, str, dict[str, str]], str]) -> Strategy:
    return lambda deck, seed: play_seed(deck, seed, text=words)


filler_paragraph = _filler(lambda r, kind, fields: PARAGRAPH[r.lang])
filler_paragraph.__doc__ = "The seed round's moves, every text one pasted paragraph."
filler_lorem = _filler(lambda r, kind, fields: LOREM)
filler_lorem.__doc__ = "The seed round's moves, every text lorem ipsum."
filler_short = _filler(lambda r, kind, fields: SHORT[r.lang])
filler_short.__doc__ = "The seed round's moves, every text cut to the minimum word count."


def _template(r: Round, kind: str, fields: dict[str, str]) -> str:
    remedy = fields.get("remedy") or fields.get("top") or fields.get("pole", "")
    problem = fields.get("problem") or fields.get("second") or remedy
    return TEMPLATE[r.lang].format(remedy=remedy, problem=problem)


def filler_template(deck: Deck, seed: int) -> Table:
    """The seed round's moves, every text one template with the card titles slotted in."""
    return play_seed(deck, seed, text=_template)


def silent_agreement(deck: Deck, seed: int) -> Table:
    """The seed round, but every role submits the same ranking, unargued, and never revises."""
    return play_seed(deck, seed, silent_rankings=True)


def neutral_dilemmas(deck: Deck, seed: int) -> Table:
    """The seed round, but everyone at 3 on every dilemma, without a word."""
    return play_seed(deck, seed, dilemmas="neutral")


def blank_reactions(deck: Deck, seed: int) -> Table:
    """The seed round, but every placement endorsed or challenged without a comment."""
    return play_seed(deck, seed, reactions="blank")


def spread_everything(deck: Deck, seed: int) -> Table:
    """The seed round's talk, but every card placed once, spread over every problem."""
    return play_seed(deck, seed, spread=True)


def rules_lawyer(deck: Deck, seed: int) -> Table:
    """Identical unargued rankings with the problems most roles share on top, cheap culture
    cards wherever they fit with the shortest filler, blank endorsements, all dilemmas at 3."""
    r = Round(deck, seed)
    base = r.base_order()
    r.rank({role: base for role in r.roles}, lambda role, order: "")
    r.advance()
    placed = []
    for role in r.roles:
        hand = sorted(r.table.hands[role], key=lambda x: _seed_card_rank(deck.remedy(x)))
        for card in hand[:2]:
            target = next((p for p in base if r.addresses(card, p)), base[0])
            placed.append((r.place(role, card, target, SHORT[r.lang]), role))
    for pid, role in placed:
        other = r.roles[(r.roles.index(role) + 1) % len(r.roles)]
        r.react(other, pid, "")
    r.advance()
    if r.table.phase is Phase.DILEMMAS:
        for dilemma in r.table.dilemmas:
            for role in r.roles:
                r.position(role, dilemma, 3, "")
    return r.lock()


def _card_text(r: Round, kind: str, fields: dict[str, str]) -> str:
    """The text printed on a card the move is about, pasted as the argument."""
    deck = r.deck
    if kind == "place":
        return next(x.text for x in deck.remedies if x.title == fields["remedy"])
    if kind == "react":
        return next(x.text for x in deck.problems if x.title == fields["problem"])
    if kind in ("rank", "revise"):
        return next(x.text for x in deck.problems if x.title == fields["top"])
    dilemma = next(x for x in deck.dilemmas if fields["pole"] in (x.left, x.right))
    return f"{dilemma.question} {dilemma.text}"


def card_texts(deck: Deck, seed: int) -> Table:
    """The seed round's moves, every text pasted from a card it is about."""
    return play_seed(deck, seed, text=_card_text)


GAMING: dict[str, Strategy] = {
    "silent agreement": silent_agreement,
    "neutral dilemmas": neutral_dilemmas,
    "blank reactions": blank_reactions,
    "spread everything": spread_everything,
    "filler: pasted paragraph": filler_paragraph,
    "filler: lorem ipsum": filler_lorem,
    "filler: minimum words": filler_short,
    "filler: title template": filler_template,
    "filler: card texts": card_texts,
    "do nothing": do_nothing,
    "rules-lawyer": rules_lawyer,
}
