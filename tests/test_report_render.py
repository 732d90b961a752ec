"""The workshop report as Markdown and HTML: complete, and every hostile text shown as text.

The hostile round is played through the engine with markup in every text a player writes
(HTML, Markdown links and images, headings, tables), then control characters and a bidi
override are slipped into its texts as an old or hand-edited save could hold them. A twin of
the round in plain words has the same shape, so the structure of both renderings must match:
nothing the players wrote added a tag, a heading, a table or a link.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

import pytest

from sammenspil.game.state import Table
from sammenspil.game.text import unsafe_char
from sammenspil.scoring.report import score_table
from sammenspil.scoring.workshop import PlayedRound, WorkshopReport, build_workshop
from sammenspil.scoring.workshop_render import render_workshop_html, render_workshop_markdown
from scoring_support import HANDS, PROBLEMS, Play, standard_play, tiny_deck

MARKUP = (
    "<script>alert(1)</script> <img src=x onerror=alert(1)> ![i](http://evil.example/p.png) "
    "[x](javascript:alert(1)) **bold** <b>b</b> &amp;"
)
ARGUMENT = (
    f"the silos cost the regions time {MARKUP}\n# Title\n- item\n1. first\n---\n"
    "| c | d |\n|---|---|\n> quoted"
)
NAME = "Ann <i>&</i> [me](http://evil.example)"
TABLE = "# Bord <1> & | co |"
ESCAPES = "\x1b[2J\x1b]0;PWNED\x07 \u202egnp.exe \x9b31m"


def plain(text: str, benign: bool) -> str:
    """The same lines in plain words, for the twin round."""
    return re.sub(r"[^\n]+", "plain words about the silos here", text) if benign else text


def hostile_round(benign: bool = False) -> Table:
    name = plain(NAME, benign)
    seats = {name: "state", "R": "region", "M": "municipality"}
    play = Play(
        tiny_deck(),
        seats,
        problems=PROBLEMS,
        hands=HANDS,
        dilemmas=["levels"],
        name=plain(TABLE, benign),
    )
    play.rank(
        name, ["silos", "goals", "rules", "handover"], "" if benign else "<b>we</b> [rank](x)"
    )
    play.rank("R", ["silos", "handover", "goals", "rules"])
    play.rank("M", ["handover", "silos", "rules", "goals"])
    play.advance()
    placement = play.place(name, "platform", "silos", plain(ARGUMENT + " one platform", benign))
    play.endorse("R", placement, "" if benign else MARKUP)
    play.advance()
    play.position(name, "levels", 2, "" if benign else "<i>a</i> ![p](y)")
    play.position("R", "levels", 5)
    play.position("M", "levels", 5)
    table = play.lock().table
    if benign:
        return table.model_copy(update={"name": "Bord plain words here", "id": "twin"})
    # What the engine refuses, slipped in as an old or hand-edited save could hold it.
    placements = [
        pl.model_copy(update={"argument": pl.argument + ESCAPES}) for pl in table.placements
    ]
    return table.model_copy(
        update={"name": table.name + ESCAPES, "id": "evil", "placements": placements}
    )


def workshop(benign: bool = False) -> WorkshopReport:
    table = hostile_round(benign)
    normal = standard_play().lock().table
    return build_workshop(
        [
            PlayedRound(table, score_table(table), plain("evil <b>.toml", benign)),
            PlayedRound(normal, score_table(normal), "normal.toml"),
        ]
    )


@pytest.fixture(scope="module")
def hostile() -> WorkshopReport:
    return workshop()


@pytest.fixture(scope="module")
def twin() -> WorkshopReport:
    return workshop(benign=True)


class Structure(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[str] = []
        self.values: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        self.attrs += [name for name, _ in attrs]
        self.values += [value or "" for _, value in attrs]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def structure(page: str) -> Structure:
    parser = Structure()
    parser.feed(page)
    parser.close()
    return parser


def markdown_html(md: str) -> str:
    from markdown_it import MarkdownIt

    renderer = MarkdownIt("commonmark", {"html": True}).enable("table").enable("strikethrough")
    return renderer.render(md)


def raw_unsafe(text: str) -> list[str]:
    return sorted({repr(ch) for ch in text if unsafe_char(ch, multiline=True)})


def test_the_hostile_texts_reach_the_model_guarded(hostile: WorkshopReport) -> None:
    section = hostile.sections[0]
    evil = next(e for e in section.tables if e.table_id == "evil")
    assert "\\x1b[2J" in evil.label and "\\u202e" in evil.label
    [strong] = [a for a in section.strongest if a.table == evil.label]
    assert strong.argument.startswith("the silos cost")
    assert "\\x1b]0;PWNED\\x07" in strong.argument and "<script>" in strong.argument


def test_no_control_character_or_bidi_override_reaches_either_format(
    hostile: WorkshopReport,
) -> None:
    md, page = render_workshop_markdown(hostile), render_workshop_html(hostile)
    assert raw_unsafe(md) == [] and raw_unsafe(page) == []
    for seen in ("".join(structure(markdown_html(md)).text), "".join(structure(page).text)):
        assert "\\x1b[2J" in seen and "\\u202egnp.exe" in seen  # shown, not dropped


def test_html_runs_nothing_and_loads_nothing(hostile: WorkshopReport) -> None:
    page = render_workshop_html(hostile)
    found = structure(page)
    assert "<script" not in page.lower()
    assert not {"script", "img", "a", "link", "iframe", "object", "embed"} & set(found.tags)
    assert not {"src", "href"} & set(found.attrs)
    assert not [name for name in found.attrs if name.startswith("on")]
    # the SVG namespace is a name, not a request; no attribute names another address (a
    # player's text may mention one: it is shown as text)
    addresses = {v for v in found.values if re.search(r"[a-z]+:", v) and "/" in v}
    assert addresses == {"http://www.w3.org/2000/svg"}
    css = page[page.index("<style>") : page.index("</style>")]
    assert "url(" not in css and "@import" not in css and "http" not in css


def test_html_shows_hostile_markup_as_text_and_adds_no_structure(
    hostile: WorkshopReport, twin: WorkshopReport
) -> None:
    page = render_workshop_html(hostile)
    found = structure(page)
    assert found.tags == structure(render_workshop_html(twin)).tags
    seen = "".join(found.text)
    for text in (MARKUP, NAME, "# Title", "| c | d |", "evil <b>.toml"):
        assert text in seen, text
        assert html.escape(text) in page, text


def test_markdown_shows_hostile_markup_as_text_and_adds_no_structure(
    hostile: WorkshopReport, twin: WorkshopReport
) -> None:
    rendered = markdown_html(render_workshop_markdown(hostile))
    found = structure(rendered)
    for tag in ("img", "a", "script", "iframe", "b"):
        assert tag not in found.tags, f"<{tag}> rendered from player or deck text"
    assert found.tags == structure(markdown_html(render_workshop_markdown(twin))).tags
    seen = "".join(found.text)
    for text in (
        "<script>alert(1)</script>",
        "![i](http://evil.example/p.png)",
        "[x](javascript:alert(1))",
        "**bold**",
        "&amp;",
        "# Title",
        "| c | d |",
        NAME,
        "# Bord <1> & | co |",
    ):
        assert text in seen, text


def test_both_formats_hold_every_part_of_the_report(hostile: WorkshopReport) -> None:
    r = hostile
    md, page = render_workshop_markdown(r), render_workshop_html(r)
    seen = "".join(structure(page).text)
    for key in (
        "workshop.title",
        "workshop.scores",
        "workshop.joint",
        "workshop.on_top",
        "workshop.uncovered",
        "workshop.remedies",
        "workshop.dilemmas",
        "workshop.strongest",
    ):
        assert r.t(key) in md and r.t(key) in seen, key
    assert r.t("workshop.on_top_rule", n=3) in md and r.t("workshop.on_top_rule", n=3) in seen
    # one part per table, after the summary
    assert md.count(f"## {r.t('workshop.table')}: ") == 2
    assert page.count('<section class="tablepage">') == 2
    assert page.index('<section class="deck"') < page.index('<section class="tablepage">')
    # a score chart per table: one bar per heuristic and the total
    bars = len(r.sections[0].heuristics) + 1
    assert page.count('<td class="bar"><svg') >= 2 * bars


def test_an_unfinished_table_is_marked_provisional_in_both_formats() -> None:
    unfinished = Play(tiny_deck(), {"A": "state"}, problems=PROBLEMS, hands=HANDS).table
    report = build_workshop([PlayedRound(unfinished, score_table(unfinished), "a.toml")])
    mark = report.t("workshop.provisional")
    assert f"Table 1 ({mark})" in render_workshop_markdown(report)
    assert f'<span class="tag">{mark}</span>' in render_workshop_html(report)
    assert report.t("workshop.intro_provisional", n=1) in render_workshop_markdown(report)


def test_the_report_reads_danish_for_danish_decks() -> None:
    table = standard_play("da").lock().table
    report = build_workshop([PlayedRound(table, score_table(table), "a.toml")])
    md, page = render_workshop_markdown(report), render_workshop_html(report)
    assert md.startswith("# Workshoprapport") and "Overgange" in md
    assert '<html lang="da">' in page and "Stærkeste argumenter" in page


def test_a_problem_dealt_at_one_table_reads_in_the_singular() -> None:
    for lang, one, many in (
        ("en", "1 of the one table dealt it", "1 of the 2 tables dealt it"),
        ("da", "1 af det ene bord, der fik det", "1 af de 2 borde, der fik det"),
    ):
        table = standard_play(lang).lock().table
        report = build_workshop([PlayedRound(table, score_table(table), "a.toml")])
        assert report.t_n("workshop.of_tables", 1, on_top=1) == one
        assert report.t_n("workshop.of_tables", 2, on_top=1) == many


def test_a_print_stylesheet_puts_the_summary_first_and_each_table_on_its_own_page(
    hostile: WorkshopReport,
) -> None:
    page = render_workshop_html(hostile)
    css = page[page.index("@media print") :]
    assert "section.deck, section.tablepage { break-before: page; }" in css
    assert "section.deck:first-of-type { break-before: auto; }" in css


def test_markdown_bars_are_plain_characters(hostile: WorkshopReport) -> None:
    md = render_workshop_markdown(hostile)
    bar = re.search(r"`([█░]+)` (\d+\.\d)", md)
    assert bar is not None and len(bar.group(1)) == 10
    assert round(float(bar.group(2)) / 10) == bar.group(1).count("█")


def test_the_top_of_the_report_gives_each_deck_at_a_glance() -> None:
    from test_report_model import played, table_a, table_b

    report = build_workshop([played(table_a(), "ta", "Alpha"), played(table_b(), "tb", "Bravo")])
    md, page = render_workshop_markdown(report), render_workshop_html(report)
    glance = md[: md.index("## ")]
    assert "**Tiny deck**" in glance
    assert "- On top everywhere: Silos; Handover" in glance
    assert "- Covered nowhere: Rule thicket" in glance
    assert "- Most played: Talk monthly; One platform; Secondments" in glance
    top = page[: page.index("<main>")]
    assert "<dt>On top everywhere</dt><dd>Silos; Handover</dd>" in top
