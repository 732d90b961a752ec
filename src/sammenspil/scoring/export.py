"""The debrief of a round as Markdown, HTML, CSV and JSON: strings only, the caller writes them.

Markdown and HTML render the one ``Debrief`` model (scoring/debrief.py); CSV and JSON are data
and read the table itself. Everything a player typed (names, arguments, comments) and everything
a trainer wrote (titles, questions) is shown as text, never as markup, in the format it lands
in: ``html.escape`` for HTML; for Markdown the HTML specials as entities plus a backslash before
every character that could open an image, a link, emphasis, a table or a heading (see
``_md_line``); the ``csv`` module's quoting for CSV; ``json.dumps`` for JSON. No control
character or bidi override reaches any format raw: ``printable()`` guards every text (JSON
writes them as ``\\u`` escapes, so its strings stay exact). Headings and labels follow the
deck's language; CSV column names and JSON keys stay English identifiers so that scripts
reading them work for every deck.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
from typing import Any

from sammenspil.game.state import Placement, Table
from sammenspil.game.text import printable, unsafe_char
from sammenspil.i18n import t
from sammenspil.scoring.agreement import Agreement, agreement, first_agreement
from sammenspil.scoring.debrief import Debrief, RankingBlock, RankingColumn, build_debrief
from sammenspil.scoring.report import ScoreReport

__all__ = [
    "CSV_FIELDS",
    "export_csv",
    "export_html",
    "export_json",
    "export_markdown",
    "render_html",
    "render_markdown",
]

EXPORT_FORMAT = 1

CSV_FIELDS = [
    "placement_id",
    "role_id",
    "role_name",
    "player",
    "remedy_id",
    "remedy_title",
    "problem_id",
    "problem_title",
    "argument",
    "withdrawn",
    "endorsements",
    "challenges",
    "comments",
]

# --- Markdown --------------------------------------------------------------------------------

# Characters that start emphasis, code, links and images, tables or strikethrough anywhere in a
# line; each is shown as itself when backslash-escaped (CommonMark: any ASCII punctuation may be).
_MD_INLINE = re.compile(r"([\\`*_\[\]!|~#])")
# What makes a block when it starts a line: a heading, a list item, a setext underline. (A quote
# marker '>' is already an entity.)
_MD_BLOCK_START = re.compile(r"^(\s*)(\d{1,9}(?=[.)])|)([+=-]|[.)])")


def _md_line(line: str, *, starts_line: bool = True) -> str:
    """One line of player or deck text as Markdown that renders as exactly that text.

    HTML specials become entities (renderers pass raw HTML through), inline markup characters
    are backslash-escaped, and a block marker at the start of the line is escaped too, so no
    text can open an image, a link, raw HTML, a heading, a list or a table. Bare URLs stay text,
    though some renderers (GFM) make http(s) addresses clickable.
    """
    text = _MD_INLINE.sub(r"\\\1", html.escape(line, quote=False))
    return _MD_BLOCK_START.sub(r"\1\2\\\3", text, count=1) if starts_line else text


def _md(text: str) -> str:
    """Player or trainer text inline: escaped, on one line."""
    return _md_line(text.replace("\n", " "), starts_line=False)


def _md_code(text: str) -> str:
    """An id as inline code; inside code only a backtick means anything, so without one."""
    return f"`{text}`" if text and "`" not in text and "\n" not in text else _md(text)


def _md_quote(text: str) -> list[str]:
    """A blockquote keeps a multi-line argument's lines as the player wrote them."""
    return [f"> {_md_line(line)}".rstrip() for line in text.split("\n")]


def _md_item(text: str, indent: str = "  ") -> str:
    """A list item's text; further lines are indented so they stay inside the item."""
    first, *rest = text.split("\n")
    return ("\n" + indent).join([_md_line(first, starts_line=False), *map(_md_line, rest)])


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _cell(col: RankingColumn, i: int) -> str:
    return col.order[i] if i < len(col.order) else ""


def _md_rankings(d: Debrief, block: RankingBlock) -> list[str]:
    cols = block.columns
    rows = [[str(i + 1)] + [_md(_cell(c, i)) for c in cols] for i in range(d.problems)]
    out = _md_table(["#"] + [_md(c.role) for c in cols], rows)
    argued = [c for c in cols if c.argument.strip()]
    if argued:
        out += ["", f"{d.t('debrief.arguments')}:", ""]
        out += [f"- {_md(c.role)}: {_md_item(c.argument)}" for c in argued]
    return out


def render_markdown(d: Debrief) -> str:
    """The debrief as Markdown: metadata, rankings, agreement, moves, positions, the score."""
    out = [
        f"# {d.t('debrief.title')}: {_md(d.table_name)}",
        "",
        f"- {d.t('debrief.table')}: {_md(d.table_name)} ({_md_code(d.table_id)})",
        f"- {d.t('debrief.deck')}: {_md(d.deck_title)} ({_md_code(d.deck_id)} "
        f"{_md(d.deck_version)})",
        f"- {d.t('debrief.seed')}: {d.seed}",
        f"- {d.t('debrief.phase')}: {_md(d.phase)}",
        f"- {d.t('debrief.players')}: "
        f"{', '.join(f'{_md(s.player)} ({_md(s.seat)})' for s in d.players) or '-'}",
        "",
        f"## {d.t('debrief.rankings')}",
        "",
        f"### {d.t('debrief.first')}",
        "",
    ]
    if d.first.columns:
        out += _md_rankings(d, d.first)
    else:
        out.append(d.t("debrief.not_ranked"))
    out += ["", f"### {d.t('debrief.revised')}", ""]
    if d.revised.columns:
        out += _md_rankings(d, d.revised)
        if d.revised.not_revised:
            rest = ", ".join(_md(x) for x in d.revised.not_revised)
            out += ["", f"{d.t('debrief.not_revised')}: {rest}"]
    else:
        out.append(d.t("debrief.nobody_revised"))

    out += ["", f"## {d.t('debrief.joint')}", ""]
    out += [
        f"{i + 1}. {_md(j.title)} ({d.t('debrief.weight_w')} = {j.w})"
        for i, j in enumerate(d.joint)
    ]

    out += ["", f"## {d.t('debrief.agreement')}", ""]
    for line in d.agreement:
        if line.w is None:
            out.append(
                f"- {d.t('debrief.kendall')} {line.when}: {d.t('na')} ({d.t('debrief.need_two')})"
            )
        else:
            out.append(
                f"- {d.t('debrief.kendall')} {line.when}: {line.w:.3f} "
                f"({d.t('debrief.p')} = {line.p}, {line.method})"
            )
    if d.rbo:
        out += ["", f"{d.t('debrief.rbo')} (p = {d.rbo_p:g}):", ""]
        out += _md_table(
            [d.t("debrief.roles"), d.t("debrief.before"), d.t("debrief.after")],
            [
                [f"{_md(r.role_a)} / {_md(r.role_b)}", d.num(r.before, 3), d.num(r.after, 3)]
                for r in d.rbo
            ],
        )

    out += ["", f"## {d.t('debrief.placements')}", ""]
    if not d.placements:
        out.append(d.t("debrief.no_placements"))
    for pl in d.placements:
        mark = f" ({d.t('debrief.withdrawn')})" if pl.withdrawn else ""
        out += [
            f"### {_md(pl.id)}: {_md(pl.role)}: {_md(pl.remedy)} → {_md(pl.problem)}{mark}",
            "",
            f"{d.t('debrief.player')}: {_md(pl.player)}",
            "",
        ]
        out += _md_quote(pl.argument)
        if pl.reactions:
            out.append("")
            for r in pl.reactions:
                comment = f": {_md_item(r.comment)}" if r.comment.strip() else ""
                out.append(
                    f"- {r.label} {d.t('debrief.by')} {_md(r.role)} ({_md(r.player)}){comment}"
                )
        out.append("")

    out += [f"## {d.t('debrief.dilemmas')}", ""]
    if not d.dealt_dilemmas:
        out += [d.t("debrief.no_dilemmas"), ""]
    for dilemma in d.dilemmas:
        out += [
            f"### {_md(dilemma.question)}",
            "",
            f"1 = {_md(dilemma.left)}, 5 = {_md(dilemma.right)}",
            "",
        ]
        if not dilemma.positions:
            out.append(d.t("debrief.no_positions"))
        for pos in dilemma.positions:
            argument = f": {_md_item(pos.argument)}" if pos.argument.strip() else ""
            out.append(f"- {_md(pos.role)} ({_md(pos.player)}): {pos.value}{argument}")
        out.append("")

    out += [f"## {d.t('debrief.score')}", "", f"**{d.t('debrief.total')}: {d.num(d.total)}**", ""]
    out += _md_table(
        [d.t("debrief.heuristic"), d.t("debrief.score"), d.t("debrief.weight")],
        [[_md(h.title), d.num(h.score), f"{h.weight:g}"] for h in d.heuristics],
    )
    weight = d.t("debrief.weight").lower()
    for h in d.heuristics:
        out += ["", f"### {_md(h.title)}: {d.num(h.score)} ({weight} {h.weight:g})", ""]
        out += [f"- {_md(line)}" for line in h.lines]
        if h.suggestion:
            out += ["", f"{d.t('debrief.suggestion')}: {_md(h.suggestion)}"]
    return "\n".join(out).rstrip() + "\n"


def export_markdown(table: Table, report: ScoreReport) -> str:
    return render_markdown(build_debrief(table, report))


# --- HTML ------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem;
  margin: 2rem auto; padding: 0 1rem; color: #1b1b1b; background: #fff; line-height: 1.45; }
h1 { font-size: 1.7rem; margin-bottom: .3rem; }
h2 { border-bottom: 2px solid #2f5f7f; padding-bottom: .2rem; margin-top: 2rem; }
h3 { margin: 1.2rem 0 .4rem; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .15rem 1rem; }
dl.meta dt { font-weight: 600; }
dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: .5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .25rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef3f6; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
blockquote { margin: .4rem 0; padding: .2rem .8rem; border-left: 4px solid #9bb7c9;
  white-space: pre-wrap; background: #f7f9fa; }
.placement { border: 1px solid #d5dde2; border-radius: 4px; padding: .2rem .9rem .6rem;
  margin: .8rem 0; }
.placement.withdrawn { opacity: .65; border-style: dashed; }
.tag { font-size: .8rem; border: 1px solid #888; border-radius: 3px; padding: 0 .3rem; }
.comment { white-space: pre-wrap; }
.muted { color: #555; }
.total { font-size: 1.3rem; font-weight: 700; }
.suggestion { font-style: italic; }
svg.chart { max-width: 100%; height: auto; }
svg.chart text { font: 13px system-ui, sans-serif; fill: #1b1b1b; }
svg.chart .track { fill: #e6ecf0; }
svg.chart .bar { fill: #2f6f8f; }
svg.chart .off { fill: #9aa9b3; }
@media print {
  body { margin: 0; max-width: none; font-size: 10.5pt; }
  h2 { break-after: avoid; }
  .placement, table, svg.chart, section.heuristic { break-inside: avoid; }
  .placement.withdrawn { opacity: 1; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""


def html_start(language: str, title: str, css: str) -> list[str]:
    """An offline page's lines up to its ``<body>``: language, title and inline styles."""
    return [
        "<!DOCTYPE html>",
        f'<html lang="{_e(language)}">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{css}</style>",
        "</head>",
        "<body>",
    ]


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_rankings(d: Debrief, block: RankingBlock) -> list[str]:
    cols = block.columns
    out = ["<table>", '<thead><tr><th class="num">#</th>']
    out[-1] += "".join(f"<th>{_e(c.role)}</th>" for c in cols) + "</tr></thead>"
    out.append("<tbody>")
    for i in range(d.problems):
        cells = "".join(f"<td>{_e(_cell(c, i))}</td>" for c in cols)
        out.append(f'<tr><td class="num">{i + 1}</td>{cells}</tr>')
    out += ["</tbody>", "</table>"]
    argued = [c for c in cols if c.argument.strip()]
    if argued:
        out.append(f"<h4>{_e(d.t('debrief.arguments'))}</h4>")
        for c in argued:
            out.append(
                f"<p><strong>{_e(c.role)}</strong></p><blockquote>{_e(c.argument)}</blockquote>"
            )
    return out


def _chart(d: Debrief) -> str:
    """The heuristic scores as horizontal bars; 'n/a' in place of a bar that does not apply."""
    rows = d.heuristics
    label_w, bar_w, row_h, top = 250, 300, 24, 8
    width = label_w + bar_w + 70
    height = top * 2 + row_h * max(1, len(rows))
    chart = _e(d.t("debrief.chart"))
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{chart}">',
        f"<title>{chart}</title>",
    ]
    for i, h in enumerate(rows):
        y = top + i * row_h
        mid = y + row_h / 2 + 4
        label = h.title if len(h.title) <= 34 else h.title[:33] + "…"
        parts.append(f'<text x="0" y="{mid:g}">{_e(label)}</text>')
        parts.append(
            f'<rect class="track" fill="#e6ecf0" x="{label_w}" y="{y + 4}" width="{bar_w}" '
            f'height="{row_h - 8}"></rect>'
        )
        if h.score is None:
            parts.append(f'<text x="{label_w + 6}" y="{mid:g}">{_e(d.t("na"))}</text>')
            continue
        length = bar_w * max(0.0, min(100.0, h.score)) / 100
        cls, fill = ("bar", "#2f6f8f") if h.weight > 0 else ("off", "#9aa9b3")  # off: weight 0
        parts.append(
            f'<rect class="{cls}" fill="{fill}" x="{label_w}" y="{y + 4}" width="{length:.1f}" '
            f'height="{row_h - 8}"></rect>'
        )
        parts.append(f'<text x="{label_w + bar_w + 8}" y="{mid:g}">{h.score:.1f}</text>')
    parts.append("</svg>")
    return "\n".join(parts)


def render_html(d: Debrief) -> str:
    """The debrief as one self-contained page: inline CSS and SVG, no script, no links out."""

    def lab(key: str) -> str:
        return _e(d.t(key))

    title = f"{d.t('debrief.title')}: {d.table_name}"
    players = ", ".join(f"{s.player} ({s.seat})" for s in d.players) or "-"
    out = [
        *html_start(d.language, title, _CSS),  # the cards' language, even where labels are en
        "<header>",
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">',
        f"<dt>{lab('debrief.table')}</dt><dd>{_e(d.table_name)} <code>{_e(d.table_id)}</code></dd>",
        f"<dt>{lab('debrief.deck')}</dt><dd>{_e(d.deck_title)} <code>{_e(d.deck_id)}</code> "
        f"{_e(d.deck_version)}</dd>",
        f"<dt>{lab('debrief.seed')}</dt><dd>{d.seed}</dd>",
        f"<dt>{lab('debrief.phase')}</dt><dd>{_e(d.phase)}</dd>",
        f"<dt>{lab('debrief.players')}</dt><dd>{_e(players)}</dd>",
        "</dl>",
        "</header>",
        "<main>",
        "<section>",
        f"<h2>{lab('debrief.rankings')}</h2>",
        f"<h3>{lab('debrief.first')}</h3>",
    ]
    if d.first.columns:
        out += _html_rankings(d, d.first)
    else:
        out.append(f"<p>{lab('debrief.not_ranked')}</p>")
    out.append(f"<h3>{lab('debrief.revised')}</h3>")
    if d.revised.columns:
        out += _html_rankings(d, d.revised)
        if d.revised.not_revised:
            rest = _e(", ".join(d.revised.not_revised))
            out.append(f'<p class="muted">{lab("debrief.not_revised")}: {rest}</p>')
    else:
        out.append(f"<p>{lab('debrief.nobody_revised')}</p>")
    out.append("</section>")

    out += ["<section>", f"<h2>{lab('debrief.joint')}</h2>", "<ol>"]
    out += [
        f'<li>{_e(j.title)} <span class="muted">({lab("debrief.weight_w")} = {j.w})</span></li>'
        for j in d.joint
    ]
    out += ["</ol>", "</section>"]

    out += ["<section>", f"<h2>{lab('debrief.agreement')}</h2>", "<ul>"]
    for line in d.agreement:
        if line.w is None:
            out.append(
                f"<li>{lab('debrief.kendall')} {_e(line.when)}: {lab('na')} "
                f"({lab('debrief.need_two')})</li>"
            )
        else:
            out.append(
                f"<li>{lab('debrief.kendall')} {_e(line.when)}: <strong>{line.w:.3f}</strong> "
                f"({lab('debrief.p')} = {_e(line.p)}, {_e(line.method)})</li>"
            )
    out.append("</ul>")
    if d.rbo:
        out += [
            f"<h3>{lab('debrief.rbo')} (p = {d.rbo_p:g})</h3>",
            "<table>",
            f"<thead><tr><th>{lab('debrief.roles')}</th>"
            f'<th class="num">{lab("debrief.before")}</th>'
            f'<th class="num">{lab("debrief.after")}</th></tr></thead>',
            "<tbody>",
        ]
        for row in d.rbo:
            out.append(
                f"<tr><td>{_e(row.role_a)} / {_e(row.role_b)}</td>"
                f'<td class="num">{_e(d.num(row.before, 3))}</td>'
                f'<td class="num">{_e(d.num(row.after, 3))}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
    out.append("</section>")

    out += ["<section>", f"<h2>{lab('debrief.placements')}</h2>"]
    if not d.placements:
        out.append(f"<p>{lab('debrief.no_placements')}</p>")
    for pl in d.placements:
        cls = "placement withdrawn" if pl.withdrawn else "placement"
        mark = f' <span class="tag">{lab("debrief.withdrawn")}</span>' if pl.withdrawn else ""
        out += [
            f'<article class="{cls}" id="{_e(pl.id)}">',
            f"<h3>{_e(pl.id)}: {_e(pl.role)}: {_e(pl.remedy)} &#8594; {_e(pl.problem)}{mark}</h3>",
            f'<p class="muted">{lab("debrief.player")}: {_e(pl.player)}</p>',
            f"<blockquote>{_e(pl.argument)}</blockquote>",
        ]
        if pl.reactions:
            out.append("<ul>")
            for r in pl.reactions:
                comment = (
                    f': <span class="comment">{_e(r.comment)}</span>' if r.comment.strip() else ""
                )
                out.append(
                    f"<li><strong>{_e(r.label)}</strong> {lab('debrief.by')} "
                    f"{_e(r.role)} ({_e(r.player)}){comment}</li>"
                )
            out.append("</ul>")
        out.append("</article>")
    out.append("</section>")

    out += ["<section>", f"<h2>{lab('debrief.dilemmas')}</h2>"]
    if not d.dealt_dilemmas:
        out.append(f"<p>{lab('debrief.no_dilemmas')}</p>")
    for dilemma in d.dilemmas:
        out += [
            f"<h3>{_e(dilemma.question)}</h3>",
            f'<p class="muted">1 = {_e(dilemma.left)}, 5 = {_e(dilemma.right)}</p>',
        ]
        if not dilemma.positions:
            out.append(f"<p>{lab('debrief.no_positions')}</p>")
            continue
        out += ["<table>", "<tbody>"]
        for pos in dilemma.positions:
            out.append(
                f"<tr><td>{_e(pos.role)} ({_e(pos.player)})</td>"
                f'<td class="num">{pos.value}</td>'
                f'<td class="comment">{_e(pos.argument)}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
    out.append("</section>")

    out += [
        "<section>",
        f"<h2>{lab('debrief.score')}</h2>",
        f'<p class="total">{lab("debrief.total")}: {_e(d.num(d.total))}</p>',
        _chart(d),
        "<table>",
        f"<thead><tr><th>{lab('debrief.heuristic')}</th>"
        f'<th class="num">{lab("debrief.score")}</th>'
        f'<th class="num">{lab("debrief.weight")}</th></tr></thead>',
        "<tbody>",
    ]
    for h in d.heuristics:
        out.append(
            f'<tr><td>{_e(h.title)}</td><td class="num">{_e(d.num(h.score))}</td>'
            f'<td class="num">{h.weight:g}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    weight = _e(d.t("debrief.weight").lower())
    for h in d.heuristics:
        out += [
            '<section class="heuristic">',
            f"<h3>{_e(h.title)}: {_e(d.num(h.score))} "
            f'<span class="muted">({weight} {h.weight:g})</span></h3>',
        ]
        if h.lines:
            out += ["<ul>", *(f"<li>{_e(line)}</li>" for line in h.lines), "</ul>"]
        if h.suggestion:
            out.append(f'<p class="suggestion">{lab("debrief.suggestion")}: {_e(h.suggestion)}</p>')
        out.append("</section>")
    out += ["</section>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


def export_html(table: Table, report: ScoreReport) -> str:
    return render_html(build_debrief(table, report))


# --- CSV -------------------------------------------------------------------------------------

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _guard(value: str) -> str:
    """Keep a spreadsheet from reading a cell as a formula: prefix it with an apostrophe."""
    return "'" + value if value.startswith(_FORMULA_START) else value


def export_csv(table: Table, report: ScoreReport, *, spreadsheet_safe: bool = False) -> str:
    """One row per placement (withdrawn ones too, flagged), quoted by the csv module.

    ``comments`` joins each reaction that has a comment as "<role> (<endorsed|challenged>):
    <comment>", one per line. ``spreadsheet_safe`` prefixes cells that a spreadsheet would run
    as a formula (starting with = + - @) with an apostrophe; it is off by default so that the
    file holds exactly what the players wrote.
    """
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for pl in table.placements:
        row = {k: printable(v, multiline=True) for k, v in _csv_row(table, pl).items()}
        if spreadsheet_safe:
            row = {k: _guard(v) for k, v in row.items()}
        writer.writerow(row)
    return buffer.getvalue()


def _csv_row(table: Table, pl: Placement) -> dict[str, str]:
    lang, deck = table.deck.language, table.deck
    comments = [
        f"{table.role_name(r.role)} ({t(lang, f'debrief.{r.kind}')}): {r.comment}"
        for r in pl.reactions
        if r.comment.strip()
    ]
    return {
        "placement_id": pl.id,
        "role_id": pl.role,
        "role_name": table.role_name(pl.role),
        "player": pl.player,
        "remedy_id": pl.remedy,
        "remedy_title": deck.remedy(pl.remedy).title,
        "problem_id": pl.problem,
        "problem_title": deck.problem(pl.problem).title,
        "argument": pl.argument,
        "withdrawn": "true" if pl.withdrawn else "false",
        "endorsements": str(sum(1 for r in pl.reactions if r.kind == "endorse")),
        "challenges": str(sum(1 for r in pl.reactions if r.kind == "challenge")),
        "comments": "\n".join(comments),
    }


# --- JSON ------------------------------------------------------------------------------------


def _test_data(found: Agreement) -> dict[str, Any]:
    test = found.test
    return {
        "w": found.w,
        "p_value": None if test is None else test.p_value,
        "method": None if test is None else test.method,
        "chi2": None if test is None else test.chi2,
        "df": None if test is None else test.df,
        "rbo": [{"roles": [a, b], "value": v} for (a, b), v in found.rbo.items()],
    }


def _finite(value: Any) -> Any:
    """JSON has no NaN or infinity; none should occur, but a file must never hold one."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def export_json(table: Table, report: ScoreReport) -> str:
    """The report with the round's rankings, placements and positions, for other tools."""
    deck = table.deck
    found_first, found_final = first_agreement(table), agreement(table)
    ranked = [r for r in table.deck_role_ids() if r in table.rankings]
    data = {
        "format": EXPORT_FORMAT,
        "table": {
            "id": table.id,
            "name": table.name,
            "seed": table.seed,
            "phase": table.phase.value,
            "deck": {
                "id": deck.id,
                "title": deck.title,
                "version": deck.version,
                "language": deck.language,
            },
            "problems": list(table.problems),
            "dilemmas": list(table.dilemmas),
        },
        "players": [p.model_dump(mode="json") for p in table.players.values()],
        "rankings": {
            role: {
                "name": table.role_name(role),
                "first": table.rankings[role].model_dump(mode="json"),
                "revised": (
                    table.revised[role].model_dump(mode="json") if role in table.revised else None
                ),
            }
            for role in ranked
        },
        "joint": list(report.joint) or list(table.problems),
        "agreement": {"first": _test_data(found_first), "final": _test_data(found_final)},
        "placements": [pl.model_dump(mode="json") for pl in table.placements],
        "positions": [
            table.positions[role][dilemma].model_dump(mode="json")
            for dilemma in table.dilemmas
            for role in table.deck_role_ids()
            if dilemma in table.positions.get(role, {})
        ],
        "report": report.model_dump(mode="json"),
    }
    text = json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False)
    return _json_visible(text) + "\n"


def _json_visible(text: str) -> str:
    """JSON text with every unsafe character written as its ``\\u`` escape.

    ``ensure_ascii=False`` keeps Danish letters readable but would let a bidi override or a C1
    code through raw; escaped, the text is safe to print and parses back to the same strings.
    Outside strings JSON holds only ASCII, so every such character is inside a string.
    """
    # str.isprintable is false for every character unsafe_char refuses (and for a few it lets
    # through, which the exact walk below then keeps): one pass in C for the usual document.
    if text.replace("\n", "").replace("\t", "").isprintable():
        return text
    if not any(unsafe_char(ch, multiline=True) for ch in text):
        return text
    return "".join(json.dumps(ch)[1:-1] if unsafe_char(ch, multiline=True) else ch for ch in text)
