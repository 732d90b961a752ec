"""The workshop's join code: the SSH password every player types, read aloud by a trainer.

Six characters from an alphabet without the look-alikes 0/O and 1/I/L, drawn with ``secrets``.
Compared without regard to case and surrounding spaces (a room full of people types it from a
projector), in constant time.
"""

from __future__ import annotations

import hmac
import secrets

ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
"""Letters and digits that cannot be mistaken for one another when read aloud or from a wall."""

CODE_LENGTH = 6
"""31**6: about 887 million codes; with the failed-login limit, guessing is not a plan."""

CODE_MIN = 4
CODE_MAX = 64


def new_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))


def code_problem(code: str) -> str | None:
    """Why a code given with ``--code`` cannot be typed as an SSH password, or None."""
    if not CODE_MIN <= len(code) <= CODE_MAX:
        return f"a join code has {CODE_MIN} to {CODE_MAX} characters, this one {len(code)}"
    if not code.isascii() or not code.isprintable() or " " in code:
        return "a join code is letters, digits and punctuation: no spaces or other characters"
    return None


def _normal(text: str) -> bytes:
    return text.strip().upper().encode("utf-8", "surrogatepass")


def matches(code: str, typed: str) -> bool:
    """Whether ``typed`` is the join code, in constant time for a given length."""
    return hmac.compare_digest(_normal(code), _normal(typed))
