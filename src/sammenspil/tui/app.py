"""The Textual app: the lobby, then one hot-seat round, a screen per phase.

`create_app` is the one way to build the app, so the command line, the tests and (later) the SSH
front door all get the same app with the same deck folders. The phase-to-screen map is here and
nowhere else (``PHASE_SCREENS``); the app hears every change of the table and switches screen
when the phase moves on, or hands the keyboard over when the next role must rank unseen.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import ClassVar

import platformdirs
from rich.text import Text
from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen

from sammenspil.deck.catalog import bundled_deck_dir, user_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.problems import DeckError
from sammenspil.game.state import Phase
from sammenspil.game.text import printable
from sammenspil.host.principal import Principal
from sammenspil.host.view import Move, TableView
from sammenspil.i18n import t
from sammenspil.saves import default_saves_dir
from sammenspil.tui.hotseat import HotSeat, SavedRounds, SetupError
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.messages import ReviseWanted, TableUpdated
from sammenspil.tui.review_app import SavesReview
from sammenspil.tui.rounds import OpenReview, ResumeRound, StartRound
from sammenspil.tui.screens.confirm import ConfirmQuit
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.handover import HandOverScreen
from sammenspil.tui.screens.help import HelpScreen, help_for
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.screens.rank import RankScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.reveal import RevealScreen
from sammenspil.tui.screens.review import ReviewScreen
from sammenspil.tui.screens.score import ScoreScreen
from sammenspil.tui.screens.table_screen import TableScreen
from sammenspil.tui.screens.too_small import TooSmallScreen

MIN_SIZE = (80, 24)

TURNS = (Phase.RESPOND, Phase.DILEMMAS)
"""Phases where the roles take turns at the keyboard, in the open: F2 passes it on."""

ScreenFactory = Callable[[HotSeat, str], TableScreen]

PHASE_SCREENS: dict[Phase, ScreenFactory] = {
    Phase.RANK: lambda seat, lang: RankScreen(seat.client, lang=lang),
    Phase.REVEAL: lambda seat, lang: RevealScreen(seat.client, lang=lang),
    Phase.RESPOND: lambda seat, lang: RespondScreen(seat.client, lang=lang),
    Phase.DILEMMAS: lambda seat, lang: DilemmasScreen(seat.client, lang=lang),
    Phase.SCORED: lambda seat, lang: ScoreScreen(
        seat.client, lang=lang, save_path=seat.path, seed=seat.host.table.seed
    ),
}
"""The one place that says which screen shows a table in each phase."""

logger = logging.getLogger(__name__)


def log_path() -> Path:
    """Where unexpected errors are written: the user's data folder."""
    return Path(platformdirs.user_log_dir("sammenspil")) / "sammenspil.log"


class SammenspilApp(App[None]):
    """The game in a terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "Sammenspil"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "request_quit", "lobby.key.quit", priority=True),
        Binding("f2", "next_role", "lobby.key.next_role"),
        Binding("f1", "help", "lobby.key.help"),
    ]

    def __init__(
        self,
        deck_dirs: Sequence[Path],
        *,
        extra_decks: Sequence[Path] = (),
        selected: Path | None = None,
        saves_dir: Path | None = None,
        lang: str | None = None,
        seed: int | None = None,
        seat: HotSeat | None = None,
    ) -> None:
        super().__init__()
        self.seed = seed
        self.deck_dirs = list(deck_dirs)
        self.extra_decks = list(extra_decks)
        self.selected = selected
        self.saves_dir = saves_dir
        self.lang_given = lang
        self.seat: HotSeat | None = None
        self._pending_seat = seat
        self._shown: tuple[object, ...] | None = None
        self._too_small: TooSmallScreen | None = None
        translate_bindings(self, self.lang)

    # --- languages and folders ----------------------------------------------------------------

    @property
    def lang(self) -> str:
        """The UI's language: --lang, else the deck's, else English."""
        if self.lang_given:
            return self.lang_given
        seat = self.seat or self._pending_seat
        if seat is not None:
            return seat.host.deck.language
        return "en"

    def _saves(self) -> Path:
        return self.saves_dir if self.saves_dir is not None else default_saves_dir()

    def get_default_screen(self) -> Screen[None]:
        return LobbyScreen(
            self.deck_dirs,
            extra=self.extra_decks,
            selected=self.selected,
            rounds=SavedRounds(self._saves()),
            lang=self.lang_given,
            seed=self.seed,
        )

    def on_mount(self) -> None:
        if self._pending_seat is not None:
            seat, self._pending_seat = self._pending_seat, None
            self._play(seat)

    # --- a round --------------------------------------------------------------------------------

    @on(StartRound)
    def _start(self, message: StartRound) -> None:
        try:
            deck, _ = load_deck(message.deck)
            seat = HotSeat.start(
                deck,
                message.seats,
                table_name=message.table_name,
                seed=message.seed,
                saves_dir=self._saves(),
            )
        except (DeckError, SetupError, OSError) as exc:
            self.notify(printable(str(exc)), severity="error", markup=False)
            return
        self._play(seat)

    @on(ResumeRound)
    def _resume(self, message: ResumeRound) -> None:
        try:
            seat = HotSeat.resume(message.path)
        except SetupError as exc:
            self.notify(printable(str(exc)), severity="error", markup=False)
            return
        self._play(seat)

    def _play(self, seat: HotSeat) -> None:
        self.seat = seat
        watcher = Principal(name="\u2060table", spectator=True)  # never joins: a view only
        seat.host.subscribe(watcher, self._heard)
        self._shown = None
        self._show_table(first=True)

    def _heard(self, view: TableView, moves: tuple[Move, ...]) -> None:
        self.post_message(TableUpdated(view))

    @on(TableUpdated)
    def _table_changed(self, message: TableUpdated) -> None:
        self.sub_title = f"{printable(message.view.table.name)} · {t(self.lang, 'lobby.saved')}"
        self._show_table()

    def _show_table(self, *, first: bool = False) -> None:
        """The screen for the table's phase; in the ranking, the next role after a hand-over."""
        seat = self.seat
        if seat is None:
            return
        table = seat.host.table
        phase = table.phase
        role: str | None = None
        if phase is Phase.RANK:
            waiting = seat.host.view(seat.client.principal).waiting
            current = table.players.get(seat.client.principal.name)
            role = current.role if current and current.role in waiting else None
            if role is None and waiting:
                role = waiting[0]
                seat.act_as_role(role)
        else:
            if phase is not self._shown_phase():
                seat.steerer()
            if phase in TURNS:
                role = seat.role_of(seat.client.principal.name)
        key = (phase, role)
        if key == self._shown:
            return
        self._shown = key
        if first:
            self.sub_title = printable(table.name)
        factory = PHASE_SCREENS.get(phase, PHASE_SCREENS[Phase.SCORED])
        screen = factory(seat, self.lang)
        if isinstance(self.screen, TableScreen) or self._in_round_stack():
            self._replace_round_screens(screen)
        else:
            self.push_screen(screen)
        if phase is Phase.RANK and role is not None:
            self.push_screen(
                HandOverScreen(table.role_name(role), self._still_ranking(), self.lang)
            )

    def _shown_phase(self) -> Phase | None:
        return self._shown[0] if self._shown else None  # type: ignore[return-value]

    def _still_ranking(self) -> list[str]:
        seat = self.seat
        assert seat is not None
        table = seat.host.table
        return [table.role_name(r) for r in seat.host.view(seat.client.principal).waiting]

    def _in_round_stack(self) -> bool:
        return any(isinstance(s, TableScreen) for s in self.screen_stack)

    def _replace_round_screens(self, screen: TableScreen) -> None:
        """Everything above the lobby goes; the new screen takes its place."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    @on(ReviseWanted)
    def _revise(self, message: ReviseWanted) -> None:
        seat = self.seat
        if seat is None or not seat.act_as_role(message.role):
            return
        self.push_screen(RankScreen(seat.client, lang=self.lang, revise=True))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_role":
            return self.seat is not None and self.seat.phase in TURNS
        return True

    def action_help(self) -> None:
        """What the screen beneath asks of the players, and its keys."""
        if isinstance(self.screen, HelpScreen):
            return
        help_screen = help_for(self.screen, self.lang)
        if help_screen is not None:
            self.push_screen(help_screen)

    @on(OpenReview)
    def _review(self) -> None:
        self.push_screen(ReviewScreen(SavesReview(self._saves(), lang=self.lang), lang=self.lang))

    def action_next_role(self) -> None:
        """Respond and dilemmas: the next role in the deck's order takes the keyboard."""
        seat = self.seat
        if seat is None or seat.phase not in TURNS:
            return
        roles = seat.host.table.active_roles()
        if not roles:
            return
        mine = seat.role_of(seat.client.principal.name)
        following = roles[(roles.index(mine) + 1) % len(roles)] if mine in roles else roles[0]
        seat.act_as_role(following)
        self._show_table()
        self.refresh_bindings()

    # --- quitting, size, errors -----------------------------------------------------------------

    def action_request_quit(self) -> None:
        """In a round, ask first (the round is saved and offered again); elsewhere just quit."""
        if self.seat is None or self.seat.phase is Phase.SCORED:
            self.exit()
            return

        def answered(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        if not any(isinstance(s, ConfirmQuit) for s in self.screen_stack):
            self.push_screen(ConfirmQuit(self.lang), answered)

    async def _on_exit_app(self) -> None:
        if self.seat is not None:
            self.seat.close()
        await super()._on_exit_app()

    def on_resize(self, event: Resize) -> None:
        small = event.size.width < MIN_SIZE[0] or event.size.height < MIN_SIZE[1]
        if small and self._too_small is None:
            self._too_small = TooSmallScreen(MIN_SIZE, self.lang)
            self.push_screen(self._too_small)
        elif not small and self._too_small is not None:
            if self.screen is self._too_small:
                self.pop_screen()
            self._too_small = None

    def _handle_exception(self, error: Exception) -> None:
        """Log the traceback to a file; the terminal gets one line saying where it is."""
        path = log_path()
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handler = logging.FileHandler(path, encoding="utf-8")
            logger.addHandler(handler)
            try:
                logger.error("unexpected error", exc_info=error)
            finally:
                logger.removeHandler(handler)
                handler.close()
            where = str(path)
        except OSError:
            where = "-"
        self._return_code = 1
        if self._exception is None:  # the test pilot re-raises it
            self._exception = error
            self._exception_event.set()
        line = t(self.lang, "lobby.crashed", error=printable(repr(error))[:200], log=where)
        self._exit_renderables.append(Text(line))
        self._close_messages_no_wait()


def create_app(
    *,
    deck_dirs: Sequence[Path] | None = None,
    selected: Path | None = None,
    saves_dir: Path | None = None,
    lang: str | None = None,
    seed: int | None = None,
    seat: HotSeat | None = None,
) -> SammenspilApp:
    """The app, listing the decks in deck_dirs (default: the bundled and the user's folder).

    ``selected`` is a deck file to highlight; it is listed even when it lies outside deck_dirs.
    ``seat`` is a round already dealt (``play --players``): the app opens on it, not the lobby.
    """
    dirs = list(deck_dirs) if deck_dirs is not None else [bundled_deck_dir(), user_deck_dir()]
    extra = [selected] if selected is not None else []
    return SammenspilApp(
        dirs,
        extra_decks=extra,
        selected=selected,
        saves_dir=saves_dir,
        lang=lang,
        seed=seed,
        seat=seat,
    )
