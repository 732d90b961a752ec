"""The network side of a workshop; no Textual here (the server process never draws a screen).

``protocol`` is the wire (newline-delimited JSON, one pydantic model a line), ``table_server``
serves named tables to connections someone else authenticated, ``remote`` is the player's app
end of the wire. See docs/protocol.md. The SSH front door and ``sammenspil serve`` come later.
"""
