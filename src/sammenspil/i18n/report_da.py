"""Danske tekster til workshoprapporten (scoring/workshop_render.py)."""

CATALOG: dict[str, str] = {
    "workshop.title": "Workshoprapport",
    "workshop.intro": "Borde: {tables}. Kortsæt: {decks}.",
    "workshop.intro_provisional": (
        "Foreløbigt: {n} af bordene var ikke færdige med runden, da rapporten blev skrevet; "
        "deres score og rangordninger kan stadig ændre sig."
    ),
    "workshop.empty": "Ingen borde at rapportere.",
    "workshop.left_out": "Udeladt af rapporten",
    "workshop.copy": "{copy}: en kopi af bordet i {kept}, som er med i rapporten",
    "workshop.glance_top": "Øverst overalt",
    "workshop.glance_uncovered": "Dækket ingen steder",
    "workshop.glance_remedies": "Mest spillet",
    "workshop.deck": "Kortsæt",
    "workshop.variant": "variant {n}",
    "workshop.section_tables": "Borde: {tables}; med en fælles rangordning: {ranked}.",
    "workshop.section_provisional": "Foreløbige (runden ikke færdig): {n}.",
    "workshop.provisional": "foreløbig",
    "workshop.provisional_long": "ikke færdig: alle tal her er foreløbige",
    "workshop.scores": "Score",
    "workshop.heuristic": "Heuristik",
    "workshop.score": "Score",
    "workshop.total": "I alt",
    "workshop.joint": "Fælles rangordninger",
    "workshop.not_ranked": "Ingen fælles rangordning (ingen rangordnede)",
    "workshop.table_not_ranked": "Ingen ved dette bord rangordnede, så der er ingen fælles "
    "rangordning.",
    "workshop.star": "øverst ved alle borde, der rangordnede det",
    "workshop.on_top": "Problemer øverst",
    "workshop.on_top_rule": (
        "Øverst: blandt de første {n} i et bords fælles rangordning. Et bord, hvor ingen "
        "rangordnede, har intet øverst."
    ),
    "workshop.everywhere": "Øverst ved alle borde, der fik det og rangordnede",
    "workshop.no_everywhere": "Intet problem var øverst ved alle borde, der fik det.",
    "workshop.somewhere": "Øverst ved nogle borde",
    "workshop.of_tables.one": "{on_top} af det ene bord, der fik det",
    "workshop.of_tables.many": "{on_top} af de {n} borde, der fik det",
    "workshop.on_top_at": "Øverst ved",
    "workshop.problem": "Problem",
    "workshop.tables": "Borde",
    "workshop.uncovered": "Problemer, intet bord dækkede",
    "workshop.uncovered_rule": (
        "Dækket: en løsning er lagt på problemet og ikke trukket tilbage. Her står problemer, "
        "der blev givet til mindst ét bord og ikke dækket ved noget."
    ),
    "workshop.dealt_at": "givet ved",
    "workshop.all_covered": "Alle problemer, der blev givet, blev dækket ved et bord.",
    "workshop.never_dealt": "Problemer i kortsættet, som intet bord fik: {n}.",
    "workshop.remedies": "Mest spillede løsninger",
    "workshop.remedies_rule": (
        "Efter placeringer, der ikke er trukket tilbage ({placements} i alt), så efter antal "
        "borde; de første {n}."
    ),
    "workshop.remedy": "Løsning",
    "workshop.placements": "Placeringer",
    "workshop.placed_on": "Lagt på",
    "workshop.no_placements": "Ingen løsninger blev lagt.",
    "workshop.tied": "Og {n} mere lagt lige så ofte som den femte.",
    "workshop.table_joint": "Fælles rangordning",
    "workshop.dilemmas": "Dilemmaer",
    "workshop.spread_rule": (
        "Hvert bords positioner på skalaen fra 1 til 5; spredningen er den højeste minus den "
        "laveste (0: rollerne var enige, 4: så langt fra hinanden som skalaen går)."
    ),
    "workshop.no_dilemmas": "Ingen dilemmaer blev givet.",
    "workshop.table": "Bord",
    "workshop.positions": "Positioner",
    "workshop.spread": "Spredning",
    "workshop.mean": "Gennemsnit",
    "workshop.roles": "Roller",
    "workshop.strongest": "Stærkeste argumenter",
    "workshop.strongest_rule": (
        "Argumenter for en placering (ikke trukket tilbage), der tæller som substantielle i "
        "scoringen, og som en anden rolle støttede; de {n} længste."
    ),
    "workshop.no_strongest": "Intet substantielt argument blev støttet af en anden rolle.",
    "workshop.words": "{n} ord",
    "workshop.endorsed_by": "støttet af",
    "workshop.phase": "Fase",
    "workshop.id": "Bord-id",
    "workshop.seed": "seed",
    "workshop.players": "Spillere",
    "workshop.source": "Gemt fil",
    "workshop.covered": "dækket",
    "workshop.table_placements": "Placeringer",
    "workshop.reactions": "støttet {endorsed}, udfordret {challenged}",
}
