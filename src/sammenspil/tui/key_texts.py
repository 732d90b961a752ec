"""Key bindings whose descriptions are message ids, shown in the player's language.

``BINDINGS`` are class attributes, read before a screen knows its language; a screen declares
them with a message id as the description (``Binding("r", "replay", "review.key.replay")``) and
calls ``translate_bindings(self, lang)`` in its ``__init__``, so the footer and the help list the
keys in the language the screen speaks.
"""

from __future__ import annotations

import dataclasses
import weakref

from textual.binding import BindingsMap
from textual.dom import DOMNode

from sammenspil.i18n import CATALOGS, DEFAULT, t

_DECLARED: weakref.WeakKeyDictionary[DOMNode, BindingsMap] = weakref.WeakKeyDictionary()
"""Each translated node's bindings as declared (message ids), to translate again from."""


def translate_bindings(node: DOMNode, lang: str) -> None:
    """Replace each description that is a message id with its text in ``lang``; called again
    with another language (an app whose round speaks another than its lobby), from the ids."""
    known = CATALOGS[DEFAULT]
    declared = _DECLARED.setdefault(node, node._bindings)
    keys = {
        key: [
            dataclasses.replace(b, description=t(lang, b.description))
            if b.description in known
            else b
            for b in bindings
        ]
        for key, bindings in declared.key_to_bindings.items()
    }
    node._bindings = BindingsMap.from_keys(keys)
