"""The table host: one headless owner per round between the engine and the outside world.

``table_host.TableHost`` decides commands from authenticated principals, records them before
anyone is told, keeps presence and sends each viewer its own view. ``client.TableClient`` is
what the screens talk to; ``local.LocalClient`` is the hot-seat one. This package's ``__init__``
imports nothing, so a screen importing ``sammenspil.host.client`` pulls in neither the rules
nor the saves (see the import-linter contracts).
"""
