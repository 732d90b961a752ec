"""Footer keys in the player's language: a binding's description looked up by its action.

Bindings are declared once per class in English; a screen calls ``localize_bindings`` in its
constructor and every binding whose ``play.key.<action>`` text exists is shown in ``lang``.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

from sammenspil.i18n import CATALOGS, language, t


def localize_bindings(node: DOMNode, lang: str) -> None:
    """Give ``node``'s own bindings their descriptions in ``lang`` (unknown actions stay)."""
    catalog = CATALOGS[language(lang)]
    keys = {
        key: [
            replace(b, description=t(lang, f"play.key.{b.action}"))
            if f"play.key.{b.action}" in catalog
            else b
            for b in bindings
        ]
        for key, bindings in node._bindings.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
