"""Snapshots of the browser visitor's login screen, after the door refused a code, at the
smallest and a roomy size. A real web door and table server on a thread; look at a changed
SVG's text before accepting it.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from net_support import ServerThread, started
from sammenspil.net.web_door import WebDoor
from sammenspil.tui.web_main import WebApp
from test_tui_remote import PATIENCE, until
from test_tui_web_login import CODE

SIZES = pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServerThread, WebDoor]]:
    for running in started(tmp_path / "saves", "Table 1"):
        door = WebDoor(running.server, code=CODE)
        asyncio.run_coroutine_threadsafe(door.start(tmp_path), running.loop).result(PATIENCE)
        try:
            yield running, door
        finally:
            asyncio.run_coroutine_threadsafe(door.close(), running.loop).result(PATIENCE)


@SIZES
def test_login_after_a_wrong_code(snap_compare, size: tuple[int, int], served) -> None:  # type: ignore[no-untyped-def]
    _, door = served
    app = WebApp(door.path, timeout=PATIENCE)

    async def refused(pilot: Pilot[None]) -> None:
        said = app.screen.query_one("#login-said", Static)
        await pilot.press(*"Ann", "enter", *"WRONG1", "enter")
        await until(pilot, lambda: "not the join code" in str(said.render()), "the refusal")
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=refused)
