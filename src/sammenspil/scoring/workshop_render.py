"""The workshop report as Markdown and as one offline HTML page: strings only, the caller writes.

Both render the one ``WorkshopReport`` model (scoring/workshop.py) with the debrief's escaping
(scoring/export.py): in Markdown every deck, save or player text is HTML-escaped and
backslash-escaped so it cannot open an image, a link, raw HTML, a heading or a table; in HTML
it is ``html.escape``d. The model has already passed every text through ``printable()``.

The HTML is a single file for a projector and for paper: inline CSS and SVG, no script, no
font, image or stylesheet from anywhere. Large type and strong contrast on screen; printed, the
summary comes first and then one table per page.
"""

from __future__ import annotations

from sammenspil.scoring.export import _e, _md, _md_code, _md_quote, _md_table, html_start
from sammenspil.scoring.workshop import (
    DeckSection,
    DilemmaSpread,
    ScoreCell,
    TableEntry,
    TopRow,
    WorkshopReport,
    chart_scale,
)

__all__ = ["render_workshop_html", "render_workshop_markdown"]

BAR_CELLS = 10  # a Markdown bar's length in characters


def _score(entry: TableEntry, name: str) -> ScoreCell | None:
    return next((h for h in entry.heuristics if h.name == name), None)


def _of_tables(r: WorkshopReport, row: TopRow) -> str:
    """How many of the tables dealt a problem put it on top: "2 of the 3 tables dealt it"."""
    return r.t_n("workshop.of_tables", row.dealt, on_top=len(row.on_top))


def _deck_heading(r: WorkshopReport, s: DeckSection) -> str:
    """'Deck: Title (id version, language)', plus the variant where two decks share an id."""
    variant = f", {r.t('workshop.variant', n=s.variant)}" if s.variant else ""
    return f"{s.deck_title} ({s.deck_id} {s.deck_version}, {s.deck_language}{variant})"


def _tally(r: WorkshopReport, s: DeckSection) -> str:
    line = r.t("workshop.section_tables", tables=len(s.tables), ranked=s.ranked)
    if s.provisional:
        line += " " + r.t("workshop.section_provisional", n=s.provisional)
    return line


def _glance(r: WorkshopReport, s: DeckSection) -> list[tuple[str, list[str]]]:
    """The deck's section in three lines, for the top of the report."""
    return [
        (r.t("workshop.glance_top"), [row.problem for row in s.everywhere]),
        (r.t("workshop.glance_uncovered"), [row.problem for row in s.uncovered]),
        (r.t("workshop.glance_remedies"), [row.remedy for row in s.remedies[:3]]),
    ]


# --- Markdown ----------------------------------------------------------------------------------


def _md_bar(score: float | None, na: str) -> str:
    if score is None:
        return na
    full = round(chart_scale(score) * BAR_CELLS)
    return f"`{'█' * full}{'░' * (BAR_CELLS - full)}` {score:.1f}"


def _md_label(r: WorkshopReport, e: TableEntry) -> str:
    return _md(e.label) + ("" if e.finished else f" ({r.t('workshop.provisional')})")


def _md_section(r: WorkshopReport, s: DeckSection) -> list[str]:
    na = r.t("na")
    out = [f"## {r.t('workshop.deck')}: {_md(_deck_heading(r, s))}", "", _tally(r, s), ""]

    out += [f"### {r.t('workshop.scores')}", ""]
    header = [r.t("workshop.heuristic")] + [_md_label(r, e) for e in s.tables]
    rows = [
        [f"**{r.t('workshop.total')}**"] + [_md_bar(e.total, na) for e in s.tables],
    ]
    for h in s.heuristics:
        cells = []
        for e in s.tables:
            cell = _score(e, h.name)
            cells.append(_md_bar(cell.score if cell else None, na))
        rows.append([_md(h.title), *cells])
    out += _md_table(header, rows)

    out += ["", f"### {r.t('workshop.joint')}", ""]
    depth = max((len(e.joint) for e in s.tables), default=0)
    if depth:
        rows = [
            [str(i + 1)] + [_md(e.joint[i]) if i < len(e.joint) else "" for e in s.tables]
            for i in range(depth)
        ]
        out += _md_table(["#"] + [_md(e.label) for e in s.tables], rows)
    unranked = [e.label for e in s.tables if not e.ranked]
    if unranked:
        out += ["", f"{r.t('workshop.not_ranked')}: {', '.join(_md(x) for x in unranked)}"]

    out += ["", f"### {r.t('workshop.on_top')}", "", r.t("workshop.on_top_rule", n=r.top), ""]
    everywhere = s.everywhere
    if everywhere:
        out.append(f"{r.t('workshop.everywhere')}:")
        out.append("")
        for row in everywhere:
            count = _of_tables(r, row)
            out.append(f"- **{_md(row.problem)}** ({count})")
    else:
        out.append(r.t("workshop.no_everywhere"))
    rest = [row for row in s.on_top if not row.everywhere]
    if rest:
        out += ["", f"{r.t('workshop.somewhere')}:", ""]
        out += [
            f"- {_md(row.problem)} ({_of_tables(r, row)}: {', '.join(_md(x) for x in row.on_top)})"
            for row in rest
        ]

    out += ["", f"### {r.t('workshop.uncovered')}", "", r.t("workshop.uncovered_rule"), ""]
    if s.uncovered:
        for hole in s.uncovered:
            dealt = ", ".join(_md(x) for x in hole.dealt)
            out.append(f"- {_md(hole.problem)} ({r.t('workshop.dealt_at')} {dealt})")
    else:
        out.append(r.t("workshop.all_covered"))
    if s.never_dealt:
        out += ["", r.t("workshop.never_dealt", n=s.never_dealt)]

    out += ["", f"### {r.t('workshop.remedies')}", ""]
    out += [r.t("workshop.remedies_rule", n=r.most_played, placements=s.placements), ""]
    if s.remedies:
        out += _md_table(
            [
                r.t("workshop.remedy"),
                r.t("workshop.placements"),
                r.t("workshop.tables"),
                r.t("workshop.placed_on"),
            ],
            [
                [
                    _md(row.remedy),
                    str(row.placements),
                    ", ".join(_md(x) for x in row.tables),
                    "; ".join(_md(x) for x in row.problems),
                ]
                for row in s.remedies
            ],
        )
        if s.tied:
            out += ["", r.t("workshop.tied", n=s.tied)]
    else:
        out.append(r.t("workshop.no_placements"))

    out += ["", f"### {r.t('workshop.dilemmas')}", "", r.t("workshop.spread_rule"), ""]
    if not s.dilemmas:
        out.append(r.t("workshop.no_dilemmas"))
    for d in s.dilemmas:
        out += [f"#### {_md(d.question)}", "", f"1 = {_md(d.left)}, 5 = {_md(d.right)}", ""]
        out += _md_table(
            [
                r.t("workshop.table"),
                r.t("workshop.positions"),
                r.t("workshop.spread"),
                r.t("workshop.mean"),
            ],
            [
                [
                    _md(sp.table),
                    ", ".join(f"{_md(m.role)} {m.value}" for m in sp.positions) or "-",
                    "-" if sp.spread is None else str(sp.spread),
                    r.num(sp.mean),
                ]
                for sp in d.tables
            ],
        )
        out.append("")

    out += [f"### {r.t('workshop.strongest')}", "", r.t("workshop.strongest_rule", n=r.strongest)]
    out.append("")
    if not s.strongest:
        out.append(r.t("workshop.no_strongest"))
    for a in s.strongest:
        out += [
            f"#### {_md(a.remedy)} → {_md(a.problem)}",
            "",
            f"{_md(a.table)}: {_md(a.role)} ({_md(a.player)}), "
            f"{r.t('workshop.words', n=a.words)}; {r.t('workshop.endorsed_by')} "
            f"{', '.join(_md(x) for x in a.endorsed_by)}",
            "",
            *_md_quote(a.argument),
            "",
        ]
    return out


def _md_table_page(r: WorkshopReport, s: DeckSection, e: TableEntry) -> list[str]:
    na = r.t("na")
    out = [f"## {r.t('workshop.table')}: {_md_label(r, e)}", ""]
    out += [
        f"- {r.t('workshop.deck')}: {_md(_deck_heading(r, s))}",
        f"- {r.t('workshop.phase')}: {_md(e.phase)}"
        + ("" if e.finished else f" ({r.t('workshop.provisional_long')})"),
        f"- {r.t('workshop.id')}: {_md_code(e.table_id)}, {r.t('workshop.seed')} {e.seed}",
        f"- {r.t('workshop.players')}: {', '.join(_md(p) for p in e.players) or '-'}",
    ]
    if e.source:
        out.append(f"- {r.t('workshop.source')}: {_md(e.source)}")
    out += ["", f"**{r.t('workshop.total')}: {r.num(e.total)}**", ""]
    out += _md_table(
        [r.t("workshop.heuristic"), r.t("workshop.score")],
        [
            [_md(h.title), _md_bar(c.score if c else None, na)]
            for h in s.heuristics
            for c in [_score(e, h.name)]
        ],
    )
    out += ["", f"### {r.t('workshop.table_joint')}", ""]
    if e.joint:
        covered = set(e.covered)
        out += [
            f"{i + 1}. {_md(title)}" + (f" ({r.t('workshop.covered')})" if title in covered else "")
            for i, title in enumerate(e.joint)
        ]
    else:
        out.append(r.t("workshop.table_not_ranked"))
    out += ["", f"### {r.t('workshop.table_placements')}", ""]
    if not e.placements:
        out.append(r.t("workshop.no_placements"))
    for pl in e.placements:
        out.append(
            f"- {_md(pl.role)}: {_md(pl.remedy)} → {_md(pl.problem)} "
            f"({r.t('workshop.reactions', endorsed=pl.endorsed, challenged=pl.challenged)})"
        )
    return out


def render_workshop_markdown(r: WorkshopReport) -> str:
    """The report as Markdown: the summary per deck, then one part per table."""
    out = [f"# {r.t('workshop.title')}", "", *_md_intro(r)]
    for s in r.sections:
        out += ["", *_md_section(r, s)]
    for s in r.sections:
        for e in s.tables:
            out += ["", *_md_table_page(r, s, e)]
    return "\n".join(line.rstrip() for line in out).rstrip() + "\n"


def _md_intro(r: WorkshopReport) -> list[str]:
    out = [r.t("workshop.intro", tables=r.tables, decks=len(r.sections))]
    if r.provisional:
        out += ["", r.t("workshop.intro_provisional", n=r.provisional)]
    if not r.sections:
        out += ["", r.t("workshop.empty")]
    for s in r.sections:
        out += ["", f"**{_md(s.deck_title)}**", ""]
        for label, titles in _glance(r, s):
            out.append(f"- {label}: {'; '.join(_md(x) for x in titles) or '-'}")
    if r.left_out:
        out += ["", f"{r.t('workshop.left_out')}:", ""]
        out += [f"- {_md(line)}" for line in r.left_out]
    return out


# --- HTML --------------------------------------------------------------------------------------

_CSS = """
:root { color-scheme: light; }
html { font-size: 20px; }
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; margin: 1.5rem auto;
  padding: 0 1.5rem; max-width: 90rem; color: #000; background: #fff; line-height: 1.4; }
h1 { font-size: 2.2rem; margin: 0 0 .4rem; }
h2 { font-size: 1.6rem; border-bottom: 4px solid #0b3d5c; padding-bottom: .2rem;
  margin-top: 2.2rem; }
h3 { font-size: 1.25rem; margin: 1.6rem 0 .4rem; color: #0b3d5c; }
h4 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
p.rule { color: #333; font-style: italic; margin: .2rem 0 .6rem; }
table { border-collapse: collapse; margin: .4rem 0 1rem; }
th, td { border: 1px solid #777; padding: .3rem .55rem; text-align: left; vertical-align: top; }
th { background: #dfe9f0; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.bar { white-space: nowrap; font-variant-numeric: tabular-nums; }
td.bar svg { vertical-align: middle; margin-right: .4rem; }
tr.total td, tr.total th { font-weight: 700; border-top: 3px solid #0b3d5c; }
.tag { font-size: .75rem; font-weight: 700; color: #7a2e00; border: 2px solid #7a2e00;
  border-radius: 4px; padding: 0 .3rem; white-space: nowrap; }
.star { color: #0b3d5c; font-weight: 700; }
blockquote { margin: .3rem 0 1rem; padding: .3rem .9rem; border-left: 6px solid #0b3d5c;
  background: #f1f5f8; white-space: pre-wrap; }
.muted { color: #333; }
ul.left-out li { color: #7a2e00; }
.tablepage dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; }
.tablepage dt { font-weight: 700; }
.tablepage dd { margin: 0; }
.big { font-size: 1.6rem; font-weight: 800; }
.glance { border-left: 6px solid #0b3d5c; padding: .1rem 1rem; margin: .8rem 0; }
.glance h4 { margin: .3rem 0; font-size: 1.2rem; }
.glance dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem;
  margin: .3rem 0; }
.glance dt { font-weight: 700; }
.glance dd { margin: 0; }
.cols { display: flex; flex-wrap: wrap; gap: 0 2.5rem; align-items: flex-start; }
.cols h3:first-child { margin-top: .4rem; }
svg text { font-family: system-ui, sans-serif; }
@page { margin: 1.5cm; }
@media print {
  html { font-size: 10.5pt; }
  .cols { flex-wrap: nowrap; }
  body { margin: 0; max-width: none; padding: 0; }
  section.deck, section.tablepage { break-before: page; }
  section.deck:first-of-type { break-before: auto; }
  h2, h3, h4 { break-after: avoid; }
  table, blockquote, svg, li { break-inside: avoid; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
"""

_BAR_W, _BAR_H = 160, 18


def _svg_bar(score: float | None) -> str:
    """One score as a bar on a 0-100 track; the number is written beside it, as text."""
    length = _BAR_W * chart_scale(score)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_BAR_W}" height="{_BAR_H}" '
        f'viewBox="0 0 {_BAR_W} {_BAR_H}" aria-hidden="true">'
        f'<rect x="0" y="2" width="{_BAR_W}" height="{_BAR_H - 4}" fill="#d5dee5"></rect>'
        f'<rect x="0" y="2" width="{length:.1f}" height="{_BAR_H - 4}" fill="#0b5e8a"></rect>'
        "</svg>"
    )


def _bar_cell(r: WorkshopReport, score: float | None) -> str:
    if score is None:
        return f'<td class="bar">{_e(r.t("na"))}</td>'
    return f'<td class="bar">{_svg_bar(score)}{score:.1f}</td>'


def _strip(r: WorkshopReport, sp: DilemmaSpread) -> str:
    """A dilemma's positions at one table on the 1-5 scale: a dot per value taken (with the
    number of roles in it when more than one), a thick line for the spread from lowest to
    highest."""
    w, h, pad, mid = 320, 46, 16, 18

    def x(value: float) -> float:
        return pad + (value - 1) * (w - 2 * pad) / 4

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" viewBox="0 0 {w} {h}" '
        f'role="img" aria-label="{_e(r.t("workshop.positions"))}">',
        f'<line x1="{x(1):g}" y1="{mid}" x2="{x(5):g}" y2="{mid}" stroke="#888" '
        'stroke-width="2"></line>',
    ]
    for v in range(1, 6):
        parts.append(
            f'<line x1="{x(v):g}" y1="{mid - 7}" x2="{x(v):g}" y2="{mid + 7}" stroke="#888" '
            'stroke-width="2"></line>'
            f'<text x="{x(v):g}" y="{h - 2}" font-size="14" text-anchor="middle" '
            f'fill="#222">{v}</text>'
        )
    if sp.low is not None and sp.high is not None and sp.high > sp.low:
        parts.append(
            f'<line x1="{x(sp.low):g}" y1="{mid}" x2="{x(sp.high):g}" y2="{mid}" '
            'stroke="#0b5e8a" stroke-width="7"></line>'
        )
    counts: dict[int, int] = {}
    for m in sp.positions:
        counts[m.value] = counts.get(m.value, 0) + 1
    for value, n in sorted(counts.items()):
        parts.append(
            f'<circle cx="{x(value):g}" cy="{mid}" r="{8 if n == 1 else 10}" fill="#0b3d5c" '
            'stroke="#fff" stroke-width="2"></circle>'
        )
        if n > 1:
            parts.append(
                f'<text x="{x(value):g}" y="{mid + 5}" font-size="13" font-weight="700" '
                f'text-anchor="middle" fill="#fff">{n}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def _label_html(r: WorkshopReport, e: TableEntry) -> str:
    tag = "" if e.finished else f' <span class="tag">{_e(r.t("workshop.provisional"))}</span>'
    return f"{_e(e.label)}{tag}"


def _html_section(r: WorkshopReport, s: DeckSection) -> list[str]:
    out = [
        f'<section class="deck" id="deck-{_e(s.deck_id)}-{s.variant}">',
        f"<h2>{_e(r.t('workshop.deck'))}: {_e(_deck_heading(r, s))}</h2>",
        f'<p class="muted">{_e(_tally(r, s))}</p>',
        f"<h3>{_e(r.t('workshop.scores'))}</h3>",
        "<table>",
        f"<thead><tr><th>{_e(r.t('workshop.heuristic'))}</th>"
        + "".join(f"<th>{_label_html(r, e)}</th>" for e in s.tables)
        + "</tr></thead>",
        "<tbody>",
    ]
    out.append(
        f'<tr class="total"><th>{_e(r.t("workshop.total"))}</th>'
        + "".join(_bar_cell(r, e.total) for e in s.tables)
        + "</tr>"
    )
    for h in s.heuristics:
        cells = "".join(
            _bar_cell(r, c.score if c else None) for e in s.tables for c in [_score(e, h.name)]
        )
        out.append(f"<tr><td>{_e(h.title)}</td>{cells}</tr>")
    out += ["</tbody>", "</table>"]

    out.append(f"<h3>{_e(r.t('workshop.joint'))}</h3>")
    depth = max((len(e.joint) for e in s.tables), default=0)
    top = {row.problem for row in s.everywhere}
    if depth:
        out += [
            "<table>",
            '<thead><tr><th class="num">#</th>'
            + "".join(f"<th>{_label_html(r, e)}</th>" for e in s.tables)
            + "</tr></thead>",
            "<tbody>",
        ]
        for i in range(depth):
            ranked = []
            for e in s.tables:
                title = e.joint[i] if i < len(e.joint) else ""
                star = ' <span class="star">★</span>' if title in top and i < r.top else ""
                ranked.append(f"<td>{_e(title)}{star}</td>")
            out.append(f'<tr><td class="num">{i + 1}</td>{"".join(ranked)}</tr>')
        out += ["</tbody>", "</table>"]
        if top:
            out.append(f'<p class="rule">★ {_e(r.t("workshop.star"))}</p>')
    unranked = [e.label for e in s.tables if not e.ranked]
    if unranked:
        out.append(f"<p>{_e(r.t('workshop.not_ranked'))}: {_e(', '.join(unranked))}</p>")

    out += [
        f"<h3>{_e(r.t('workshop.on_top'))}</h3>",
        f'<p class="rule">{_e(r.t("workshop.on_top_rule", n=r.top))}</p>',
    ]
    if s.on_top:
        out += [
            "<table>",
            f"<thead><tr><th>{_e(r.t('workshop.problem'))}</th>"
            f"<th>{_e(r.t('workshop.on_top_at'))}</th>"
            f"<th>{_e(r.t('workshop.tables'))}</th></tr></thead>",
            "<tbody>",
        ]
        for row in s.on_top:
            star = ' <span class="star">★</span>' if row.everywhere else ""
            out.append(
                f"<tr><td><strong>{_e(row.problem)}</strong>{star}</td>"
                f'<td class="num">{_e(_of_tables(r, row))}'
                f"</td><td>{_e(', '.join(row.on_top))}</td></tr>"
            )
        out += ["</tbody>", "</table>"]
        if s.everywhere:
            out.append(f'<p class="rule">★ {_e(r.t("workshop.everywhere"))}</p>')
        else:
            out.append(f"<p>{_e(r.t('workshop.no_everywhere'))}</p>")
    else:
        out.append(f"<p>{_e(r.t('workshop.no_everywhere'))}</p>")

    out += [
        f"<h3>{_e(r.t('workshop.uncovered'))}</h3>",
        f'<p class="rule">{_e(r.t("workshop.uncovered_rule"))}</p>',
    ]
    if s.uncovered:
        out.append("<ul>")
        out += [
            f"<li><strong>{_e(row.problem)}</strong> "
            f'<span class="muted">({_e(r.t("workshop.dealt_at"))} {_e(", ".join(row.dealt))})'
            "</span></li>"
            for row in s.uncovered
        ]
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(r.t('workshop.all_covered'))}</p>")
    if s.never_dealt:
        out.append(f'<p class="muted">{_e(r.t("workshop.never_dealt", n=s.never_dealt))}</p>')

    out += [
        f"<h3>{_e(r.t('workshop.remedies'))}</h3>",
        f'<p class="rule">'
        f"{_e(r.t('workshop.remedies_rule', n=r.most_played, placements=s.placements))}</p>",
    ]
    if s.remedies:
        most = max(row.placements for row in s.remedies)
        out += [
            "<table>",
            f"<thead><tr><th>{_e(r.t('workshop.remedy'))}</th>"
            f"<th>{_e(r.t('workshop.placements'))}</th>"
            f"<th>{_e(r.t('workshop.tables'))}</th>"
            f"<th>{_e(r.t('workshop.placed_on'))}</th></tr></thead>",
            "<tbody>",
        ]
        for played in s.remedies:
            bar = _svg_bar(100 * played.placements / most)
            out.append(
                f"<tr><td><strong>{_e(played.remedy)}</strong></td>"
                f'<td class="bar">{bar}{played.placements}</td>'
                f"<td>{_e(', '.join(played.tables))}</td>"
                f"<td>{_e('; '.join(played.problems))}</td></tr>"
            )
        out += ["</tbody>", "</table>"]
        if s.tied:
            out.append(f'<p class="muted">{_e(r.t("workshop.tied", n=s.tied))}</p>')
    else:
        out.append(f"<p>{_e(r.t('workshop.no_placements'))}</p>")

    out += [
        f"<h3>{_e(r.t('workshop.dilemmas'))}</h3>",
        f'<p class="rule">{_e(r.t("workshop.spread_rule"))}</p>',
    ]
    if not s.dilemmas:
        out.append(f"<p>{_e(r.t('workshop.no_dilemmas'))}</p>")
    for d in s.dilemmas:
        out += [
            f"<h4>{_e(d.question)}</h4>",
            f'<p class="muted">1 = {_e(d.left)}, 5 = {_e(d.right)}</p>',
            "<table>",
            f"<thead><tr><th>{_e(r.t('workshop.table'))}</th>"
            f"<th>{_e(r.t('workshop.positions'))}</th>"
            f'<th class="num">{_e(r.t("workshop.spread"))}</th>'
            f'<th class="num">{_e(r.t("workshop.mean"))}</th>'
            f"<th>{_e(r.t('workshop.roles'))}</th></tr></thead>",
            "<tbody>",
        ]
        for sp in d.tables:
            who = ", ".join(f"{m.role} {m.value}" for m in sp.positions) or "-"
            out.append(
                f"<tr><td>{_e(sp.table)}</td><td>{_strip(r, sp)}</td>"
                f'<td class="num">{"-" if sp.spread is None else sp.spread}</td>'
                f'<td class="num">{_e(r.num(sp.mean))}</td><td>{_e(who)}</td></tr>'
            )
        out += ["</tbody>", "</table>"]

    out += [
        f"<h3>{_e(r.t('workshop.strongest'))}</h3>",
        f'<p class="rule">{_e(r.t("workshop.strongest_rule", n=r.strongest))}</p>',
    ]
    if not s.strongest:
        out.append(f"<p>{_e(r.t('workshop.no_strongest'))}</p>")
    for a in s.strongest:
        out += [
            f"<h4>{_e(a.remedy)} → {_e(a.problem)}</h4>",
            f'<p class="muted">{_e(a.table)}: {_e(a.role)} ({_e(a.player)}), '
            f"{_e(r.t('workshop.words', n=a.words))}; {_e(r.t('workshop.endorsed_by'))} "
            f"{_e(', '.join(a.endorsed_by))}</p>",
            f"<blockquote>{_e(a.argument)}</blockquote>",
        ]
    out.append("</section>")
    return out


def _html_table_page(r: WorkshopReport, s: DeckSection, e: TableEntry) -> list[str]:
    provisional = "" if e.finished else f" ({r.t('workshop.provisional_long')})"
    out = [
        '<section class="tablepage">',
        f"<h2>{_e(r.t('workshop.table'))}: {_label_html(r, e)}</h2>",
        "<dl>",
        f"<dt>{_e(r.t('workshop.deck'))}</dt><dd>{_e(_deck_heading(r, s))}</dd>",
        f"<dt>{_e(r.t('workshop.phase'))}</dt><dd>{_e(e.phase + provisional)}</dd>",
        f"<dt>{_e(r.t('workshop.id'))}</dt><dd><code>{_e(e.table_id)}</code>, "
        f"{_e(r.t('workshop.seed'))} {e.seed}</dd>",
        f"<dt>{_e(r.t('workshop.players'))}</dt><dd>{_e(', '.join(e.players) or '-')}</dd>",
    ]
    if e.source:
        out.append(f"<dt>{_e(r.t('workshop.source'))}</dt><dd>{_e(e.source)}</dd>")
    out += [
        "</dl>",
        f'<p class="big">{_e(r.t("workshop.total"))}: {_e(r.num(e.total))}</p>',
        '<div class="cols">',
        "<div>",
        "<table>",
        f"<thead><tr><th>{_e(r.t('workshop.heuristic'))}</th>"
        f"<th>{_e(r.t('workshop.score'))}</th></tr></thead>",
        "<tbody>",
    ]
    for h in s.heuristics:
        c = _score(e, h.name)
        out.append(f"<tr><td>{_e(h.title)}</td>{_bar_cell(r, c.score if c else None)}</tr>")
    out += ["</tbody>", "</table>", "</div>", "<div>"]
    out.append(f"<h3>{_e(r.t('workshop.table_joint'))}</h3>")
    if e.joint:
        covered = set(e.covered)
        out.append("<ol>")
        for title in e.joint:
            mark = (
                f' <span class="muted">({_e(r.t("workshop.covered"))})</span>'
                if title in covered
                else ""
            )
            out.append(f"<li>{_e(title)}{mark}</li>")
        out.append("</ol>")
    else:
        out.append(f"<p>{_e(r.t('workshop.table_not_ranked'))}</p>")
    out += ["</div>", "</div>", f"<h3>{_e(r.t('workshop.table_placements'))}</h3>"]
    if e.placements:
        out.append("<ul>")
        for pl in e.placements:
            reactions = r.t("workshop.reactions", endorsed=pl.endorsed, challenged=pl.challenged)
            out.append(
                f"<li><strong>{_e(pl.role)}</strong>: {_e(pl.remedy)} → {_e(pl.problem)} "
                f'<span class="muted">({_e(reactions)})</span></li>'
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{_e(r.t('workshop.no_placements'))}</p>")
    out.append("</section>")
    return out


def render_workshop_html(r: WorkshopReport) -> str:
    """The report as one self-contained page: inline CSS and SVG, no script, no links out."""
    title = r.t("workshop.title")
    out = [
        *html_start(r.language, title, _CSS),
        "<header>",
        f"<h1>{_e(title)}</h1>",
        f'<p class="big">{_e(r.t("workshop.intro", tables=r.tables, decks=len(r.sections)))}</p>',
    ]
    if r.provisional:
        out.append(f"<p>{_e(r.t('workshop.intro_provisional', n=r.provisional))}</p>")
    if not r.sections:
        out.append(f"<p>{_e(r.t('workshop.empty'))}</p>")
    for s in r.sections:
        out += [f'<div class="glance"><h4>{_e(s.deck_title)}</h4>', "<dl>"]
        for label, titles in _glance(r, s):
            out.append(f"<dt>{_e(label)}</dt><dd>{_e('; '.join(titles) or '-')}</dd>")
        out += ["</dl>", "</div>"]
    if r.left_out:
        out += [f"<p>{_e(r.t('workshop.left_out'))}:</p>", '<ul class="left-out">']
        out += [f"<li>{_e(line)}</li>" for line in r.left_out]
        out.append("</ul>")
    out += ["</header>", "<main>"]
    for s in r.sections:
        out += _html_section(r, s)
    for s in r.sections:
        for e in s.tables:
            out += _html_table_page(r, s, e)
    out += ["</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
