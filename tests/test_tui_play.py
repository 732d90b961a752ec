"""The respond, dilemmas and score screens, and the argument dialog, driven by keys only.

Every table is a real one played through the host (tests/tui_support.py); each test shows one
player's screen and checks what the host recorded, not what the screen believes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from tests.tui_support import ARGUMENTS, ScreenApp, table_at
from textual import events
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import OptionList, Static

from sammenspil.game import commands as c
from sammenspil.game.state import Phase, Reaction
from sammenspil.host.client import Accepted
from sammenspil.host.local import LocalClient
from sammenspil.host.principal import Principal
from sammenspil.host.view import TableView
from sammenspil.i18n import t as message
from sammenspil.tui.screens.confirm import ConfirmWithdraw
from sammenspil.tui.screens.dilemmas import DilemmasScreen
from sammenspil.tui.screens.respond import RespondScreen
from sammenspil.tui.screens.score import ScoreScreen
from sammenspil.tui.widgets.argument import ArgumentBox, ArgumentDialog
from sammenspil.tui.widgets.scale import scale_text

SIZE = (100, 30)
HOSTILE = "[bold]x[/] and [/] then \x1b[31mred\x1b[0m and \x1b]0;title\x07 done"


def keys(text: str) -> list[str]:
    """The key presses that type ``text``."""
    return ["space" if ch == " " else ch for ch in text]


async def type_text(pilot: Pilot[Any], text: str) -> None:
    await pilot.press(*keys(text))


def notes(app: App[Any]) -> list[str]:
    return [n.message for n in app._notifications]


def plain(widget: Static) -> str:
    rendered = widget.render()
    return rendered.plain if isinstance(rendered, Text) else str(rendered)


def option_texts(options: OptionList) -> list[str]:
    out = []
    for i in range(options.option_count):
        prompt = options.get_option_at_index(i).prompt
        out.append(prompt.plain if isinstance(prompt, Text) else str(prompt))
    return out


# --- the argument dialog ----------------------------------------------------------------------


class DialogApp(App[None]):
    def __init__(self, dialog: ArgumentDialog) -> None:
        super().__init__()
        self.dialog = dialog
        self.result: str | bool | None = False

    def on_mount(self) -> None:
        self.push_screen(self.dialog, self._got)

    def _got(self, result: str | None) -> None:
        self.result = result


async def test_the_argument_box_counts_words_live_in_the_players_language() -> None:
    app = DialogApp(ArgumentDialog("Why?", min_words=4, lang="da"))
    async with app.run_test(size=SIZE) as pilot:
        box = app.screen.query_one(ArgumentBox)
        count = app.screen.query_one(".argument-count", Static)
        hint = app.screen.query_one(".argument-hint", Static)
        assert plain(count) == "0 af 4 ord"
        await type_text(pilot, "tre små ord")
        assert plain(count) == "3 af 4 ord"
        assert not box.enough and hint.display
        await type_text(pilot, " mere")
        assert plain(count) == "4 af 4 ord"
        assert box.enough and not hint.display
        await pilot.press("enter")
        await pilot.pause()
    assert app.result == "tre små ord mere"


async def test_escape_cancels_the_dialog_and_ctrl_s_commits() -> None:
    app = DialogApp(ArgumentDialog("Why?", min_words=2, lang="en"))
    async with app.run_test(size=SIZE) as pilot:
        await type_text(pilot, "never sent")
        await pilot.press("escape")
        await pilot.pause()
    assert app.result is None
    app = DialogApp(ArgumentDialog("Why?", min_words=2, lang="en", text="kept"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("ctrl+s")
        await pilot.pause()
    assert app.result == "kept"


@pytest.mark.parametrize("commit", ["enter", "ctrl+s"])
async def test_keys_typed_in_one_burst_before_enter_are_all_committed(commit: str) -> None:
    """Over SSH several keys arrive in one packet: the driver posts them all before the app
    handles the first. The commit key (a priority binding) must not read the text before the
    keys ahead of it have reached the text area."""
    app = DialogApp(ArgumentDialog("Why?", min_words=4, lang="en", text="kept"))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        typed = " alfa beta gamma SLUT"
        for key in [*keys(typed), commit]:
            char = " " if key == "space" else key if len(key) == 1 else None
            app.post_message(events.Key(key, char))  # as the driver's thread posts them
        await pilot.pause()
        await pilot.pause()
    assert app.result == "kept alfa beta gamma SLUT"


# --- respond ----------------------------------------------------------------------------------


def respond_app(t: Any, name: str) -> ScreenApp:
    return ScreenApp(lambda: RespondScreen(t.clients[name]))


async def test_respond_place_endorse_challenge_and_withdraw_by_keys(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.RESPOND)
    argument = ARGUMENTS["en"]
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        problem, card = screen.problem, screen.card
        assert problem == screen.query_one("#problems", OptionList).get_option_at_index(0).id
        await pilot.press("p")
        assert isinstance(pilot.app.screen, ArgumentDialog)
        await type_text(pilot, argument)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RespondScreen)
    (placed,) = t.table.placements
    assert (placed.role, placed.remedy, placed.problem) == ("region", card, problem)
    assert placed.argument == argument

    async with respond_app(t, "Ann").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        assert screen.placement is not None and screen.placement.id == placed.id
        assert f"“{argument}”" in option_texts(screen.query_one("#placements", OptionList))[0]
        await pilot.press("e")
        await type_text(pilot, "yes indeed")
        await pilot.press("enter")
        await pilot.pause()
        assert "✓ The state (Ann): yes indeed" in option_texts(
            screen.query_one("#placements", OptionList)
        )[0].replace("  ✓", "✓")

    async with respond_app(t, "Cy").run_test(size=SIZE) as pilot:
        await pilot.press("c")
        await pilot.press("enter")  # no comment: the host refuses, the dialog comes back
        await pilot.pause()
        assert notes(pilot.app) == ["a challenge needs a comment"]
        assert isinstance(pilot.app.screen, ArgumentDialog)
        await type_text(pilot, "too costly")
        await pilot.press("enter")
        await pilot.pause()
    reactions = t.table.placement(placed.id).reactions  # type: ignore[union-attr]
    assert [(r.role, r.kind, r.comment) for r in reactions] == [
        ("state", "endorse", "yes indeed"),
        ("municipality", "challenge", "too costly"),
    ]

    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert screen.check_action("withdraw", ()) is True
        assert screen.check_action("endorse", ()) is False  # one's own placement
        await pilot.press("w")
        await pilot.pause()
        asked = pilot.app.screen
        assert isinstance(asked, ConfirmWithdraw)  # it asks first, naming the card
        assert t.table.deck.remedy(placed.remedy).title in asked.question
        await pilot.press("n")  # kept
        await pilot.pause()
        assert not t.table.placement(placed.id).withdrawn  # type: ignore[union-attr]
        await pilot.press("w", "y")
        await pilot.pause()
        assert "withdrawn" in option_texts(screen.query_one("#placements", OptionList))[0]
    assert t.table.placement(placed.id).withdrawn  # type: ignore[union-attr]


async def test_a_short_argument_is_refused_as_a_notice_and_the_text_is_kept(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.RESPOND)
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await type_text(pilot, "too short")
        await pilot.press("enter")
        await pilot.pause()
        assert notes(pilot.app) == ["arguments need at least 4 words"]
        dialog = pilot.app.screen
        assert isinstance(dialog, ArgumentDialog)
        assert dialog.query_one(ArgumentBox).text == "too short"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(pilot.app.screen, RespondScreen)
    assert t.table.placements == []


async def test_respond_marks_the_cards_that_address_the_problem_and_meters_the_budgets(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)  # three placements made, then moved on
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        # Not the respond phase any more: every move key is hidden, none crashes.
        for action in ("place", "endorse", "challenge", "withdraw"):
            assert screen.check_action(action, ()) is False
        deck = t.table.deck
        live = t.table.live_placements()
        changes = plain(screen.query_one("#change-meter", Static))
        assert changes.endswith(f"{len(live)}/{deck.rules.change_budget}")
        effort = sum(deck.remedy(p.remedy).effort for p in live)
        assert plain(screen.query_one("#effort-meter", Static)).endswith(
            f"{effort}/{deck.rules.effort_budget}"
        )
        for _ in range(len(t.table.problems)):
            problem = screen.problem
            assert problem is not None
            hand = screen.query_one("#hand", OptionList)
            for i in range(hand.option_count):
                option = hand.get_option_at_index(i)
                fits = problem in deck.addressed_problems(deck.remedy(str(option.id)))
                assert option_texts(hand)[i].startswith("● ") is fits
            await pilot.press("down")


# --- dilemmas ---------------------------------------------------------------------------------


async def test_every_role_sets_a_position_on_every_dilemma_by_keys(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    argument = "we all share it"  # nine arguments typed key by key: short keeps the test quick
    for name, value in (("Ann", 1), ("Bo", 4), ("Cy", 5)):
        async with ScreenApp(lambda n=name: DilemmasScreen(t.clients[n])).run_test(
            size=SIZE
        ) as pilot:
            screen = pilot.app.screen
            assert isinstance(screen, DilemmasScreen)
            for dilemma in t.table.dilemmas:
                if value == 4:
                    await pilot.press("right")  # 3 -> 4: moving the mark commits nothing
                else:
                    await pilot.press(str(value))
                role = t.table.players[name].role
                assert dilemma not in t.table.positions.get(role or "", {})
                assert screen.dilemma == dilemma
                await pilot.press("enter")
                await type_text(pilot, argument)
                await pilot.press("enter")
                await pilot.pause()
                # Committed: the list moves on to the next unanswered dilemma by itself.
            positions = plain(screen.query_one("#dilemma-positions", Static))
            assert f"({name}): {value}" in positions
    for role, value in (("state", 1), ("region", 4), ("municipality", 5)):
        assert {d: p.value for d, p in t.table.positions[role].items()} == dict.fromkeys(
            t.table.dilemmas, value
        )
        assert all(p.argument == argument for p in t.table.positions[role].values())


async def test_a_key_burst_leans_and_commits_the_dilemma_the_list_moved_to(tmp_path: Path) -> None:
    """Down, Right and Enter in one burst (as over SSH): Right and Enter are priority keys, and
    act on the dilemma Down moved to, not the one highlighted when the burst came."""
    t = table_at(tmp_path, Phase.DILEMMAS)
    first, second = t.table.dilemmas[:2]
    async with ScreenApp(lambda: DilemmasScreen(t.clients["Ann"])).run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, DilemmasScreen) and screen.dilemma == first
        for key in ("down", "right", "right", "enter"):
            pilot.app.post_message(events.Key(key, None))  # as the driver's thread posts them
        await pilot.pause()
        await pilot.pause()
        assert screen.dilemma == second
        assert screen.pending[second] == 5  # two steps right of the middle
        assert screen.pending.get(first, 3) == 3  # the first was left in the middle
        assert isinstance(pilot.app.screen, ArgumentDialog)
        assert "5" in pilot.app.screen.title_text


def test_a_scale_line_puts_a_right_label_that_does_not_fit_on_a_line_of_its_own() -> None:
    line = scale_text("Left", "Right side", None, None, {})
    assert line.plain == "Left  ─ 1 ─ 2 ─ 3 ─ 4 ─ 5 ─  Right side"
    wide = scale_text("Left", "Right side", None, None, {}, width=len(line.plain), indent="   ")
    assert wide.plain == line.plain  # it fits: one line
    narrow = scale_text(
        "Left", "Right side", None, None, {}, width=len(line.plain) - 1, indent="   "
    )
    assert narrow.plain == "Left  ─ 1 ─ 2 ─ 3 ─ 4 ─ 5 ─\n   Right side"


async def test_at_80_columns_each_dilemmas_right_label_lines_up_under_its_scale(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    async with ScreenApp(lambda: DilemmasScreen(t.clients["Ann"])).run_test(size=(80, 24)) as p:
        await p.pause()
        options = p.app.screen.query_one("#dilemmas", OptionList)

        def drawn() -> list[str]:
            lines = [options.render_line(y).text.rstrip() for y in range(options.size.height)]
            return [line for line in lines if line]

        narrow = drawn()
        assert len(narrow) > 2 * len(t.table.dilemmas)  # some labels on lines of their own
        # Each line is a question ("1. ...") or starts under the scale, none at the margin.
        assert all(line[0].isdigit() or line.startswith("   ") for line in narrow), narrow
        await p.resize_terminal(140, 30)  # room for the labels beside the scale again
        await p.pause()
        assert len(drawn()) == 2 * len(t.table.dilemmas)


async def test_a_spectator_at_the_dilemmas_is_not_told_how_to_take_a_position(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    sy = LocalClient(t.host, Principal(name="Sy", spectator=True))
    assert isinstance(sy.connect(), Accepted)
    for client, told in ((sy, False), (t.clients["Ann"], True)):
        async with ScreenApp(lambda c=client: DilemmasScreen(c)).run_test(size=SIZE) as pilot:
            await pilot.pause()
            assert pilot.app.screen.query_one("#dilemmas-how").display is told


# --- score ------------------------------------------------------------------------------------


async def scored(pilot: Pilot[Any]) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_the_score_shows_every_heuristic_and_exports_without_overwriting(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.SCORED)
    save = tmp_path / "round-1.toml"
    app = ScreenApp(lambda: ScoreScreen(t.clients["Ann"], save_path=save, seed=7))
    async with app.run_test(size=SIZE) as pilot:
        await scored(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ScoreScreen) and screen.debrief is not None
        total = plain(screen.query_one("#score-total", Static))
        assert total.startswith("Total") and total.endswith(f"{screen.debrief.total:3.0f}")
        shown = [plain(s) for s in screen.query(".heuristic").results(Static)]
        assert len(shown) == len(screen.debrief.heuristics) > 3
        for h, text in zip(screen.debrief.heuristics, shown, strict=True):
            assert text.startswith(h.title)
            assert h.suggestion in text and all(line in text for line in h.lines)
        assert str(save) in plain(screen.query_one("#score-save", Static))

        await pilot.press("m")
        await scored(pilot)
        markdown = save.with_suffix(".md")
        assert markdown.read_text(encoding="utf-8").startswith("# ")
        assert notes(pilot.app)[-1] == f"Exported to {markdown}"

        markdown.write_text("mine", encoding="utf-8")
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("n")  # keep it
        await scored(pilot)
        assert markdown.read_text(encoding="utf-8") == "mine"
        await pilot.press("m")
        await pilot.pause()
        await pilot.press("y")
        await scored(pilot)
        assert markdown.read_text(encoding="utf-8").startswith("# ")

        await pilot.press("h")
        await scored(pilot)
        assert "<html" in save.with_suffix(".html").read_text(encoding="utf-8")


# --- hostile text -----------------------------------------------------------------------------


class HostileClient:
    """A real client whose views carry markup and escape sequences in every argument.

    The host refuses control characters, so such text can only arrive from an old save or a
    remote peer: the screens must show it as text all the same.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.principal = inner.principal
        self.deck = inner.deck

    def view(self) -> TableView:
        view = self.inner.view()
        table = view.table
        placements = [
            p.model_copy(
                update={
                    "argument": HOSTILE,
                    "player": "[red]Eve[/]",
                    "reactions": [
                        Reaction(role="state", player="[/]", kind="challenge", comment=HOSTILE)
                    ],
                }
            )
            for p in table.placements
        ]
        positions = {
            role: {d: p.model_copy(update={"argument": HOSTILE}) for d, p in by_dilemma.items()}
            for role, by_dilemma in table.positions.items()
        }
        seen = table.model_copy(
            update={"placements": placements, "positions": positions, "name": "[b]T[/]"}
        )
        return view.model_copy(update={"table": seen})

    def submit(self, command: Any) -> Any:
        return self.inner.submit(command)

    def subscribe(self, callback: Any) -> Any:
        return self.inner.subscribe(callback)


def shown_literally(text: str) -> bool:
    return (
        "[bold]x[/] and [/] then \\x1b[31mred\\x1b[0m" in text
        and "\x1b" not in text
        and "\x07" not in text
    )


async def test_markup_and_escapes_in_arguments_show_literally_on_every_screen(
    tmp_path: Path,
) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    for name in ("Ann", "Bo", "Cy"):
        t.do(
            name,
            c.SetPosition(
                player=name, dilemma=t.table.dilemmas[0], value=2, argument=ARGUMENTS["en"]
            ),
        )
    client = HostileClient(t.clients["Bo"])
    async with ScreenApp(lambda: RespondScreen(client)).run_test(size=SIZE) as pilot:  # type: ignore[arg-type]
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        texts: list[str] = []
        placements = screen.query_one("#placements", OptionList)
        for _ in range(len(t.table.problems)):
            texts += option_texts(placements)
            await pilot.press("down")
        hostile = [x for x in texts if "Eve" in x]
        assert hostile and all(shown_literally(x) and "[red]Eve[/]" in x for x in hostile)
        assert "[b]T[/]" in plain(screen.query_one("#respond-title", Static))
        await pilot.app.run_action("screen.place")
        await pilot.pause()
    async with ScreenApp(lambda: DilemmasScreen(client)).run_test(size=SIZE) as pilot:  # type: ignore[arg-type]
        screen = pilot.app.screen
        assert shown_literally(plain(screen.query_one("#dilemma-positions", Static)))
    async with ScreenApp(lambda: ScoreScreen(client)).run_test(size=SIZE) as pilot:  # type: ignore[arg-type]
        await scored(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ScoreScreen) and screen.debrief is not None
        assert plain(screen.query_one("#score-title", Static)).endswith("[b]T[/]")
        for text in screen.query(".heuristic").results(Static):
            assert "\x1b" not in plain(text)


# --- snapshots --------------------------------------------------------------------------------

SNAP_SIZES = [(80, 24), (120, 40)]


def _snap_table(tmp_path: Path, phase: Phase, lang: str = "en") -> Any:
    return table_at(tmp_path, phase, lang)


@pytest.mark.parametrize("size", SNAP_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_respond_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    t = table_at(tmp_path, Phase.RESPOND)
    argument = ARGUMENTS["en"]
    card = t.table.hands["state"][0]
    problem = next(
        p
        for p in t.table.problems
        if p in t.table.deck.addressed_problems(t.table.deck.remedy(card))
    )
    placed = t.do(
        "Ann", c.PlaceRemedy(player="Ann", remedy=card, problem=problem, argument=argument)
    )
    pid = placed.events[0].placement  # type: ignore[union-attr]
    t.do("Cy", c.Challenge(player="Cy", placement=pid, comment="who pays for it?"))
    app = ScreenApp(lambda: RespondScreen(t.clients["Bo"]))
    assert snap_compare(app, terminal_size=size)


@pytest.mark.parametrize("size", SNAP_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_dilemmas_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    t = table_at(tmp_path, Phase.DILEMMAS)
    first = t.table.dilemmas[0]
    t.do("Ann", c.SetPosition(player="Ann", dilemma=first, value=1, argument=ARGUMENTS["en"]))
    t.do("Cy", c.SetPosition(player="Cy", dilemma=first, value=4, argument="closer to people"))
    app = ScreenApp(lambda: DilemmasScreen(t.clients["Bo"]))
    assert snap_compare(app, terminal_size=size, press=["right"])


@pytest.mark.parametrize("lang", ["en", "da"])
@pytest.mark.parametrize("size", SNAP_SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_score_snapshot(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], lang: str
) -> None:
    t = table_at(tmp_path, Phase.SCORED, lang)
    save = Path("saves") / "table-1.toml"
    app = ScreenApp(lambda: ScoreScreen(t.clients["Ann"], save_path=save, seed=7))
    assert snap_compare(app, terminal_size=size, run_before=scored)


async def test_the_score_speaks_the_players_language_not_only_the_decks(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.SCORED, "en")
    app = ScreenApp(lambda: ScoreScreen(t.clients["Bo"], lang="da"))
    async with app.run_test(size=SIZE) as pilot:
        await scored(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ScoreScreen) and screen.debrief is not None
        assert screen.debrief.language == "da"
        assert plain(screen.query_one("#score-total", Static)).startswith("I alt")
        first = plain(next(iter(screen.query(".heuristic").results(Static))))
        assert first.startswith(message("da", "h.coverage.title"))
        # The card titles the findings quote are still the deck's own (English) ones.
        deck_titles = [p.title for p in t.table.deck.problems]
        assert any(title in first for title in deck_titles)


async def test_the_palette_offers_the_moves_that_apply_now(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.RESPOND)
    card = t.table.hands["region"][0]
    problem = t.table.problems[0]
    t.do("Bo", c.PlaceRemedy(player="Bo", remedy=card, problem=problem, argument=ARGUMENTS["en"]))
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        while screen.problem != problem:
            await pilot.press("down")
        await pilot.press("ctrl+p")
        await type_text(pilot, "withdraw")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(pilot.app.screen, ConfirmWithdraw)
        await pilot.press("y")
        await pilot.pause()
        assert pilot.app.screen is screen
    (placement,) = t.table.placements
    assert placement.withdrawn


async def test_the_palette_does_not_offer_moves_that_do_not_apply(tmp_path: Path) -> None:
    from sammenspil.tui.widgets.screen_actions import ScreenActions

    t = table_at(tmp_path, Phase.RESPOND)
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        provider = ScreenActions(screen)
        offered = [hit.text async for hit in provider.discover()]
        assert offered == ["Place card", "Next phase"]  # nothing placed: no reactions, no withdraw


async def test_respond_repaints_when_another_role_moves(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.RESPOND)
    async with respond_app(t, "Bo").run_test(size=SIZE) as pilot:
        screen = pilot.app.screen
        assert isinstance(screen, RespondScreen)
        problem = screen.problem
        assert problem is not None
        card = t.table.hands["state"][0]
        t.do("Ann", c.PlaceRemedy(player="Ann", remedy=card, problem=problem, argument="a b c d"))
        await pilot.pause()
        assert screen.view.table.version == t.table.version
        assert option_texts(screen.query_one("#problems", OptionList))[0].endswith("(1)")
        (shown,) = option_texts(screen.query_one("#placements", OptionList))
        assert shown.startswith("The state · Ann: ") and "“a b c d”" in shown
        assert screen.check_action("endorse", ()) is True
        assert plain(screen.query_one("#change-meter", Static)).endswith("1/6")


class BrokenClient(HostileClient):
    """A view naming a card the deck does not have: the scoring cannot read it."""

    def view(self) -> TableView:
        view = self.inner.view()
        placements = [
            p.model_copy(update={"remedy": "no-such-card"}) for p in view.table.placements
        ]
        return view.model_copy(
            update={"table": view.table.model_copy(update={"placements": placements})}
        )


async def test_a_score_that_cannot_be_built_is_a_notice_not_a_crash(tmp_path: Path) -> None:
    t = table_at(tmp_path, Phase.SCORED)
    client = BrokenClient(t.clients["Ann"])
    async with ScreenApp(lambda: ScoreScreen(client)).run_test(size=SIZE) as pilot:  # type: ignore[arg-type]
        await scored(pilot)
        screen = pilot.app.screen
        assert isinstance(screen, ScoreScreen) and screen.debrief is None
        assert pilot.app.is_running
        (note,) = notes(pilot.app)
        assert note.startswith("The round could not be scored: ")
        assert screen.check_action("export_markdown", ()) is False
