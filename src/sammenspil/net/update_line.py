"""The ``update`` line of a view, built from JSON shared by every connection that shares it.

A move at a table of thirty is thirty updates. The host builds a view's heavy parts (the table
as a seat may see it, and the move feed) once per seat and version and shares the same objects
between every viewer in that seat (``host.viewing``); only the viewer's name, flags and the
presence list are each viewer's own. So the JSON of a shared part is kept by the identity of
the object it was made from, and each line is the small part of its own joined to the shared
ones: a spectator crowd costs one serialization of the table and the feed per move, not thirty.

The line holds the same JSON values ``encode(Update(...))`` would (tests compare them).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from pydantic import TypeAdapter

from sammenspil.host.view import Move, TableView
from sammenspil.net.protocol import MAX_SERVER_LINE, ProtocolError

KEEP = 64
"""Shared parts remembered; the cache starts over past this (parts of two versions per seat)."""

_moves: TypeAdapter[tuple[Move, ...]] = TypeAdapter(tuple[Move, ...])
_own: TypeAdapter[dict[str, Any]] = TypeAdapter(dict[str, Any])


class SharedJSON:
    """JSON of the objects views share, by identity (the object is kept, so its id is too)."""

    def __init__(self) -> None:
        self._made: dict[int, tuple[object, bytes]] = {}
        self.dumps = 0
        """How many shared parts were serialized (each once while remembered)."""

    def of(self, obj: object, dump: Any) -> bytes:
        """``dump()``'s JSON for ``obj``, made once while ``obj`` is remembered."""
        kept = self._made.get(id(obj))
        if kept is not None and kept[0] is obj:
            return kept[1]
        if len(self._made) >= KEEP:
            self._made.clear()
        made: bytes = dump()
        self.dumps += 1
        self._made[id(obj)] = (obj, made)
        return made

    def update(self, view: TableView, moves: Sequence[Move]) -> bytes:
        """The line of ``Update(view=view, moves=moves)``; ``ProtocolError`` past the limit."""
        own = _own.dump_json(
            {
                "viewer": view.viewer,
                "role": view.role,
                "facilitator": view.facilitator,
                "spectator": view.spectator,
                "at_table": view.at_table,
                "presence": {name: p.value for name, p in view.presence.items()},
                "waiting": view.waiting,
                "submitted": view.submitted,
            }
        )
        table = self.of(view.table, lambda: view.table.model_dump_json().encode())
        allowed = self.of(view.allowed, lambda: view.allowed.model_dump_json().encode())
        feed = self.of(view.feed, lambda: _moves.dump_json(view.feed))
        line = b"".join(
            (
                b'{"type":"update","view":',
                own[:-1],
                b',"table":',
                table,
                b',"allowed":',
                allowed,
                b',"feed":',
                feed,
                b'},"moves":',
                _moves.dump_json(tuple(moves)),
                b"}\n",
            )
        )
        if len(line) > MAX_SERVER_LINE:
            raise ProtocolError(f"a Update message is over {MAX_SERVER_LINE} bytes")
        return line
