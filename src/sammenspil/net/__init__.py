"""The network side of a workshop; no Textual here (the server process never draws a screen).

``protocol`` is the wire (newline-delimited JSON, one pydantic model a line), ``table_server``
serves named tables to connections someone else authenticated, ``remote`` is the player's app
end of the wire (docs/protocol.md); ``ssh_front`` lets players in over SSH and runs each one's app
on a pty of its own (``pty_child``), with ``limits``, ``join_code`` and ``host_key`` beside it
(docs/server.md).
"""
