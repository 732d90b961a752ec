"""The lobby: pick a deck, name the table and its players, and deal; or resume a round.

Decks and unfinished rounds are read in worker threads, so the first frame appears at once even
when a trainer's folder holds many decks; each worker posts its findings back as one message.
The lobby knows saved rounds only through a ``Rounds`` service and asks for a round with a
message (``tui.rounds``): the app, not the lobby, talks to the saves and the host.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from sammenspil.game.text import name_problem, printable
from sammenspil.i18n import t, t_n
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.rounds import (
    SPECTATOR,
    OpenReview,
    ResumeRound,
    RoundInfo,
    Rounds,
    Seat,
    StartRound,
)
from sammenspil.tui.widgets.action_button import ActionButton
from sammenspil.tui.widgets.deck_list import DeckList, DeckRow
from sammenspil.tui.widgets.key_bar import KeyBar
from sammenspil.tui.widgets.screen_actions import Commands, ScreenActions
from sammenspil.tui.widgets.title_bar import TitleBar

if TYPE_CHECKING:
    from sammenspil.deck.catalog import DeckEntry

SEED_MAX = 999_999
CHECK_ON: tuple[Literal["blur", "submitted"], ...] = ("blur", "submitted")
"""When the prefilled fields are checked (an Input's default adds "changed")."""


def find_decks(deck_dirs: Sequence[Path] | None, extra: Sequence[Path] = ()) -> list[DeckEntry]:
    """Every deck file in deck_dirs (broken ones too, with their first error), then extra files;
    no deck_dirs means the bundled decks and the user's folder.

    Called in the lobby's worker: the deck loader (pydantic models and all) is imported there,
    off the start path.
    """
    from sammenspil.deck.catalog import bundled_deck_dir, iter_decks, user_deck_dir

    dirs = list(deck_dirs) if deck_dirs is not None else [bundled_deck_dir(), user_deck_dir()]
    return list(iter_decks(dirs, extra))


@dataclass(frozen=True)
class DeckDetails:
    """What the side panel says about one deck, as plain strings (deck text is never markup)."""

    title: str
    meta: str
    description: str
    rules: str
    roles: str

    @classmethod
    def of(cls, entry: DeckEntry, lang: str) -> DeckDetails:
        deck = entry.deck
        if deck is None:
            return cls(
                title=printable(entry.path.name),
                meta=t(lang, "lobby.deck.broken", origin=t(lang, f"lobby.origin.{entry.origin}")),
                description=printable(entry.error or "invalid deck"),
                rules=t(lang, "lobby.deck.fix"),
                roles="",
            )
        rules = deck.rules
        # Deck text is checked when the deck loads; printable() is the last guard all the same.
        return cls(
            title=printable(deck.title),
            meta=f"{deck.id} · {deck.language} · v{deck.version} · "
            f"{printable(entry.path.name)} · {t(lang, f'lobby.origin.{entry.origin}')}",
            description=printable(deck.description, multiline=True) or "–",
            rules=t(
                lang,
                "lobby.deck.rules",
                problems=t_n(lang, "lobby.n.problem", len(deck.problems)),
                remedies=t_n(lang, "lobby.n.remedy", len(deck.remedies)),
                dilemmas=t_n(lang, "lobby.n.dilemma", len(deck.dilemmas)),
                deal=t_n(lang, "lobby.n.problem", rules.problems),
                hand=t_n(lang, "lobby.n.remedy", rules.hand),
                deal_dilemmas=t_n(lang, "lobby.n.dilemma", rules.dilemmas),
                change=rules.change_budget,
                effort=rules.effort_budget,
                words=rules.argument_min_words,
            ),
            roles="\n".join(f"• {printable(role.name)} ({role.id})" for role in deck.roles),
        )


def titled(field: Input, title: str) -> Input:
    """``field`` with ``title`` on its top border, as text."""
    field.border_title = Text(title)
    return field


class PlayerList(OptionList):
    """The players of the new round; its keys change the highlighted one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "screen.next_role", "lobby.key.role"),
        Binding("delete,backspace", "screen.remove_player", "lobby.key.remove"),
    ]


class LobbyScreen(Screen[None]):
    """Decks on the left, the highlighted one and the new round's form on the right."""

    CSS_PATH = "lobby_screen.tcss"  # "lobby.tcss" would look like a message id to the i18n test
    COMMANDS: ClassVar[Commands] = {ScreenActions}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start", "lobby.key.start"),
        Binding("q", "app.quit", "lobby.key.quit"),
        Binding("v", "review", "lobby.key.review"),
    ]

    class DecksLoaded(Message):
        """The worker has read the deck folders."""

        def __init__(self, entries: list[DeckEntry]) -> None:
            super().__init__()
            self.entries = entries

    class RoundsLoaded(Message):
        """The worker has read the saves folder."""

        def __init__(self, rounds: list[RoundInfo]) -> None:
            super().__init__()
            self.rounds = rounds

    def __init__(
        self,
        deck_dirs: Sequence[Path] | None,
        *,
        extra: Sequence[Path] = (),
        selected: Path | None = None,
        rounds: Rounds | None = None,
        lang: str | None = None,
        seed: int | None = None,
    ) -> None:
        super().__init__()
        self._deck_dirs = list(deck_dirs) if deck_dirs is not None else None
        self._extra = list(extra)
        self._selected = selected
        self._rounds = rounds
        self.lang = lang or "en"
        self.seed = seed if seed is not None else random.randint(1, SEED_MAX)
        self.entries: list[DeckEntry] = []
        self.decks_read = False  # "Loading decks…" until the worker's list arrives
        self.unfinished: list[RoundInfo] = []
        self.seats: list[Seat] = []
        self.entry: DeckEntry | None = None
        translate_bindings(self, self.lang)

    def t(self, key: str, /, **values: Any) -> str:
        return t(self.lang, key, **values)

    def compose(self) -> ComposeResult:
        # The first frame is the form and the deck list, still empty. What describes a deck
        # and the unfinished rounds are mounted when the workers have read them (_details,
        # _show_rounds): before that they would show nothing, and they cost the first frame.
        yield TitleBar()
        with Horizontal(id="lobby-body"):
            with Vertical(id="deck-list-pane"):
                yield Static(self.t("lobby.decks"), id="deck-list-title", classes="heading")
                columns = ("lobby.col.lang", "lobby.col.cards", "lobby.col.title")
                yield DeckList(tuple(self.t(c) for c in columns), id="decks")
                with VerticalScroll(id="deck-details"):
                    # Lighter than a LoadingIndicator over the table, which animates.
                    yield Static(self.t("lobby.loading"), id="detail-title", markup=False)
            with VerticalScroll(id="new-round"):
                yield Static(self.t("lobby.new_round"), classes="heading")
                # Each field's name on its top border: no label widget and row beside it. The
                # prefilled fields are checked when left, not as their first value is set: that
                # would restyle them before the first frame (Start checks them all the same).
                yield titled(
                    Input(
                        self.t("lobby.default_table"),
                        id="table-name",
                        max_length=60,
                        validate_on=CHECK_ON,
                    ),
                    self.t("lobby.table_name"),
                )
                yield titled(
                    Input(
                        str(self.seed),
                        id="seed",
                        type="integer",
                        max_length=6,
                        validate_on=CHECK_ON,
                    ),
                    self.t("lobby.seed"),
                )
                yield Static(self.t("lobby.players"), classes="heading detail-heading")
                yield PlayerList(id="players")
                yield titled(
                    Input(
                        placeholder=self.t("lobby.name_placeholder"),
                        id="player-name",
                        max_length=64,
                    ),
                    self.t("lobby.name"),
                )
                yield Static(self.t("lobby.players_hint"), id="players-hint", markup=False)
                yield ActionButton(self.t("lobby.start"), id="start")
        yield KeyBar()

    def _details(self) -> VerticalScroll:
        """The deck details panel, with its fields mounted the first time it is asked for."""
        details = self.query_one("#deck-details", VerticalScroll)
        if not details.query("#detail-meta"):
            details.mount(
                Static("", id="detail-meta", markup=False),
                Static("", id="detail-description", markup=False),
                Static("", id="detail-rules", markup=False),
                Static(self.t("lobby.roles"), classes="heading detail-heading"),
                Static("", id="detail-roles", markup=False),
            )
        return details

    def on_mount(self) -> None:
        self.sub_title = self.t("lobby.title")
        translate_bindings(self.query_one("#players", PlayerList), self.lang)
        self._show_seats()
        # After the first frame: the workers import the deck loader and the saves, and a
        # thread importing holds the interpreter the first paint needs.
        self.call_after_refresh(self._start_reading)

    def _start_reading(self) -> None:
        self._load_decks()
        if self._rounds is not None:
            self._load_rounds(self._rounds)

    # --- reading in the background ------------------------------------------------------------

    @work(thread=True, exclusive=True, group="lobby-decks")
    def _load_decks(self) -> None:
        self.post_message(self.DecksLoaded(find_decks(self._deck_dirs, self._extra)))

    @work(thread=True, exclusive=True, group="lobby-rounds")
    def _load_rounds(self, rounds: Rounds) -> None:
        self.post_message(self.RoundsLoaded(rounds.unfinished()))

    def _taken_down(self) -> bool:
        """Whether the lobby is being taken down (the app quit while a worker read): what the
        worker found is then shown nowhere, and nothing is mounted into a leaving screen."""
        return not self.query_one("#deck-details", VerticalScroll).is_mounted

    @on(RoundsLoaded)
    def _show_rounds(self, message: RoundsLoaded) -> None:
        if self._taken_down():
            return
        self.unfinished = message.rounds
        if not self.query("#rounds"):
            if not self.unfinished:
                return  # nothing to offer: the list is not even mounted
            self.query_one("#deck-list-pane").mount(
                Static(self.t("lobby.rounds"), id="rounds-title", classes="heading"),
                OptionList(id="rounds"),
                before="#deck-details",
            )
        listing = self.query_one("#rounds", OptionList)
        listing.clear_options()
        for r in self.unfinished:
            phase = t(self.lang, f"phase.{r.phase}")
            label = Text(f"{r.table} · {r.deck} · {phase} · {r.updated}", no_wrap=True)
            listing.add_option(Option(label, id=str(r.path)))
        shown = bool(self.unfinished)
        if shown:
            listing.highlighted = 0
        listing.display = shown
        self.query_one("#rounds-title", Static).display = shown

    @on(OptionList.OptionSelected, "#rounds")
    def _resume(self, event: OptionList.OptionSelected) -> None:
        if event.option.id is not None:
            self.post_message(ResumeRound(Path(event.option.id)))

    @on(DecksLoaded)
    def _show_decks(self, message: DecksLoaded) -> None:
        if self._taken_down():
            return
        self.entries = message.entries
        self.decks_read = True
        from sammenspil.deck.catalog import same_file

        rows = []
        for entry in self.entries:
            deck = entry.deck
            if deck is None:
                rows.append(DeckRow(str(entry.path), "–", "–", entry.id + " ⚠", broken=True))
            else:
                counts = f"{len(deck.problems)}·{len(deck.remedies)}·{len(deck.dilemmas)}"
                rows.append(DeckRow(str(entry.path), deck.language, counts, deck.title))
        index = next(
            (
                i
                for i, e in enumerate(self.entries)
                if self._selected is not None and same_file(e.path, self._selected)
            ),
            0,
        )
        decks = self.query_one("#decks", DeckList)
        decks.show_decks(rows, highlight=index)
        if not self.entries:
            self._describe(None)
            return
        decks.focus()
        self._describe(self.entries[index])

    # --- the deck -----------------------------------------------------------------------------

    def _entry_for(self, key: str | None) -> DeckEntry | None:
        return next((e for e in self.entries if str(e.path) == key), None)

    @on(OptionList.OptionHighlighted, "#decks")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        entry = self._entry_for(event.option.id)
        if entry is not None:
            self._describe(entry)

    @on(OptionList.OptionSelected, "#decks")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        entry = self._entry_for(event.option.id)
        if entry is None:
            return
        if entry.deck is None:
            self.notify(
                printable(entry.error or "invalid deck"),
                title=self.t("lobby.deck.cannot"),
                severity="error",
                markup=False,
            )
            return
        self.query_one("#player-name", Input).focus()

    def _describe(self, entry: DeckEntry | None) -> None:
        self.entry = entry
        if entry is None:
            details = DeckDetails(
                title=self.t("lobby.deck.none"),
                meta="",
                description=self.t("lobby.deck.none_help"),
                rules="",
                roles="",
            )
        else:
            details = DeckDetails.of(entry, self.lang)
        try:
            panel = self._details()
            for name in ("title", "meta", "description", "rules", "roles"):
                panel.query_one(f"#detail-{name}", Static).update(getattr(details, name))
        except NoMatches:  # the lobby is closing under the deck worker: nothing to describe
            return
        self._fit_seats()

    # --- the players --------------------------------------------------------------------------

    def _role_ids(self) -> list[str]:
        deck = self.entry.deck if self.entry is not None else None
        return [r.id for r in deck.roles] if deck is not None else []

    def _role_label(self, role: str) -> str:
        deck = self.entry.deck if self.entry is not None else None
        if role == SPECTATOR or deck is None or role not in deck.roles_by_id:
            return self.t("lobby.spectator")
        return printable(deck.roles_by_id[role].name)

    def _next_role(self) -> str:
        """The first role nobody plays yet, so that typing names in turn fills every role."""
        roles = self._role_ids()
        taken = {s.role for s in self.seats}
        free = [r for r in roles if r not in taken]
        if free:
            return free[0]
        return roles[len(self.seats) % len(roles)] if roles else SPECTATOR

    def _fit_seats(self) -> None:
        """Another deck has other roles: players keep their place, in a role of this deck."""
        roles = self._role_ids()
        seats, self.seats = self.seats, []
        for s in seats:
            role = s.role if s.role in roles or s.role == SPECTATOR else self._next_role()
            self.seats.append(Seat(s.name, role))
        self._show_seats()

    def _show_seats(self, highlight: int | None = None) -> None:
        players = self.query_one("#players", OptionList)
        players.clear_options()
        for s in self.seats:
            players.add_option(Option(Text(f"{printable(s.name)} · {self._role_label(s.role)}")))
        if not self.seats:
            players.add_option(Option(Text(self.t("lobby.no_players")), disabled=True))
        else:
            players.highlighted = max(0, min(highlight or 0, len(self.seats) - 1))

    @on(Input.Submitted, "#player-name")
    def _add_player(self, event: Input.Submitted) -> None:
        name = event.value.strip()
        if not name:
            self.action_start()
            return
        problem = name_problem(name, language=self.lang)
        if problem is None and any(s.name == name for s in self.seats):
            problem = self.t("lobby.name_taken", name=printable(name))
        if problem is not None:
            self.notify(printable(problem), severity="warning", markup=False)
            return
        self.seats.append(Seat(name, self._next_role()))
        event.input.value = ""
        self._show_seats(len(self.seats) - 1)

    def action_next_role(self) -> None:
        """Give the highlighted player the next role (or make them a spectator)."""
        i = self.query_one("#players", OptionList).highlighted
        if i is None or i >= len(self.seats):
            return
        cycle = [*self._role_ids(), SPECTATOR]
        seat = self.seats[i]
        role = cycle[(cycle.index(seat.role) + 1) % len(cycle)] if seat.role in cycle else cycle[0]
        self.seats[i] = Seat(seat.name, role)
        self._show_seats(i)

    def action_remove_player(self) -> None:
        """Remove the highlighted player."""
        i = self.query_one("#players", OptionList).highlighted
        if i is None or i >= len(self.seats):
            return
        del self.seats[i]
        self._show_seats(i)

    def action_review(self) -> None:
        """Saved rounds, finished ones too, in the review."""
        self.post_message(OpenReview())

    # --- dealing ------------------------------------------------------------------------------

    @on(ActionButton.Pressed, "#start")
    def _start_pressed(self) -> None:
        self.action_start()

    def action_start(self) -> None:
        entry = self.entry
        if entry is None or entry.deck is None:
            self.notify(self.t("lobby.need_deck"), severity="warning", markup=False)
            return
        name = self.query_one("#table-name", Input).value.strip()
        if not name:
            self.notify(self.t("lobby.need_table"), severity="warning", markup=False)
            return
        raw = self.query_one("#seed", Input).value.strip()
        if not raw.isdigit():
            self.notify(self.t("lobby.need_seed"), severity="warning", markup=False)
            return
        if not any(s.role != SPECTATOR for s in self.seats):
            self.notify(self.t("lobby.need_players"), severity="warning", markup=False)
            self.query_one("#player-name", Input).focus()
            return
        self.post_message(StartRound(entry.path, name, int(raw), list(self.seats)))
