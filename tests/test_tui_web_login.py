"""The browser visitor's app by pilot, against a real web door and table server on a thread.

The login screen asks for a name and the (masked) join code; the door's refusal shows in one
line and the visitor tries again; once in, it is the remote app: the lobby of tables, a seat.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.widgets import Input, Static

from net_support import ServerThread, started
from sammenspil.net.web_door import WebDoor
from sammenspil.tui.screens.server_lobby import ServerLobbyScreen
from sammenspil.tui.screens.web_login import WebLoginScreen
from sammenspil.tui.web_main import WebApp, main
from test_tui_remote import PATIENCE, SIZE, seated, until

CODE = "K7PX2M"


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[ServerThread, WebDoor]]:
    for running in started(tmp_path / "saves", "Table 1"):
        door = WebDoor(running.server, code=CODE)
        asyncio.run_coroutine_threadsafe(door.start(tmp_path), running.loop).result(PATIENCE)
        try:
            yield running, door
        finally:
            asyncio.run_coroutine_threadsafe(door.close(), running.loop).result(PATIENCE)


def said(app: WebApp) -> str:
    content = app.screen.query_one("#login-said", Static).content
    return content.plain if hasattr(content, "plain") else str(content)


async def test_a_visitor_logs_in_after_a_refusal_and_sits_down(
    served: tuple[ServerThread, WebDoor],
) -> None:
    running, door = served
    app = WebApp(door.path, timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        login = app.screen
        assert isinstance(login, WebLoginScreen)
        code = login.query_one("#login-code", Input)
        assert code.password  # masked
        await pilot.press("enter", "enter")  # nothing typed yet: on to the code, then go
        assert said(app) == "Type your name and the join code."
        await pilot.press(*"Ann", "enter", *"WRONG1", "enter")
        await until(pilot, lambda: "not the join code" in said(app), "the refusal")
        assert said(app) == (
            "That is not the join code. Look at the facilitator's screen and try again."
        )
        assert code.value == "" and code.has_focus
        await pilot.press(*"k7px2m", "enter")
        await until(pilot, lambda: isinstance(app.screen, ServerLobbyScreen), "the lobby")
        await seated(pilot, app)
        host = running.server.host("Table 1")
        assert host is not None and host.table.players["Ann"].role is not None
        assert app.logged_in == "Ann"


async def test_a_bad_name_is_explained_and_another_gets_in(
    served: tuple[ServerThread, WebDoor],
) -> None:
    _, door = served
    app = WebApp(door.path, timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await until(pilot, lambda: isinstance(app.screen, WebLoginScreen), "the login")
        name = app.screen.query_one("#login-name", Input)
        name.value = "A\u202eB"  # a bidi override: no name, and not shown raw
        await pilot.press("enter", *CODE, "enter")
        await until(pilot, lambda: "cannot be your name" in said(app), "the refusal")
        assert "\u202e" not in said(app)
        name.value = "Bo"
        await pilot.press(*CODE, "enter")
        await until(pilot, lambda: isinstance(app.screen, ServerLobbyScreen), "the lobby")


async def test_a_door_that_is_not_there_is_one_line(tmp_path: Path) -> None:
    app = WebApp(tmp_path / "nothing.sock", timeout=PATIENCE)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"Ann", "enter", *CODE, "enter")
        await until(pilot, lambda: "cannot be reached" in said(app), "the line")
        assert said(app).startswith("The workshop server cannot be reached (")


def test_web_main_refuses_a_missing_door_flag(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exited:
        main([])
    assert exited.value.code == 2
    assert "--door" in capsys.readouterr().err
