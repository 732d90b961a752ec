"""Parsed stylesheets kept between starts: the second start parses nothing the first did, builds
the same rules, and a cache file that does not fit is ignored, never trusted."""

from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import textual.css.stylesheet
from textual.app import App
from textual.css.model import RuleSet

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.tui import css_cache
from sammenspil.tui.app import create_app
from tui_support import decks_loaded

SIZE = (100, 30)


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Where each stylesheet Textual parses from now on was read from."""
    parsed: list[str] = []
    parse = textual.css.stylesheet.parse

    def counted(scope, css, read_from, **kw):  # type: ignore[no-untyped-def]
        parsed.append(str(read_from))
        return parse(scope, css, read_from, **kw)

    monkeypatch.setattr(textual.css.stylesheet, "parse", counted)
    return parsed


def described(rule: RuleSet) -> str:
    """A rule's selectors, declarations and precedence, as text to compare."""
    declarations = sorted(rule.styles.get_rules().items())
    return repr((rule.selectors, declarations, rule.is_default_rules, rule.tie_breaker))


async def lobby_rules(tmp_path: Path, folder: Path | None) -> list[str]:
    """The lobby's rules, once the decks are listed, with ``folder`` as the cache."""
    app = create_app(deck_dirs=[bundled_deck_dir()], saves_dir=tmp_path, css_cache=folder)
    async with app.run_test(size=SIZE) as pilot:
        await decks_loaded(pilot)
        await app.workers.wait_for_complete()
        return [described(rule) for rule in app.stylesheet.rules]


async def test_the_second_start_parses_nothing_the_first_frame_needs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "cache"
    parsed = count_parses(monkeypatch)
    first = await lobby_rules(tmp_path, folder)
    # Written once the first frame was drawn: what that frame parsed, the lobby's file too.
    saved = pickle.loads(css_cache.cache_file(folder).read_bytes())
    kept = {str(key[1]) for key in saved["entries"]}
    assert any("lobby_screen.tcss" in where for where in kept)
    assert kept <= set(parsed)

    parsed.clear()
    second = await lobby_rules(tmp_path, folder)
    assert not kept & set(parsed)  # what comes later (the footer's keys) is parsed as before
    assert second == first
    assert second == await lobby_rules(tmp_path, None)  # as a start without any cache


async def test_an_app_without_a_cache_folder_writes_none(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    await lobby_rules(tmp_path, None)
    assert not (tmp_path / "xdg").exists()


@pytest.mark.parametrize(
    "content",
    [b"", b"not a pickle", pickle.dumps(["a", "list"]), pickle.dumps({"entries": "x"})],
    ids=["empty", "garbage", "other-shape", "no-version"],
)
def test_a_cache_file_that_does_not_fit_is_ignored(tmp_path: Path, content: bytes) -> None:
    css_cache.cache_file(tmp_path).write_bytes(content)
    app: App[None] = App()
    assert css_cache.preload(app.stylesheet, tmp_path) == 0
    assert len(app.stylesheet._parse_cache) == 0


def test_rules_made_with_other_theme_variables_are_not_used(tmp_path: Path) -> None:
    app: App[None] = App()
    app.stylesheet.add_source("Screen { background: $primary; }", read_from=("x.tcss", ""))
    app.stylesheet.parse()
    saved = css_cache.snapshot(app.stylesheet)
    css_cache.save(saved, tmp_path)
    assert css_cache.preload(App().stylesheet, tmp_path) == 1

    saved["variables"] = {**saved["variables"], "primary": "#ff0000"}
    css_cache.save(saved, tmp_path)
    assert css_cache.preload(App().stylesheet, tmp_path) == 0


def test_a_cache_larger_than_its_limit_is_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app: App[None] = App()
    app.stylesheet.add_source("Screen { color: red; }", read_from=("x.tcss", ""))
    app.stylesheet.parse()
    css_cache.save(css_cache.snapshot(app.stylesheet), tmp_path)
    monkeypatch.setattr(css_cache, "MAX_BYTES", 100)
    assert css_cache.preload(App().stylesheet, tmp_path) == 0


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("in the way", encoding="utf-8")
    css_cache.save(css_cache.snapshot(App().stylesheet), blocker / "cache")
    assert not (blocker / "cache").exists()


def test_a_cache_that_cannot_be_written_leaves_no_file_behind(tmp_path: Path) -> None:
    css_cache.cache_file(tmp_path).mkdir()  # a folder where the file would go
    css_cache.save(css_cache.snapshot(App().stylesheet), tmp_path)
    assert list(tmp_path.iterdir()) == [css_cache.cache_file(tmp_path)]
