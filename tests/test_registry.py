"""The heuristic registry: built-ins in order, plugins through the entry-point group, and a broken
plugin reported instead of stopping the score.

Each test installs a throwaway distribution (a ``*.dist-info`` folder and a module) on a tmp
path that is put on ``sys.path`` for that test only, exactly as an installed package would be.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from pathlib import Path

import pytest

from sammenspil.scoring import registry
from sammenspil.scoring.registry import ENTRY_POINT_GROUP, Heuristic, heuristic_names, heuristics
from sammenspil.scoring.report import score_table
from scoring_support import standard_play

BUILTINS = [
    "coverage",
    "chains",
    "alignment",
    "focus",
    "pace",
    "culture",
    "simplicity",
    "ownership",
    "deliberation",
    "consensus",
]

GOOD_MODULE = """\
from sammenspil.scoring.registry import Heuristic, Verdict


def score(ctx):
    n = len(ctx.placements)
    return Verdict(42.0 if n else None, [f"{n} placements seen by the plugin"], "try more")


HEURISTIC = Heuristic(name="balance", title={"en": "Balance", "da": "Balance"}, score=score)
NOT_A_HEURISTIC = object()
"""

BROKEN_MODULE = """\
raise ImportError("the plugin needs numpy 9")
"""


def _clear_cache() -> None:
    """If heuristics() ever gets a cache, a test that installs a plugin must see it anyway."""
    for fn in (heuristics, heuristic_names):
        clear = getattr(fn, "cache_clear", None)
        if clear is not None:
            clear()


class Installer:
    """Writes one distribution with the given entry points and modules onto a sys.path entry."""

    def __init__(self, root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.root = root
        self.monkeypatch = monkeypatch
        self.modules: list[str] = []
        self.count = 0

    def install(self, entry_points: dict[str, str], modules: dict[str, str]) -> None:
        self.count += 1
        site = self.root / f"site{self.count}"
        dist = site / f"sammenspil_test_plugin{self.count}-0.1.dist-info"
        dist.mkdir(parents=True)
        (dist / "METADATA").write_text(
            f"Metadata-Version: 2.1\nName: sammenspil-test-plugin{self.count}\nVersion: 0.1\n",
            encoding="utf-8",
        )
        lines = [f"[{ENTRY_POINT_GROUP}]"] + [f"{k} = {v}" for k, v in entry_points.items()]
        (dist / "entry_points.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
        for name, source in modules.items():
            (site / f"{name}.py").write_text(source, encoding="utf-8")
            self.modules.append(name)
        self.monkeypatch.syspath_prepend(str(site))  # also invalidates the import caches
        _clear_cache()


@pytest.fixture
def plugins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Installer]:
    _clear_cache()
    installer = Installer(tmp_path, monkeypatch)
    yield installer
    for name in installer.modules:
        sys.modules.pop(name, None)
    _clear_cache()


def test_builtins_come_first_in_their_documented_order() -> None:
    assert list(heuristics())[: len(BUILTINS)] == BUILTINS
    assert all(isinstance(h, Heuristic) for h in heuristics().values())


def test_a_plugin_heuristic_joins_the_registry_and_the_score(plugins: Installer) -> None:
    names_before = heuristic_names()
    assert "balance" not in names_before  # the registry is read afresh, not cached stale
    plugins.install(
        {"balance": "sammenspil_plugin_good:HEURISTIC"}, {"sammenspil_plugin_good": GOOD_MODULE}
    )
    found = heuristics()
    assert list(found) == [*BUILTINS, "balance"]
    assert found["balance"].title_in("da") == "Balance"

    report = standard_play().score()
    balance = report.get("balance")
    assert balance is not None
    assert (balance.score, balance.weight, balance.title) == (42.0, 1.0, "Balance")
    assert balance.lines == ["5 placements seen by the plugin"]
    assert balance.suggestion == "try more"
    # the total now averages eleven heuristics: ten of weight 1 (deliberation 2) and the plugin
    builtins_only = score_table(standard_play().table, {n: found[n] for n in BUILTINS})
    assert report.total == pytest.approx((builtins_only.total * 11 + 42) / 12, abs=1e-5)


def test_a_plugin_takes_its_weight_from_the_deck(plugins: Installer) -> None:
    plugins.install(
        {"balance": "sammenspil_plugin_weighted:HEURISTIC"},
        {"sammenspil_plugin_weighted": GOOD_MODULE},
    )
    report = standard_play(scoring={"weights": {"balance": 3, "coverage": 0}}).score()
    balance = report.get("balance")
    assert balance is not None and balance.weight == 3
    counted = [h for h in report.heuristics if h.counts]
    expected = sum(h.weight * h.score for h in counted) / sum(h.weight for h in counted)
    assert report.total == pytest.approx(expected, abs=1e-5)
    assert "coverage" not in [h.name for h in counted]


def test_an_entry_point_name_wins_over_the_objects_own_name(plugins: Installer) -> None:
    plugins.install(
        {"fairness": "sammenspil_plugin_named:HEURISTIC"}, {"sammenspil_plugin_named": GOOD_MODULE}
    )
    found = heuristics()
    assert found["fairness"].name == "fairness"
    assert standard_play().score().get("fairness").score == 42.0


def test_a_broken_plugin_is_not_applicable_and_the_builtins_still_score(
    plugins: Installer,
) -> None:
    plugins.install(
        {
            "broken": "sammenspil_plugin_broken:HEURISTIC",
            "missing": "sammenspil_plugin_nowhere:HEURISTIC",
            "wrongtype": "sammenspil_plugin_wrong:NOT_A_HEURISTIC",
        },
        {"sammenspil_plugin_broken": BROKEN_MODULE, "sammenspil_plugin_wrong": GOOD_MODULE},
    )
    report = standard_play().score()
    broken, missing, wrong = (report.get(n) for n in ("broken", "missing", "wrongtype"))
    assert broken is not None and broken.score is None
    assert broken.lines == [
        "the plugin heuristic could not be loaded (ImportError: the plugin needs numpy 9)"
    ]
    assert missing is not None and missing.score is None
    assert (
        "ModuleNotFoundError" in missing.lines[0]
        and "sammenspil_plugin_nowhere" in (missing.lines[0])
    )
    assert wrong is not None and wrong.score is None
    assert "does not name a Heuristic" in wrong.lines[0]
    # the built-ins are untouched and the total is exactly theirs
    assert [h.name for h in report.heuristics if h.applicable] == BUILTINS
    assert report.total == pytest.approx(standard_play().score(_builtins()).total)


def test_a_plugin_that_raises_while_scoring_is_reported_not_fatal(plugins: Installer) -> None:
    source = GOOD_MODULE.replace("n = len(ctx.placements)", "n = 1 // 0")
    plugins.install(
        {"balance": "sammenspil_plugin_raises:HEURISTIC"}, {"sammenspil_plugin_raises": source}
    )
    report = standard_play().score()
    balance = report.get("balance")
    assert balance is not None and balance.score is None
    assert balance.lines == [
        "balance failed: ZeroDivisionError: integer division or modulo by zero"
    ]
    assert report.total == pytest.approx(standard_play().score(_builtins()).total)


def test_a_plugin_cannot_replace_a_builtin(plugins: Installer) -> None:
    plugins.install(
        {"coverage": "sammenspil_plugin_shadow:HEURISTIC"},
        {"sammenspil_plugin_shadow": GOOD_MODULE},
    )
    found = heuristics()
    assert found["coverage"] is registry._BUILTIN["coverage"]
    assert standard_play().score().get("coverage").score == pytest.approx(100)


def _builtins() -> dict[str, Heuristic]:
    return {name: registry._BUILTIN[name] for name in BUILTINS}


def test_the_builtin_names_known_without_the_registry_are_the_ones_it_registers() -> None:
    assert list(registry.BUILTIN_NAMES) == BUILTINS == list(heuristics())[: len(BUILTINS)]


def test_known_heuristics_names_a_builtin_without_scanning_and_a_plugin_after(
    plugins: Installer, monkeypatch: pytest.MonkeyPatch
) -> None:
    plugins.install(
        {"balance": "sammenspil_plugin_good:HEURISTIC"}, {"sammenspil_plugin_good": GOOD_MODULE}
    )
    known = registry.known_heuristics()
    scans: list[str] = []
    real = registry.heuristics

    def counted() -> Mapping[str, Heuristic]:
        scans.append("scan")
        return real()

    monkeypatch.setattr(registry, "heuristics", counted)
    assert "deliberation" in known and not scans  # a deck naming built-ins costs no scan
    assert "balance" in known and "balanse" not in known and scans
    assert list(known) == [*BUILTINS, "balance"] and len(known) == len(BUILTINS) + 1


def test_a_deck_weighing_a_plugin_or_a_typo_is_checked_against_every_name(
    plugins: Installer,
) -> None:
    plugins.install(
        {"balance": "sammenspil_plugin_good:HEURISTIC"}, {"sammenspil_plugin_good": GOOD_MODULE}
    )
    from sammenspil.deck.loader import load_deck_text
    from sammenspil.deck.problems import DeckError

    source = (Path(__file__).resolve().parents[1] / "decks" / "coherence.en.toml").read_text()
    good = source.replace("consensus = 1", "consensus = 1\nbalance = 3", 1)
    deck, _ = load_deck_text(good, heuristics=registry.known_heuristics())
    assert deck.scoring.weight("balance") == 3
    typo = source.replace("consensus = 1", "consensnus = 1", 1)
    with pytest.raises(DeckError) as caught:
        load_deck_text(typo, heuristics=registry.known_heuristics())
    assert "unknown heuristic 'consensnus'; did you mean 'consensus'?" in str(caught.value)
