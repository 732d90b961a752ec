"""Where decks live: the bundled ones, the trainer's own folder, or any path given."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import platformdirs

from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import DeckError, Finding

APP_NAME = "sammenspil"


def bundled_deck_dir() -> Path:
    """The decks shipped with the program: inside the wheel, or the repo's decks/ when editable."""
    packaged = resources.files("sammenspil") / "_decks"
    if packaged.is_dir():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[3] / "decks"


def user_deck_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_NAME)) / "decks"


@dataclass(frozen=True)
class DeckEntry:
    path: Path
    origin: str  # "bundled" or "user"
    deck: Deck | None
    error: str | None = None

    @property
    def id(self) -> str:
        return self.deck.id if self.deck else self.path.stem


def iter_decks(extra_dirs: Collection[Path] = ()) -> Iterator[DeckEntry]:
    """Every deck file we can find, valid or not, so a listing can show what is broken too."""
    sources = [(bundled_deck_dir(), "bundled"), (user_deck_dir(), "user")]
    sources += [(Path(d), "folder") for d in extra_dirs]
    for folder, origin in sources:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                deck, _ = load_deck(path)
            except DeckError as exc:
                first = exc.findings[0].render() if exc.findings else "invalid deck"
                yield DeckEntry(path, origin, None, first)
            else:
                yield DeckEntry(path, origin, deck)


def resolve_deck(
    ref: str | Path, *, heuristics: Collection[str] | None = None
) -> tuple[Deck, list[Finding], Path]:
    """A deck by path, or by id among the bundled and user decks."""
    path = Path(ref)
    if path.suffix == ".toml" or path.exists() or "/" in str(ref):
        deck, warnings = load_deck(path, heuristics=heuristics)
        return deck, warnings, path
    matches = [e for e in iter_decks() if e.deck is not None and e.deck.id == str(ref)]
    if not matches:
        known = sorted({e.id for e in iter_decks() if e.deck is not None})
        raise DeckError(
            [Finding(None, None, (), f"no deck with id '{ref}'; known decks: "
                     f"{', '.join(known) or 'none'}", source=str(ref))]
        )
    deck, warnings = load_deck(matches[0].path, heuristics=heuristics)
    return deck, warnings, matches[0].path


def default_deck_ref(language: str = "da") -> str:
    return "sammenhaeng" if language == "da" else "coherence"
