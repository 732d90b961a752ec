"""Mutated decks: whatever a trainer's editor leaves behind, the loader answers with a DeckError.

Valid decks (the minimal one and the bundled ones) are broken at the data level (delete a key,
retype a value, add a junk key, then write TOML again) and at the text level (truncate, insert
characters or bytes, duplicate or delete lines). The only acceptable outcomes are a loaded deck or
a DeckError whose findings each render as one line an editor can jump to.
"""

from __future__ import annotations

import copy
import datetime as dt
import tomllib
from collections.abc import Iterator
from typing import Any

import tomli_w
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammenspil.deck.catalog import bundled_deck_dir
from sammenspil.deck.loader import load_deck_bytes
from sammenspil.deck.models import Deck
from sammenspil.deck.problems import DeckError, Finding

SOURCE = "fuzz/deck.toml"
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _seed_texts() -> list[str]:
    """The valid decks to start from: a small one always, the bundled ones as they exist."""
    from conftest import MINIMAL_DECK  # the fixture's text, needed before any fixture runs

    bundled = sorted(bundled_deck_dir().glob("*.toml"))
    return [MINIMAL_DECK, *(p.read_text(encoding="utf-8") for p in bundled)]


SEEDS = _seed_texts()
seeds = st.sampled_from(SEEDS)

# Values of every TOML type, so "retype" can always pick a type other than the current one.
slugs = st.from_regex(r"[a-z][a-z0-9]{0,8}(-[a-z0-9]{1,4})?", fullmatch=True)
scalars_by_type: dict[type, st.SearchStrategy[Any]] = {
    bool: st.booleans(),
    int: st.integers(min_value=-(2**63), max_value=2**63 - 1),
    float: st.floats(allow_nan=True, allow_infinity=True),
    str: st.text(max_size=30) | slugs,
    dt.date: st.dates(),
    dt.datetime: st.datetimes(),
}
values_by_type: dict[type, st.SearchStrategy[Any]] = {
    **scalars_by_type,
    list: st.lists(st.one_of(*scalars_by_type.values()) | slugs, max_size=4),
    dict: st.dictionaries(
        st.text(max_size=8) | slugs, st.one_of(*scalars_by_type.values()), max_size=3
    ),
}
any_value = st.one_of(*values_by_type.values())


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*prefix, i))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


def _type_of(value: Any) -> type:
    for kind in (bool, dt.datetime, dt.date, int, float, str, list, dict):
        if isinstance(value, kind):
            return kind
    return object


def _mutate_data(draw: st.DrawFn, data: dict[str, Any]) -> None:
    """One random edit of the TOML data, in place."""
    op = draw(st.sampled_from(["delete", "retype", "junk"]))
    paths = list(_paths(data))
    if op == "junk":
        tables = [p for p in paths if isinstance(_get(data, p), dict)]
        table = _get(data, draw(st.sampled_from(tables)))
        key = draw(st.text(max_size=12) | slugs | st.sampled_from(["id", "title", "tags"]))
        table[key] = draw(any_value)
        return
    inner = paths[1:]
    if not inner:
        return
    path = draw(st.sampled_from(inner))
    parent, last = _get(data, path[:-1]), path[-1]
    if op == "delete":
        del parent[last]
        return
    current = _type_of(parent[last])
    other = draw(st.sampled_from([t for t in values_by_type if t is not current]))
    parent[last] = draw(values_by_type[other])


def check(data: bytes) -> None:
    """Loads, or raises DeckError with findings that render to one located line each."""
    try:
        deck, findings = load_deck_bytes(data, source=SOURCE)
    except DeckError as exc:
        findings = exc.findings
        assert findings, "a DeckError without findings tells the trainer nothing"
    else:
        assert isinstance(deck, Deck)
    n_lines = data.count(b"\n") + 1
    try:
        lines: list[str] | None = data.decode("utf-8").removeprefix("\ufeff").split("\n")
    except UnicodeDecodeError:
        lines = None
    for finding in findings:
        _check_finding(finding, n_lines, lines)


def _check_finding(f: Finding, n_lines: int, lines: list[str] | None) -> None:
    rendered = f.render()
    assert len(rendered.splitlines()) == 1 and "\n" not in rendered, rendered
    assert rendered.startswith(f"{SOURCE}:"), rendered
    if f.loc:
        assert f.line is not None, rendered
    if f.line is not None:
        assert 1 <= f.line <= n_lines, rendered
        assert rendered.startswith(f"{SOURCE}:{f.line}"), rendered
    if f.col is not None:
        assert f.line is not None and f.col >= 1, rendered
        if lines is not None:
            assert f.col <= len(lines[f.line - 1]) + 1, rendered


@SETTINGS
@given(seed=seeds, data=st.data())
def test_data_level_mutations_give_only_deck_errors(seed: str, data: st.DataObject) -> None:
    deck = copy.deepcopy(tomllib.loads(seed))
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        _mutate_data(data.draw, deck)
    check(tomli_w.dumps(deck).encode("utf-8"))


@SETTINGS
@given(seed=seeds, data=st.data())
def test_text_level_mutations_give_only_deck_errors(seed: str, data: st.DataObject) -> None:
    lines = seed.splitlines(keepends=True)
    for _ in range(data.draw(st.integers(1, 3), label="edits")):
        op = data.draw(st.sampled_from(["insert", "duplicate", "delete", "swap"]))
        i = data.draw(st.integers(0, max(len(lines) - 1, 0)))
        if not lines:
            lines = [data.draw(st.text(max_size=20))]
        elif op == "insert":
            at = data.draw(st.integers(0, len(lines[i])))
            junk = data.draw(st.text(max_size=6) | st.sampled_from(list("[]{}=\"'#.,\n\\")))
            lines[i] = lines[i][:at] + junk + lines[i][at:]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "delete":
            del lines[i]
        else:
            j = data.draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
    check("".join(lines).encode("utf-8"))


@SETTINGS
@given(seed=seeds, data=st.data())
def test_truncated_decks_give_only_deck_errors(seed: str, data: st.DataObject) -> None:
    raw = seed.encode("utf-8")
    check(raw[: data.draw(st.integers(0, len(raw)))])


@SETTINGS
@given(seed=seeds, data=st.data())
def test_random_bytes_give_only_deck_errors(seed: str, data: st.DataObject) -> None:
    raw = bytearray(seed.encode("utf-8"))
    for _ in range(data.draw(st.integers(1, 4), label="insertions")):
        at = data.draw(st.integers(0, len(raw)))
        raw[at:at] = data.draw(st.binary(min_size=1, max_size=4))
    check(bytes(raw))


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_arbitrary_input_gives_only_deck_errors(data: bytes) -> None:
    check(data)


def test_the_seeds_themselves_load() -> None:
    """The mutations start from decks that are valid, so a refusal is the mutation's doing."""
    assert len(SEEDS) >= 1
    for text in SEEDS:
        deck, _ = load_deck_bytes(text.encode("utf-8"), source=SOURCE)
        assert deck.problems
