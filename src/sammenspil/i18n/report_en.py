"""English texts of the workshop report (scoring/workshop_render.py)."""

CATALOG: dict[str, str] = {
    "workshop.title": "Workshop report",
    "workshop.intro": "Tables: {tables}. Decks: {decks}.",
    "workshop.intro_provisional": (
        "Provisional: {n} of the tables had not finished their round when this report was "
        "written; their scores and rankings may still change."
    ),
    "workshop.empty": "No tables to report.",
    "workshop.left_out": "Left out of this report",
    "workshop.copy": "{copy}: a copy of the table in {kept}, which is reported",
    "workshop.glance_top": "On top everywhere",
    "workshop.glance_uncovered": "Covered nowhere",
    "workshop.glance_remedies": "Most played",
    "workshop.deck": "Deck",
    "workshop.variant": "variant {n}",
    "workshop.section_tables": "Tables: {tables}; with a joint ranking: {ranked}.",
    "workshop.section_provisional": "Provisional (round not finished): {n}.",
    "workshop.provisional": "provisional",
    "workshop.provisional_long": "not finished: every number here is provisional",
    "workshop.scores": "Scores",
    "workshop.heuristic": "Heuristic",
    "workshop.score": "Score",
    "workshop.total": "Total",
    "workshop.joint": "Joint rankings",
    "workshop.not_ranked": "No joint ranking (nobody ranked)",
    "workshop.table_not_ranked": "Nobody at this table ranked, so it has no joint ranking.",
    "workshop.star": "on top at every table that ranked it",
    "workshop.on_top": "Problems on top",
    "workshop.on_top_rule": (
        "On top: among the first {n} of a table's joint ranking. A table where nobody ranked "
        "puts nothing on top."
    ),
    "workshop.everywhere": "On top at every table that was dealt it and ranked",
    "workshop.no_everywhere": "No problem was on top at every table that was dealt it.",
    "workshop.somewhere": "On top at some tables",
    "workshop.of_tables.one": "{on_top} of the one table dealt it",
    "workshop.of_tables.many": "{on_top} of the {n} tables dealt it",
    "workshop.on_top_at": "On top at",
    "workshop.problem": "Problem",
    "workshop.tables": "Tables",
    "workshop.uncovered": "Problems no table covered",
    "workshop.uncovered_rule": (
        "Covered: a remedy is placed on the problem and not withdrawn. Listed: problems dealt "
        "to at least one table and covered at none."
    ),
    "workshop.dealt_at": "dealt at",
    "workshop.all_covered": "Every problem that was dealt was covered at some table.",
    "workshop.never_dealt": "Problems of the deck no table was dealt: {n}.",
    "workshop.remedies": "Remedies most played",
    "workshop.remedies_rule": (
        "By placements not withdrawn ({placements} in all), then by the number of tables; the "
        "first {n}."
    ),
    "workshop.remedy": "Remedy",
    "workshop.placements": "Placements",
    "workshop.placed_on": "Placed on",
    "workshop.no_placements": "No remedies were placed.",
    "workshop.tied": "And {n} more placed as often as the fifth.",
    "workshop.table_joint": "Joint ranking",
    "workshop.dilemmas": "Dilemmas",
    "workshop.spread_rule": (
        "Each table's positions on the scale from 1 to 5; the spread is the highest minus the "
        "lowest (0: the roles agreed, 4: as far apart as the scale goes)."
    ),
    "workshop.no_dilemmas": "No dilemmas were dealt.",
    "workshop.table": "Table",
    "workshop.positions": "Positions",
    "workshop.spread": "Spread",
    "workshop.mean": "Mean",
    "workshop.roles": "Roles",
    "workshop.strongest": "Strongest arguments",
    "workshop.strongest_rule": (
        "Arguments for a placement (not withdrawn) that count as substantive in the scoring "
        "and that another role endorsed; the {n} longest."
    ),
    "workshop.no_strongest": "No substantive argument was endorsed by another role.",
    "workshop.words": "{n} words",
    "workshop.endorsed_by": "endorsed by",
    "workshop.phase": "Phase",
    "workshop.id": "Table id",
    "workshop.seed": "seed",
    "workshop.players": "Players",
    "workshop.source": "Save",
    "workshop.covered": "covered",
    "workshop.table_placements": "Placements",
    "workshop.reactions": "endorsed {endorsed}, challenged {challenged}",
}
