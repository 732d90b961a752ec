"""The seal on a save file: its first line, a SHA-256 of everything below it.

A save's header (``[meta]``, ``[[players]]``) and its ``[result]`` hold numbers derived from
the events: the phase, the players, the score. A listing that trusted them could be misled by a
hand edit; one that replayed every save to check them grew with every event. The seal lets a
listing tell the two cases apart in one pass of a C hash: a sealed file is byte for byte what
Sammenspil wrote, when those numbers were computed from the table in memory, so the listing may
show them; any edit below the seal line breaks it, and the listing replays that save as before.

The seal is a TOML comment, so every reader (and every older Sammenspil) ignores it. It is no
signature: someone who means to forge a save can recompute it. That is why ``score`` and
``review`` never read these numbers but always recompute them from the events.
"""

from __future__ import annotations

import hashlib

SEAL_PREFIX = "# sammenspil sha256:"
_SEAL_NOTE = " (an edit below makes listings replay this round)"


def seal(body: str) -> str:
    """The save text with its seal line on top."""
    return f"{SEAL_PREFIX}{_digest(body)}{_SEAL_NOTE}\n{body}"


def sealed_body(text: str) -> str | None:
    """The text below the seal line when the seal matches it; None for an unsealed or edited
    file (or one whose seal line was edited)."""
    if not text.startswith(SEAL_PREFIX):
        return None
    line, newline, body = text.partition("\n")
    if not newline or line != f"{SEAL_PREFIX}{_digest(body)}{_SEAL_NOTE}":
        return None
    return body


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode("utf-8")).hexdigest()
