"""Where decks live: the bundled ones, the trainer's own folder, or any path given."""

from __future__ import annotations

from collections.abc import Collection, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from sammenspil.deck.loader import load_deck
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import DeckError, Finding

APP_NAME = "sammenspil"


def bundled_deck_dir() -> Path:
    """The decks shipped with the program: inside the wheel, or the repo's decks/ when editable.

    The package's folder is the one this file sits in, as ``importlib.resources.files`` would
    give it for an installed package; importing that (and tempfile, shutil, random, lzma with
    it) cost `deck list` more than reading its two decks' folder."""
    packaged = Path(__file__).parent.parent / "_decks"
    if packaged.is_dir():
        return packaged
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


def _same(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return False


def _origin(folder: Path) -> str:
    if _same(folder, bundled_deck_dir()):
        return "bundled"
    if _same(folder, user_deck_dir()):
        return "user"
    return "folder"


def load_entry(path: Path, origin: str) -> DeckEntry:
    """A deck file as a listing shows it: loaded, or with its first error."""
    try:
        deck, _ = load_deck(path)
    except DeckError as exc:
        first = exc.findings[0].render() if exc.findings else "invalid deck"
        return DeckEntry(path, origin, None, first)
    return DeckEntry(path, origin, deck)


def iter_decks(
    dirs: Sequence[Path] | None = None, extra: Sequence[Path] = ()
) -> Iterator[DeckEntry]:
    """Every deck file in ``dirs`` (default: the bundled and the user's folder), broken ones too,
    then the ``extra`` files not already listed."""
    seen: list[Path] = []
    for folder in [bundled_deck_dir(), user_deck_dir()] if dirs is None else dirs:
        try:
            files = sorted(folder.glob("*.toml")) if folder.is_dir() else []
        except OSError:
            files = []
        origin = _origin(folder)
        for path in files:
            seen.append(path)
            yield load_entry(path, origin)
    for path in extra:
        if not any(_same(path, other) for other in seen):
            yield load_entry(path, "file")


def same_file(a: Path, b: Path) -> bool:
    return _same(a, b)


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
            [
                Finding(
                    None,
                    None,
                    (),
                    f"no deck with id '{ref}'; known decks: {', '.join(known) or 'none'}",
                    source=str(ref),
                )
            ]
        )
    deck, warnings = load_deck(matches[0].path, heuristics=heuristics)
    return deck, warnings, matches[0].path


def default_deck_ref(language: str = "da") -> str:
    return "sammenhaeng" if language == "da" else "coherence"
