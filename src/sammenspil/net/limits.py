"""What the SSH front door allows one address, and everyone, to cost.

Its own module, free of asyncssh, so that ``sammenspil serve --help`` can list a flag per field
without loading the SSH stack. docs/server.md lists them with their defaults.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    """What the front door allows; each field has a ``sammenspil serve`` flag (docs/server.md)."""

    failed_logins: int = 5
    """Wrong join codes from one address within ``failed_login_window`` before it is locked out."""
    failed_login_window: float = 60.0
    lockout: float = 120.0
    """Seconds an address that guessed too often is refused, even with the right code."""
    per_address: int = 40
    """Open connections from one address. A room behind one NAT shares an address: keep it
    above the number of players."""
    sessions: int = 100
    """Apps running at once, over all players; each is a process of about 35 MB."""
    login_timeout: float = 30.0
    """Seconds a connection may take to log in."""
    idle_timeout: float = 3600.0
    """Seconds a session may go without a key pressed before it is ended (0: never); the seat
    stays, the player connects again."""
    max_message: int = 128 * 1024
    """The longest line (bytes) a player's app may send its table; a longer one ends that
    connection, the table goes on. A move with the longest argument a save allows (16,384
    characters) fits; the protocol's own bound (``protocol.MAX_LINE``, 1 MiB) is the most."""
