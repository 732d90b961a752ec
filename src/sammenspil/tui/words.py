"""How a deck's names read inside a sentence of the screens."""

from __future__ import annotations

from sammenspil.game.text import printable


def name_mid(name: str, lang: str) -> str:
    """A role's name inside an English sentence: "pass it to the state", not "to The state"."""
    name = printable(name)
    if lang == "en" and name.startswith("The "):
        return "the " + name.removeprefix("The ")
    return name
