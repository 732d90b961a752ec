"""The catalogs: every message in every language, with the same fields, and English as fallback."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from sammenspil.game.refusals import phase_name, refuse
from sammenspil.game.state import Phase
from sammenspil.i18n import CATALOGS, DEFAULT, LANGUAGES, fields, t, t_n, titles

SRC = Path(__file__).resolve().parents[1] / "src" / "sammenspil"
REFERENCE = CATALOGS[DEFAULT]


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_key_has_a_translation_in_every_language(lang: str) -> None:
    catalog = CATALOGS[lang]
    missing = sorted(set(REFERENCE) - set(catalog))
    extra = sorted(set(catalog) - set(REFERENCE))
    assert not missing, f"{lang} lacks {missing}"
    assert not extra, f"{lang} has keys English does not: {extra}"
    empty = [key for key, text in catalog.items() if not text.strip()]
    assert not empty, f"{lang}: empty messages {empty}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_names_the_same_fields_as_english(lang: str) -> None:
    differ = {
        key: (fields(REFERENCE[key]), fields(text))
        for key, text in CATALOGS[lang].items()
        if fields(text) != fields(REFERENCE[key])
    }
    assert not differ, f"{lang}: fields differ from English: {differ}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_template_formats_with_its_own_fields(lang: str) -> None:
    for key, text in CATALOGS[lang].items():
        filled = text.format(**dict.fromkeys(fields(text), "X"))
        assert "{" not in filled and "}" not in filled, f"{lang} {key}: {text!r}"


def test_the_field_check_catches_a_wrong_field() -> None:
    assert fields("{role} placed {remedy}") == {"role", "remedy"}
    assert fields("{role} lagde {løsning}") != fields("{role} placed {remedy}")


def test_an_unknown_language_reads_english() -> None:
    assert t("de", "refusal.locked") == "the round is locked"
    assert t("da", "refusal.locked") == "runden er låst"
    assert refuse("sv", "locked").reason == "the round is locked"
    assert phase_name("fr", "rank") == "ranking"


def test_an_unknown_key_is_a_bug_not_a_silent_blank() -> None:
    with pytest.raises(KeyError):
        t("en", "no.such.message")


def test_counts_pick_the_form() -> None:
    assert t_n("en", "h.culture.rules", 1) == "1 placement adds rules."
    assert t_n("en", "h.culture.rules", 3) == "3 placements add rules."
    assert t_n("da", "h.culture.rules", 3) == "3 placeringer tilføjer regler."


def test_every_phase_has_a_name_in_every_language() -> None:
    for lang in LANGUAGES:
        for phase in Phase:
            assert phase_name(lang, phase.value) == CATALOGS[lang][f"phase.{phase.value}"]
    assert phase_name("en", "intermission") == "intermission"


def test_heuristic_titles_come_from_the_catalogs() -> None:
    from sammenspil.scoring.registry import heuristics

    for name, heuristic in heuristics().items():
        if f"h.{name}.title" in REFERENCE:
            assert heuristic.title == titles(f"h.{name}.title")


def _literal_keys() -> set[str]:
    """Every string literal in the sources that looks like a message id of the catalogs."""
    prefixes = tuple({key.split(".")[0] + "." for key in REFERENCE})
    found = set()
    for path in SRC.rglob("*.py"):
        if "i18n" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            text = node.value if isinstance(node, ast.Constant) else None
            key = isinstance(text, str) and re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", text)
            if key and text.startswith(prefixes):
                found.add(text)
    return found


def test_every_message_id_the_code_names_is_in_the_catalogs() -> None:
    keys = _literal_keys()
    assert "action.advance" in keys  # the scan sees the rules' keys
    unknown = sorted(k for k in keys if k not in REFERENCE and f"{k}.one" not in REFERENCE)
    assert not unknown, f"the code names messages no catalog has: {unknown}"


def test_outside_texts_fall_back_the_same_way() -> None:
    from sammenspil.i18n import pick

    texts = {"en": "Shared effort", "da": "Fælles indsats"}
    assert pick("da", texts) == "Fælles indsats"
    assert pick("de", texts) == "Shared effort"
    assert pick("de", {"da": "kun dansk"}, "shared") == "shared"


def test_a_plugin_picks_its_own_sentence_in_the_decks_language() -> None:
    from sammenspil.scoring.context import Context
    from scoring_support import standard_play

    for lang, want in (("en", "Nothing placed."), ("da", "Intet lagt.")):
        ctx = Context(standard_play(lang).table)
        assert ctx.pick(en="Nothing placed.", da="Intet lagt.") == want
        assert ctx.t("h.nothing_placed") != want
