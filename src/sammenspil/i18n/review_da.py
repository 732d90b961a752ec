"""Danish texts of the screens for reviewing saved rounds, replay, comparison and help."""

CATALOG: dict[str, str] = {
    # --- keys in the footer and in the help ------------------------------------------------
    "review.key.quit": "Afslut",
    "review.key.help": "Hjælp",
    "review.key.open": "Åbn",
    "review.key.replay": "Afspil",
    "review.key.mark": "Markér",
    "review.key.compare": "Sammenlign",
    "review.key.back": "Tilbage",
    "review.key.next": "Næste",
    "review.key.previous": "Forrige",
    "review.key.first": "Første",
    "review.key.last": "Sidste",
    "review.key.close": "Luk",
    # --- the list of saved rounds ----------------------------------------------------------
    "review.title": "Gennemsyn",
    "review.heading": "Gemte runder i {folder}",
    "review.col.updated": "Opdateret (UTC)",
    "review.col.table": "Bord",
    "review.col.deck": "Kortsæt",
    "review.col.phase": "Fase",
    "review.col.score": "Score",
    "review.broken": "ødelagt",
    "review.hint": (
        "Enter åbner en runde · r afspiller den · mellemrum markerer to runder, c sammenligner dem"
    ),
    "review.loading": "Læser de gemte runder…",
    "review.empty": (
        "Ingen gemte runder i {folder}. Spil en runde først, eller angiv en anden mappe med "
        "--saves."
    ),
    "review.count.one": "1 runde",
    "review.count.many": "{n} runder",
    "review.differs": "! den gemte score afviger fra det, hændelserne giver",
    "review.broken_title": "Denne gemte runde kan ikke læses",
    "review.mark_two": "Markér to runder med mellemrum (eller én, og stil markøren på den anden), "
    "og tryk så c.",
    "review.marked_broken": "En ødelagt runde kan ikke sammenlignes.",
    "review.opening": "Åbner…",
    # --- one round ---------------------------------------------------------------------------
    "review.round.title": "Runde",
    "review.round.meta": "Kortsæt {deck} v{version} · seed {seed} · {phase}",
    "review.round.placed": "{role} lagde {remedy} på {problem}",
    "review.round.position": "{role} ({player}): {value} af 5",
    "review.round.poles": "1 = {left} · 5 = {right}",
    "review.round.total": "I alt: {total}",
    "review.round.provisional": "Runden er ikke færdig: scoren er foreløbig.",
    # --- the replay --------------------------------------------------------------------------
    "review.replay.title": "Afspilning",
    "review.replay.start": "Runden '{table}' begynder med kortsættet '{deck}' (seed {seed}).",
    "review.replay.step": "Trin {step} af {count}",
    "review.replay.events": "Hændelser",
    "review.replay.state": "Bordet efter dette trin",
    "review.replay.phase": "Fase: {phase}",
    "review.replay.players": "Spillere",
    "review.replay.no_players": "Ingen har sat sig endnu.",
    "review.replay.rankings": "Rangordninger",
    "review.replay.revised": "Reviderede rangordninger",
    "review.replay.none": "ingen endnu",
    "review.replay.placements": "Placeringer",
    "review.replay.positions": "Holdninger",
    "review.replay.reactions": "{endorsed} støttet, {challenged} udfordret",
    # --- two rounds side by side ---------------------------------------------------------
    "review.compare.title": "Sammenligning",
    "review.compare.score": "Score",
    # --- help ----------------------------------------------------------------------------------
    "review.help.title": "Hjælp",
    "review.help.now": "Hvad skærmen er til",
    "review.help.keys": "Taster",
    "review.help.close": "Esc eller F1 lukker hjælpen.",
    "review.help.no_keys": "Ingen taster gælder her.",
    "review.help.general": (
        "Sammenspil: et kortspil om sammenhæng på tværs af forvaltningsniveauer."
    ),
    "review.help.phase.lobby": (
        "Lobbyen: spillerne sætter sig ved bordet og vælger hver en rolle (staten, regionerne, "
        "kommunerne) eller ser på. Når hver rolle har en spiller, starter I runden, og kortene "
        "deles ud."
    ),
    "review.help.phase.rank": (
        "Rangordning: hver rolle sætter de uddelte problemer i rækkefølge, det mest presserende "
        "først, og skriver et argument for sin rækkefølge. Rangordningerne er skjulte, til alle "
        "roller har rangordnet."
    ),
    "review.help.phase.reveal": (
        "Afsløringen: rollernes rangordninger side om side, den fælles rangordning, og hvor enige "
        "rollerne er. Diskutér; hver rolle må revidere sin rangordning én gang, med et argument."
    ),
    "review.help.phase.respond": (
        "Svar: læg løsningskort fra din hånd på problemerne, hvert med et argument, inden for "
        "jeres forandrings- og indsatsbudget. Støt eller udfordr de andre rollers placeringer, "
        "eller træk din egen tilbage."
    ),
    "review.help.phase.dilemmas": (
        "Dilemmaer: hver rolle tager stilling fra 1 til 5 mellem hvert dilemmas to poler, med et "
        "argument. Lås runden, når alle roller har svaret."
    ),
    "review.help.phase.scored": (
        "Runden er scoret: totalen og hver heuristik med forklaring. Eksportér opsamlingen, eller "
        "gennemse runden og afspil den trin for trin."
    ),
    "review.help.topic.list": (
        "De gemte runder, nyeste først, hver med scoren regnet om ud fra hændelserne. Åbn en "
        "runde for at se rangordninger, placeringer, holdninger og score; afspil den hændelse for "
        "hændelse; markér to runder for at sammenligne dem side om side."
    ),
    "review.help.topic.round": (
        "En gemt runde, som den endte: rangordningerne med argumenter, den fælles rangordning og "
        "enigheden, hver placering med argument og reaktioner, holdningerne til dilemmaerne og "
        "scoren. Afspil den for at se, hvordan den kom dertil."
    ),
    "review.help.topic.replay": (
        "Rundens hændelser én ad gangen, hver med ord, og bordet, som det stod efter den: fase, "
        "rangordninger, placeringer og holdninger. Gå frem og tilbage, eller spring til første "
        "eller sidste hændelse; listen kan også rulles og klikkes."
    ),
    "review.help.topic.compare": (
        "To runder side om side: totaler og hver heuristik (ændring = B minus A), hvor hver runde "
        "satte hvert problem i den fælles rangordning, og de problemer, rollerne var enige om i "
        "den ene runde, men ikke i den anden."
    ),
}
