"""Where saves live and what they are called: readable names that cannot leave the folder."""

from __future__ import annotations

import os
import re
import unicodedata
from pathlib import Path

from sammenspil.saves.model import Meta

_FOLD = str.maketrans({"æ": "ae", "ø": "oe", "å": "aa", "Æ": "Ae", "Ø": "Oe", "Å": "Aa", "ß": "ss"})


def slugify(text: str, *, fallback: str = "table", max_len: int = 40) -> str:
    """A readable ASCII slug; nothing in it can name another folder."""
    text = unicodedata.normalize("NFKD", text.translate(_FOLD))
    text = text.encode("ascii", "ignore").decode().lower()
    slug = re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:max_len].strip("-")
    return slug or fallback


def save_filename(meta: Meta) -> str:
    return f"{meta.created:%Y-%m-%d}-{slugify(meta.table)}-{meta.id[:8]}.toml"


def journal_path(save: Path) -> Path:
    """The journal beside a save; its name does not end in .toml, so no listing takes it for one."""
    return save.with_name(save.name + ".journal")


def default_saves_dir(cwd: Path | None = None) -> Path:
    """saves/ in the project folder when run from it, else the user's data folder."""
    cwd = cwd or Path.cwd()
    project = cwd / "pyproject.toml"
    if (cwd / "saves").is_dir() and project.is_file():
        try:
            if 'name = "sammenspil"' in project.read_text(encoding="utf-8"):
                return cwd / "saves"
        except OSError:
            pass
    import platformdirs  # only here: a command given its save or folder never asks

    return Path(platformdirs.user_data_dir("sammenspil")) / "saves"


def new_round_id(entropy: bytes | None = None) -> str:
    raw = entropy if entropy is not None else os.urandom(8)
    return raw.hex()[:12]
