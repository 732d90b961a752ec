"""The server's SSH host key: made once, kept in the user's data folder, reused after.

Players' ``ssh`` remembers the key the first time; a new key each start would make it warn of a
changed host (and teach the room to ignore that warning). The private key is written with mode
600 from the start (never a moment readable by others) and only ever read as a bounded file.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import asyncssh
import platformdirs

from sammenspil.files import UnreadableFile, read_limited

KEY_NAME = "ssh_host_ed25519_key"
MAX_KEY_FILE = 64 * 1024
"""An OpenSSH ed25519 private key is about 400 bytes; anything much larger is not one."""


class HostKeyError(Exception):
    """The host key cannot be read or written; one line naming the file and what to do."""


def default_key_path() -> Path:
    return Path(platformdirs.user_data_dir("sammenspil")) / KEY_NAME


def load_or_create(path: Path | None = None) -> asyncssh.SSHKey:
    """The host key at ``path`` (default: the data folder), generated and saved on first use."""
    path = path if path is not None else default_key_path()
    try:
        data = read_limited(path, MAX_KEY_FILE, what="host key")
    except UnreadableFile as exc:
        if path.exists() or path.is_symlink():
            raise HostKeyError(f"{path}: {exc}") from None
        return _create(path)
    try:
        key = asyncssh.import_private_key(data)
    except (asyncssh.KeyImportError, ValueError) as exc:
        raise HostKeyError(
            f"{path}: not a private key ({exc}); move it away and a new one is made"
        ) from None
    _tighten(path)
    return key


def fingerprint(key: asyncssh.SSHKey) -> str:
    """``SHA256:...`` as ``ssh`` shows it when it first meets the server."""
    return str(key.get_fingerprint("sha256"))


def _create(path: Path) -> asyncssh.SSHKey:
    key = asyncssh.generate_private_key("ssh-ed25519")
    data: bytes = key.export_private_key()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        try:
            os.write(fd, data)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        raise HostKeyError(f"{path}: cannot write the host key: {exc.strerror or exc}") from None
    return key


def _tighten(path: Path) -> None:
    """A key others could read is no secret: make it the owner's alone again, as ssh-keygen does."""
    try:
        mode = path.stat().st_mode
        if mode & (stat.S_IRWXG | stat.S_IRWXO):
            path.chmod(0o600)
    except OSError as exc:
        raise HostKeyError(f"{path}: cannot make it private: {exc.strerror or exc}") from None
