"""The debrief exports: complete, escaped, self-contained, and (CSV) lossless."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sammenspil.game.state import Table
from sammenspil.game.text import ARGUMENT_MAX, text_problem
from sammenspil.scoring.agreement import agreement, first_agreement
from sammenspil.scoring.export import (
    CSV_FIELDS,
    export_csv,
    export_html,
    export_json,
    export_markdown,
)
from sammenspil.scoring.report import ScoreReport, score_table
from scoring_support import HANDS, PROBLEMS, Play, tiny_deck

NASTY_ARGUMENT = 'We say "no" & <script>alert(1)</script>, it\'s <b>bold</b>\nsecond line, too'
NASTY_COMMENT = "<script>alert(1)</script> & \"quoted\", 'single'\nand more"
NASTY_NAME = "Ann <i>&</i>"
NASTY_RANKING = "<img src=x onerror=alert(1)> first & foremost"
NASTY_POSITION = '</td><script>alert(2)</script> "here" & there'


def nasty_play(language: str = "en") -> Play:
    """A round where every player-written text tries to break out of its format."""
    seats = {NASTY_NAME: "state", "R": "region", "M": "municipality"}
    play = Play(
        tiny_deck(language),
        seats,
        problems=PROBLEMS,
        hands=HANDS,
        dilemmas=["levels", "speed"],
        name="Table <1> & co",
    )
    play.rank(NASTY_NAME, ["silos", "goals", "rules", "handover"], NASTY_RANKING)
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("M", ["handover", "rules", "silos", "goals"])
    play.revise("R", ["silos", "handover", "goals", "rules"], "we moved, see why")
    play.advance()
    p1 = play.place(NASTY_NAME, "platform", "silos", NASTY_ARGUMENT)
    p2 = play.place("R", "pilot", "handover", "comma, separated, words, here")
    p3 = play.place("M", "checklist", "rules", "=HYPERLINK(x) starts like a formula")
    play.endorse("M", p1, NASTY_COMMENT)
    play.challenge("R", p1, "why not, asks the region?")
    play.endorse(NASTY_NAME, p2)
    play.withdraw("M", p3)
    play.advance()
    play.position(NASTY_NAME, "levels", 2, NASTY_POSITION)
    play.position("R", "levels", 4, "regional needs first")
    return play


@pytest.fixture(scope="module")
def nasty() -> tuple[Table, ScoreReport]:
    play = nasty_play()
    return play.table, play.score()


def player_texts(table: Table) -> list[str]:
    texts = [table.name]
    texts += [r.argument for r in [*table.rankings.values(), *table.revised.values()]]
    for pl in table.placements:
        texts.append(pl.argument)
        texts += [r.comment for r in pl.reactions]
    texts += [pos.argument for by_role in table.positions.values() for pos in by_role.values()]
    texts += list(table.players)
    return [t for t in texts if t.strip()]


# --- HTML ------------------------------------------------------------------------------------

VOID = {"meta", "br", "hr", "img", "input", "link", "area", "base", "col", "source", "wbr"}


class BalanceChecker(HTMLParser):
    """Fails on any tag closed out of order or left open; collects the text a reader sees."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str | None]] = []
        self.text: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += attrs

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:] or 'nothing'}")
            return
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> BalanceChecker:
    checker = BalanceChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == []
    assert checker.stack == [], f"left open: {checker.stack}"
    return checker


def test_html_is_balanced_and_shows_every_text_exactly(nasty: tuple[Table, ScoreReport]) -> None:
    table, report = nasty
    page = export_html(table, report)
    checker = parse(page)
    assert checker.tags[0] == "html" and "svg" in checker.tags and "style" in checker.tags
    seen = "".join(checker.text)
    for text in player_texts(table):
        assert html.escape(text) in page, text  # escaped in the source ...
        assert text in seen, text  # ... and reads back exactly as written


def test_html_runs_nothing_and_loads_nothing(nasty: tuple[Table, ScoreReport]) -> None:
    page = export_html(*nasty)
    checker = parse(page)
    assert "<script" not in page.lower()
    assert "script" not in checker.tags and "img" not in checker.tags
    assert not {"link", "iframe", "object", "embed", "a", "img"} & set(checker.tags)
    names = {name for name, _ in checker.attrs}
    assert not names & {"src", "href", "onerror", "onload"}
    assert not [n for n in names if n.startswith("on")]
    assert re.findall(r"https?://[^\s\"'<>]*", page) == ["http://www.w3.org/2000/svg"]
    assert "url(" not in page and "@import" not in page


def test_html_has_the_whole_debrief(nasty: tuple[Table, ScoreReport]) -> None:
    table, report = nasty
    page = export_html(table, report)
    text = "".join(parse(page).text)
    for needle in [
        "Table <1> & co",
        "Tiny deck",
        "Seed",
        str(table.seed),
        "First rankings",
        "Revised rankings",
        "Joint ranking",
        "Kendall's W before the discussion",
        "after the discussion",
        "permutation test",
        "Rank-biased overlap",
        "withdrawn",
        "endorsed",
        "challenged",
        "Who sets service levels?",
        "Total",
        "Suggestion",
    ]:
        assert needle in text, needle
    for h in report.heuristics:
        assert h.title in text
        assert all(line in text for line in h.lines)
        assert h.suggestion in text
    # the p-value of W after the discussion is the one agreement() computes
    p = agreement(table).test
    assert p is not None and f"p = {p.p_value:.4f}" in text


def test_html_bar_chart_marks_not_applicable() -> None:
    # nothing placed yet: alignment and deliberation apply, the rest do not; alignment weighs 0
    deck = tiny_deck(scoring={"weights": {"alignment": 0}})
    play = Play(deck, {"S": "state", "M": "municipality"}, problems=PROBLEMS, hands=HANDS)
    play.rank("S", PROBLEMS).rank("M", ["silos", "handover", "goals", "rules"])
    report = play.score()
    page = export_html(play.table, report)
    parse(page)
    svg = page[page.index("<svg") : page.index("</svg>")]
    na = [h.title for h in report.heuristics if h.score is None]
    assert len(na) == 8
    assert svg.count(">n/a</text>") == 8
    for title in na:  # each n/a sits on its heuristic's row, right after its label and track
        row = svg.split(f">{title}</text>")[1].split("</text>")[0]
        assert row.endswith(">n/a")
    bars = re.findall(r'<rect class="(bar|off)" fill="[^"]+" x="\d+" y="\d+" width="([\d.]+)"', svg)
    alignment = report.get("alignment")
    assert alignment is not None and alignment.score is not None
    # alignment (weight 0: an "off" bar), then deliberation (nothing argued: an empty bar)
    assert bars == [("off", f"{3 * alignment.score:.1f}"), ("bar", "0.0")]


def test_html_in_danish() -> None:
    play = nasty_play("da")
    page = export_html(play.table, play.score())
    text = "".join(parse(page).text)
    assert '<html lang="da">' in page
    for needle in [
        "Opsamling",
        "Rangordninger",
        "Fælles rangordning",
        "Kendalls W før drøftelsen",
        "trukket tilbage",
        "støttet",
        "udfordret",
        "I alt",
        "Forslag",
    ]:
        assert needle in text, needle


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_has_every_argument_escaped(nasty: tuple[Table, ScoreReport]) -> None:
    table, report = nasty
    md = export_markdown(table, report)
    assert "<script" not in md.lower() and "<img" not in md.lower()
    for text in player_texts(table):
        for line in text.split("\n"):
            assert html.escape(line, quote=False) in md, line
    assert "> second line, too" in md  # a multi-line argument stays one quote
    assert "## Placements" in md and "(withdrawn)" in md
    assert "Kendall's W after the discussion: " in md
    for h in report.heuristics:
        assert f"### {h.title}:" in md
        assert h.suggestion in md


def test_markdown_in_danish_names_the_round() -> None:
    play = nasty_play("da")
    md = export_markdown(play.table, play.score())
    assert md.startswith("# Opsamling: Table &lt;1&gt; &amp; co\n")
    assert "- Kortsæt: Lille kortsæt (`tiny` 1.0.0)" in md
    assert "- Frø: 1" in md
    assert "### Reviderede rangordninger" in md and "Reviderede ikke: Staten, Kommunerne" in md


# --- CSV -------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    reader = csv.DictReader(io.StringIO(text, newline=""))
    assert reader.fieldnames == CSV_FIELDS
    return list(reader)


def expected_rows(table: Table) -> list[dict[str, str]]:
    deck = table.deck
    names = {"endorse": "endorsed", "challenge": "challenged"}
    rows = []
    for pl in table.placements:
        rows.append(
            {
                "placement_id": pl.id,
                "role_id": pl.role,
                "role_name": table.role_name(pl.role),
                "player": pl.player,
                "remedy_id": pl.remedy,
                "remedy_title": deck.remedy(pl.remedy).title,
                "problem_id": pl.problem,
                "problem_title": deck.problem(pl.problem).title,
                "argument": pl.argument,
                "withdrawn": str(pl.withdrawn).lower(),
                "endorsements": str(sum(r.kind == "endorse" for r in pl.reactions)),
                "challenges": str(sum(r.kind == "challenge" for r in pl.reactions)),
                "comments": "\n".join(
                    f"{table.role_name(r.role)} ({names[r.kind]}): {r.comment}"
                    for r in pl.reactions
                    if r.comment.strip()
                ),
            }
        )
    return rows


def test_csv_round_trips_every_field(nasty: tuple[Table, ScoreReport]) -> None:
    table, report = nasty
    rows = read_csv(export_csv(table, report))
    assert rows == expected_rows(table)
    assert rows[0]["argument"] == NASTY_ARGUMENT
    assert rows[0]["comments"] == (
        f"The councils (endorsed): {NASTY_COMMENT}\nThe regions (challenged): "
        "why not, asks the region?"
    )
    assert rows[0]["player"] == NASTY_NAME
    assert rows[2]["withdrawn"] == "true" and rows[2]["argument"].startswith("=HYPERLINK")


def test_csv_can_guard_against_spreadsheet_formulas(nasty: tuple[Table, ScoreReport]) -> None:
    rows = read_csv(export_csv(*nasty, spreadsheet_safe=True))
    assert rows[2]["argument"] == "'=HYPERLINK(x) starts like a formula"
    assert rows[0]["argument"] == NASTY_ARGUMENT  # nothing else changes


def test_csv_of_a_round_without_placements_is_just_the_header() -> None:
    play = Play(tiny_deck(), {"S": "state"}, problems=PROBLEMS, hands=HANDS)
    assert read_csv(export_csv(play.table, play.score())) == []


_TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Co", "Cn"))
    | st.sampled_from(['"', ",", "\n", "'", ";"]),
    max_size=60,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(argument=_TEXT, comment=_TEXT)
def test_csv_round_trips_any_text_the_engine_accepts(argument: str, comment: str) -> None:
    argument = "one two three four " + argument  # argued: the engine wants four words
    if text_problem(argument, what="a", max_len=ARGUMENT_MAX, multiline=True):
        return  # a bidirectional control the engine refuses
    if text_problem(comment, what="c", max_len=500, multiline=True) or not comment.strip():
        comment = "fine"
    play = Play(tiny_deck(), {"S": "state", "M": "municipality"}, problems=PROBLEMS, hands=HANDS)
    play.rank("S", PROBLEMS).rank("M", PROBLEMS).advance()
    pid = play.place("S", "law", "rules", argument)
    play.challenge("M", pid, comment)
    rows = read_csv(export_csv(play.table, score_table(play.table)))
    assert rows == expected_rows(play.table)
    assert rows[0]["argument"] == argument


# --- JSON ------------------------------------------------------------------------------------


def test_json_holds_the_report_and_the_moves(nasty: tuple[Table, ScoreReport]) -> None:
    table, report = nasty
    text = export_json(table, report)
    data = json.loads(text)
    assert ScoreReport.model_validate(data["report"]) == report
    assert data["table"]["name"] == "Table <1> & co" and data["table"]["seed"] == table.seed
    assert [p["argument"] for p in data["placements"]] == [p.argument for p in table.placements]
    assert data["placements"][2]["withdrawn"] is True
    assert data["rankings"]["region"]["revised"]["order"] == table.revised["region"].order
    assert data["rankings"]["state"]["revised"] is None
    assert data["positions"][0]["argument"] == NASTY_POSITION
    assert data["joint"] == report.joint
    assert data["agreement"]["final"]["w"] == pytest.approx(report.w_final)
    assert data["agreement"]["final"]["method"] == "permutation"
    assert 0 < data["agreement"]["final"]["p_value"] <= 1
    assert text.startswith("{\n  ")  # indented


def test_json_keeps_danish_letters_readable() -> None:
    play = nasty_play("da")
    text = export_json(play.table, play.score())
    assert "Lille kortsæt" in text and "\\u00e6" not in text
    assert json.loads(text)["table"]["deck"]["language"] == "da"


def test_rbo_before_and_after_line_up_when_roles_ranked_out_of_deck_order() -> None:
    # the councils rank first, the state last; the regions revise to the councils' order
    play = Play(
        tiny_deck(),
        {"S": "state", "R": "region", "M": "municipality"},
        problems=PROBLEMS,
        hands=HANDS,
    )
    play.rank("M", ["handover", "rules", "silos", "goals"])
    play.rank("R", ["handover", "silos", "goals", "rules"])
    play.rank("S", ["silos", "goals", "rules", "handover"])
    play.revise("R", ["handover", "rules", "silos", "goals"])
    assert first_agreement(play.table).roles == ("state", "region", "municipality")
    md = export_markdown(play.table, play.score())
    rbo = md.split("| Roles |")[1].split("\n\n")[0].splitlines()[2:]
    # S-R 0.828 -> 0.783 (R now ranks as M does), S-M 0.783, R-M 0.928 -> 1
    assert rbo == [
        "| The state / The regions | 0.828 | 0.783 |",
        "| The state / The councils | 0.783 | 0.783 |",
        "| The regions / The councils | 0.928 | 1.000 |",
    ]


@pytest.mark.parametrize(
    ("ref", "word"), [("coherence", "provisional"), ("sammenhaeng", "foreløbig")]
)
def test_an_unfinished_round_says_its_score_is_provisional(ref: str, word: str) -> None:
    from sammenspil.deck.catalog import resolve_deck
    from sammenspil.game import commands as cmd
    from sammenspil.game.rules import handle, new_table

    deck, _, _ = resolve_deck(ref)
    table = new_table(deck, table_id="t1", name="Half", seed=1)
    for command in (cmd.Join(player="ann"), cmd.ChooseRole(player="ann", role="state")):
        table = handle(table, command)[0]
    report = score_table(table)
    assert word in export_markdown(table, report)
    assert word in export_html(table, report)


# --- hostile text: markup and control characters from a save or a deck -------------------------

# What an old or hand-edited save, or a deck from anywhere, may hold: terminal escapes (CSI, OSC
# title, OSC 52 clipboard, OSC 8 link), a C1 CSI, a bidi override, and Markdown/HTML that would
# render as an image, a link, raw HTML, a heading, a list or a table.
ESCAPES = (
    "\x1b[2J\x1b]0;PWNED\x07 \x1b]52;c;ZXZpbA==\x07 \x1b]8;;http://evil\x1b\\ \x9b31m \u202egnp"
)
MARKUP = "![i](http://evil/p.png) [x](javascript:alert(1)) <img src=x onerror=alert(1)> | a | b |"
HOSTILE_LINE = f"{MARKUP} {ESCAPES}"
# deck titles are at most 80 characters
DECK_LINE = "![i](http://e/p.png) [x](javascript:1) <img src=x> | # \x1b]0;X\x07\x9b1m\u202e"
HOSTILE_TEXT = f"{MARKUP}\n# Title\n- item\n1. first\n---\n| c | d |\n|---|---|\n{ESCAPES}"


def hostile_table(language: str = "en", benign: bool = False) -> Table:
    """A round whose every text is hostile, folded from events as a save's log is replayed.

    ``benign`` keeps the same shape (the same lines, the same fields filled) with plain words,
    so the structure of an export can be compared with and without the hostile text.
    """
    import re as _re

    from sammenspil.game import events as ev
    from sammenspil.game.rules import fold, new_table
    from sammenspil.game.state import Phase
    from scoring_support import deck_data

    def x(text: str) -> str:
        return _re.sub(r"[^\n]+", "plain words here now", text) if benign else text

    # The deck models refuse such text, so it is slipped in behind them, as an old save or a
    # hand-edited file might: the exports must guard it all the same.
    from sammenspil.deck.models import Deck

    clean = Deck.model_validate(deck_data(language))

    def titled(cards: list[Any], field: str, text: str) -> list[Any]:
        return [c.model_copy(update={field: x(f"{c.id} {text}")}) for c in cards]

    deck = clean.model_copy(
        update={
            "title": x(DECK_LINE),
            "problems": titled(clean.problems, "title", DECK_LINE),
            "remedies": titled(clean.remedies, "title", DECK_LINE),
            "dilemmas": [
                d.model_copy(update={"question": x(f"{d.id} {DECK_LINE}"), "left": x(DECK_LINE)})
                for d in clean.dilemmas
            ],
            "roles": titled(clean.roles, "name", DECK_LINE),
        }
    )
    names = {"state": x(f"Ann {HOSTILE_LINE}"), "region": "R", "municipality": "M"}
    ann = names["state"]
    events: list[ev.Event] = []
    for role, player in names.items():
        events += [ev.PlayerJoined(player=player), ev.RoleChosen(player=player, role=role)]
    order = list(PROBLEMS)
    events += [
        ev.Dealt(problems=order, dilemmas=["levels", "speed"], hands=HANDS),
        ev.PhaseChanged(phase=Phase.RANK),
        ev.RankingSubmitted(role="state", player=ann, order=order, argument=x(HOSTILE_TEXT)),
        ev.RankingSubmitted(role="region", player="R", order=order[::-1]),
        ev.RankingSubmitted(role="municipality", player="M", order=order),
        ev.PhaseChanged(phase=Phase.REVEAL),
        ev.RankingRevised(role="region", player="R", order=order, argument=x(HOSTILE_TEXT)),
        ev.PhaseChanged(phase=Phase.RESPOND),
        ev.RemedyPlaced(
            placement="p1",
            role="state",
            player=ann,
            remedy="platform",
            problem="silos",
            argument=x(HOSTILE_TEXT),
        ),
        ev.PlacementReacted(
            placement="p1", role="region", player="R", kind="challenge", comment=x(HOSTILE_TEXT)
        ),
        ev.PhaseChanged(phase=Phase.DILEMMAS),
        ev.PositionSet(
            role="state", player=ann, dilemma="levels", value=2, argument=x(HOSTILE_TEXT)
        ),
    ]
    table = fold(new_table(deck, table_id="t1", name=x(HOSTILE_LINE), seed=1), events)
    return table


@pytest.fixture(scope="module", params=["en", "da"])
def hostile(request: pytest.FixtureRequest) -> tuple[Table, ScoreReport, Table, ScoreReport]:
    table, twin = hostile_table(request.param), hostile_table(request.param, benign=True)
    return table, score_table(table), twin, score_table(twin)


def raw_unsafe(text: str) -> list[str]:
    """Every character in an output that could drive a terminal or reorder what it shows."""
    from sammenspil.game.text import unsafe_char

    return sorted(
        {repr(ch) for ch in text.replace("\r\n", "\n") if unsafe_char(ch, multiline=True)}
    )


def test_no_control_character_or_bidi_override_reaches_any_export(hostile) -> None:
    table, report, _, _ = hostile
    outputs = {
        "md": export_markdown(table, report),
        "html": export_html(table, report),
        "csv": export_csv(table, report),
        "csv raw": export_csv(table, report, spreadsheet_safe=False),
        "json": export_json(table, report),
    }
    for fmt, text in outputs.items():
        assert raw_unsafe(text) == [], fmt
        assert "\x1b" not in text and "\u202e" not in text and "\x9b" not in text, fmt
        assert "\\x1b" in text or "\\u001b" in text, f"{fmt}: the escape is shown, not dropped"


def test_json_keeps_hostile_text_exact_but_escaped(hostile) -> None:
    table, report, _, _ = hostile
    data = json.loads(export_json(table, report))
    assert data["table"]["name"] == table.name  # lossless: the escapes decode to the same text
    assert data["placements"][0]["argument"] == HOSTILE_TEXT


def _markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    return (
        MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough").render(md)
    )


class _Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _structure(page: str) -> _Structure:
    parser = _Structure()
    parser.feed(page)
    parser.close()
    return parser


def test_markdown_shows_hostile_markup_as_text(hostile) -> None:
    table, report, twin, twin_report = hostile
    rendered = _markdown_html(export_markdown(table, report))
    tags = _structure(rendered).tags
    for tag in ("img", "a", "script", "iframe"):
        assert tag not in tags, f"<{tag}> rendered from player or deck text"
    # the hostile round renders to exactly the structure of the same round in plain words: no
    # heading, list, table, rule or HTML was injected
    assert tags == _structure(_markdown_html(export_markdown(twin, twin_report))).tags
    # and what a reader sees is the text as written (control characters as visible escapes)
    seen = "".join(_structure(rendered).text)
    assert "![i](http://evil/p.png)" in seen
    assert "[x](javascript:alert(1))" in seen
    assert "<img src=x onerror=alert(1)>" in seen
    assert "# Title" in seen and "| c | d |" in seen


def test_html_shows_hostile_markup_as_text(hostile) -> None:
    table, report, twin, twin_report = hostile
    page = export_html(table, report)
    found = _structure(page)
    assert found.tags == _structure(export_html(twin, twin_report)).tags
    assert "<img src=x onerror=alert(1)>" in "".join(found.text)


def test_csv_of_hostile_text_is_one_row_per_placement(hostile) -> None:
    table, report, _, _ = hostile
    rows = read_csv(export_csv(table, report))
    assert len(rows) == len(table.placements)
    assert rows[0]["argument"].startswith("'![i]") is False  # '!' is no formula start
    assert "\\x1b[2J" in rows[0]["argument"] and "\\u202egnp" in rows[0]["argument"]


# --- the debrief model -----------------------------------------------------------------------


def test_markdown_and_html_render_the_one_debrief_model(nasty: tuple[Table, ScoreReport]) -> None:
    from sammenspil.scoring.debrief import Debrief, build_debrief
    from sammenspil.scoring.export import render_html, render_markdown

    table, report = nasty
    d = build_debrief(table, report)
    assert render_markdown(d) == export_markdown(table, report)
    assert render_html(d) == export_html(table, report)
    # a plain, frozen value: it travels to a screen or over the network as JSON and back
    assert Debrief.model_validate_json(d.model_dump_json()) == d
    with pytest.raises(ValueError):
        d.seed = 2  # type: ignore[misc]


def test_the_debrief_holds_every_section(nasty: tuple[Table, ScoreReport]) -> None:
    from sammenspil.scoring.debrief import build_debrief

    table, report = nasty
    d = build_debrief(table, report)
    assert d.table_name == "Table <1> & co" and d.deck_title == "Tiny deck"
    assert [s.player for s in d.players] == list(table.players)
    assert [c.role for c in d.first.columns] == ["The state", "The regions", "The councils"]
    assert d.first.columns[0].argument == NASTY_RANKING
    assert [c.role for c in d.revised.columns] == ["The regions"]
    assert d.revised.not_revised == ["The state", "The councils"]
    assert [j.w for j in d.joint] == [4, 3, 2, 1]
    assert [a.when for a in d.agreement] == ["before the discussion", "after the discussion"]
    assert [p.withdrawn for p in d.placements] == [False, False, True]
    assert [r.label for r in d.placements[0].reactions] == ["endorsed", "challenged"]
    assert d.placements[0].argument == NASTY_ARGUMENT
    assert [len(x.positions) for x in d.dilemmas] == [2, 0]
    assert [h.name for h in d.heuristics] == [h.name for h in report.heuristics]
    assert d.total == report.total and not d.finished


def test_the_debrief_speaks_danish_and_guards_every_text() -> None:
    from sammenspil.scoring.debrief import build_debrief

    d = build_debrief(*(lambda p: (p.table, p.score()))(nasty_play("da")))
    assert d.t("debrief.title") == "Opsamling" and d.num(None) == "i/r"
    assert d.placements[0].reactions[0].label == "støttet"
    hostile = hostile_table("da")
    d = build_debrief(hostile, score_table(hostile))

    def strings(value: object) -> list[str]:
        if isinstance(value, str):
            return [value]
        if isinstance(value, dict):
            return [s for v in value.values() for s in strings(v)]
        if isinstance(value, list):
            return [s for v in value for s in strings(v)]
        return []

    texts = strings(d.model_dump())
    assert len(texts) > 50 and all(raw_unsafe(text) == [] for text in texts)
    assert "\\x1b" in d.table_name and "\x1b" not in d.placements[0].argument
    assert "\n" in d.placements[0].argument  # multi-line text keeps its lines
