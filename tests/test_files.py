"""Reading user-named paths: only regular files, never more than the limit plus one byte."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from sammenspil.files import UnreadableFile, read_limited


def test_reads_a_small_regular_file(tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(b"format = 1\n")
    assert read_limited(path, 100) == b"format = 1\n"


def test_a_file_of_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(b"x" * 64)
    assert len(read_limited(path, 64)) == 64


def test_a_file_over_the_limit_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "deck.toml"
    path.write_bytes(b"x" * 65)
    with pytest.raises(UnreadableFile, match="larger than 64 bytes"):
        read_limited(path, 64, what="deck")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    with pytest.raises(UnreadableFile, match="is a device, not a deck"):
        read_limited(Path(device), 1024, what="deck")


def test_a_link_to_a_device_is_refused(tmp_path: Path) -> None:
    link = tmp_path / "zero.toml"
    link.symlink_to("/dev/zero")
    with pytest.raises(UnreadableFile, match="is a device"):
        read_limited(link, 1024)


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    with pytest.raises(UnreadableFile, match="is a pipe, not a save"):
        read_limited(fifo, 1024, what="save")


def test_a_folder_and_a_missing_file_are_named(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="is a folder, not a deck"):
        read_limited(tmp_path, 1024, what="deck")
    with pytest.raises(UnreadableFile, match="no such file"):
        read_limited(tmp_path / "nope.toml", 1024)
