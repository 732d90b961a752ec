"""The command line's columns line up in terminal cells, with or without rich's width tables."""

from __future__ import annotations

from rich.cells import cell_len

from sammenspil.cli_output import _one_cell_each, columns


def test_a_character_counted_as_one_cell_is_one_cell_by_rich() -> None:
    # The fast path may leave a one-cell character to rich, never call a wide or empty one narrow.
    for code in range(0x3000):
        ch = chr(code)
        if _one_cell_each(ch):
            assert cell_len(ch) == 1, hex(code)
    assert _one_cell_each("Sammenhæng på tværs") and _one_cell_each("Übung ÿ")
    for other in ("soft\xadhyphen", "表", "a\tb"):
        assert not _one_cell_each(other)


def test_columns_line_up_in_cells_for_latin_wide_and_plain_text() -> None:
    for rows in (
        [["ID", "TITLE"], ["coherence", "Coherence"], ["x", "y"]],
        [["ID", "TITLE"], ["sammenhaeng", "Sammenhæng på tværs"], ["ab", "Übung"]],
        [["ID", "TITLE"], ["表表", "wide"], ["soft\xadx", "🙂 emoji"], ["a", "b"]],
    ):
        lines = columns(rows)
        pairs = zip(lines, rows, strict=True)
        starts = {cell_len(line[: line.index(row[1])]) for line, row in pairs}
        assert len(starts) == 1, lines  # the second column starts at one cell in every row
