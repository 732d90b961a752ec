"""`play --players`: a player list the round cannot be dealt with is one line, and no save.

A refused list must leave nothing behind: `sammenspil saves` and `report` count every file in
the folder, so an empty "lobby, 0 players" save would show up there as a round.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from sammenspil import cli
from sammenspil.tui.app import SammenspilApp


def play(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, players: str) -> tuple[int, str]:
    """Run `play --players` as from a terminal; the app itself is never run."""
    started: list[SammenspilApp] = []
    monkeypatch.setattr(cli, "_is_terminal", lambda stream: True)
    monkeypatch.setattr(SammenspilApp, "run", lambda self: started.append(self))
    args = ["play", "--players", players, "--seed", "7", "--saves", str(tmp_path / "saves")]
    result = CliRunner().invoke(cli.main, args)
    assert result.exit_code == 0 or not started
    return result.exit_code, result.output


def saves(tmp_path: Path) -> list[str]:
    folder = tmp_path / "saves"
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


def test_a_name_given_twice_is_refused_by_name_before_anything_is_saved(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, output = play(tmp_path, monkeypatch, "Ann:state,Ann:region")
    assert code == 1
    assert output.splitlines() == [
        "sammenspil play --players: the name 'Ann' is taken at this table"
    ]
    assert saves(tmp_path) == []


@pytest.mark.parametrize(
    ("players", "said"),
    [
        ("Ann:king", "no role 'king'"),
        ("Ann", "nobody plays a role"),
        ("Ann:state,Bo", None),  # a spectator beside a role: accepted
        ("A" * 40 + ":state", "the name is too long"),
    ],
)
def test_a_refused_player_list_writes_no_save(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, players: str, said: str | None
) -> None:
    code, output = play(tmp_path, monkeypatch, players)
    if said is None:
        assert code == 0
        assert [name for name in saves(tmp_path) if name.endswith(".toml")]
        return
    assert code == 1
    assert len(output.splitlines()) == 1 and said in output
    assert saves(tmp_path) == []
