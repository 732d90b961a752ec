"""Every player-facing sentence, by message id, in each language the game speaks.

One catalog per language (``en``, ``da``), each a plain dict from a message id to a
``str.format`` template. ``t(lang, key, **fields)`` is the only way text is chosen: a language
without a catalog reads English, so a deck written in German still gets whole sentences. A
catalog that lacks a key, or whose template names other fields than English does, is a bug that
``tests/test_i18n.py`` catches; at run time a missing key falls back to English rather than
failing in front of a table.

Pure: no files, no clock. The engine and the scoring import it, so it imports nothing of theirs.
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from sammenspil.i18n import (
    console_da,
    console_en,
    da,
    en,
    lobby_da,
    lobby_en,
    play_da,
    play_en,
    remote_da,
    remote_en,
    report_da,
    report_en,
    review_da,
    review_en,
    serve_da,
    serve_en,
)

__all__ = [
    "CATALOGS",
    "DEFAULT",
    "LANGUAGES",
    "fields",
    "language",
    "pick",
    "t",
    "t_n",
    "titles",
]

DEFAULT = "en"
# Each language's catalog is its core texts and one part per area of the screens, so that the
# screens' texts live beside each other and no two areas edit one file.
_PARTS = {
    "en": (
        en.CATALOG,
        lobby_en.CATALOG,
        play_en.CATALOG,
        review_en.CATALOG,
        serve_en.CATALOG,
        console_en.CATALOG,
        report_en.CATALOG,
        remote_en.CATALOG,
    ),
    "da": (
        da.CATALOG,
        lobby_da.CATALOG,
        play_da.CATALOG,
        review_da.CATALOG,
        serve_da.CATALOG,
        console_da.CATALOG,
        report_da.CATALOG,
        remote_da.CATALOG,
    ),
}


def _merged(parts: tuple[dict[str, str], ...]) -> Mapping[str, str]:
    merged: dict[str, str] = {}
    for part in parts:
        clash = merged.keys() & part.keys()
        if clash:  # pragma: no cover - a programming error, caught by the first import
            raise RuntimeError(f"message ids defined twice: {sorted(clash)}")
        merged.update(part)
    return MappingProxyType(merged)


CATALOGS: Mapping[str, Mapping[str, str]] = MappingProxyType(
    {lang: _merged(parts) for lang, parts in _PARTS.items()}
)
LANGUAGES: tuple[str, ...] = tuple(CATALOGS)


def language(lang: str) -> str:
    """The catalog a language reads: its own, or English."""
    return lang if lang in CATALOGS else DEFAULT


def t(lang: str, key: str, /, **values: Any) -> str:
    """The message ``key`` in ``lang`` with its fields filled in.

    An unknown key raises KeyError: that is a typo in the code, never something a user did.
    """
    catalog = CATALOGS[language(lang)]
    template = catalog.get(key)
    if template is None:
        template = CATALOGS[DEFAULT][key]
    return template.format(**values)


def t_n(lang: str, key: str, n: int, /, **values: Any) -> str:
    """A message that depends on a count: ``key.one`` for exactly one, ``key.many`` otherwise.

    Both languages so far have these two forms; ``n`` is passed on as a field.
    """
    return t(lang, f"{key}.{'one' if n == 1 else 'many'}", n=n, **values)


def pick(lang: str, texts: Mapping[str, str], default: str = "") -> str:
    """Text that is not in the catalogs (a plugin's, a deck's), given per language: the one in
    ``lang``, else English, else ``default``. The same fallback as ``t``."""
    return texts.get(lang) or texts.get(DEFAULT) or default


def titles(key: str) -> dict[str, str]:
    """A message in every language, e.g. a heuristic's title for the registry."""
    return {lang: catalog[key] for lang, catalog in CATALOGS.items() if key in catalog}


def fields(template: str) -> set[str]:
    """The names a template fills in, e.g. ``{"role", "problem"}``."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


class InLanguage:
    """``t`` and ``num`` for a model with a ``language`` field (a debrief, a workshop report):
    its labels in that language, and a number or the language's word for none."""

    if TYPE_CHECKING:
        language: str

    def t(self, key: str, /, **fields: Any) -> str:
        return t(self.language, key, **fields)

    def t_n(self, key: str, n: int, /, **fields: Any) -> str:
        return t_n(self.language, key, n, **fields)

    def num(self, x: float | None, digits: int = 1) -> str:
        return self.t("na") if x is None else f"{x:.{digits}f}"
