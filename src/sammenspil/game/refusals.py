"""Why a command was refused, in the table's language. A refusal is a value, never an exception.

The texts live in the i18n catalogs under ``refusal.<code>``; the code is what programs compare,
the reason is what a player reads.
"""

# No `from __future__ import annotations` here: pydantic would compile every field's annotation
# from its string (typing.ForwardRef), milliseconds of every command that reads a save.

from typing import Any

from pydantic import BaseModel, ConfigDict

from sammenspil.i18n import CATALOGS, DEFAULT, t


class Refusal(BaseModel):
    model_config = ConfigDict(frozen=True)

    code: str
    reason: str

    def __str__(self) -> str:
        return self.reason


def refuse(language: str, code: str, **fields: Any) -> Refusal:
    return Refusal(code=code, reason=t(language, f"refusal.{code}", **fields))


def phase_name(language: str, phase: str) -> str:
    """A phase as players call it; a phase the catalogs do not know is shown by its id."""
    key = f"phase.{phase}"
    return t(language, key) if key in CATALOGS[DEFAULT] else phase
