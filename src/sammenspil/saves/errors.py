"""What goes wrong with a save, as one line for the user."""

from __future__ import annotations


class SaveError(Exception):
    """A save that cannot be read or does not replay; the message is one line for the user."""


class SaveFolderError(SaveError, PermissionError):
    """A saves folder we may not write in.

    Both kinds at once so that the CLI shows it as a save problem in one line, and code that
    guards its writes with ``except OSError`` still catches it.
    """
