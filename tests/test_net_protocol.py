"""The wire format by itself: messages survive the round trip, bad lines are one-line errors,
and a connection's outbox stays small however slow its reader."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from tests.tui_support import table_at

from sammenspil.game import commands as c
from sammenspil.game.state import Phase
from sammenspil.host.principal import Principal
from sammenspil.net.protocol import (
    MAX_LINE,
    Hello,
    ProtocolError,
    Send,
    Update,
    Welcome,
    decode_client,
    decode_server,
    encode,
)
from sammenspil.net.table_server import MAX_PENDING_MOVES, MAX_PENDING_RESULTS, _Outbox


def test_a_welcome_and_an_update_survive_the_wire(tmp_path: Path) -> None:
    played = table_at(tmp_path, Phase.RESPOND)
    view = played.host.view(Principal(name="Bo"))
    welcome = decode_server(encode(Welcome(deck=played.host.deck, view=view)))
    assert isinstance(welcome, Welcome)
    assert welcome.view == view and welcome.deck == played.host.deck
    update = decode_server(encode(Update(view=view, moves=view.feed[-2:])))
    assert isinstance(update, Update) and update.moves == view.feed[-2:]


def test_a_command_survives_the_wire_with_its_version() -> None:
    send = Send(id=3, command=c.SubmitRanking(player="", order=["a", "b"], seen=12))
    assert decode_client(encode(send)) == send
    line = encode(send)
    assert line.endswith(b"\n") and line.count(b"\n") == 1


@pytest.mark.parametrize(
    ("line", "where"),
    [
        (b"[1, 2", "message"),
        (b'{"type": "welcome", "deck": {}}', "welcome"),  # a server message from a client
        (b'{"type": "hello", "protocol": 2, "player": "Bo"}', "hello.player"),
        (b'{"type": "send", "id": -1, "command": {"type": "start", "player": ""}}', "send.id"),
        (b'{"type": "hello\\u001b[2J", "protocol": 2}', "message"),
    ],
)
def test_a_bad_line_is_one_printable_line(line: bytes, where: str) -> None:
    with pytest.raises(ProtocolError) as caught:
        decode_client(line + b"\n")
    text = str(caught.value)
    assert where in text or where == "message"
    assert "\n" not in text and "\x1b" not in text and len(text) <= 200


def test_a_line_over_the_limit_is_refused_before_parsing() -> None:
    with pytest.raises(ProtocolError, match=str(MAX_LINE)):
        decode_client(b" " * MAX_LINE + b"{}\n")
    with pytest.raises(ProtocolError):
        encode(Hello(protocol=1, table="x" * 80).model_copy(update={"table": "x" * MAX_LINE}))


async def test_the_outbox_keeps_only_the_newest_view(tmp_path: Path) -> None:
    played = table_at(tmp_path, Phase.RANK)
    views = []
    for name in ("Ann", "Bo", "Cy"):
        views.append(played.host.view(Principal(name=name)))
    outbox = _Outbox(asyncio.get_running_loop(), Principal(name="Ann"))
    newest = views[-1]
    for _ in range(1000):
        outbox.offer_view(newest, newest.feed)
    await asyncio.sleep(0)
    await asyncio.sleep(0)
    assert outbox.view is newest
    assert len(outbox.moves) == MAX_PENDING_MOVES
    assert not outbox.take()  # nothing before the welcome
    outbox.welcome(b"welcome\n")
    for _ in range(MAX_PENDING_RESULTS):
        assert outbox.answer(b"result\n")
    assert not outbox.answer(b"one too many\n")
    outbox.offer_view(newest, ())
    await asyncio.sleep(0)
    lines = outbox.take()
    assert lines[0] == b"welcome\n"
    assert decode_server(lines[1]).type == "update"
    assert lines[2:] == [b"result\n"] * MAX_PENDING_RESULTS
