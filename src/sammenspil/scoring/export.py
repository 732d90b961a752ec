"""The debrief of a round as Markdown, HTML, CSV and JSON: strings only, the caller writes them.

Everything a player typed (names, arguments, comments) and everything a trainer wrote (titles,
questions) is escaped for the format it lands in: ``html.escape`` for HTML, and the HTML
specials ``& < >`` for Markdown too (renderers pass raw HTML through, so a ``<script>`` in an
argument must not reach one as a tag), the ``csv`` module's quoting for CSV, ``json.dumps`` for
JSON. Headings and labels follow the deck's language; CSV column names and JSON keys stay
English identifiers so that scripts reading them work for every deck.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from sammenspil.game.refusals import phase_name
from sammenspil.game.state import Phase, Placement, Position, Ranking, Table
from sammenspil.scoring.agreement import Agreement, agreement, first_agreement
from sammenspil.scoring.report import HeuristicScore, ScoreReport
from sammenspil.scoring.stats import KendallTest

__all__ = ["CSV_FIELDS", "export_csv", "export_html", "export_json", "export_markdown"]

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

_LABELS: dict[str, dict[str, str]] = {
    "en": {
        "title": "Debrief",
        "table": "Table",
        "deck": "Deck",
        "seed": "Seed",
        "phase": "Phase",
        "unfinished": "not finished yet: the score below is provisional",
        "players": "Players",
        "spectator": "spectator",
        "no_role": "no role",
        "rankings": "Rankings",
        "first": "First rankings",
        "revised": "Revised rankings",
        "not_revised": "Did not revise",
        "not_ranked": "No role has ranked yet.",
        "nobody_revised": "No role revised its ranking.",
        "arguments": "Arguments",
        "joint": "Joint ranking",
        "weight_w": "w",
        "agreement": "Agreement",
        "kendall": "Kendall's W",
        "before": "before the discussion",
        "after": "after the discussion",
        "p": "p",
        "chi2": "chi-square test",
        "permutation": "permutation test",
        "rbo": "Rank-biased overlap per pair of roles",
        "roles": "Roles",
        "need_two": "needs rankings from two or more roles",
        "placements": "Placements",
        "no_placements": "No remedies were placed.",
        "withdrawn": "withdrawn",
        "endorse": "endorsed",
        "challenge": "challenged",
        "by": "by",
        "player": "Player",
        "dilemmas": "Dilemmas",
        "no_dilemmas": "No dilemmas were dealt.",
        "no_positions": "No positions.",
        "score": "Score",
        "total": "Total",
        "heuristic": "Heuristic",
        "weight": "Weight",
        "suggestion": "Suggestion",
        "na": "n/a",
        "chart": "Score per heuristic, 0 to 100",
    },
    "da": {
        "title": "Opsamling",
        "table": "Bord",
        "deck": "Kortsæt",
        "seed": "Seed",
        "phase": "Fase",
        "unfinished": "ikke færdig endnu: scoren nedenfor er foreløbig",
        "players": "Spillere",
        "spectator": "tilskuer",
        "no_role": "ingen rolle",
        "rankings": "Rangordninger",
        "first": "Første rangordninger",
        "revised": "Reviderede rangordninger",
        "not_revised": "Reviderede ikke",
        "not_ranked": "Ingen rolle har rangordnet endnu.",
        "nobody_revised": "Ingen rolle reviderede sin rangordning.",
        "arguments": "Begrundelser",
        "joint": "Fælles rangordning",
        "weight_w": "w",
        "agreement": "Enighed",
        "kendall": "Kendalls W",
        "before": "før drøftelsen",
        "after": "efter drøftelsen",
        "p": "p",
        "chi2": "chi-i-anden-test",
        "permutation": "permutationstest",
        "rbo": "Rangvægtet overlap (RBO) for hvert par af roller",
        "roles": "Roller",
        "need_two": "kræver rangordninger fra to eller flere roller",
        "placements": "Placeringer",
        "no_placements": "Der blev ikke lagt nogen løsninger.",
        "withdrawn": "trukket tilbage",
        "endorse": "støttet",
        "challenge": "udfordret",
        "by": "af",
        "player": "Spiller",
        "dilemmas": "Dilemmaer",
        "no_dilemmas": "Der blev ikke givet dilemmaer.",
        "no_positions": "Ingen holdninger.",
        "score": "Score",
        "total": "I alt",
        "heuristic": "Heuristik",
        "weight": "Vægt",
        "suggestion": "Forslag",
        "na": "i/r",
        "chart": "Score for hver heuristik, 0 til 100",
    },
}


def _num(x: float | None, na: str, digits: int = 1) -> str:
    return na if x is None else f"{x:.{digits}f}"


def _p(test: KendallTest | None) -> str:
    if test is None:
        return ""
    return f"{test.p_value:.4f}" if test.p_value >= 0.0001 else f"{test.p_value:.1e}"


@dataclass(frozen=True)
class _Debrief:
    """What every format shows, looked up once and in one place."""

    table: Table
    report: ScoreReport

    @property
    def lang(self) -> str:
        return "da" if self.table.deck.language == "da" else "en"

    @property
    def t(self) -> dict[str, str]:
        return _LABELS[self.lang]

    def role(self, role_id: str) -> str:
        return self.table.role_name(role_id)

    def problem(self, problem_id: str) -> str:
        return self.table.deck.problem(problem_id).title

    def remedy(self, remedy_id: str) -> str:
        return self.table.deck.remedy(remedy_id).title

    @property
    def phase(self) -> str:
        name = phase_name(self.lang, self.table.phase.value)
        if self.table.phase is Phase.SCORED:
            return name
        return f"{name} ({self.t['unfinished']})"

    def player_line(self) -> list[str]:
        out = []
        for p in self.table.players.values():
            if p.spectator:
                where = self.t["spectator"]
            else:
                where = self.role(p.role) if p.role else self.t["no_role"]
            out.append(f"{p.name} ({where})")
        return out

    @property
    def ranked_roles(self) -> list[str]:
        return [r for r in self.table.deck_role_ids() if r in self.table.rankings]

    @property
    def revised_roles(self) -> list[str]:
        return [r for r in self.table.deck_role_ids() if r in self.table.revised]

    @property
    def joint(self) -> list[str]:
        return list(self.report.joint) or list(self.table.problems)

    @cached_property
    def first(self) -> Agreement:
        return first_agreement(self.table)

    @cached_property
    def final(self) -> Agreement:
        return agreement(self.table)

    def method(self, test: KendallTest | None) -> str:
        if test is None:
            return ""
        return self.t["chi2"] if test.method == "chi2" else self.t["permutation"]

    def rbo_rows(self) -> list[tuple[str, str, float | None, float | None]]:
        """(role, role, RBO before, RBO after) per pair; RBO is symmetric, so either key order."""

        def find(found: Agreement, a: str, b: str) -> float | None:
            return found.rbo.get((a, b), found.rbo.get((b, a)))

        pairs = list(self.final.rbo)
        pairs += [(a, b) for a, b in self.first.rbo if find(self.final, a, b) is None]
        return [(a, b, find(self.first, a, b), find(self.final, a, b)) for a, b in pairs]

    def positions(self, dilemma: str) -> list[Position]:
        out = []
        for role in self.table.deck_role_ids():
            pos = self.table.positions.get(role, {}).get(dilemma)
            if pos is not None:
                out.append(pos)
        return out

    def reaction_label(self, kind: str) -> str:
        return self.t["endorse"] if kind == "endorse" else self.t["challenge"]

    def heuristic_score(self, h: HeuristicScore) -> str:
        return _num(h.score, self.t["na"])


# --- Markdown --------------------------------------------------------------------------------


def _md(text: str) -> str:
    """Player or trainer text for Markdown: HTML specials as entities, no line breaks."""
    return html.escape(text, quote=False).replace("\n", " ")


def _md_cell(text: str) -> str:
    return _md(text).replace("|", "\\|")


def _md_quote(text: str) -> list[str]:
    """A blockquote keeps a multi-line argument's lines as the player wrote them."""
    return [f"> {html.escape(line, quote=False)}".rstrip() for line in text.split("\n")]


def _md_item(text: str, indent: str = "  ") -> str:
    """A list item's text; further lines are indented so they stay inside the item."""
    lines = [html.escape(line, quote=False) for line in text.split("\n")]
    return ("\n" + indent).join(lines)


def _md_table(header: list[str], rows: list[list[str]]) -> list[str]:
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return out


def _md_rankings(d: _Debrief, roles: list[str], pick: dict[str, Ranking]) -> list[str]:
    n = len(d.table.problems)
    rows = [[str(i + 1)] + [_md_cell(d.problem(pick[r].order[i])) for r in roles] for i in range(n)]
    out = _md_table(["#"] + [_md_cell(d.role(r)) for r in roles], rows)
    argued = [r for r in roles if pick[r].argument.strip()]
    if argued:
        out += ["", f"{d.t['arguments']}:", ""]
        for r in argued:
            out.append(f"- {_md(d.role(r))}: {_md_item(pick[r].argument)}")
    return out


def export_markdown(table: Table, report: ScoreReport) -> str:
    """The debrief as Markdown: metadata, rankings, agreement, moves, positions, the score."""
    d = _Debrief(table, report)
    t = d.t
    deck = table.deck
    out = [
        f"# {t['title']}: {_md(table.name)}",
        "",
        f"- {t['table']}: {_md(table.name)} (`{table.id}`)",
        f"- {t['deck']}: {_md(deck.title)} (`{deck.id}` {deck.version})",
        f"- {t['seed']}: {table.seed}",
        f"- {t['phase']}: {d.phase}",
        f"- {t['players']}: {', '.join(_md(x) for x in d.player_line()) or '-'}",
        "",
        f"## {t['rankings']}",
        "",
        f"### {t['first']}",
        "",
    ]
    ranked, revised = d.ranked_roles, d.revised_roles
    if ranked:
        out += _md_rankings(d, ranked, dict(table.rankings))
    else:
        out.append(t["not_ranked"])
    out += ["", f"### {t['revised']}", ""]
    if revised:
        out += _md_rankings(d, revised, dict(table.revised))
        rest = [d.role(r) for r in ranked if r not in table.revised]
        if rest:
            out += ["", f"{t['not_revised']}: {', '.join(_md(x) for x in rest)}"]
    else:
        out.append(t["nobody_revised"])

    out += ["", f"## {t['joint']}", ""]
    n = len(d.joint)
    out += [
        f"{i + 1}. {_md(d.problem(p))} ({t['weight_w']} = {n - i})" for i, p in enumerate(d.joint)
    ]

    out += ["", f"## {t['agreement']}", ""]
    for label, found in ((t["before"], d.first), (t["after"], d.final)):
        if found.w is None:
            out.append(f"- {t['kendall']} {label}: {t['na']} ({t['need_two']})")
        else:
            test = found.test
            out.append(
                f"- {t['kendall']} {label}: {found.w:.3f} ({t['p']} = {_p(test)}, {d.method(test)})"
            )
    rows = d.rbo_rows()
    if rows:
        out += ["", f"{t['rbo']} (p = {deck.scoring.rbo_p:g}):", ""]
        out += _md_table(
            [t["roles"], t["before"], t["after"]],
            [
                [
                    f"{_md_cell(d.role(a))} / {_md_cell(d.role(b))}",
                    _num(x, t["na"], 3),
                    _num(y, t["na"], 3),
                ]
                for a, b, x, y in rows
            ],
        )

    out += ["", f"## {t['placements']}", ""]
    if not table.placements:
        out.append(t["no_placements"])
    for pl in table.placements:
        mark = f" ({t['withdrawn']})" if pl.withdrawn else ""
        head = (
            f"### {pl.id}: {_md(d.role(pl.role))}: {_md(d.remedy(pl.remedy))} → "
            f"{_md(d.problem(pl.problem))}{mark}"
        )
        out += [head, "", f"{t['player']}: {_md(pl.player)}", ""]
        out += _md_quote(pl.argument)
        if pl.reactions:
            out.append("")
            for r in pl.reactions:
                comment = f": {_md_item(r.comment)}" if r.comment.strip() else ""
                out.append(
                    f"- {d.reaction_label(r.kind)} {t['by']} {_md(d.role(r.role))} "
                    f"({_md(r.player)}){comment}"
                )
        out.append("")

    out += [f"## {t['dilemmas']}", ""]
    if not table.dilemmas:
        out += [t["no_dilemmas"], ""]
    for dilemma_id in table.dilemmas:
        dilemma = deck.dilemma(dilemma_id)
        out += [
            f"### {_md(dilemma.question)}",
            "",
            f"1 = {_md(dilemma.left)}, 5 = {_md(dilemma.right)}",
            "",
        ]
        positions = d.positions(dilemma_id)
        if not positions:
            out.append(t["no_positions"])
        for pos in positions:
            argument = f": {_md_item(pos.argument)}" if pos.argument.strip() else ""
            out.append(f"- {_md(d.role(pos.role))} ({_md(pos.player)}): {pos.value}{argument}")
        out.append("")

    out += [
        f"## {t['score']}",
        "",
        f"**{t['total']}: {_num(report.total, t['na'])}**",
        "",
    ]
    out += _md_table(
        [t["heuristic"], t["score"], t["weight"]],
        [[_md_cell(h.title), d.heuristic_score(h), f"{h.weight:g}"] for h in report.heuristics],
    )
    for h in report.heuristics:
        out += [
            "",
            f"### {_md(h.title)}: {d.heuristic_score(h)} ({t['weight'].lower()} {h.weight:g})",
            "",
        ]
        out += [f"- {_md(line)}" for line in h.lines]
        if h.suggestion:
            out += ["", f"{t['suggestion']}: {_md(h.suggestion)}"]
    return "\n".join(out).rstrip() + "\n"


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


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _html_rankings(d: _Debrief, roles: list[str], pick: dict[str, Ranking]) -> list[str]:
    out = ["<table>", '<thead><tr><th class="num">#</th>']
    out[-1] += "".join(f"<th>{_e(d.role(r))}</th>" for r in roles) + "</tr></thead>"
    out.append("<tbody>")
    for i in range(len(d.table.problems)):
        cells = "".join(f"<td>{_e(d.problem(pick[r].order[i]))}</td>" for r in roles)
        out.append(f'<tr><td class="num">{i + 1}</td>{cells}</tr>')
    out += ["</tbody>", "</table>"]
    argued = [r for r in roles if pick[r].argument.strip()]
    if argued:
        out.append(f"<h4>{_e(d.t['arguments'])}</h4>")
        for r in argued:
            out.append(
                f"<p><strong>{_e(d.role(r))}</strong></p>"
                f"<blockquote>{_e(pick[r].argument)}</blockquote>"
            )
    return out


def _chart(d: _Debrief) -> str:
    """The heuristic scores as horizontal bars; 'n/a' in place of a bar that does not apply."""
    rows = d.report.heuristics
    label_w, bar_w, row_h, top = 250, 300, 24, 8
    width = label_w + bar_w + 70
    height = top * 2 + row_h * max(1, len(rows))
    parts = [
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{_e(d.t["chart"])}">',
        f"<title>{_e(d.t['chart'])}</title>",
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
            parts.append(f'<text x="{label_w + 6}" y="{mid:g}">{_e(d.t["na"])}</text>')
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


def export_html(table: Table, report: ScoreReport) -> str:
    """The debrief as one self-contained page: inline CSS and SVG, no script, no links out."""
    d = _Debrief(table, report)
    t = d.t
    deck = table.deck
    title = f"{t['title']}: {table.name}"
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{_e(deck.language)}">',  # the cards' language, even where labels are en
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(title)}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{_e(title)}</h1>",
        '<dl class="meta">',
        f"<dt>{_e(t['table'])}</dt><dd>{_e(table.name)} <code>{_e(table.id)}</code></dd>",
        f"<dt>{_e(t['deck'])}</dt><dd>{_e(deck.title)} <code>{_e(deck.id)}</code> "
        f"{_e(deck.version)}</dd>",
        f"<dt>{_e(t['seed'])}</dt><dd>{table.seed}</dd>",
        f"<dt>{_e(t['phase'])}</dt><dd>{_e(d.phase)}</dd>",
        f"<dt>{_e(t['players'])}</dt><dd>{_e(', '.join(d.player_line()) or '-')}</dd>",
        "</dl>",
        "</header>",
        "<main>",
        "<section>",
        f"<h2>{_e(t['rankings'])}</h2>",
        f"<h3>{_e(t['first'])}</h3>",
    ]
    ranked, revised = d.ranked_roles, d.revised_roles
    if ranked:
        out += _html_rankings(d, ranked, dict(table.rankings))
    else:
        out.append(f"<p>{_e(t['not_ranked'])}</p>")
    out.append(f"<h3>{_e(t['revised'])}</h3>")
    if revised:
        out += _html_rankings(d, revised, dict(table.revised))
        rest = [d.role(r) for r in ranked if r not in table.revised]
        if rest:
            out.append(f'<p class="muted">{_e(t["not_revised"])}: {_e(", ".join(rest))}</p>')
    else:
        out.append(f"<p>{_e(t['nobody_revised'])}</p>")
    out.append("</section>")

    n = len(d.joint)
    out += ["<section>", f"<h2>{_e(t['joint'])}</h2>", "<ol>"]
    out += [
        f'<li>{_e(d.problem(p))} <span class="muted">({t["weight_w"]} = {n - i})</span></li>'
        for i, p in enumerate(d.joint)
    ]
    out += ["</ol>", "</section>"]

    out += ["<section>", f"<h2>{_e(t['agreement'])}</h2>", "<ul>"]
    for label, found in ((t["before"], d.first), (t["after"], d.final)):
        if found.w is None:
            out.append(
                f"<li>{_e(t['kendall'])} {_e(label)}: {_e(t['na'])} ({_e(t['need_two'])})</li>"
            )
        else:
            test = found.test
            out.append(
                f"<li>{_e(t['kendall'])} {_e(label)}: <strong>{found.w:.3f}</strong> "
                f"({t['p']} = {_e(_p(test))}, {_e(d.method(test))})</li>"
            )
    out.append("</ul>")
    rows = d.rbo_rows()
    if rows:
        out += [
            f"<h3>{_e(t['rbo'])} (p = {deck.scoring.rbo_p:g})</h3>",
            "<table>",
            f'<thead><tr><th>{_e(t["roles"])}</th><th class="num">{_e(t["before"])}</th>'
            f'<th class="num">{_e(t["after"])}</th></tr></thead>',
            "<tbody>",
        ]
        for a, b, x, y in rows:
            out.append(
                f"<tr><td>{_e(d.role(a))} / {_e(d.role(b))}</td>"
                f'<td class="num">{_num(x, _e(t["na"]), 3)}</td>'
                f'<td class="num">{_num(y, _e(t["na"]), 3)}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
    out.append("</section>")

    out += ["<section>", f"<h2>{_e(t['placements'])}</h2>"]
    if not table.placements:
        out.append(f"<p>{_e(t['no_placements'])}</p>")
    for pl in table.placements:
        cls = "placement withdrawn" if pl.withdrawn else "placement"
        mark = f' <span class="tag">{_e(t["withdrawn"])}</span>' if pl.withdrawn else ""
        out += [
            f'<article class="{cls}" id="{_e(pl.id)}">',
            f"<h3>{_e(pl.id)}: {_e(d.role(pl.role))}: {_e(d.remedy(pl.remedy))} &#8594; "
            f"{_e(d.problem(pl.problem))}{mark}</h3>",
            f'<p class="muted">{_e(t["player"])}: {_e(pl.player)}</p>',
            f"<blockquote>{_e(pl.argument)}</blockquote>",
        ]
        if pl.reactions:
            out.append("<ul>")
            for r in pl.reactions:
                comment = (
                    f': <span class="comment">{_e(r.comment)}</span>' if r.comment.strip() else ""
                )
                out.append(
                    f"<li><strong>{_e(d.reaction_label(r.kind))}</strong> {_e(t['by'])} "
                    f"{_e(d.role(r.role))} ({_e(r.player)}){comment}</li>"
                )
            out.append("</ul>")
        out.append("</article>")
    out.append("</section>")

    out += ["<section>", f"<h2>{_e(t['dilemmas'])}</h2>"]
    if not table.dilemmas:
        out.append(f"<p>{_e(t['no_dilemmas'])}</p>")
    for dilemma_id in table.dilemmas:
        dilemma = deck.dilemma(dilemma_id)
        out += [
            f"<h3>{_e(dilemma.question)}</h3>",
            f'<p class="muted">1 = {_e(dilemma.left)}, 5 = {_e(dilemma.right)}</p>',
        ]
        positions = d.positions(dilemma_id)
        if not positions:
            out.append(f"<p>{_e(t['no_positions'])}</p>")
            continue
        out += ["<table>", "<tbody>"]
        for pos in positions:
            out.append(
                f"<tr><td>{_e(d.role(pos.role))} ({_e(pos.player)})</td>"
                f'<td class="num">{pos.value}</td>'
                f'<td class="comment">{_e(pos.argument)}</td></tr>'
            )
        out += ["</tbody>", "</table>"]
    out.append("</section>")

    out += [
        "<section>",
        f"<h2>{_e(t['score'])}</h2>",
        f'<p class="total">{_e(t["total"])}: {_e(_num(report.total, t["na"]))}</p>',
        _chart(d),
        "<table>",
        f'<thead><tr><th>{_e(t["heuristic"])}</th><th class="num">{_e(t["score"])}</th>'
        f'<th class="num">{_e(t["weight"])}</th></tr></thead>',
        "<tbody>",
    ]
    for h in report.heuristics:
        out.append(
            f'<tr><td>{_e(h.title)}</td><td class="num">{_e(d.heuristic_score(h))}</td>'
            f'<td class="num">{h.weight:g}</td></tr>'
        )
    out += ["</tbody>", "</table>"]
    for h in report.heuristics:
        out += [
            '<section class="heuristic">',
            f"<h3>{_e(h.title)}: {_e(d.heuristic_score(h))} "
            f'<span class="muted">({_e(t["weight"].lower())} {h.weight:g})</span></h3>',
        ]
        if h.lines:
            out += ["<ul>", *(f"<li>{_e(line)}</li>" for line in h.lines), "</ul>"]
        if h.suggestion:
            out.append(f'<p class="suggestion">{_e(t["suggestion"])}: {_e(h.suggestion)}</p>')
        out.append("</section>")
    out += ["</section>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"


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
    d = _Debrief(table, report)
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=CSV_FIELDS, lineterminator="\r\n")
    writer.writeheader()
    for pl in table.placements:
        row = _csv_row(d, pl)
        if spreadsheet_safe:
            row = {k: _guard(v) for k, v in row.items()}
        writer.writerow(row)
    return buffer.getvalue()


def _csv_row(d: _Debrief, pl: Placement) -> dict[str, str]:
    comments = [
        f"{d.role(r.role)} ({d.reaction_label(r.kind)}): {r.comment}"
        for r in pl.reactions
        if r.comment.strip()
    ]
    return {
        "placement_id": pl.id,
        "role_id": pl.role,
        "role_name": d.role(pl.role),
        "player": pl.player,
        "remedy_id": pl.remedy,
        "remedy_title": d.remedy(pl.remedy),
        "problem_id": pl.problem,
        "problem_title": d.problem(pl.problem),
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
    d = _Debrief(table, report)
    deck = table.deck
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
                "name": d.role(role),
                "first": table.rankings[role].model_dump(mode="json"),
                "revised": (
                    table.revised[role].model_dump(mode="json") if role in table.revised else None
                ),
            }
            for role in d.ranked_roles
        },
        "joint": d.joint,
        "agreement": {"first": _test_data(d.first), "final": _test_data(d.final)},
        "placements": [pl.model_dump(mode="json") for pl in table.placements],
        "positions": [
            pos.model_dump(mode="json")
            for dilemma in table.dilemmas
            for pos in d.positions(dilemma)
        ],
        "report": report.model_dump(mode="json"),
    }
    return json.dumps(_finite(data), ensure_ascii=False, indent=2, allow_nan=False) + "\n"
