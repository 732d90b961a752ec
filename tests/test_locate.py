"""Tests for mapping pydantic-style paths to line and column in TOML text."""

from __future__ import annotations

import datetime as dt
import math
import tomllib
from typing import Any

import tomli_w
from hypothesis import given, settings
from hypothesis import strategies as st

from sammenspil.deck.locate import MAX_DEPTH, Position, SourceMap, _Scanner


def smap(text: str) -> SourceMap:
    """Build a map, first checking that the fixture really is valid TOML."""
    tomllib.loads(text)
    return SourceMap.from_text(text)


def at(text: str, pos: Position | None) -> str:
    """The rest of the line that pos points into."""
    assert pos is not None
    if text.startswith("\ufeff"):
        text = text[1:]
    line = text.split("\n")[pos.line - 1]
    assert 1 <= pos.col <= len(line) + 1
    return line[pos.col - 1 :]


def rest(text: str, pos: Position | None) -> str:
    """All of the text from pos on."""
    assert pos is not None
    lines = text.split("\n")
    assert 1 <= pos.col <= len(lines[pos.line - 1]) + 1
    return "\n".join([lines[pos.line - 1][pos.col - 1 :], *lines[pos.line :]])


# --- keys and tables ---------------------------------------------------------------------


def test_top_level_key_value_positions() -> None:
    text = 'format = 1\nid   =   "deck"\n  title="T"\n'
    m = smap(text)
    assert m.find(["format"]) == Position(1, 10)
    assert m.key_position(["format"]) == Position(1, 1)
    assert m.find(["id"]) == Position(2, 10)
    assert m.key_position(["id"]) == Position(2, 1)
    assert m.find(["title"]) == Position(3, 9)
    assert m.key_position(["title"]) == Position(3, 3)


def test_tables_with_whitespace_and_dotted_headers() -> None:
    text = "a = 1\n\n[ rules ]\nhand = 5\n\n[scoring . weights]  # comment\ncoverage = 2\n"
    m = smap(text)
    assert m.find(("rules",)) == Position(3, 1)
    assert m.key_position(("rules",)) == Position(3, 3)
    assert m.find(("rules", "hand")) == Position(4, 8)
    assert m.find(("scoring", "weights", "coverage")) == Position(7, 12)
    assert m.key_position(("scoring", "weights")) == Position(6, 12)
    # the implicit parent table is located at the header that creates it
    assert m.find(("scoring",)) == Position(6, 1)
    assert m.key_position(("scoring",)) == Position(6, 2)


def test_explicit_table_overrides_implicit_parent() -> None:
    text = "[a.b]\nx = 1\n[a]\ny = 2\n"
    m = smap(text)
    assert m.find(("a",)) == Position(3, 1)
    assert m.find(("a", "b", "x")) == Position(2, 5)
    assert m.find(("a", "y")) == Position(4, 5)


def test_dotted_and_quoted_keys() -> None:
    text = (
        "a.b = 1\n"
        '"a b" = 2\n'
        "'x' = 3\n"
        'site."google.com" = true\n'
        '"esc\\"aped" = 4\n'
        '"\\u00e6bler" = 5\n'
        "[t]\n"
        "p . q . r = 6\n"
    )
    m = smap(text)
    assert m.find(("a", "b")) == Position(1, 7)
    assert m.key_position(("a", "b")) == Position(1, 3)
    assert m.find(("a",)) == Position(1, 1)
    assert m.find(("a b",)) == Position(2, 9)
    assert m.key_position(("a b",)) == Position(2, 1)
    assert m.find(("x",)) == Position(3, 7)
    assert m.find(("site", "google.com")) == Position(4, 21)
    assert m.key_position(("site", "google.com")) == Position(4, 6)
    assert m.find(('esc"aped',)) == Position(5, 15)
    assert m.find(("æbler",)) == Position(6, 16)
    assert m.find(("t", "p", "q", "r")) == Position(8, 13)
    assert m.key_position(("t", "p", "q", "r")) == Position(8, 9)
    assert m.key_position(("t", "p", "q")) == Position(8, 5)


def test_comments_are_ignored() -> None:
    text = '# a = 1\n[t] # [u]\nb = "x # y" # c = 2\n# [v]\nd = 3 # e\n'
    m = smap(text)
    assert m.find(("a",)) is None
    assert m.find(("u",)) is None
    assert m.find(("v",)) is None
    assert m.find(("t", "c")) == Position(2, 1)  # missing: falls back to the header
    assert at(text, m.find(("t", "b"))) == '"x # y" # c = 2'
    assert m.find(("t", "d")) == Position(5, 5)


# --- arrays of tables --------------------------------------------------------------------


AOT = """\
title = "x"

[[remedies]]
id = "a"
addresses = ["p1", "p2"]

[[remedies]]
id = "b"

[[remedies.links]]
to = "one"

[[remedies.links]]
to = "two"

[remedies.sub]
k = 1

[[remedies]]
id = "c"

[[remedies.links]]
to = "three"

[[problems]]
id = "p1"
"""


def test_array_of_tables_indexing() -> None:
    m = smap(AOT)
    assert m.find(("remedies",)) == Position(3, 1)
    assert m.find(("remedies", 0)) == Position(3, 1)
    assert m.find(("remedies", 1)) == Position(7, 1)
    assert m.find(("remedies", 2)) == Position(19, 1)
    assert m.find(("remedies", 0, "id")) == Position(4, 6)
    assert m.find(("remedies", 1, "id")) == Position(8, 6)
    assert m.find(("remedies", 2, "id")) == Position(20, 6)
    assert m.find(("remedies", 0, "addresses", 1)) == Position(5, 20)
    assert m.find(("problems", 0, "id")) == Position(26, 6)
    assert m.key_position(("remedies", 1)) == Position(7, 3)


def test_nested_array_of_tables_and_subtables_belong_to_the_last_element() -> None:
    m = smap(AOT)
    assert m.find(("remedies", 1, "links", 0)) == Position(10, 1)
    assert m.find(("remedies", 1, "links", 0, "to")) == Position(11, 6)
    assert m.find(("remedies", 1, "links", 1, "to")) == Position(14, 6)
    assert m.find(("remedies", 1, "sub", "k")) == Position(17, 5)
    assert m.key_position(("remedies", 1, "sub")) == Position(16, 11)
    assert m.find(("remedies", 2, "links", 0, "to")) == Position(23, 6)
    # each element has its own links: remedies[2] has only one
    assert m.find(("remedies", 2, "links", 1)) == Position(22, 1)  # falls back to the array
    assert m.find(("remedies", 0, "links")) == Position(3, 1)  # falls back to remedies[0]


def test_missing_fields_fall_back_to_the_nearest_ancestor() -> None:
    text = 'top = 1\n[rules]\nhand = 5\n[[roles]]\nid = "s"\nmeta = { a = 1 }\nx.y = 2\n'
    m = smap(text)
    assert m.find(("rules", "problems")) == Position(2, 1)  # the table header
    assert m.find(("roles", 0, "name")) == Position(4, 1)
    assert m.find(("roles", 5, "name")) == Position(4, 1)  # no such element: the array
    assert m.find(("roles", 0, "meta", "b")) == Position(6, 1)  # the enclosing key
    assert m.find(("roles", 0, "x", "z")) == Position(7, 1)
    assert m.find(("roles", 0, "id", 3)) == Position(5, 1)  # below a scalar: its key
    assert m.key_position(("rules", "problems")) == Position(2, 1)
    assert m.find(("missing",)) is None
    assert m.find(("missing", "deeper", 1)) is None
    assert m.find(()) is None
    assert m.key_position(()) is None


# --- values ------------------------------------------------------------------------------


def test_multiline_strings_hide_fake_keys_and_headers() -> None:
    text = (
        'a = """\n'
        "[fake]\n"
        "x = 1\n"
        '\\""" still inside\n'
        '[[also.fake]]"""\n'
        "b = '''\n"
        "[fake2]\n"
        "y = 2 '''\n"
        'c = """two extra quotes"""""\n'
        "d = '''one extra''''\n"
        "e = 3\n"
    )
    m = smap(text)
    assert m.find(("a",)) == Position(1, 5)
    assert m.find(("b",)) == Position(6, 5)
    assert m.find(("c",)) == Position(9, 5)
    assert m.find(("d",)) == Position(10, 5)
    assert m.find(("e",)) == Position(11, 5)
    for fake in (("fake",), ("x",), ("fake", "x"), ("also",), ("fake2",), ("y",)):
        assert m.find(fake) is None
    assert m.find(("e", "x")) == Position(11, 1)


def test_basic_strings_with_escapes_and_brackets() -> None:
    text = 'a = "say \\"[x]\\" = 1, {" # ]\nb = [ "]", \'[\', "\\\\", "," ]\nc = 1\n'
    m = smap(text)
    assert m.find(("b", 0)) == Position(2, 7)
    assert m.find(("b", 1)) == Position(2, 12)
    assert m.find(("b", 2)) == Position(2, 17)
    assert m.find(("b", 3)) == Position(2, 23)
    assert m.find(("c",)) == Position(3, 5)


def test_scalars_numbers_booleans_dates() -> None:
    text = (
        "i = -1_000\nf = +6.02e23\nh = 0xDEAD\nn = nan\nt = true\n"
        "d = 1979-05-27\nts = 1979-05-27 07:32:00Z\ntm = 07:32:00\n"
        "arr = [1979-05-27 07:32:00, 2, inf]\n"
    )
    m = smap(text)
    for key, rendered in [
        ("i", "-1_000"),
        ("f", "+6.02e23"),
        ("h", "0xDEAD"),
        ("n", "nan"),
        ("t", "true"),
        ("d", "1979-05-27"),
        ("ts", "1979-05-27 07:32:00Z"),
        ("tm", "07:32:00"),
    ]:
        assert at(text, m.find((key,))) == rendered
    assert m.find(("arr", 0)) == Position(9, 8)
    assert m.find(("arr", 1)) == Position(9, 29)
    assert m.find(("arr", 2)) == Position(9, 32)


def test_arrays_spanning_lines_nested_with_comments_and_trailing_commas() -> None:
    text = (
        "addresses = [\n"
        '  "handover",  # first, with a ] and a , in the comment\n'
        "  # a whole comment line [x] = 1\n"
        '  "tag:x"  ,\n'
        "  [1, [2, 3,], ],\n"
        "]\n"
        "after = 1\n"
    )
    m = smap(text)
    assert m.find(("addresses",)) == Position(1, 13)
    assert m.key_position(("addresses",)) == Position(1, 1)
    assert m.find(("addresses", 0)) == Position(2, 3)
    assert m.find(("addresses", 1)) == Position(4, 3)
    assert m.find(("addresses", 2)) == Position(5, 3)
    assert m.find(("addresses", 2, 0)) == Position(5, 4)
    assert m.find(("addresses", 2, 1, 1)) == Position(5, 11)
    assert m.find(("addresses", 3)) == Position(1, 1)  # past the end: the key of the array
    assert m.find(("after",)) == Position(7, 9)
    assert m.key_position(("addresses", 1)) == Position(4, 3)  # an element's own start


def test_inline_tables_and_arrays_of_inline_tables() -> None:
    text = (
        "t = { a = 1, b = [1, 2], c.d = 'x', e = { f = true } }\n"
        "items = [\n"
        "  { x = 1, y = 2 },\n"
        "  {x=3},\n"
        "]\n"
        "empty = {}\n"
    )
    m = smap(text)
    assert m.find(("t",)) == Position(1, 5)
    assert m.find(("t", "a")) == Position(1, 11)
    assert m.key_position(("t", "a")) == Position(1, 7)
    assert m.find(("t", "b", 1)) == Position(1, 22)
    assert m.find(("t", "c", "d")) == Position(1, 32)
    assert m.key_position(("t", "c")) == Position(1, 26)
    assert m.find(("t", "e", "f")) == Position(1, 47)
    assert m.find(("items", 0)) == Position(3, 3)
    assert m.find(("items", 0, "y")) == Position(3, 16)
    assert m.find(("items", 1, "x")) == Position(4, 6)
    assert m.find(("items", 1, "z")) == Position(4, 3)  # missing: the element itself
    assert m.find(("t", "zz")) == Position(1, 1)  # missing: the key of the enclosing table
    assert m.find(("empty", "k")) == Position(6, 1)


def test_columns_count_characters_not_bytes() -> None:
    text = 'navn = "Sammenhæng på tværs" # ø\nr = { "æ" = "ø", "bø" = 2 }\n'
    m = smap(text)
    assert m.find(("r", "æ")) == Position(2, 13)
    assert m.find(("r", "bø")) == Position(2, 25)
    assert m.key_position(("r", "bø")) == Position(2, 18)


def test_crlf_line_endings() -> None:
    text = 'a = 1\r\n[t]\r\nb = [\r\n  1,\r\n  "two",\r\n]\r\nc = """x\r\n[y]\r\n"""\r\nd = 4\r\n'
    m = smap(text)
    assert m.find(("a",)) == Position(1, 5)
    assert m.find(("t",)) == Position(2, 1)
    assert m.find(("t", "b", 1)) == Position(5, 3)
    assert m.find(("y",)) is None
    assert m.find(("t", "d")) == Position(10, 5)


def test_bom_is_skipped() -> None:
    text = "\ufeffa = 1\nb = 2\n"
    m = SourceMap.from_text(text)
    assert m.key_position(("a",)) == Position(1, 1)
    assert m.find(("a",)) == Position(1, 5)
    assert m.find(("b",)) == Position(2, 5)


# --- robustness --------------------------------------------------------------------------


def test_deeply_nested_arrays_do_not_recurse() -> None:
    depth = 20_000
    text = "a = " + "[" * depth + "1" + "]" * depth + "\nb = 2\n"
    m = SourceMap.from_text(text)  # (tomllib itself would hit the recursion limit here)
    assert m.find(("a", 0, 0)) == Position(1, 7)
    assert m.find(("a", *[0] * (MAX_DEPTH - 1))) == Position(1, 4 + MAX_DEPTH)
    # deeper than the map goes: the deepest recorded ancestor
    assert m.find(("a", *[0] * (depth + 5))) == Position(1, 4 + MAX_DEPTH)
    assert m.find(("b",)) == Position(2, 5)


def test_deep_inline_tables_long_dotted_keys_and_headers() -> None:
    n = 5_000
    text = "x = " + "{a=" * n + "1" + "}" * n + "\n"
    text += ".".join(["k"] * n) + " = 1\n"
    text += "[" + ".".join(["h"] * n) + "]\nz = 1\n[ok]\nw = 2\n"
    m = SourceMap.from_text(text)
    assert m.find(("x", "a", "a")) == Position(1, 11)
    assert m.key_position(("x", "a", "a")) == Position(1, 9)
    assert m.find(("k", "k")) == Position(2, 3)
    assert m.find(("ok", "w")) == Position(6, 5)


def test_unterminated_and_garbage_input_does_not_raise() -> None:
    for text in [
        'a = "unterminated\nb = 1\n',
        "a = '''never closed\n[x]\n",
        'a = """never closed \\"""',
        "a = [1, 2\nb = 3\n",
        "a = {x = [1, }, b = ]]]\n",
        "[[\n[a.\n[]\n= = =\n",
        '"\\uZZZZ" = 1\n"\\UFFFFFFFF" = 2\n',
        "\r\r\r\x00\ufeff\ufeff",
        "",
    ]:
        m = SourceMap.from_text(text)
        m.find(("a",))
        m.find(("a", 0, "x"))
        m.key_position(("b",))
    m = SourceMap.from_text('a = "unterminated\nb = 1\n')
    assert m.find(("b",)) == Position(2, 5)
    m = SourceMap.from_text('"\\uZZZZ" = 1\n')
    assert m.find(("\\uZZZZ",)) == Position(1, 12)
    # after a broken header nothing is recorded, but strings still hide their content
    m = SourceMap.from_text("[]\na = '''\n[t]\nx = 1\n'''\n[ok]\nb = 1\n")
    assert m.find(("a",)) is None
    assert m.find(("t",)) is None
    assert m.find(("ok", "b")) == Position(7, 5)


def test_many_array_elements_stay_indexed() -> None:
    text = "".join(f'[[remedies]]\nid = "r{i}"\naddresses = [1, 1, 1]\n' for i in range(500))
    m = smap(text)
    assert m.find(("remedies", 499, "id")) == Position(499 * 3 + 2, 6)
    assert m.find(("remedies", 499, "addresses", 2)) == Position(499 * 3 + 3, 20)


_TOMLISH = st.text(alphabet="[]{}\"'=.,#\n\r\t \\abx01-_:æ\ufeff", max_size=80)
_PATHS = st.lists(st.one_of(st.sampled_from(["a", "b", "x", "æ"]), st.integers(0, 3)), max_size=4)


def _check_positions(text: str, m: SourceMap, path: list[str | int]) -> None:
    # from_text keeps a safety net that would hide a crash, so run the scanner bare as well
    scanner = _Scanner(text.removeprefix("\ufeff"))
    scanner.scan()
    for known in list(scanner.entries)[:10]:
        at(text, m.find(known))
        at(text, m.key_position(known))
    for pos in (m.find(path), m.key_position(path)):
        if pos is not None:
            at(text, pos)  # asserts the position lies within the text


@settings(max_examples=300)
@given(st.one_of(st.text(), _TOMLISH), _PATHS)
def test_random_text_never_raises(text: str, path: list[str | int]) -> None:
    m = SourceMap.from_text(text)
    _check_positions(text, m, path)


@given(st.binary(max_size=200), _PATHS)
def test_random_decoded_bytes_never_raise(data: bytes, path: list[str | int]) -> None:
    for text in (data.decode("utf-8", errors="replace"), data.decode("latin-1")):
        m = SourceMap.from_text(text)
        _check_positions(text, m, path)


# --- round trip through tomli_w ------------------------------------------------------------

_keys = st.text(max_size=5)
_scalars = st.one_of(
    st.integers(),
    st.floats(),
    st.booleans(),
    st.text(max_size=8),
    # strings that look like TOML; multiline_strings writes those with newlines as """..."""
    st.lists(st.sampled_from(["\n", "[x]", "y = 1", '"', "'", "#", "\\", "{"]), max_size=5).map(
        "".join
    ),
    st.dates(),
    st.datetimes(),
    st.times(),
)
_trees = st.recursive(
    _scalars,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_keys, children, max_size=3),
    max_leaves=12,
)
_documents = st.dictionaries(_keys, _trees, max_size=4)


def _rendered(value: Any, multiline: bool) -> str:
    """How tomli_w writes a value on its own."""
    text = tomli_w.dumps({"v": value}, multiline_strings=multiline)
    return text.removeprefix("v = ").removesuffix("\n")


def _rendered_key(key: str) -> str:
    return tomli_w.dumps({key: 1}).removesuffix(" = 1\n")


def _paths(node: Any, prefix: tuple[str | int, ...]) -> list[tuple[tuple[str | int, ...], Any]]:
    out: list[tuple[tuple[str | int, ...], Any]] = [(prefix, node)] if prefix else []
    if isinstance(node, dict | list):
        for k, v in node.items() if isinstance(node, dict) else enumerate(node):
            out.extend(_paths(v, (*prefix, k)))
    return out


@settings(max_examples=150, deadline=None)
@given(_documents, st.booleans())
def test_tomli_w_round_trip_finds_every_leaf_and_key(doc: dict[str, Any], multiline: bool) -> None:
    text = tomli_w.dumps(doc, multiline_strings=multiline)
    m = smap(text)
    for path, value in _paths(doc, ()):
        if isinstance(value, dict) or (isinstance(value, list) and value):
            assert m.find(path) is not None
        else:
            assert rest(text, m.find(path)).startswith(_rendered(value, multiline)), (path, text)
        if isinstance(path[-1], str):
            assert rest(text, m.key_position(path)).startswith(_rendered_key(path[-1])), path


def test_round_trip_example_with_arrays_of_tables() -> None:
    doc = {
        "k": [[1, 2], [{"a": 1}]],
        "a": [{"x": 1, "l": [{"q": 1.5}, {"r": [1, [2, {}]]}]}, {"y": {"z": "s\n", "e": {}}}],
        "when": dt.date(2024, 5, 1),
    }
    text = tomli_w.dumps(doc)
    m = smap(text)
    assert at(text, m.find(("k", 1, 0, "a"))) == "1 },"
    assert at(text, m.find(("a", 0, "l", 1, "r", 1, 0))) == "2,"
    assert at(text, m.find(("a", 1, "y", "z"))) == '"s\\n"'
    assert at(text, m.find(("a", 1, "y", "e"))) == "[a.y.e]"
    assert at(text, m.find(("when",))) == "2024-05-01"
    assert math.isclose(tomllib.loads(text)["a"][0]["l"][0]["q"], 1.5)
