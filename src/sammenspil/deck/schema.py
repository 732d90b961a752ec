"""The deck format as a JSON Schema, so TOML editors (Taplo, Even Better TOML) check while typing.

It comes from the same pydantic models the loader validates with, so the editor and
`sammenspil deck check` agree on keys, types and vocabularies. Cross-references (an unknown
problem id in `addresses`, say) are beyond a schema; `deck check` still finds those.
"""

from __future__ import annotations

from typing import Any

from sammenspil.deck.models import Deck

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def deck_schema() -> dict[str, Any]:
    """The JSON Schema (Draft 2020-12) of a deck file."""
    generated = Deck.model_json_schema()
    generated.pop("title", None)
    generated.pop("description", None)
    return {
        "$schema": DRAFT,
        "title": "Sammenspil deck",
        "description": (
            "A deck of problem, remedy and dilemma cards for Sammenspil, a card game on "
            "coherence across the state, the regions and the municipalities. "
            "Check a deck fully with `sammenspil deck check PATH`."
        ),
        **generated,
    }
