"""Errors that take more than one card to see: duplicate ids, dangling references, deals too big.

The checks read the raw TOML data defensively, so a deck with a type error still gets its
dangling references reported in the same run.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator, Mapping
from typing import Any

from sammenspil.deck.models import Rules
from sammenspil.deck.problems import Loc, counted, did_you_mean, one_of
from sammenspil.deck.report import Report

_SECTIONS = {"roles": "role", "problems": "problem", "remedies": "remedy", "dilemmas": "dilemma"}


def _entries(raw: Mapping[str, Any], section: str) -> Iterator[tuple[int, Mapping[str, Any]]]:
    items = raw.get(section)
    if isinstance(items, list):
        for i, item in enumerate(items):
            if isinstance(item, Mapping):
                yield i, item


def _strings(value: Any) -> Iterator[tuple[int, str]]:
    if isinstance(value, list):
        for i, v in enumerate(value):
            if isinstance(v, str):
                yield i, v


def _ids(raw: Mapping[str, Any], section: str) -> list[str]:
    return [e["id"] for _, e in _entries(raw, section) if isinstance(e.get("id"), str)]


def check_references(
    raw: Mapping[str, Any],
    report: Report,
    *,
    heuristics: Collection[str] | None = None,
    invalid: Collection[Loc] = (),
) -> None:
    """Errors that take more than one card to see: duplicates, dangling ids, deals too big.

    ``invalid`` holds the locations the models already refused, so no value is blamed twice.
    """
    for section, noun in _SECTIONS.items():
        seen: dict[str, int] = {}
        for i, entry in _entries(raw, section):
            card_id = entry.get("id")
            if not isinstance(card_id, str):
                continue
            if card_id in seen:
                first = report.smap.find((section, seen[card_id], "id")) if report.smap else None
                where = f" (first at line {first.line})" if first else ""
                report.add((section, i, "id"), f"duplicate {noun} id '{card_id}'{where}")
            else:
                seen[card_id] = i

    # Lists for the messages (a duplicate named once, in the trainer's order), sets to look up.
    roles = list(dict.fromkeys(_ids(raw, "roles")))
    problems = list(dict.fromkeys(_ids(raw, "problems")))
    role_set, problem_set = set(roles), set(problems)
    tags = {t for _, p in _entries(raw, "problems") for _, t in _strings(p.get("tags"))}

    def check_role_list(loc: Loc, value: Any, what: str) -> None:
        seen: set[str] = set()
        for j, role in _strings(value):
            if role in seen:
                report.add((*loc, j), f"role '{role}' is listed twice in {what}")
            seen.add(role)
            if roles and role not in role_set:
                hint = did_you_mean(role, roles)
                report.add(
                    (*loc, j), f"unknown role '{role}'{hint or ''}; roles are {one_of(roles)}"
                )

    for i, problem in _entries(raw, "problems"):
        check_role_list(("problems", i, "levels"), problem.get("levels"), "levels")

    for i, remedy in _entries(raw, "remedies"):
        check_role_list(("remedies", i, "owners"), remedy.get("owners"), "owners")
        seen_refs: set[str] = set()
        for j, ref in _strings(remedy.get("addresses")):
            loc = ("remedies", i, "addresses", j)
            if ref in seen_refs:
                report.add(loc, f"'{ref}' is listed twice in addresses")
            seen_refs.add(ref)
            if ref.startswith("tag:"):
                tag = ref.removeprefix("tag:")
                if tag not in tags:
                    hint = did_you_mean(tag, tags)
                    report.add(loc, f"no problem has the tag '{tag}'{hint}")
            elif problems and ref not in problem_set:
                hint = did_you_mean(ref, problems)
                tail = hint or f"; problems are {one_of(problems)}"
                report.add(loc, f"unknown problem '{ref}'{tail}")

    scoring = raw.get("scoring")
    if heuristics is not None and isinstance(scoring, Mapping):
        weights = scoring.get("weights")
        if isinstance(weights, Mapping):
            for name in weights:
                if name not in heuristics:
                    hint = did_you_mean(str(name), heuristics)
                    tail = hint or f"; heuristics are {one_of(sorted(heuristics))}"
                    report.add(
                        ("scoring", "weights", name),
                        f"unknown heuristic '{name}'{tail}",
                        at_key=True,
                    )

    _check_deal(raw, report, invalid)


def _check_deal(raw: Mapping[str, Any], report: Report, invalid: Collection[Loc]) -> None:
    """Deals that cannot fit the deck, checked only for values the trainer can trust: a rule
    that already failed is not measured again, and with a misspelt rule in [rules] the defaults
    it may have meant to replace are not measured at all."""
    rules = raw.get("rules")
    if rules is not None and not isinstance(rules, Mapping):
        return  # its type error says enough; defaults the trainer never chose would mislead
    rules = rules if isinstance(rules, Mapping) else {}
    guessing = any(key not in Rules.model_fields for key in rules)

    def rule(name: str) -> int | None:
        if ("rules", name) in invalid or (guessing and name not in rules):
            return None
        value = rules.get(name, Rules.model_fields[name].default)
        return value if isinstance(value, int) and not isinstance(value, bool) else None

    def add(name: str, message: str) -> None:
        # A default the file never states is pinned on [rules], or on line 1 without one.
        at = ("rules", name) if name in rules else ("rules",) if "rules" in raw else ()
        report.add(("rules", name), message, at=at)

    def count(section: str) -> int | None:
        """Cards in a section; None when the section itself failed, whose error says enough."""
        if (section,) in invalid or (section in raw and not isinstance(raw[section], list)):
            return None
        return len(_ids(raw, section))

    n_roles, n_problems = count("roles"), count("problems")
    n_remedies, n_dilemmas = count("remedies"), count("dilemmas")

    problems = rule("problems")
    if problems is not None and n_problems and problems > n_problems:
        add(
            "problems",
            f"deals {counted(problems, 'problem')} but the deck has {n_problems}; "
            "lower rules.problems or add problem cards",
        )
    hand = rule("hand")
    if hand is not None and n_roles and n_remedies and hand * n_roles > n_remedies:
        add(
            "hand",
            f"hands of {hand} for {counted(n_roles, 'role')} need "
            f"{counted(hand * n_roles, 'remedy', 'remedies')} but the deck has {n_remedies}; "
            "lower rules.hand or add remedy cards",
        )
    dilemmas = rule("dilemmas")
    if dilemmas is not None and n_dilemmas is not None and dilemmas > n_dilemmas:
        add(
            "dilemmas",
            f"deals {counted(dilemmas, 'dilemma')} but the deck has {n_dilemmas}; "
            "lower rules.dilemmas or add dilemma cards",
        )
