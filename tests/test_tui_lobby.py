"""The lobby in a headless terminal: it lists decks, describes the highlighted one, and quits."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import Input, Static

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck
from sammenspil.deck.starter import starter_deck
from sammenspil.tui.app import SammenspilApp, create_app
from sammenspil.tui.review_app import create_review_app
from sammenspil.tui.screens.lobby import LobbyScreen
from sammenspil.tui.screens.review import ReviewScreen
from sammenspil.tui.widgets.deck_list import DeckList
from tui_support import decks_loaded

SIZE = (100, 30)


def listed_ids(app: SammenspilApp) -> list[str]:
    """The deck ids in the order the list shows them (options are keyed by the deck's path)."""
    screen = app.screen
    assert isinstance(screen, LobbyScreen)
    decks = screen.query_one("#decks", DeckList)
    ids = {str(e.path): e.id for e in screen.entries}
    return [ids[str(option.id)] for option in decks.options]


def detail(app: SammenspilApp, name: str) -> str:
    return str(app.screen.query_one(f"#detail-{name}", Static).render())


async def test_lobby_lists_bundled_decks_and_describes_the_highlighted_one(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        assert isinstance(app.screen, LobbyScreen)
        await decks_loaded(pilot)
        ids = listed_ids(app)
        assert sorted(ids) == ["coherence", "sammenhaeng"]
        decks = app.screen.query_one("#decks", DeckList)
        assert app.focused is decks
        assert decks.highlighted == 0

        decks = {load_deck(e.path)[0].id: load_deck(e.path)[0] for e in app.screen.entries}
        first, second = decks[ids[0]], decks[ids[1]]
        assert detail(app, "title") == first.title
        assert detail(app, "roles").splitlines() == [f"• {r.name} ({r.id})" for r in first.roles]
        assert f"Deals {first.rules.problems} problems" in detail(app, "rules")

        await pilot.press("down")
        assert detail(app, "title") == second.title
        assert detail(app, "meta").startswith(f"{second.id} · {second.language} · v")


async def test_a_deck_described_while_the_lobby_closes_is_no_error(tmp_path: Path) -> None:
    """The deck worker's answer may arrive as the app closes and the panel is gone."""
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        await lobby.query_one("#deck-details").remove()
        lobby._describe(lobby.entries[0])  # raised NoMatches before
        assert lobby.entry is lobby.entries[0]


async def test_choosing_a_deck_moves_on_to_the_players(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        await pilot.press("enter")
        await pilot.pause()
        assert app.focused is app.screen.query_one("#player-name", Input)
        assert not app._notifications


@pytest.mark.parametrize("key", ["q", "ctrl+q"])
async def test_quit_keys_end_the_app(key: str, tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        assert app.is_running
        await pilot.press(key)
        await pilot.pause()
        assert not app.is_running
    assert app.return_code == 0


async def test_lobby_lists_broken_decks_and_the_selected_file(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    (folder / "kaput.toml").write_text("format = 1\nid = [\n", encoding="utf-8")
    chosen = tmp_path / "elsewhere" / "valgt.toml"
    chosen.parent.mkdir()
    chosen.write_text(starter_deck(chosen.name, "da"), encoding="utf-8")

    app = create_app(deck_dirs=[folder], selected=chosen, saves_dir=tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        assert listed_ids(app) == ["kaput", "valgt"]
        decks = app.screen.query_one("#decks", DeckList)
        assert decks.highlighted == 1  # the deck given with --deck is highlighted
        assert detail(app, "title") == "Valgt"
        assert detail(app, "meta").endswith("valgt.toml · file")
        assert "per role and 1 dilemma.\n" in detail(app, "rules")

        await pilot.press("up")
        assert detail(app, "title") == "kaput.toml"
        assert detail(app, "description").startswith(f"{folder / 'kaput.toml'}:3:1: TOML syntax")
        await pilot.press("enter")
        await pilot.pause()
        (note,) = app._notifications
        assert note.severity == "error"


async def test_lobby_without_decks_says_where_they_go(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[tmp_path], saves_dir=tmp_path / "saves")
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        assert listed_ids(app) == []
        assert detail(app, "title") == "No decks found"
        assert "sammenspil deck new" in detail(app, "description")


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["en", "da"])
def test_lobby_snapshot(snap_compare, lang: str, size: tuple[int, int], tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    deck = bundled_deck_dir() / ("sammenhaeng.da.toml" if lang == "da" else "coherence.en.toml")
    app = create_app(
        deck_dirs=[bundled_deck_dir()], selected=deck, saves_dir=tmp_path, lang=lang, seed=7
    )
    assert snap_compare(app, terminal_size=size, run_before=decks_loaded)


async def test_the_deck_list_keeps_its_columns_under_their_names_at_80x24(tmp_path: Path) -> None:
    folder = tmp_path / "decks"
    folder.mkdir()
    long = folder / "lang.toml"
    title = "[b]A title far too long " + "x" * 30
    starter = starter_deck(long.name, "en").replace('title = "Lang"', f'title = "{title}"')
    long.write_text(starter, encoding="utf-8")
    (folder / "kaput.toml").write_text("format = 1\nid = [\n", encoding="utf-8")
    app = create_app(deck_dirs=[folder], saves_dir=tmp_path / "saves")
    async with app.run_test(size=(80, 24)) as pilot:
        await decks_loaded(pilot)
        decks = app.screen.query_one("#decks", DeckList)
        header = str(decks.border_title)
        lines = [decks.render_line(y).text for y in range(len(decks.options))]
        assert [r.key for r in decks.rows] == [str(folder / "kaput.toml"), str(long)]
        assert decks.rows[0].broken and decks.rows[0].title == "kaput ⚠"
        assert lines[0].index("kaput ⚠") == header.index("Title")
        # The counts are in view, the title starts under its name, as text, and is cut (not
        # wrapped onto a second line).
        counts, title = header.index("Prob·Rem·Dil"), header.index("Title")
        assert lines[1][counts:title].rstrip() == "4·6·2"
        assert lines[1][title:].startswith("[b]A title f")
        assert lines[1].rstrip().endswith("…")
        assert decks.virtual_size.height == 2


async def test_a_bad_seed_is_marked_when_the_field_is_left(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path, seed=42)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        seed = app.screen.query_one("#seed", Input)
        seed.focus()
        await pilot.press("end", "backspace", "backspace", "-")
        assert seed.value == "-" and not seed.has_class("-invalid")  # not while typing
        await pilot.press("tab")
        await pilot.pause()
        assert seed.has_class("-invalid")
        await pilot.press("ctrl+s")
        await pilot.pause()
        said = [n.message for n in app._notifications]
        assert said == ["The seed must be a whole number, 0 or more."]


async def test_escape_leaves_the_review_for_the_lobby_as_it_was_left(tmp_path: Path) -> None:
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        await pilot.press("enter", *"Ann", "enter", *"Bo", "enter")
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen)
        await pilot.click("#table-name")
        await pilot.press("end", *" B")
        await pilot.click("#players")
        await pilot.press("v")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        shown = {b.binding.key: b.binding.description for b in review.active_bindings.values()}
        assert shown.get("escape") == "Back"  # offered in the footer
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is lobby
        assert [(s.name, s.role) for s in lobby.seats] == [("Ann", "state"), ("Bo", "region")]
        assert lobby.query_one("#table-name", Input).value == "Table 1 B"
        assert app.is_running


async def test_quitting_the_lobby_with_players_seated_asks_first(tmp_path: Path) -> None:
    from sammenspil.tui.screens.confirm import ConfirmQuit

    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        await pilot.press("enter", *"Ann", "enter")
        lobby = app.screen
        assert isinstance(lobby, LobbyScreen) and lobby.seats
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        assert app.screen.ask == "lobby.quit.ask_seated"
        await pilot.press("n")
        await pilot.pause()
        assert app.screen is lobby and [s.name for s in lobby.seats] == ["Ann"]
        await pilot.press("ctrl+q", "y")
        await pilot.pause()
    assert not app.is_running
    empty = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path)
    async with empty.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        await pilot.press("ctrl+q")  # nobody seated: nothing to lose, no question
        await pilot.pause()
    assert not empty.is_running


async def test_the_review_on_its_own_has_no_back_key_and_escape_keeps_it(tmp_path: Path) -> None:
    app = create_review_app(tmp_path)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        keys = {b.binding.key for b in review.active_bindings.values() if b.binding.show}
        assert "escape" not in keys
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is review and app.is_running
