"""The lobby's light button: pressed by Enter or a click, once per press, its label as text."""

from __future__ import annotations

import pytest
from textual.app import App, ComposeResult

from sammenspil.tui.widgets import action_button
from sammenspil.tui.widgets.action_button import ActionButton


class OneButton(App[None]):
    def __init__(self, label: str = "Start (ctrl+s)") -> None:
        super().__init__()
        self.label = label
        self.pressed: list[str | None] = []

    def compose(self) -> ComposeResult:
        yield ActionButton(self.label, id="go")

    def on_action_button_pressed(self, message: ActionButton.Pressed) -> None:
        self.pressed.append(message.control.id)


async def test_enter_presses_the_focused_button_and_shows_it_pressed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(action_button, "PRESSED_FOR", 60.0)  # a slow machine's pause is no end
    app = OneButton()
    async with app.run_test(size=(40, 6)) as pilot:
        button = app.query_one(ActionButton)
        assert app.focused is button
        await pilot.press("enter")
        await pilot.pause()
        assert app.pressed == ["go"]
        assert button.has_class("-active")
        await pilot.press("enter")  # still showing the last press: not a second one
        await pilot.pause()
        assert app.pressed == ["go"]


async def test_a_click_presses_it() -> None:
    app = OneButton()
    async with app.run_test(size=(40, 6)) as pilot:
        assert await pilot.click("#go")
        await pilot.pause()
        assert app.pressed == ["go"]


async def test_its_label_is_text_and_sets_its_width() -> None:
    app = OneButton("[b]Løs[/b] 🂡")
    async with app.run_test(size=(40, 6)) as pilot:
        await pilot.pause()
        button = app.query_one(ActionButton)
        assert str(button.render()) == "[b]Løs[/b] 🂡"
        assert button.outer_size.width == 16  # the least width; a short label is centred in it
        assert button.outer_size.height == 3  # the label between its two edges
