"""Messages between the table and the screens."""

from __future__ import annotations

from textual.message import Message

from sammenspil.host.view import TableView


class TableUpdated(Message):
    """The table changed: the viewer's new view. A burst collapses into the latest one.

    Views are whole (the feed is in the view), so a queued update that a newer one replaces
    loses nothing, and a screen repaints once per burst, not once per event.
    """

    def __init__(self, view: TableView) -> None:
        super().__init__()
        self.view = view

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, TableUpdated)


class ReviseWanted(Message):
    """A role asks to revise its ranking (the reveal): the app gives it the keyboard."""

    def __init__(self, role: str) -> None:
        super().__init__()
        self.role = role
