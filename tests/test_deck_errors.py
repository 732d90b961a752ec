"""Broken decks and the errors a trainer sees for them: the exact line, field path and wording.

Each deck is the minimal valid deck from conftest with one readable edit. Positions are found by
searching the edited text for the fragment the finding must point at, so they are exact without
hard-coding line numbers.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from sammenspil.deck.loader import MAX_DECK_BYTES, load_deck, load_deck_bytes
from sammenspil.deck.problems import DeckError, Finding, Severity

if TYPE_CHECKING:
    from conftest import DeckKit

SOURCE = "upload.toml"  # for decks loaded as bytes, outside the fixture

HEURISTICS = ["coverage", "chains", "alignment", "focus", "pace", "culture", "simplicity"]


def only(findings: list[Finding]) -> Finding:
    """The single finding of a deck with exactly one thing wrong."""
    assert len(findings) == 1, "\n".join(f.render() for f in findings)
    return findings[0]


def at_path(findings: list[Finding], field_path: str) -> Finding:
    """The one finding about field_path among several."""
    hits = [f for f in findings if f.field_path == field_path]
    assert len(hits) == 1, "\n".join(f.render() for f in findings)
    return hits[0]


def assert_at(finding: Finding, line: int, col: int | None) -> None:
    assert (finding.line, finding.col) == (line, col), finding.render()


# --- TOML syntax ---------------------------------------------------------------------------


def test_toml_syntax_error_has_tomllib_line_and_column(decks: DeckKit) -> None:
    text = decks.edit(("effort = 4\n", "effort = = 4\n"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "effort = = 4", "= 4"))
    assert f.loc == ()
    assert f.field_path == ""
    assert f.message.startswith("TOML syntax: ")
    assert "invalid value" in f.message
    assert f.render() == f"{decks.source}:{f.line}:{f.col}: TOML syntax: invalid value"


def test_truncated_file_points_at_its_end_not_its_start(decks: DeckKit) -> None:
    text = decks.text[: decks.text.index("Pool the") + len("Pool the")]
    f = only(decks.errors(text))
    last_line = text.count("\n") + 1
    assert_at(f, last_line, len(text.splitlines()[-1]) + 1)
    assert "unterminated string" in f.message


# --- wrong types ---------------------------------------------------------------------------


def test_string_for_a_whole_number(decks: DeckKit) -> None:
    text = decks.edit(("problems = 2", 'problems = "two"'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'problems = "two"', '"two"'))
    assert f.field_path == "rules.problems"
    assert "expected a whole number, got text 'two'" in f.message


def test_whole_number_for_text(decks: DeckKit) -> None:
    text = decks.edit(('title = "Pool the budgets"', "title = 7"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "title = 7", "7"))
    assert f.field_path == "remedies[1].title"
    assert "expected text in quotes, got a whole number 7" in f.message


def test_table_for_a_list(decks: DeckKit) -> None:
    text = decks.edit(('levels = ["state", "municipality"]', "levels = { state = true }"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "levels = { state", "{"))
    assert f.field_path == "problems[1].levels"
    assert "expected a list in square brackets" in f.message
    assert "got a table" in f.message


def test_quoted_number_is_named_not_coerced(decks: DeckKit) -> None:
    text = decks.edit(("effort = 4", 'effort = "3"'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'effort = "3"', '"3"'))
    assert f.field_path == "remedies[1].effort"
    assert "expected a whole number, got text '3'" in f.message


def test_rules_that_is_not_a_table_is_not_measured_against_defaults(decks: DeckKit) -> None:
    text = decks.edit(("[rules]\nproblems = 2\nhand = 1\ndilemmas = 1\n", "rules = 5\n"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "rules = 5", "5"))
    assert f.field_path == "rules"
    assert "expected a table, got a whole number 5" in f.message


# --- missing and unknown keys --------------------------------------------------------------


def test_missing_title_points_at_the_table_header(decks: DeckKit) -> None:
    text = decks.edit(('title = "Every authority guards its own budget"\n', ""))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, '[[problems]]\nid = "silos"'))
    assert f.field_path == "problems[1].title"
    assert "is missing" in f.message
    assert "required" in f.message


def test_unknown_top_level_key(decks: DeckKit) -> None:
    text = decks.edit(('version = "1.0.0"\n', 'version = "1.0.0"\nauthor = "Ida"\n'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'author = "Ida"'))
    assert f.field_path == "author"
    assert "unknown key 'author'" in f.message
    assert "valid keys are format, id, title, language" in f.message


def test_unknown_key_in_rules_suggests_the_near_one(decks: DeckKit) -> None:
    text = decks.edit(("hand = 1\n", "hands = 1\n"))
    # The default hand of 5 would not fit, but 'hands' was meant to replace it: no deal error.
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "hands = 1"))
    assert f.field_path == "rules.hands"
    assert "unknown key 'hands'; did you mean 'hand'?" in f.message


def test_unknown_key_in_a_remedy_suggests_the_near_one(decks: DeckKit) -> None:
    text = decks.edit(("effort = 4\n", 'effort = 4\nowner = ["state"]\n'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'owner = ["state"]'))
    assert f.field_path == "remedies[1].owner"
    assert "unknown key 'owner'; did you mean 'owners'?" in f.message


# --- values the models refuse --------------------------------------------------------------


def test_kind_with_a_typo(decks: DeckKit) -> None:
    text = decks.edit(('kind = "culture"', 'kind = "cultur"'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'kind = "cultur"', '"cultur"'))
    assert f.field_path == "remedies[0].kind"
    assert "'cultur' is not a valid kind" in f.message
    assert "did you mean 'culture'?" in f.message
    assert "use one of culture, dialogue, preparation, structure, rule, capability" in f.message


def test_bad_pace(decks: DeckKit) -> None:
    text = decks.edit(('pace = "big-bang"', 'pace = "overnight"'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'pace = "overnight"', '"overnight"'))
    assert f.field_path == "remedies[1].pace"
    assert "'overnight' is not a valid pace; use one of incremental, big-bang" in f.message


@pytest.mark.parametrize(
    ("effort", "bound"), [("0", "at least 1"), ("6", "at most 5")], ids=["zero", "six"]
)
def test_effort_out_of_range(decks: DeckKit, effort: str, bound: str) -> None:
    text = decks.edit(("effort = 1\n", f"effort = {effort}\n"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, f"effort = {effort}\n", effort))
    assert f.field_path == "remedies[0].effort"
    assert f"{effort} is out of range; it must be {bound}" in f.message


def test_id_that_is_not_a_slug(decks: DeckKit) -> None:
    text = decks.edit(('id = "handover"', 'id = "Hand Over"'))
    findings = decks.errors(text)
    f = findings[0]  # sorted by line: the id comes before the remedy that still says handover
    assert_at(f, *decks.at(text, 'id = "Hand Over"', '"Hand Over"'))
    assert f.field_path == "problems[0].id"
    assert "'Hand Over' is not a valid id: use lowercase letters, digits" in f.message
    dangling = at_path(findings, "remedies[0].addresses[0]")
    assert "unknown problem 'handover'" in dangling.message


def test_format_2(decks: DeckKit) -> None:
    text = decks.edit(("format = 1", "format = 2"))
    f = only(decks.errors(text))
    assert_at(f, 1, 10)
    assert f.field_path == "format"
    assert "format 2 is not supported" in f.message
    assert "reads format 1" in f.message


def test_a_format_this_version_does_not_read_is_the_only_error(decks: DeckKit) -> None:
    """Whatever else is wrong is measured against the wrong format: the format alone is said
    (a trainer read seven errors before the one that explained them)."""
    text = decks.edit(("format = 1", "format = 2"), ("dilemmas = 1", "dilemmas = 9"))
    f = only(decks.errors(text))
    assert f.field_path == "format" and "format 2 is not supported" in f.message
    assert len(decks.errors(decks.edit(("dilemmas = 1", "dilemmas = 9")))) >= 1  # else found


def test_language_that_is_not_a_code(decks: DeckKit) -> None:
    text = decks.edit(('language = "en"', 'language = "dansk"'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'language = "dansk"', '"dansk"'))
    assert f.field_path == "language"
    assert "'dansk' is not a two-letter language code like 'da' or 'en'" in f.message


def test_negative_weight(decks: DeckKit) -> None:
    text = decks.edit(("chains = 1", "chains = -1"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "chains = -1", "-1"))
    assert f.field_path == "scoring.weights.chains"
    assert "-1 is out of range; it must be at least 0" in f.message


def test_unknown_heuristic_when_the_registry_is_given(decks: DeckKit) -> None:
    text = decks.edit(("chains = 1", "chians = 1"))
    decks.load(text)  # without a registry any slug may name a heuristic
    f = only(decks.errors(text, heuristics=HEURISTICS))
    assert_at(f, *decks.at(text, "chians = 1"))
    assert f.field_path == "scoring.weights.chians"
    assert "unknown heuristic 'chians'; did you mean 'chains'?" in f.message


# --- cross-references ----------------------------------------------------------------------


def test_duplicate_problem_id_names_the_first(decks: DeckKit) -> None:
    text = decks.edit(('id = "silos"', 'id = "handover"'), ('["silos"]', '["handover"]'))
    f = only(decks.errors(text))
    first_line = decks.line(text, 'id = "handover"\ntitle = "Citizens')
    assert_at(f, *decks.at(text, 'id = "handover"\ntitle = "Every', '"handover"'))
    assert f.field_path == "problems[1].id"
    assert f"duplicate problem id 'handover' (first at line {first_line})" in f.message


def test_duplicate_role_id(decks: DeckKit) -> None:
    text = decks.edit(('id = "region"\nname = "The region"', 'id = "state"\nname = "The region"'))
    findings = decks.errors(text)
    f = findings[0]
    assert_at(f, *decks.at(text, 'id = "state"\nname = "The region"', '"state"'))
    assert f.field_path == "roles[1].id"
    first_line = decks.line(text, 'id = "state"\nname = "The state"')
    assert f"duplicate role id 'state' (first at line {first_line})" in f.message
    # The roles that still say "region" dangle; the list of valid roles names 'state' once.
    dangling = at_path(findings, "problems[0].levels[0]")
    assert dangling.message.endswith("roles are state, municipality")


def test_unknown_problem_in_addresses(decks: DeckKit) -> None:
    text = decks.edit(('addresses = ["handover"]', 'addresses = ["handovr"]'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, 'addresses = ["handovr"]', '"handovr"'))
    assert f.field_path == "remedies[0].addresses[0]"
    assert "unknown problem 'handovr'; did you mean 'handover'?" in f.message


def test_tag_that_matches_nothing(decks: DeckKit) -> None:
    text = decks.edit(('addresses = ["tag:health"]', 'addresses = ["silos", "tag:wealth"]'))
    findings = decks.errors(text)
    errors = [f for f in findings if f.severity is Severity.ERROR]
    f = only(errors)
    assert_at(f, *decks.at(text, '"tag:wealth"'))
    assert f.field_path == "remedies[1].addresses[1]"
    assert "no problem has the tag 'wealth'; did you mean 'health'?" in f.message


def test_unknown_role_in_levels(decks: DeckKit) -> None:
    text = decks.edit(('levels = ["region", "municipality"]', 'levels = ["region", "county"]'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, '"county"'))
    assert f.field_path == "problems[0].levels[1]"
    assert "unknown role 'county'; roles are state, region, municipality" in f.message


def test_unknown_role_in_owners(decks: DeckKit) -> None:
    text = decks.edit(('owners = ["state", "region"]', 'owners = ["state", "regoin"]'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, '"regoin"'))
    assert f.field_path == "remedies[0].owners[1]"
    assert "unknown role 'regoin'; did you mean 'region'?" in f.message


def test_role_listed_twice(decks: DeckKit) -> None:
    text = decks.edit(('owners = ["municipality"]', 'owners = ["municipality", "municipality"]'))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, '"municipality", "municipality"]', '"municipality"]'))
    assert f.field_path == "remedies[2].owners[1]"
    assert "role 'municipality' is listed twice in owners" in f.message


# --- deals that cannot fit -----------------------------------------------------------------


def test_more_problems_dealt_than_the_deck_has(decks: DeckKit) -> None:
    text = decks.edit(("problems = 2", "problems = 3"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "problems = 3", "3"))
    assert f.field_path == "rules.problems"
    assert "deals 3 problems but the deck has 2" in f.message


def test_hands_need_more_remedies_than_the_deck_has(decks: DeckKit) -> None:
    text = decks.edit(("hand = 1", "hand = 2"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "hand = 2", "2"))
    assert f.field_path == "rules.hand"
    assert "hands of 2 for 3 roles need 6 remedies but the deck has 3" in f.message


def test_more_dilemmas_dealt_than_the_deck_has(decks: DeckKit) -> None:
    text = decks.edit(("dilemmas = 1", "dilemmas = 2"))
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "dilemmas = 2", "2"))
    assert f.field_path == "rules.dilemmas"
    assert "deals 2 dilemmas but the deck has 1" in f.message


# --- files that are no deck at all ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["", "\n  \n\t\n", "# a deck, some day\n\n# roles go here\n"],
    ids=["empty", "blank", "comments"],
)
def test_empty_file_is_one_finding_not_every_missing_field(decks: DeckKit, text: str) -> None:
    f = only(decks.errors(text))
    assert f.loc == ()
    assert f.render() == f"{decks.source}:1: the file is empty; start from `sammenspil deck new`"


def test_bytes_that_are_not_utf8_point_at_the_bad_byte(decks: DeckKit) -> None:
    good = decks.edit(('title = "Pool the budgets"', 'title = "Pool thé budgets"'))
    data = good.encode().replace("thé".encode(), "thé ".encode() + b"\xff", 1)
    with pytest.raises(DeckError) as info:
        load_deck_bytes(data, source=SOURCE)
    f = only(info.value.findings)
    line, col = decks.at(good, 'title = "Pool thé budgets"', " budgets")
    assert_at(f, line, col + 1)  # counted in characters: the é is one column, not two bytes
    assert f.render() == f"{SOURCE}:{line}:{col + 1}: is not UTF-8 text; save the deck as UTF-8"


def test_binary_junk_with_nul_bytes() -> None:
    junk = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(DeckError) as info:
        load_deck_bytes(junk, source="logo.toml")
    f = only(info.value.findings)
    assert_at(f, 3, 1)
    assert f.loc == ()
    assert "binary file" in f.message
    assert f.render() == "logo.toml:3:1: holds a NUL byte: this is a binary file, not a TOML deck"


def test_nul_byte_inside_otherwise_good_text(decks: DeckKit) -> None:
    data = decks.edit(('title = "Pool the budgets"', 'title = "Pool\x00"')).encode()
    with pytest.raises(DeckError) as info:
        load_deck_bytes(data, source=SOURCE)
    f = only(info.value.findings)
    assert_at(f, *decks.at(data.decode(), 'title = "Pool\x00"', "\x00"))


def test_bytes_over_the_size_limit() -> None:
    data = b"# padding\n" * (MAX_DECK_BYTES // 10 + 1)
    with pytest.raises(DeckError) as info:
        load_deck_bytes(data, source=SOURCE)
    f = only(info.value.findings)
    assert f.line is None and f.loc == ()
    assert f.render() == f"{SOURCE}: a deck may be at most 2,097,152 bytes"


def test_file_over_the_size_limit(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    path.write_bytes(b"#" * (MAX_DECK_BYTES + 1))
    with pytest.raises(DeckError) as info:
        load_deck(path)
    f = only(info.value.findings)
    limit = f"{MAX_DECK_BYTES:,}"
    assert f.render() == f"{path}: is larger than {limit} bytes; a deck file is at most that"


def test_file_path_is_the_source_of_every_finding(tmp_path: Path, decks: DeckKit) -> None:
    path = tmp_path / "mine.toml"
    text = decks.edit(("effort = 1\n", "effort = 0\n"))
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DeckError) as info:
        load_deck(path)
    line, col = decks.at(text, "effort = 0", "0")
    assert only(info.value.findings).render() == (
        f"{path}:{line}:{col}: remedies[0].effort: 0 is out of range; it must be at least 1"
    )


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DeckError) as info:
        load_deck(tmp_path / "nowhere.toml")
    assert "no such file" in only(info.value.findings).message


def test_arrays_nested_100k_deep(decks: DeckKit) -> None:
    text = "a = " + "[" * 100_000 + "]" * 100_000 + "\n"
    f = only(decks.errors(text))
    assert f.line == 1
    assert "nested too deeply" in f.message


def test_dotted_key_thousands_deep_is_refused_before_parsing(decks: DeckKit) -> None:
    # tomllib's time grows with the square of a dotted key's length; such a key is no deck key.
    text = decks.text + "a" + ".a" * 1500 + " = 1\n"
    f = only(decks.errors(text))
    assert f.line == len(decks.text.splitlines()) + 1
    assert "more than 64 dotted parts" in f.message


def test_dotted_key_a_little_deep_is_an_unknown_key(decks: DeckKit) -> None:
    text = "a" + ".a" * 40 + " = 1\n" + decks.text
    f = only(decks.errors(text))
    assert_at(f, 1, 1)
    assert f.field_path == "a"
    assert "unknown key 'a'" in f.message


def test_control_characters_in_a_key_keep_the_finding_on_one_line(decks: DeckKit) -> None:
    text = decks.edit(('version = "1.0.0"\n', 'version = "1.0.0"\n"new\\nline\\u2028x" = 1\n'))
    f = only(decks.errors(text))
    assert f.loc == ("new\nline\u2028x",)
    rendered = f.render()
    assert len(rendered.splitlines()) == 1
    assert "unknown key 'new\\nline\\u2028x'" in rendered


# --- several at once -----------------------------------------------------------------------


def test_every_error_is_reported_in_one_run_in_line_order(decks: DeckKit) -> None:
    text = decks.edit(
        ('language = "en"', 'language = "english"'),
        ("hand = 1", "hand = 1\nhands = 2"),
        ('owners = ["state", "region"]', 'owners = ["state", "regoin"]'),
        ("effort = 4", "effort = 9"),
        ('kind = "dialogue"', 'kind = "talk"'),
        ('left = "The state"', 'left = ""'),
    )
    findings = decks.errors(text)
    assert [(f.line, f.field_path) for f in findings] == [
        (decks.line(text, 'language = "english"'), "language"),
        (decks.line(text, "hands = 2"), "rules.hands"),
        (decks.line(text, '"regoin"'), "remedies[0].owners[1]"),
        (decks.line(text, "effort = 9"), "remedies[1].effort"),
        (decks.line(text, 'kind = "talk"'), "remedies[2].kind"),
        (decks.line(text, 'left = ""'), "dilemmas[0].left"),
    ]
    assert all(f.severity is Severity.ERROR for f in findings)
    assert "is empty" in findings[-1].message
    assert str(findings[0]) == findings[0].render()


# --- warnings ------------------------------------------------------------------------------


def assert_warning(
    decks: DeckKit, text: str, field_path: str, where: tuple[int, int | None], fragment: str
) -> None:
    deck, warnings = decks.load(text)
    assert deck.id == "mini"
    w = only(warnings)
    assert w.severity is Severity.WARNING
    assert w.field_path == field_path
    assert_at(w, *where)
    assert fragment in w.message
    assert f": warning: {field_path}: " in w.render()
    strict = only(decks.errors(text, strict=True))
    assert strict.severity is Severity.ERROR
    assert (strict.line, strict.col, strict.loc) == (w.line, w.col, w.loc)
    assert fragment in strict.message
    assert strict.message.endswith("(an error under --strict)")
    assert not strict.render().split(": ", 1)[1].startswith("warning:")


def test_warning_problem_no_remedy_addresses(decks: DeckKit) -> None:
    text = decks.edit(('addresses = ["tag:health"]', 'addresses = ["handover"]'))
    text = decks.edit(('addresses = ["silos"]', 'addresses = ["handover"]'), base=text)
    # 'health' is still carried by both problems, so no tag warning joins in.
    where = decks.at(text, 'id = "silos"', '"silos"')
    assert_warning(decks, text, "problems[1].id", where, "no remedy addresses problem 'silos'")


def test_warning_remedy_no_role_owns(decks: DeckKit) -> None:
    text = decks.edit(('owners = ["municipality"]', "owners = []"))
    where = decks.at(text, "owners = []", "[]")
    assert_warning(decks, text, "remedies[2].owners", where, "no role owns remedy 'talk'")


def test_warning_role_that_owns_nothing(decks: DeckKit) -> None:
    text = decks.edit(('owners = ["state", "region"]', 'owners = ["region"]'))
    where = decks.at(text, 'id = "state"', '"state"')
    assert_warning(decks, text, "roles[0].id", where, "role 'state' owns no remedy")


def test_warning_tag_used_once(decks: DeckKit) -> None:
    text = decks.edit(
        (
            'levels = ["state", "municipality"]\ntags = ["health"]',
            'levels = ["state", "municipality"]\ntags = ["money"]',
        )
    )
    where = decks.at(text, '"money"')
    assert_warning(decks, text, "problems[1].tags[0]", where, "the tag 'money' is used only once")


def test_warning_dilemma_with_equal_poles(decks: DeckKit) -> None:
    text = decks.edit(('right = "The municipality"', 'right = "the State "'))
    where = decks.at(text, 'right = "the State "', '"the')
    assert_warning(
        decks, text, "dilemmas[0].right", where, "dilemma 'service-levels' has the same pole"
    )


def test_minimal_deck_is_clean_even_under_strict(decks: DeckKit) -> None:
    deck, warnings = decks.load(decks.text, strict=True, heuristics=HEURISTICS)
    assert warnings == []
    assert [r.id for r in deck.roles] == ["state", "region", "municipality"]
    assert deck.addressed_problems(deck.remedy("pool")) == {"handover", "silos"}


# --- QA pass: wording a trainer can act on -------------------------------------------------


def test_missing_rules_and_dilemmas_still_name_the_deal_field(decks: DeckKit) -> None:
    no_dilemmas = decks.text[: decks.text.index("[[dilemmas]]")]
    # [rules] without 'dilemmas': the default of 3 is pinned on the table it belongs to.
    text = decks.edit(("dilemmas = 1\n", ""), base=no_dilemmas)
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, "[rules]"))
    assert f.field_path == "rules.dilemmas"
    assert f.message.startswith("deals 3 dilemmas but the deck has 0")
    # No [rules] at all: every deal finding still names its field, at line 1.
    bare = decks.edit(("[rules]\nproblems = 2\nhand = 1\ndilemmas = 1\n", ""), base=no_dilemmas)
    findings = decks.errors(bare)
    assert [(f.line, f.col, f.field_path) for f in findings] == [
        (1, None, "rules.dilemmas"),
        (1, None, "rules.problems"),
        (1, None, "rules.hand"),
    ]
    assert "deals 3 dilemmas but the deck has 0" in findings[0].message


def test_deal_of_one_card_is_singular(decks: DeckKit) -> None:
    text = decks.text[: decks.text.index("[[dilemmas]]")]
    f = only(decks.errors(text))
    assert f.field_path == "rules.dilemmas"
    assert f.message.startswith("deals 1 dilemma but the deck has 0;")


def test_curly_quotes_get_a_straight_quote_hint(decks: DeckKit) -> None:
    text = decks.edit(('id = "mini"', "id = \u201cmini\u201d"))
    f = only(decks.errors(text))
    assert f.line == decks.line(text, "id = \u201cmini")
    assert f.message.startswith("TOML syntax: ")
    assert f.message.endswith('; use straight quotes (") instead of curly ones')
    # A syntax error on a line with straight quotes gets no such hint.
    plain = only(decks.errors(decks.edit(("effort = 4\n", "effort = = 4\n"))))
    assert "curly" not in plain.message


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_a_byte_order_mark_is_named(decks: DeckKit, encoding: str) -> None:
    data = ("\ufeff" + decks.text).encode(encoding)
    if encoding == "utf-16":
        data = decks.text.encode(encoding)  # Python writes the mark itself
    assert data[:2] in (b"\xff\xfe", b"\xfe\xff")
    with pytest.raises(DeckError) as info:
        load_deck_bytes(data, source=SOURCE)
    f = only(info.value.findings)
    assert f.render() == f"{SOURCE}:1: is saved as UTF-16; save it as UTF-8"
    assert "NUL" not in f.message


@pytest.mark.parametrize(
    ("key", "value"),
    [("description", '"About the deck"'), ("version", '"2.0"'), ("title", '"Late"')],
)
def test_top_level_key_after_a_table_says_where_it_belongs(
    decks: DeckKit, key: str, value: str
) -> None:
    text = decks.text + f"{key} = {value}\n"
    f = only(decks.errors(text))
    assert_at(f, *decks.at(text, f"{key} = {value}"))
    assert f.field_path == f"dilemmas[0].{key}"
    assert f.message == (
        f"unknown key '{key}' in dilemmas[0]; top-level keys such as '{key}' must come "
        "before the first [table] or [[array]] in the file"
    )
    # The same key in a [table] gets the same advice, not a 'did you mean'.
    in_rules = only(decks.errors(decks.edit(("hand = 1\n", f"hand = 1\n{key} = {value}\n"))))
    assert in_rules.field_path == f"rules.{key}"
    assert "in rules; top-level keys" in in_rules.message
    assert "did you mean" not in in_rules.message


@pytest.mark.parametrize(
    ("edit", "field_path", "message"),
    [
        (('language = "en"', "language = 2024-01-01"), "language", "got a date 2024-01-01"),
        (('title = "Pool the budgets"', "title = false"), "remedies[1].title", "a boolean false"),
        (
            ('name = "The state"', 'name = ["a", "b"]'),
            "roles[0].name",
            'got a list ["a", "b"]',
        ),
        (("effort = 1\n", "effort = 1.5\n"), "remedies[0].effort", "got a number 1.5"),
    ],
    ids=["date", "bool", "list", "float"],
)
def test_values_are_shown_as_toml_writes_them(
    decks: DeckKit, edit: tuple[str, str], field_path: str, message: str
) -> None:
    f = only(decks.errors(decks.edit(edit)))
    assert f.field_path == field_path
    assert message in f.message
    assert "datetime" not in f.message and "True" not in f.message


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("nan", "nan is not a number"),
        ("inf", "inf is not a finite number; it must be at most 1.0"),
        ("-inf", "-inf is not a finite number; it must be more than 0"),
    ],
)
def test_non_finite_numbers_are_not_out_of_range(decks: DeckKit, value: str, message: str) -> None:
    text = decks.edit(
        ("[scoring.weights]", f"[scoring]\nculture_target = {value}\n\n[scoring.weights]")
    )
    f = only(decks.errors(text))
    assert f.field_path == "scoring.culture_target"
    assert f.message.startswith(message)
    assert "out of range" not in f.message


def test_too_few_items_is_pluralised(decks: DeckKit) -> None:
    text = decks.edit(('levels = ["region", "municipality"]', "levels = []"))
    f = only(decks.errors(text))
    assert f.field_path == "problems[0].levels"
    assert f.message == "needs at least 1 item; it has none"
    start = decks.text.index('[[problems]]\nid = "silos"')
    end = decks.text.index("[[remedies]]")
    one_problem = decks.text[:start] + decks.text[end:]
    one_problem = one_problem.replace('addresses = ["silos"]', 'addresses = ["handover"]')
    # The deal of 2 problems is not measured against a section that already failed.
    f = only(decks.errors(one_problem))
    assert f.field_path == "problems"
    assert f.message == "needs at least 2 items; it has 1"


@pytest.mark.parametrize(
    "value", ["9999999999999999999999", '"5"', "true"], ids=["huge", "text", "bool"]
)
def test_invalid_rule_is_not_also_measured_by_the_deal(decks: DeckKit, value: str) -> None:
    text = decks.edit(("hand = 1", f"hand = {value}"))
    f = only(decks.errors(text))
    assert f.field_path == "rules.hand"
    assert "remedies" not in f.message


def test_misspelt_rule_skips_only_the_defaults(decks: DeckKit) -> None:
    # 'dilemmas = 2' is written out, so the deal still measures it next to the typo.
    text = decks.edit(("hand = 1\ndilemmas = 1", "hands = 1\ndilemmas = 2"))
    findings = decks.errors(text)
    assert [f.field_path for f in findings] == ["rules.hands", "rules.dilemmas"]
    assert findings[1].message.startswith("deals 2 dilemmas but the deck has 1")


@pytest.mark.parametrize("value", ["inf", "nan"])
def test_a_weight_must_be_a_finite_number(decks: DeckKit, value: str) -> None:
    text = decks.edit(("coverage = 2\n", f"coverage = {value}\n"))
    f = only(decks.errors(text))
    assert f.field_path == "scoring.weights.coverage"
    assert (f.line, f.col) == decks.at(text, f"coverage = {value}", value)
    assert f"{value} is not a finite number" in f.message


def test_a_misspelt_tag_is_one_error_not_also_a_warning(decks: DeckKit) -> None:
    text = decks.edit(('addresses = ["handover"]', 'addresses = ["handover", "tag:helth"]'))
    findings = decks.errors(text)
    at_tag = [f for f in findings if f.field_path.endswith("addresses[1]")]
    assert [f.severity.value for f in at_tag] == ["error"]
    assert "no problem has the tag 'helth'" in at_tag[0].message
