"""Random play against the rulebook: whatever players send, the table's invariants hold.

A hypothesis state machine sends random commands from random players (real ones, strangers and
badly named ones) on both bundled decks, and after every step checks what must always be true:
each remedy card lies in one place, hands only shrink, nobody sees another role's ranking before
the reveal, the event log replays to the same table, and a save of it loads to the same table.

It also checks the rules that keep a round moving and honest: the helper rules that push a
round forward are accepted (progress), a command made against the current version is never
stale, two commands against one version on one subject are never both accepted, and what
``allowed`` says a player may do covers every move the rules accept.

The default run takes some 20 seconds; ``HYPOTHESIS_PROFILE=long`` runs it ten times deeper.
"""

from __future__ import annotations

import tempfile
from functools import cache
from pathlib import Path

from hypothesis import HealthCheck, event, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)

from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.game import commands as c
from sammenspil.game import events as e
from sammenspil.game.allowed import allowed
from sammenspil.game.queries import ACTION_OF, may_steer, waiting_roles
from sammenspil.game.refusals import Refusal
from sammenspil.game.rules import apply, decide, fold, new_table
from sammenspil.game.state import PHASE_ORDER, Phase, Settings, Table
from sammenspil.game.views import view_for
from sammenspil.saves import Round, load_round
from sammenspil.scoring.report import score_table

ROOT = Path(__file__).resolve().parents[1]
DECK_FILES = ("sammenhaeng.da.toml", "coherence.en.toml")

STEPS = 60

GOOD_NAMES = ["ann", "ben", "cis", "dan", "eva", "Søren Ærø"]
BAD_NAMES = ["", "  ", " lead", "esc\x1b[2J", "rtl\u202eevil", "tab\tname", "x" * 40, "nul\x00"]
TEXTS = [
    "",
    "ja",
    "this is argued in enough words",
    "det er argumenteret i nok ord her",
    "two\nlines of a longer argument here",
    "clear \x1b[2J the screen for everyone",
    "a bidi \u202e override in the middle",
    "a lone \ud800 surrogate cannot be saved",
    "long " * 250,
]


@cache
def bundled(name: str) -> Deck:
    deck, _warnings = load_deck(ROOT / "decks" / name)
    return deck


class TableMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.table: Table | None = None
        self.events: list[e.Event] = []
        self.hands: dict[str, list[str]] = {}
        self.phase = Phase.LOBBY
        self.refusals: dict[str, int] = {}

    # --- set-up ----------------------------------------------------------------------------

    @initialize(
        deck_file=st.sampled_from(DECK_FILES),
        seed=st.integers(min_value=0, max_value=2**64 - 1),
        anyone_advances=st.booleans(),
        seats=st.lists(
            st.tuples(st.sampled_from(GOOD_NAMES), st.integers(0, 2)), min_size=1, max_size=5
        ),
    )
    def setup(
        self, deck_file: str, seed: int, anyone_advances: bool, seats: list[tuple[str, int]]
    ) -> None:
        self.fresh = new_table(
            bundled(deck_file),
            table_id="machine01",
            name="Bord æøå",
            seed=seed,
            anyone_advances=anyone_advances,
        )
        self.table = self.fresh
        # Some players sit down at once, so more rounds get past the lobby; the rules below
        # still join, seat and unseat players at random.
        self.send(c.Join(player="fay", facilitator=True))
        roles = self.fresh.deck_role_ids()
        for name, role in seats:
            self.send(c.Join(player=name))
            self.send(c.ChooseRole(player=name, role=roles[role % len(roles)]))

    # --- helpers ---------------------------------------------------------------------------

    def send(self, command: c.Command) -> bool:
        """Decide and apply one command; a refusal must come back as a value, never raise.

        Whatever is accepted, ``allowed`` said beforehand that the player may do; a command
        made against the table as it is now is never refused as stale.
        """
        assert self.table is not None
        decision = decide(self.table, command)
        if isinstance(decision, Refusal):
            assert decision.code and decision.reason
            if command.seen == self.table.version:
                assert decision.code != "stale", command
            self.refusals[decision.code] = self.refusals.get(decision.code, 0) + 1
            return False
        assert isinstance(decision, list) and decision
        action = ACTION_OF.get(type(command))
        if action is not None:
            may = allowed(self.table, command.player)
            assert getattr(may, action), (command, may)
        table = self.table
        for fact in decision:
            table = apply(table, fact)
        self.events += decision
        self.table = table
        return True

    def who(self, data: st.DataObject) -> str:
        """Mostly someone at the table, sometimes a stranger or a bad name."""
        assert self.table is not None
        joined = sorted(self.table.players)
        if joined and data.draw(st.integers(0, 9), label="joined?") < 8:
            return data.draw(st.sampled_from(joined), label="player")
        return data.draw(st.sampled_from(GOOD_NAMES + BAD_NAMES), label="player")

    def seated_player(self, data: st.DataObject) -> str:
        """Mostly a seated player, who can act for a role."""
        assert self.table is not None
        seated = sorted(n for n, p in self.table.players.items() if p.seated)
        if seated and data.draw(st.integers(0, 9), label="seated?") < 8:
            return data.draw(st.sampled_from(seated), label="seated player")
        return self.who(data)

    def seen(self, data: st.DataObject) -> int | None:
        assert self.table is not None
        match data.draw(st.integers(0, 5), label="with seen?"):
            case 0:
                return data.draw(st.integers(0, self.table.version), label="seen")
            case 1:
                return self.table.version
        return None

    def order(self, data: st.DataObject) -> list[str]:
        """A valid permutation of the dealt problems most of the time, else a broken one."""
        assert self.table is not None
        problems = list(self.table.problems) or [p.id for p in self.table.deck.problems[:6]]
        order = data.draw(st.permutations(problems), label="order")
        match data.draw(st.integers(0, 9), label="break order?"):
            case 0:
                return order[:-1]
            case 1:
                return [*order[:-1], order[0]]
            case 2:
                return [*order, "no-such-problem"]
            case _:
                return order

    def argument(self, data: st.DataObject) -> str:
        return data.draw(st.sampled_from(TEXTS[2:4]) | st.sampled_from(TEXTS), label="text")

    def placement_id(self, data: st.DataObject) -> str:
        assert self.table is not None
        return f"p{data.draw(st.integers(1, len(self.table.placements) + 1), label='placement')}"

    # --- rules -----------------------------------------------------------------------------

    @rule(
        name=st.sampled_from(GOOD_NAMES + BAD_NAMES),
        spectator=st.booleans(),
        facilitator=st.booleans(),
    )
    def join(self, name: str, spectator: bool, facilitator: bool) -> None:
        self.send(c.Join(player=name, spectator=spectator, facilitator=facilitator))

    @rule(data=st.data())
    def leave(self, data: st.DataObject) -> None:
        if data.draw(st.integers(0, 3), label="really leave?") == 0:
            self.send(c.Leave(player=self.who(data)))

    @rule(data=st.data())
    def choose_role(self, data: st.DataObject) -> None:
        assert self.table is not None
        roles = [*self.table.deck_role_ids(), "no-such-role"]
        role = data.draw(st.sampled_from(roles), label="role")
        self.send(c.ChooseRole(player=self.who(data), role=role, seen=self.seen(data)))

    @rule(data=st.data())
    def start(self, data: st.DataObject) -> None:
        self.send(c.Start(player=self.who(data), seen=self.seen(data)))

    @rule(data=st.data())
    def submit_ranking(self, data: st.DataObject) -> None:
        command = c.SubmitRanking(
            player=self.seated_player(data),
            order=self.order(data),
            argument=self.argument(data),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data())
    def revise_ranking(self, data: st.DataObject) -> None:
        command = c.ReviseRanking(
            player=self.seated_player(data),
            order=self.order(data),
            argument=self.argument(data),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data())
    def place_remedy(self, data: st.DataObject) -> None:
        assert self.table is not None
        player = self.seated_player(data)
        role = self.table.players[player].role if player in self.table.players else None
        own = self.table.hands.get(role or "", [])
        every = [r.id for r in self.table.deck.remedies]
        if own and data.draw(st.integers(0, 3), label="own card?"):
            card = data.draw(st.sampled_from(own), label="own card")
        else:
            card = data.draw(st.sampled_from(every), label="any card")
        problems = list(self.table.problems) or [p.id for p in self.table.deck.problems]
        problem = data.draw(st.sampled_from([*problems, "no-such-problem"]), label="problem")
        command = c.PlaceRemedy(
            player=player,
            remedy=card,
            problem=problem,
            argument=self.argument(data),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data())
    def withdraw(self, data: st.DataObject) -> None:
        placement = self.placement_id(data)
        self.send(c.Withdraw(player=self.seated_player(data), placement=placement))

    @rule(data=st.data())
    def endorse(self, data: st.DataObject) -> None:
        command = c.Endorse(
            player=self.seated_player(data),
            placement=self.placement_id(data),
            comment=data.draw(st.sampled_from(TEXTS), label="comment"),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data())
    def challenge(self, data: st.DataObject) -> None:
        command = c.Challenge(
            player=self.seated_player(data),
            placement=self.placement_id(data),
            comment=data.draw(st.sampled_from(TEXTS), label="comment"),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data(), value=st.integers(1, 5))
    def set_position(self, data: st.DataObject, value: int) -> None:
        assert self.table is not None
        dilemmas = [*self.table.dilemmas, *(d.id for d in self.table.deck.dilemmas[:2])]
        command = c.SetPosition(
            player=self.seated_player(data),
            dilemma=data.draw(st.sampled_from(dilemmas), label="dilemma"),
            value=value,
            argument=self.argument(data),
            seen=self.seen(data),
        )
        self.send(command)

    @rule(data=st.data())
    def advance(self, data: st.DataObject) -> None:
        self.send(c.Advance(player=self.who(data), seen=self.seen(data)))

    @rule(data=st.data())
    def lock(self, data: st.DataObject) -> None:
        if data.draw(st.integers(0, 3), label="really lock?") == 0:
            self.send(c.Lock(player=self.who(data), seen=self.seen(data)))

    @precondition(lambda self: self.table is not None and self.table.phase is Phase.RANK)
    @rule(data=st.data())
    def every_role_ranks(self, data: st.DataObject) -> None:
        """A player of each waiting role submits a valid order: accepted, and the reveal follows."""
        assert self.table is not None
        waiting = waiting_roles(self.table)
        for role in waiting:
            names = sorted(n for n, p in self.table.players.items() if p.seated and p.role == role)
            order = data.draw(st.permutations(self.table.problems), label="order")
            name = data.draw(st.sampled_from(names), label="ranker")
            assert self.send(c.SubmitRanking(player=name, order=order)), (name, role)
        if waiting:
            assert self.table.phase is Phase.REVEAL

    @precondition(
        lambda self: self.table is not None and self.table.phase not in (Phase.RANK, Phase.SCORED)
    )
    @rule(data=st.data())
    def steer(self, data: st.DataObject) -> None:
        """Someone who may steer moves the table on: accepted, to the next phase."""
        assert self.table is not None
        if self.table.phase is Phase.RESPOND and data.draw(st.integers(0, 2), label="hold?"):
            return  # leave time to play cards
        steerers = sorted(n for n in self.table.players if may_steer(self.table, n))
        if not steerers:
            return
        before = self.table.phase
        sent = self.send(c.Advance(player=data.draw(st.sampled_from(steerers), label="steerer")))
        # Only the lobby may hold: nobody has taken a role yet.
        assert sent or (before is Phase.LOBBY and not self.table.active_roles())
        if sent:
            assert PHASE_ORDER.index(self.table.phase) > PHASE_ORDER.index(before)

    @precondition(lambda self: self.table is not None and self.table.phase is Phase.RESPOND)
    @rule(data=st.data())
    def a_role_places(self, data: st.DataObject) -> None:
        """A seated player plays a card from the role's hand with a proper argument: accepted."""
        assert self.table is not None
        table = self.table
        seated = sorted(n for n, p in table.players.items() if p.seated and table.hands.get(p.role))
        if not seated:
            return
        name = data.draw(st.sampled_from(seated), label="placer")
        hand = table.hands[table.players[name].role]  # type: ignore[index]
        command = c.PlaceRemedy(
            player=name,
            remedy=data.draw(st.sampled_from(hand), label="card"),
            problem=data.draw(st.sampled_from(table.problems), label="problem"),
            argument=TEXTS[2],
        )
        assert self.send(command), command

    @rule(data=st.data())
    def race(self, data: st.DataObject) -> None:
        """Two commands on one subject against the same version: never both accepted.

        Where each alone would be accepted, the second is refused as stale once the first is in
        (or as locked, when the first closed the round).
        """
        assert self.table is not None
        table = self.table
        v = table.version
        pair = self.racing_pair(data)
        if pair is None:
            return
        first, second = (cmd.model_copy(update={"seen": v}) for cmd in pair)
        both = not isinstance(decide(table, first), Refusal) and not isinstance(
            decide(table, second), Refusal
        )
        accepted = self.send(first)
        after = decide(self.table, second)
        if accepted:
            assert isinstance(after, Refusal), (first, second)
        if both:
            # Refused for having raced, or because the winner locked the round.
            assert isinstance(after, Refusal), (first, second, after)
            want = "locked" if self.table.locked else "stale"
            assert after.code == want, (first, second, after)
            event(f"race on {first.type}")

    def racing_pair(self, data: st.DataObject) -> tuple[c.Command, c.Command] | None:
        """Two commands that act on one subject (one seat, card, ranking, placement...)."""
        assert self.table is not None
        table = self.table
        seated = sorted(n for n, p in table.players.items() if p.seated)
        if not table.players:
            return None
        pick = data.draw(st.integers(0, 5), label="race kind")
        anyone = sorted(table.players)
        if pick == 0:
            name = data.draw(st.sampled_from(anyone), label="chooser")
            roles = data.draw(st.permutations(table.deck_role_ids()), label="roles")
            return (
                c.ChooseRole(player=name, role=roles[0]),
                c.ChooseRole(player=name, role=roles[1]),
            )
        if pick == 1:
            a, b = (data.draw(st.sampled_from(anyone), label="steerer") for _ in range(2))
            return c.Advance(player=a), c.Advance(player=b)
        if not seated:
            return None
        a = data.draw(st.sampled_from(seated), label="racer")
        role = table.players[a].role
        mates = [n for n in seated if table.players[n].role == role]
        b = data.draw(st.sampled_from(mates), label="mate")
        problems = list(table.problems) or ["none"]
        if pick == 2:
            order = data.draw(st.permutations(problems), label="order")
            return c.SubmitRanking(player=a, order=order), c.SubmitRanking(player=b, order=order)
        if pick == 3:
            hand = table.hands.get(role or "") or ["none"]
            card = data.draw(st.sampled_from(hand), label="card")
            return (
                c.PlaceRemedy(player=a, remedy=card, problem=problems[0], argument=TEXTS[2]),
                c.PlaceRemedy(player=b, remedy=card, problem=problems[-1], argument=TEXTS[3]),
            )
        if pick == 4:
            placement = self.placement_id(data)
            other = data.draw(st.sampled_from(seated), label="other reactor")
            return (
                c.Endorse(player=a, placement=placement),
                c.Challenge(player=other, placement=placement, comment=TEXTS[2]),
            )
        dilemma = (table.dilemmas or ["none"])[0]
        return (
            c.SetPosition(player=a, dilemma=dilemma, value=1),
            c.SetPosition(player=b, dilemma=dilemma, value=5),
        )

    # --- invariants ------------------------------------------------------------------------

    @invariant()
    def each_card_lies_in_one_place(self) -> None:
        if self.table is None:
            return
        places = self.table.card_places()
        assert set(places) == {r.id for r in self.table.deck.remedies}
        for card, where in places.items():
            assert len(where) == 1, f"{card} is in {where}"

    @invariant()
    def hands_never_grow(self) -> None:
        if self.table is None:
            return
        hands = self.table.hands
        if self.hands:
            assert set(hands) == set(self.hands)
            for role, hand in hands.items():
                before = self.hands[role]
                assert set(hand) <= set(before), f"{role}'s hand grew: {before} -> {hand}"
                assert len(hand) <= len(before)
        else:
            size = self.table.deck.rules.hand
            assert all(len(hand) == size for hand in hands.values())
        self.hands = {role: list(hand) for role, hand in hands.items()}

    @invariant()
    def phases_only_move_forward(self) -> None:
        if self.table is None:
            return
        assert PHASE_ORDER.index(self.table.phase) >= PHASE_ORDER.index(self.phase)
        if self.table.phase is not Phase.LOBBY:
            assert self.table.problems and self.table.hands
        self.phase = self.table.phase

    @invariant()
    def nobody_sees_another_roles_ranking_while_ranking(self) -> None:
        if self.table is None:
            return
        table = self.table
        viewers: list[str | None] = [*table.players, None, "stranger"]
        for viewer in viewers:
            view = view_for(table, viewer)
            if table.phase is not Phase.RANK:
                assert view == table
                continue
            player = table.players.get(viewer) if viewer else None
            own = player.role if player is not None and player.seated else None
            assert set(view.rankings) <= ({own} if own else set()), (viewer, list(view.rankings))
            if own in table.rankings:
                assert view.rankings[own] == table.rankings[own]
            assert view.revised == {}
            # Nothing else is hidden or changed.
            assert view.model_copy(update={"rankings": table.rankings}) == table

    @invariant()
    def rankings_are_of_the_dealt_problems(self) -> None:
        if self.table is None:
            return
        for ranking in [*self.table.rankings.values(), *self.table.revised.values()]:
            assert sorted(ranking.order) == sorted(self.table.problems)
        for placement in self.table.placements:
            assert placement.problem in self.table.problems

    @invariant()
    def the_log_replays_to_the_table(self) -> None:
        if self.table is None:
            return
        assert self.table.version == len(self.events)
        assert fold(self.fresh, self.events) == self.table

    def check_save(self) -> None:
        """A save of the whole log loads to the same table; once per run, in the teardown."""
        assert self.table is not None
        fresh = self.fresh
        with tempfile.TemporaryDirectory() as folder:
            round_ = Round.create(
                fresh.deck,
                table_name=fresh.name,
                seed=fresh.seed,
                saves_dir=Path(folder),
                settings=Settings(anyone_advances=fresh.settings.anyone_advances),
                round_id=fresh.id,
            )
            assert round_.table == fresh
            round_.record(self.events)
            assert round_.table == self.table
            loaded = load_round(round_.path)
            assert loaded.table == self.table
            assert loaded.save.meta.phase is self.table.phase
            assert [p.name for p in loaded.save.players] == list(self.table.players)

    def teardown(self) -> None:
        if self.table is None:
            return
        self.check_save()
        event(f"ends in {self.table.phase}")
        event(f"{len(self.table.live_placements())} live placements")
        report = score_table(self.table)
        assert report.total is None or 0 <= report.total <= 100
        for heuristic in report.heuristics:
            assert heuristic.score is None or 0 <= heuristic.score <= 100, heuristic


# The profile's budget (see conftest): 100 runs of 60 steps in make test, and ten times that
# under HYPOTHESIS_PROFILE=long, the deep run of the rules.
TableMachine.TestCase.settings = settings(
    max_examples=settings().max_examples,
    stateful_step_count=STEPS,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    print_blob=True,
)
TestTableMachine = TableMachine.TestCase
