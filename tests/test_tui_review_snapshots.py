"""Snapshots of the review at 80x24 and 120x40: the list (both languages), a round, its
replay and the help. The rounds are played with fixed seeds and copied with fixed times; the
folder's place on disk is shown as ``saves``, so nothing in a picture changes between runs."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.pilot import Pilot

from review_support import review_folder
from sammenspil.tui.review_app import ReviewApp, SavesReview

SIZES = [(80, 24), (120, 40)]


class ShownAsSaves(SavesReview):
    @property
    def where(self) -> str:
        return "saves"


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Path, Path, Path]]:
    tmp = tmp_path_factory.mktemp("snapshots")
    return {lang: review_folder(tmp, lang) for lang in ("en", "da")}


def app_for(folder: Path, lang: str, open_save: Path | None = None) -> ReviewApp:
    key = str(open_save) if open_save is not None else None
    return ReviewApp(ShownAsSaves(folder, lang=lang), lang=lang, open_key=key)


async def settled(pilot: Pilot[None]) -> None:
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("lang", ["en", "da"])
def test_review_list(snap_compare, folders, lang: str, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(app_for(folders[lang][0], lang), terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_round(snap_compare, folders, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    folder, finished, _ = folders["en"]
    app = app_for(folder, "en", open_save=finished)
    assert snap_compare(app, terminal_size=size, run_before=settled)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_replay(snap_compare, folders, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    folder, finished, _ = folders["en"]

    async def at_a_placement(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("r")
        await settled(pilot)
        await pilot.press(*["right"] * 16)
        await pilot.pause()

    app = app_for(folder, "en", open_save=finished)
    assert snap_compare(app, terminal_size=size, run_before=at_a_placement)


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_help(snap_compare, folders, size: tuple[int, int]) -> None:  # type: ignore[no-untyped-def]
    async def with_help(pilot: Pilot[None]) -> None:
        await settled(pilot)
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(app_for(folders["en"][0], "en"), terminal_size=size, run_before=with_help)
