"""The Textual app: the lobby, then one hot-seat round, a screen per phase.

`create_app` is the one way to build the app, so the command line, the tests and (later) the SSH
front door all get the same app with the same deck folders. The phase-to-screen map is here and
nowhere else (``PHASE_SCREENS``); the app hears every change of the table and switches screen
when the phase moves on, or hands the keyboard over when the next role must rank unseen.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App
from textual.binding import Binding, BindingType
from textual.events import Resize
from textual.screen import Screen

from sammenspil.game.text import printable
from sammenspil.tui.crash import end_app, log_error, log_path
from sammenspil.tui.key_texts import translate_bindings
from sammenspil.tui.rounds import OpenReview, ResumeRound, RoundInfo, StartRound
from sammenspil.tui.screen_css import read_css, with_own_css
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.size_guard import SizeGuard

if TYPE_CHECKING:
    from sammenspil.game.state import Phase
    from sammenspil.host.view import Move, TableView
    from sammenspil.tui.hotseat import HotSeat
    from sammenspil.tui.messages import ReviseWanted, TableUpdated
    from sammenspil.tui.screens.table_screen import TableScreen

# Only the lobby is on the start path: the rules, the saves, the host and the other screens are
# imported when a round starts, so the first frame comes as soon as Textual can draw it.

ROUND_STYLES = tuple(
    Path(__file__).parent / "screens" / f"{name}.tcss"
    for name in ("handover", "rank", "reveal", "respond", "dilemmas", "score", "confirm", "help")
)
"""The stylesheets of the screens a round shows, read together when it starts."""

TURNS = ("respond", "dilemmas")
"""Phases where the roles take turns at the keyboard, in the open: F2 passes it on."""

ScreenFactory = Callable[["HotSeat", str], "TableScreen"]


def _rank(seat: HotSeat, lang: str) -> TableScreen:
    from sammenspil.tui.screens.rank import RankScreen

    return RankScreen(seat.client, lang=lang)


def _reveal(seat: HotSeat, lang: str) -> TableScreen:
    from sammenspil.tui.screens.reveal import RevealScreen

    return RevealScreen(seat.client, lang=lang)


def _respond(seat: HotSeat, lang: str) -> TableScreen:
    from sammenspil.tui.screens.respond import RespondScreen

    return RespondScreen(seat.client, lang=lang)


def _dilemmas(seat: HotSeat, lang: str) -> TableScreen:
    from sammenspil.tui.screens.dilemmas import DilemmasScreen

    return DilemmasScreen(seat.client, lang=lang)


def _score(seat: HotSeat, lang: str) -> TableScreen:
    from sammenspil.tui.screens.score import ScoreScreen

    return ScoreScreen(seat.client, lang=lang, save_path=seat.path, seed=seat.host.table.seed)


PHASE_SCREENS: dict[str, ScreenFactory] = {
    "rank": _rank,
    "reveal": _reveal,
    "respond": _respond,
    "dilemmas": _dilemmas,
    "scored": _score,
}
"""The one place that says which screen shows a table in each phase."""

logger = logging.getLogger(__name__)


class SavedRounds:
    """The lobby's ``Rounds``: unfinished rounds in the saves folder (read in its worker)."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder

    def unfinished(self) -> list[RoundInfo]:
        from sammenspil.saves import default_saves_dir, list_saves

        folder = self.folder if self.folder is not None else default_saves_dir()
        try:
            summaries = list_saves(folder)
        except OSError:
            return []
        out: list[RoundInfo] = []
        for summary in summaries:
            meta = summary.meta
            if meta is None or meta.phase in ("scored", "lobby"):
                continue
            out.append(
                RoundInfo(
                    path=summary.path,
                    table=printable(meta.table),
                    deck=printable(summary.deck_id),
                    phase=str(meta.phase),
                    updated=meta.updated.strftime("%Y-%m-%d %H:%M"),
                )
            )
        return out


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
        deck_dirs: Sequence[Path] | None,
        *,
        extra_decks: Sequence[Path] = (),
        selected: Path | None = None,
        saves_dir: Path | None = None,
        lang: str | None = None,
        seed: int | None = None,
        seat: HotSeat | None = None,
        css_cache: Path | None = None,
    ) -> None:
        super().__init__()
        self.css_cache = css_cache
        self._css_preloaded: set[object] = set()
        if css_cache is not None:
            from sammenspil.tui import css_cache as parsed_css

            parsed_css.preload(self.stylesheet, css_cache)
            self._css_preloaded = set(parsed_css.keys(self.stylesheet))
        self.seed = seed
        self.deck_dirs = list(deck_dirs) if deck_dirs is not None else None
        self.extra_decks = list(extra_decks)
        self.selected = selected
        self.saves_dir = saves_dir
        self.lang_given = lang
        self.seat: HotSeat | None = None
        self._pending_seat = seat
        self._shown: tuple[object, ...] | None = None
        self._size_guard = SizeGuard()
        self.crash_line: str | None = None  # what the terminal is told after an unexpected error
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
        from sammenspil.saves import default_saves_dir

        return self.saves_dir if self.saves_dir is not None else default_saves_dir()

    def get_default_screen(self) -> Screen[None]:
        lobby = LobbyScreen(
            self.deck_dirs,
            extra=self.extra_decks,
            selected=self.selected,
            rounds=SavedRounds(self.saves_dir),
            lang=self.lang_given,
            seed=self.seed,
        )
        return with_own_css(self, lobby)

    def on_mount(self) -> None:
        self.call_after_refresh(self._started)
        if self._pending_seat is not None:
            seat, self._pending_seat = self._pending_seat, None
            self._play(seat)

    def _started(self) -> None:
        """The first frame is drawn: if start-up ran without the garbage collector (``play``
        turns it off), what start-up built lives as long as the app; freeze it, so that no
        collection walks it again, and collect as usual from here on."""
        if not gc.isenabled():
            gc.freeze()
            gc.enable()
        self._keep_parsed_css()

    def _keep_parsed_css(self) -> None:
        """What the first frame parsed, written for the next start if it holds anything new."""
        folder = self.css_cache
        if folder is None:
            return
        from sammenspil.tui import css_cache as parsed_css

        if parsed_css.keys(self.stylesheet) <= self._css_preloaded:
            return
        saved = parsed_css.snapshot(self.stylesheet)
        self.run_worker(
            partial(parsed_css.save, saved, folder),
            thread=True,
            group="css-cache",
            exit_on_error=False,
        )

    # --- a round --------------------------------------------------------------------------------

    @on(StartRound)
    def _start(self, message: StartRound) -> None:
        try:
            from sammenspil.deck.loader import load_deck
            from sammenspil.deck.problems import DeckError
            from sammenspil.tui.hotseat import HotSeat, SetupError

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
        from sammenspil.tui.hotseat import HotSeat, SetupError

        try:
            seat = HotSeat.resume(message.path)
        except SetupError as exc:
            self.notify(printable(str(exc)), severity="error", markup=False)
            return
        self._play(seat)

    def _play(self, seat: HotSeat) -> None:
        self.seat = seat
        # The app's own keys (quit, help, next role) in the round's language, as its screens'
        # are: a Danish round resumed from an English lobby had a footer of both.
        translate_bindings(self, self.lang)
        self.refresh_bindings()
        # The round's screens' stylesheets at once, parsed with the next styling: Textual would
        # re-parse all the app's styles at the first push of each of them.
        read_css(self, ROUND_STYLES)
        from sammenspil.host.principal import Principal

        watcher = Principal(name="\u2060table", spectator=True)  # never joins: a view only
        seat.host.subscribe(watcher, self._heard)
        self._shown = None
        self._show_table(first=True)

    def _heard(self, view: TableView, moves: tuple[Move, ...]) -> None:
        from sammenspil.tui.messages import TableUpdated

        self.post_message(TableUpdated(view))

    def on_table_updated(self, message: TableUpdated) -> None:
        """The table changed (and is saved): the screen its phase wants."""
        self._show_table(saved=True)

    def _show_table(self, *, first: bool = False, saved: bool = False) -> None:
        """The screen for the table's phase; in the ranking, the next role after a hand-over."""
        seat = self.seat
        if seat is None:
            return
        table = seat.host.table
        phase = table.phase
        role: str | None = None
        if phase == "rank":
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
        factory = PHASE_SCREENS.get(phase, PHASE_SCREENS["scored"])
        screen = factory(seat, self.lang)
        screen.ask_to_advance = self._ask_to_advance
        if saved:  # the move that brought this screen is saved: the screen's mark says so
            screen.show_saved()
        if self._in_round_stack():
            self._replace_round_screens(screen)
        else:
            self.push_screen(screen)
        if phase == "rank" and role is not None:
            from sammenspil.tui.screens.handover import HandOverScreen

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
        from sammenspil.tui.screens.table_screen import TableScreen

        return any(isinstance(s, TableScreen) for s in self.screen_stack)

    def _replace_round_screens(self, screen: TableScreen) -> None:
        """Everything above the lobby goes; the new screen takes its place."""
        while len(self.screen_stack) > 2:
            self.pop_screen()
        self.switch_screen(screen)

    def on_revise_wanted(self, message: ReviseWanted) -> None:
        """A role revises after the reveal: it gets the keyboard and its ranking."""
        from sammenspil.tui.screens.rank import RankScreen

        seat = self.seat
        if seat is None or not seat.act_as_role(message.role):
            return
        self.push_screen(RankScreen(seat.client, lang=self.lang, revise=True))

    def _ask_to_advance(self, screen: TableScreen) -> None:
        """``n`` ends a phase for every role at this keyboard: ask first, saying what comes
        next and who has not yet done what the phase asks; only y moves the table on."""
        from sammenspil.tui.screens.confirm import ConfirmAdvance

        seat = self.seat
        if seat is None or any(isinstance(s, ConfirmAdvance) for s in self.screen_stack):
            return
        question = seat.advance_question(self.lang)
        if question is None:  # nothing follows: the rules say why, as for any refused move
            screen.advance()
            return

        def answered(advance: bool | None) -> None:
            if advance and screen.is_attached:
                screen.advance()

        self.push_screen(ConfirmAdvance(question, self.lang), answered)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "next_role":
            return self.seat is not None and self.seat.phase in TURNS
        return True

    def action_help(self) -> None:
        """What the screen beneath asks of the players, and its keys."""
        from sammenspil.tui.screens.help import help_for

        help_screen = help_for(self.screen, self.lang)
        if help_screen is not None:
            self.push_screen(help_screen)

    @on(OpenReview)
    def _review(self) -> None:
        from sammenspil.tui.review_app import SavesReview
        from sammenspil.tui.screens.review import ReviewScreen

        service = SavesReview(self._saves(), lang=self.lang)
        self.push_screen(ReviewScreen(service, lang=self.lang, back=True))

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
        """In a round, ask first (the round is saved and offered again); in the lobby too once
        players are seated there (nothing is saved before the deal); elsewhere just quit."""
        from sammenspil.tui.screens.confirm import ConfirmQuit

        if self.seat is None:
            seated = any(isinstance(s, LobbyScreen) and s.seats for s in self.screen_stack)
            ask = "lobby.quit.ask_seated" if seated else None
        else:
            ask = "lobby.quit.ask" if self.seat.phase != "scored" else None
        if ask is None:
            self.exit()
            return

        def answered(quit_: bool | None) -> None:
            if quit_:
                self.exit()

        if not any(isinstance(s, ConfirmQuit) for s in self.screen_stack):
            self.push_screen(ConfirmQuit(self.lang, ask), answered)

    async def action_quit(self) -> None:
        """The palette's Quit (and `q` in the lobby) asks first in a round, as ctrl+q does."""
        self.action_request_quit()

    async def _on_exit_app(self) -> None:
        if self.seat is not None:
            self.seat.close()
        await super()._on_exit_app()

    def on_resize(self, event: Resize) -> None:
        self._size_guard.fit(self, event.size.width, event.size.height, self.lang)

    def _handle_exception(self, error: Exception) -> None:
        """Log the traceback to a file; the terminal gets one line saying where it is."""
        where = log_error(error, "unexpected error", path=log_path())
        self.crash_line = end_app(
            self, error, line_key="lobby.crashed", lang=self.lang, where=where
        )


def create_app(
    *,
    deck_dirs: Sequence[Path] | None = None,
    selected: Path | None = None,
    saves_dir: Path | None = None,
    lang: str | None = None,
    seed: int | None = None,
    seat: HotSeat | None = None,
    css_cache: Path | None = None,
) -> SammenspilApp:
    """The app, listing the decks in deck_dirs (default: the bundled and the user's folder).

    ``selected`` is a deck file to highlight; it is listed even when it lies outside deck_dirs.
    ``seat`` is a round already dealt (``play --players``): the app opens on it, not the lobby.
    ``css_cache`` is a folder to keep parsed stylesheets in between starts (``tui.css_cache``);
    without it every start parses them.
    """
    # None: the bundled and the user's folder, found by the lobby's worker (the deck catalog
    # imports the deck loader, which the first frame does not need).
    dirs = list(deck_dirs) if deck_dirs is not None else None
    extra = [selected] if selected is not None else []
    return SammenspilApp(
        dirs,
        extra_decks=extra,
        selected=selected,
        saves_dir=saves_dir,
        lang=lang,
        seed=seed,
        seat=seat,
        css_cache=css_cache,
    )
