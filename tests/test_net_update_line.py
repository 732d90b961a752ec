"""The update line built from shared JSON says exactly what ``encode(Update(...))`` says.

The table server builds each connection's ``update`` from the JSON of the parts its view shares
with other viewers in the same seat (``net.update_line``); a client must not be able to tell.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sammenspil.game.state import Phase
from sammenspil.host.local import LocalClient
from sammenspil.host.principal import Principal
from sammenspil.host.view import TableView
from sammenspil.net import update_line
from sammenspil.net.protocol import ProtocolError, Update, decode_server, encode
from sammenspil.net.update_line import SharedJSON
from tui_support import table_at

WATCHERS = [f"Watcher{i:02d}" for i in range(27)]


def views_at(tmp_path: Path, phase: Phase) -> list[TableView]:
    """Three seated players, 27 spectators, a facilitator and a stranger, each as the host
    shows them the table at ``phase``."""
    t = table_at(tmp_path, phase)
    principals = [Principal(name=name) for name in ("Ann", "Bo", "Cy")]
    for name in WATCHERS:
        principal = Principal(name=name, spectator=True)
        LocalClient(t.host, principal).connect()
        principals.append(principal)
    principals += [Principal(name="Fie", facilitator=True), Principal(name="Stranger")]
    return [t.host.view(p) for p in principals]


@pytest.mark.parametrize("phase", [Phase.LOBBY, Phase.RANK, Phase.RESPOND, Phase.SCORED])
def test_each_line_says_what_the_update_says(tmp_path: Path, phase: Phase) -> None:
    shared = SharedJSON()
    for view in views_at(tmp_path, phase):
        moves = view.feed[-2:]
        line = shared.update(view, moves)
        expected = encode(Update(view=view, moves=moves))
        assert line.endswith(b"\n") and line.count(b"\n") == 1
        assert json.loads(line) == json.loads(expected)
        assert decode_server(line) == decode_server(expected)


def test_spectators_share_one_serialization_of_the_table_and_feed(tmp_path: Path) -> None:
    views = views_at(tmp_path, Phase.RESPOND)
    watchers = [v for v in views if v.viewer in WATCHERS]
    shared = SharedJSON()
    for view in watchers:
        shared.update(view, ())
    assert shared.dumps == 3  # the table, what the seat may do, the feed: once for all 27
    lines = {shared.update(view, ()) for view in watchers}
    assert len(lines) == len(WATCHERS)  # each still names its own viewer
    assert shared.dumps == 3


def test_a_line_over_the_limit_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    view = views_at(tmp_path, Phase.LOBBY)[0]
    monkeypatch.setattr(update_line, "MAX_SERVER_LINE", 100)
    with pytest.raises(ProtocolError, match="over 100 bytes"):
        SharedJSON().update(view, ())
