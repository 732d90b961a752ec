"""The lobby: the decks there are to play with, and what each one holds.

Decks are read in a worker thread, so the first frame appears at once even when a trainer's
folder holds many decks; the worker posts them back as one message. Playing a round comes with
the game screens; until then choosing a deck says so plainly.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Static

from sammenspil.deck.catalog import DeckEntry, iter_decks, same_file
from sammenspil.game.text import printable

TITLE_WIDTH = 24


def find_decks(deck_dirs: Sequence[Path], extra: Sequence[Path] = ()) -> list[DeckEntry]:
    """Every deck file in deck_dirs (broken ones too, with their first error), then extra files."""
    return list(iter_decks(deck_dirs, extra))


def _n(count: int, noun: str) -> str:
    plural = noun[:-1] + "ies" if noun.endswith("y") else noun + "s"
    return f"{count} {noun if count == 1 else plural}"


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _cell(text: str) -> Text:
    """A table cell as text: DataTable reads a plain str as markup, so `[/]` would crash it."""
    return Text(printable(text), no_wrap=True)


@dataclass(frozen=True)
class DeckDetails:
    """What the side panel says about one deck, as plain strings (deck text is never markup)."""

    title: str
    meta: str
    description: str
    rules: str
    roles: str

    @classmethod
    def of(cls, entry: DeckEntry) -> DeckDetails:
        deck = entry.deck
        if deck is None:
            return cls(
                title=printable(entry.path.name),
                meta=f"{entry.origin} · cannot be loaded",
                description=printable(entry.error or "invalid deck"),
                rules="Fix the deck, then check it with `sammenspil deck check`.",
                roles="",
            )
        rules = deck.rules
        # Deck text is checked when the deck loads; printable() is the last guard all the same.
        return cls(
            title=printable(deck.title),
            meta=f"{deck.id} · {deck.language} · v{deck.version} · "
            f"{printable(entry.path.name)} · {entry.origin}",
            description=printable(deck.description, multiline=True) or "(no description)",
            rules=(
                f"{_n(len(deck.problems), 'problem')}, {_n(len(deck.remedies), 'remedy')}, "
                f"{_n(len(deck.dilemmas), 'dilemma')} in the deck.\n"
                f"Deals {_n(rules.problems, 'problem')}, {_n(rules.hand, 'remedy')} per role "
                f"and {_n(rules.dilemmas, 'dilemma')}.\n"
                f"Change budget {rules.change_budget} · effort budget {rules.effort_budget} · "
                f"arguments of {rules.argument_min_words}+ words."
            ),
            roles="\n".join(f"• {printable(role.name)} ({role.id})" for role in deck.roles),
        )


class LobbyScreen(Screen[None]):
    """Lists the decks; the highlighted one is described beside the list."""

    class DecksLoaded(Message):
        """The worker has read the deck folders."""

        def __init__(self, entries: list[DeckEntry]) -> None:
            super().__init__()
            self.entries = entries

    def __init__(
        self,
        deck_dirs: Sequence[Path],
        *,
        extra: Sequence[Path] = (),
        selected: Path | None = None,
    ) -> None:
        super().__init__()
        self._deck_dirs = list(deck_dirs)
        self._extra = list(extra)
        self._selected = selected
        self.entries: list[DeckEntry] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="lobby-body"):
            with Vertical(id="deck-list-pane"):
                yield Static("Decks", id="deck-list-title", classes="heading")
                yield DataTable(id="decks", cursor_type="row", zebra_stripes=True)
                yield Static("↑↓ pick a deck · Enter to choose it", id="lobby-hint", markup=False)
            with VerticalScroll(id="deck-details"):
                yield Static("Loading decks…", id="detail-title", markup=False)
                yield Static("", id="detail-meta", markup=False)
                yield Static("", id="detail-description", markup=False)
                yield Static("Rules", classes="heading detail-heading")
                yield Static("", id="detail-rules", markup=False)
                yield Static("Roles", classes="heading detail-heading")
                yield Static("", id="detail-roles", markup=False)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = "Lobby"
        table = self.query_one("#decks", DataTable)
        table.add_column("Id", key="id")
        table.add_column("Title", key="title")
        table.add_column("Lang", key="language")
        table.add_column("Prob", key="problems")
        table.add_column("Rem", key="remedies")
        table.add_column("Dil", key="dilemmas")
        table.loading = True
        self._load_decks()

    @work(thread=True, exclusive=True, group="lobby-decks")
    def _load_decks(self) -> None:
        self.post_message(self.DecksLoaded(find_decks(self._deck_dirs, self._extra)))

    @on(DecksLoaded)
    def _show_decks(self, message: DecksLoaded) -> None:
        self.entries = message.entries
        table = self.query_one("#decks", DataTable)
        table.clear()
        for entry in self.entries:
            deck = entry.deck
            if deck is None:
                row = (entry.id, "⚠ cannot be loaded", "–", "–", "–", "–")
            else:
                row = (
                    deck.id,
                    _shorten(deck.title, TITLE_WIDTH),
                    deck.language,
                    str(len(deck.problems)),
                    str(len(deck.remedies)),
                    str(len(deck.dilemmas)),
                )
            table.add_row(*(_cell(cell) for cell in row), key=str(entry.path))
        table.loading = False
        if not self.entries:
            self._describe(None)
            return
        index = next(
            (
                i
                for i, e in enumerate(self.entries)
                if self._selected is not None and same_file(e.path, self._selected)
            ),
            0,
        )
        table.move_cursor(row=index)
        table.focus()
        self._describe(self.entries[index])

    def _entry_for(self, key: str | None) -> DeckEntry | None:
        return next((e for e in self.entries if str(e.path) == key), None)

    @on(DataTable.RowHighlighted, "#decks")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        entry = self._entry_for(event.row_key.value)
        if entry is not None:
            self._describe(entry)

    @on(DataTable.RowSelected, "#decks")
    def _chosen(self, event: DataTable.RowSelected) -> None:
        entry = self._entry_for(event.row_key.value)
        if entry is None:
            return
        if entry.deck is None:
            self.notify(
                printable(entry.error or "invalid deck"),
                title="This deck cannot be loaded",
                severity="error",
                markup=False,
            )
            return
        self.notify(
            "Playing a round comes in a later version of Sammenspil. For now the lobby lists "
            "the decks; `sammenspil deck show " + entry.deck.id + "` prints their cards.",
            title=f"{printable(entry.deck.title)}: not playable yet",
            severity="warning",
            markup=False,
        )

    def _describe(self, entry: DeckEntry | None) -> None:
        if entry is None:
            details = DeckDetails(
                title="No decks found",
                meta="",
                description="Put .toml deck files in your deck folder; "
                "`sammenspil deck list` shows where it is, and `sammenspil deck new` "
                "writes a starter deck.",
                rules="",
                roles="",
            )
        else:
            details = DeckDetails.of(entry)
        for name in ("title", "meta", "description", "rules", "roles"):
            self.query_one(f"#detail-{name}", Static).update(getattr(details, name))
