"""Dansk: the same keys and fields as the English catalog, in the words a Danish table uses."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    # --- lists and small words ---------------------------------------------------------------
    "list.and": " og ",
    "na": "i/r",
    # --- phases ------------------------------------------------------------------------------
    "phase.lobby": "lobby",
    "phase.rank": "rangordning",
    "phase.reveal": "afsløring",
    "phase.respond": "svar",
    "phase.dilemmas": "dilemma",
    "phase.scored": "scoret",
    # --- what only a facilitator may do (refusal.not_allowed) --------------------------------
    "action.start": "starte runden",
    "action.advance": "flytte bordet videre",
    "action.lock": "låse runden",
    # --- refusals ----------------------------------------------------------------------------
    "refusal.locked": "runden er låst",
    "refusal.wrong_phase": "det er ikke {want}-fasen (bordet er i {phase})",
    "refusal.not_at_table": "{player} sidder ikke ved bordet",
    "refusal.name_taken": "navnet '{player}' er allerede taget ved bordet",
    "refusal.bad_text": "{detail}",
    "refusal.unknown_role": "der er ingen rolle '{role}' i kortsættet",
    "refusal.role_closed": "kortene er givet; vælg en af rollerne i spil: {roles}",
    "refusal.spectator": "tilskuere spiller ikke træk",
    "refusal.no_role": "{player} har ikke valgt en rolle",
    "refusal.no_roles": "ingen har valgt en rolle endnu",
    "refusal.not_allowed": "kun facilitatoren kan {action}",
    "refusal.bad_order": (
        "rangordningen skal have hvert af bordets problemer præcis én gang{detail}"
    ),
    "refusal.already_ranked": "{role} har allerede afleveret sin rangordning",
    "refusal.already_revised": "{role} har allerede revideret sin rangordning én gang",
    "refusal.not_in_hand": "'{card}' er ikke på {role}s hånd",
    "refusal.already_placed": "{role} har allerede lagt det kort",
    "refusal.unknown_problem": "'{problem}' ligger ikke på bordet",
    "refusal.few_words": "argumenter skal have mindst {n} ord",
    "refusal.no_placement": "der er ingen placering '{placement}'",
    "refusal.not_yours": "kun {role} kan trække sin egen placering tilbage",
    "refusal.withdrawn": "den placering er trukket tilbage",
    "refusal.own_placement": "en rolle kan ikke støtte eller udfordre sin egen placering",
    "refusal.already_reacted": "{role} har allerede reageret på denne placering",
    "refusal.need_comment": "en udfordring kræver en kommentar",
    "refusal.unknown_dilemma": "'{dilemma}' er ikke blandt bordets dilemmaer",
    "refusal.waiting": "venter på rangordninger fra {roles}",
    "refusal.last_phase": "runden er allerede i sidste fase",
    "refusal.stale": "bordet har ændret sig, siden du kiggede; se efter og prøv igen",
    "refusal.already_joined": "{player} er allerede med",
    "refusal.same_role": "{player} sidder allerede i den rolle",
    "refusal.join_by_connecting": "man kommer med ved bordet ved at forbinde sig, ikke med et træk",
    "refusal.not_saved": "trækket kunne ikke gemmes ({detail}); intet er ændret",
    "refusal.no_answer": "bordets server svarede ikke i tide; se efter igen og prøv igen",
    "refusal.disconnected": "forbindelsen til bordets server er lukket",
    "refusal.no_table": "her er intet bord ved navn '{table}'",
    "refusal.table_exists": "der er allerede et bord ved navn '{table}'",
    "refusal.no_player": "{player} sidder ikke ved bordet '{table}'",
    "refusal.no_deck": "serveren har intet kortspil at åbne et bord med",
    "serve.removed": "facilitatoren har fjernet dig fra bordet '{table}'",
    # --- heuristics: titles ------------------------------------------------------------------
    "h.coverage.title": "Ingen centrale huller",
    "h.chains.title": "Sammenhæng i kæden",
    "h.alignment.title": "Fælles analyse",
    "h.focus.title": "Få, centrale mål",
    "h.pace.title": "Lidt hele tiden",
    "h.culture.title": "Kultur og værdier før regler",
    "h.simplicity.title": "Gør det simpelt",
    "h.ownership.title": "Ejerskab",
    "h.deliberation.title": "Begrund, og svar hinanden",
    "h.consensus.title": "Overvejede dilemmaer",
    # --- heuristics: explanations and suggestions --------------------------------------------
    "h.nothing_placed": "Der blev ikke lagt nogen løsninger.",
    "h.nothing_placed.scored": (
        "Der blev ikke lagt nogen løsninger, selv om bordet havde sin svarfase."
    ),
    "h.nothing_placed.suggest": "Læg nogle få løsninger på de problemer, I satte højest.",
    "h.said.repeat.one": "{n} tekst gentager en tidligere, så den tæller ikke som begrundet.",
    "h.said.repeat.many": "{n} tekster gentager tidligere, så de tæller ikke som begrundet.",
    "h.said.off-topic.one": (
        "{n} tekst nævner hverken sine kort eller en rolle, så den tæller ikke som begrundet."
    ),
    "h.said.off-topic.many": (
        "{n} tekster nævner hverken deres kort eller en rolle, så de tæller ikke som begrundet."
    ),
    "h.said.short.one": "{n} tekst har færre end {need} ord.",
    "h.said.short.many": "{n} tekster har færre end {need} ord.",
    "h.said.empty.one": "{n} træk har slet ingen tekst.",
    "h.said.empty.many": "{n} træk har slet ingen tekst.",
    "h.coverage.no_problems": "Der blev ikke givet problemer.",
    "h.coverage.covered": (
        "{covered} af de {central} centrale problemer (den øverste halvdel af den fælles "
        "rangordning) har en løsning, der adresserer dem."
    ),
    "h.coverage.hole": (
        "Ingen placeret løsning adresserer {problem}, et centralt problem (fælles plads {rank})."
    ),
    "h.coverage.hole_low": (
        "Ingen placeret løsning adresserer {problem} (fælles plads {rank}); det er ikke centralt, "
        "så det koster intet."
    ),
    "h.coverage.misplaced": "{role} lagde {remedy} på {problem}, som den ikke adresserer.",
    "h.coverage.suggest.hole": (
        "Find først en løsning på {problem}: det er centralt, og intet placeret adresserer det."
    ),
    "h.coverage.suggest.done": "Alle centrale problemer har et svar; hold fast i det.",
    "h.chains.missing": (
        "{role} lagde intet, der adresserer {problem}, som går gennem deres led i kæden."
    ),
    "h.chains.no_chains": "Intet givet problem går gennem to eller flere af rollerne ved bordet.",
    "h.chains.none": (
        "Intet problem, der går gennem to eller flere roller, fik en løsning, der adresserer det."
    ),
    "h.chains.suggest.none": "Svar sammen på et problem, der går på tværs af niveauer.",
    "h.chains.suggest.ask": "Spørg {roles}, hvad de kan bidrage med til {problem}.",
    "h.chains.complete": "Alle roller i hver besvaret kæde lagde en løsning, der adresserer den.",
    "h.chains.suggest.keep": "Bliv ved med at svare langs hele kæden.",
    "h.alignment.need_two": "Enighed kræver rangordninger fra mindst to roller.",
    "h.alignment.strong": "rollerne er meget enige om, hvad der betyder mest",
    "h.alignment.partly": "rollerne er delvist enige om, hvad der betyder mest",
    "h.alignment.weak": "rollerne ser forskelligt på, hvad der betyder mest",
    "h.alignment.agree": "I de endelige rangordninger: {how}.",
    "h.alignment.argued": (
        "{argued} af {n} roller forklarede deres rangordning med egne ord om de problemer, de "
        "satte øverst; enighed tæller kun, så langt den er forklaret."
    ),
    "h.alignment.unchanged": (
        "Drøftelsen efter afsløringen gjorde rollerne hverken mere eller mindre enige."
    ),
    "h.alignment.closer": "Drøftelsen efter afsløringen bragte rollerne tættere sammen.",
    "h.alignment.apart": "Efter afsløringen bevægede rollerne sig længere fra hinanden.",
    "h.alignment.explained": "{moved} af {n} roller ændrede deres rangordning og sagde hvorfor.",
    "h.alignment.disputed": "Rollerne er mest uenige om {problem} ({ranks}).",
    "h.alignment.suggest.explain": "Lad rollerne forklare deres placering af {problem}.",
    "h.alignment.suggest.reasons": (
        "Sig, hvorfor I rangordner, som I gør: enighed uden begrundelse tæller lidt."
    ),
    "h.alignment.suggest.agree": "Rollerne er enige; tjek at det er af de samme grunde.",
    "h.focus.on_top": "{on_top} af {n} placeringer ligger på de centrale problemer.",
    "h.focus.over_budget": (
        "{n} forandringer mod et budget på {budget}: scoren falder for hver forandring ud over det."
    ),
    "h.focus.suggest.withdraw.one": (
        "Træk den svageste placering tilbage: færre forandringer ad gangen."
    ),
    "h.focus.suggest.withdraw.many": (
        "Træk de {n} svageste placeringer tilbage: færre forandringer ad gangen."
    ),
    "h.focus.suggest.move": "Flyt kræfterne fra de lavere problemer til dem, I satte højest.",
    "h.focus.suggest.done": "Fokuseret: hver forandring svarer på et centralt problem.",
    "h.pace.prepared": "{remedy} er et big bang, forberedt på {problem}.",
    "h.pace.unprepared": (
        "{role} lagde big bang-løsningen {remedy} på {problem} uden forberedelse ved siden af."
    ),
    "h.pace.off_problem": "{remedy} adresserer ikke {problem}, så den sætter intet tempo der.",
    "h.pace.share": (
        "{good} af {n} placeringer er små skridt eller forberedte, på et problem de adresserer."
    ),
    "h.pace.suggest.prepare": (
        "Læg en forberedende løsning ved siden af {remedy}, eller tag et mindre skridt."
    ),
    "h.pace.suggest.done": "Små skridt: bliv ved.",
    "h.culture.share": (
        "{soft} af {n} placeringer er kultur, dialog eller færre regler (mål {target})."
    ),
    "h.culture.fewer.one": "{n} placering fjerner regler, som frøet råder til.",
    "h.culture.fewer.many": "{n} placeringer fjerner regler, som frøet råder til.",
    "h.culture.rules.one": "{n} placering tilføjer regler.",
    "h.culture.rules.many": "{n} placeringer tilføjer regler.",
    "h.culture.suggest.try": (
        "Prøv en kultur- eller dialogløsning, hvor I greb efter en regel eller en struktur."
    ),
    "h.culture.suggest.done": "Kultur og dialog bærer runden.",
    "h.simplicity.effort": "Samlet indsats {total} mod et budget på {budget}.",
    "h.simplicity.suggest.simpler": "Kan {remedy} (indsats {effort}) gøres enklere?",
    "h.simplicity.suggest.done": "Inden for indsatsbudgettet.",
    "h.ownership.share": "{owned} af {n} placeringer blev lagt af en rolle, der ejer løsningen.",
    "h.ownership.stray": "{role} lagde {remedy}, som {owners} ville drive.",
    "h.ownership.unowned": "{role} lagde {remedy}, som ingen rolle ejer.",
    "h.ownership.suggest.agree": "Aftal, hvem der driver {remedy}.",
    "h.ownership.suggest.done": "Hver løsning har sin ejer ved bordet.",
    "h.deliberation.nothing": "Ingen rangordninger, placeringer eller holdninger at vurdere.",
    "h.deliberation.argued": (
        "{argued} af {n} træk giver en begrundelse: mindst {need} ord, om deres kort eller en "
        "rolle, og ikke en gentagelse af en tidligere tekst."
    ),
    "h.deliberation.answered": (
        "{answered} af {n} placeringer fik svar med en begrundelse fra en anden rolle."
    ),
    "h.deliberation.blank.one": "{n} reaktion kom uden et ord; den svarer ikke på noget.",
    "h.deliberation.blank.many": "{n} reaktioner kom uden et ord; de svarer ikke på noget.",
    "h.deliberation.suggest.argue": (
        "Giv hvert træk en begrundelse med egne ord, som de andre roller kan svare på."
    ),
    "h.deliberation.suggest.answer": (
        "Svar hinanden: støt eller udfordr de placeringer, I ikke selv har lagt, og sig hvorfor."
    ),
    "h.deliberation.suggest.done": "Begrundet og besvaret.",
    "h.consensus.no_dilemmas": "Der blev ikke givet dilemmaer.",
    "h.consensus.not_reached": "Runden nåede ikke til dilemmaerne.",
    "h.consensus.considered": (
        "{argued} af {n} holdninger til dilemmaerne (hver rolle til hvert dilemma) er begrundet."
    ),
    "h.consensus.spread.one": (
        "Rollerne står længst fra hinanden på '{question}' ({where}: {n} trin); en forskel, "
        "ikke en fejl."
    ),
    "h.consensus.spread.many": (
        "Rollerne står længst fra hinanden på '{question}' ({where}: {n} trin); en forskel, "
        "ikke en fejl."
    ),
    "h.consensus.same": "Alle roller står samme sted på hvert dilemma.",
    "h.consensus.suggest.argue": "Giv hver holdning en begrundelse: hvor står I, og hvorfor?",
    "h.consensus.suggest.accept": "Spørg om '{question}': er det en forskel, I kan acceptere?",
    "h.consensus.suggest.done": "Hver holdning er begrundet; enige eller ej, den er overvejet.",
    # --- the debrief (exports, and next the score and review screens) ------------------------
    "debrief.title": "Opsamling",
    "debrief.table": "Bord",
    "debrief.deck": "Kortsæt",
    "debrief.seed": "Frø",
    "debrief.phase": "Fase",
    "debrief.unfinished": "ikke færdig endnu: scoren nedenfor er foreløbig",
    "debrief.players": "Spillere",
    "debrief.spectator": "tilskuer",
    "debrief.no_role": "ingen rolle",
    "debrief.rankings": "Rangordninger",
    "debrief.first": "Første rangordninger",
    "debrief.revised": "Reviderede rangordninger",
    "debrief.not_revised": "Reviderede ikke",
    "debrief.not_ranked": "Ingen rolle har rangordnet endnu.",
    "debrief.nobody_revised": "Ingen rolle reviderede sin rangordning.",
    "debrief.arguments": "Begrundelser",
    "debrief.joint": "Fælles rangordning",
    "debrief.weight_w": "w",
    "debrief.agreement": "Enighed",
    "debrief.kendall": "Kendalls W",
    "debrief.before": "før drøftelsen",
    "debrief.after": "efter drøftelsen",
    "debrief.p": "p",
    "debrief.f": "F-test",
    "debrief.permutation": "permutationstest",
    "debrief.rbo": "Rangvægtet overlap (RBO) for hvert par af roller",
    "debrief.roles": "Roller",
    "debrief.need_two": "kræver rangordninger fra to eller flere roller",
    "debrief.placements": "Placeringer",
    "debrief.no_placements": "Der blev ikke lagt nogen løsninger.",
    "debrief.withdrawn": "trukket tilbage",
    "debrief.endorse": "støttet",
    "debrief.challenge": "udfordret",
    "debrief.by": "af",
    "debrief.player": "Spiller",
    "debrief.dilemmas": "Dilemmaer",
    "debrief.no_dilemmas": "Der blev ikke givet dilemmaer.",
    "debrief.no_positions": "Ingen holdninger.",
    "debrief.score": "Score",
    "debrief.total": "I alt",
    "debrief.heuristic": "Heuristik",
    "debrief.weight": "Vægt",
    "debrief.suggestion": "Forslag",
    "debrief.chart": "Score for hver heuristik, 0 til 100",
    # --- comparing two rounds ----------------------------------------------------------------
    "compare.rounds": "Sammenligning",
    "compare.deck": "kortsæt",
    "compare.total": "I alt",
    "compare.heuristic": "Heuristik",
    "compare.delta": "ændring",
    "compare.joint": "Fælles rangordning (plads i hver runde; '-' = ikke givet)",
    "compare.problem": "Problem",
    "compare.agree": ("Enige i den ene runde, splittede i den anden (spænd i rollernes placering)"),
    "compare.agreed": "enige i",
    "compare.none": (
        "ingen: intet fælles problem samlede rollerne i den ene runde og splittede dem i den anden"
    ),
    "compare.few_roles": (
        "ikke sammenlignet: en runde kræver rangordninger fra to eller flere roller"
    ),
    "compare.unfinished": "{which} er ikke slut (fasen {phase}): dens score er foreløbig",
    "compare.other_decks": (
        "runderne bruger forskellige kortsæt eller sprog ({a} / {b}): problemerne er parret efter "
        "id, og hver rundes titler vises som A / B"
    ),
    # --- the round commands in the terminal --------------------------------------------------
    "cli.report.heuristic": "heuristik",
    "cli.report.weight": "vægt",
    "cli.report.score": "score",
    "cli.report.reason": "begrundelse",
    "cli.report.total": "I alt",
    "cli.resume.head": "{table} ({deck}), seed {seed}: fase {phase}",
    "cli.resume.players": "  spillere: {players}",
    "cli.resume.nobody": "ingen",
    "cli.resume.counts": "  placeringer: {placements}, hændelser indtil nu: {events}",
    "cli.resume.next": "  næste: {step}",
    "cli.who.spectator": "tilskuer",
    "cli.who.no_role": "ingen rolle",
    "cli.report.provisional": "(runden er ikke slut: fase {phase}; denne score er foreløbig)",
    "text.what.argument": "argumentet",
    "text.what.comment": "kommentaren",
    "text.what.name": "navnet",
    "text.what.table_name": "bordets navn",
    "text.what.id": "id'et",
    "text.too_long": "{what} har for mange tegn ({n}; højst {most})",
    "text.control": "{what} indeholder et kontroltegn ({code})",
    "text.name_empty": "et navn kan ikke være tomt",
    "text.name_spaces": "et navn kan ikke begynde eller slutte med mellemrum",
    "next.lobby": (
        "spillerne sætter sig og vælger roller ({seated} af {roles} roller besat), "
        "og så startes runden"
    ),
    "next.rank": "venter på rangordninger fra {waiting}; afsløringen følger af sig selv",
    "next.scored": "runden er scoret; se `sammenspil score` og `sammenspil export`",
    "next.reveal": "rollerne drøfter afsløringen og kan revidere deres rangordning én gang",
    "next.respond": "rollerne lægger løsninger på problemer, støtter og udfordrer",
    "next.dilemmas": "rollerne tager stilling til dilemmaerne",
    "next.then": "{step}; gå derefter videre til {after}",
    # --- one sentence per event (move feed, replay, debrief) ---------------------------------
    "event.player_joined": "{player} satte sig ved bordet",
    "event.player_joined.spectator": "{player} satte sig ved bordet som tilskuer",
    "event.player_joined.facilitator": "{player} satte sig ved bordet som facilitator",
    "event.player_left": "{player} forlod bordet",
    "event.role_chosen": "{player} tog rollen {role}",
    "event.dealt": "Kortene blev givet (problemer: {problems}, dilemmaer: {dilemmas})",
    "event.phase_changed": "Bordet gik videre til {phase}-fasen",
    "event.ranking_submitted": "{role} afleverede sin rangordning",
    "event.ranking_revised": "{role} reviderede sin rangordning, nu med {top} øverst{argument}",
    "event.remedy_placed": "{role} lagde {remedy} på {problem}{argument}",
    "event.placement_withdrawn": "{role} trak {remedy} tilbage fra {problem}",
    "event.placement_reacted.endorse": (
        "{role} støttede placeringen af {remedy} på {problem}{comment}"
    ),
    "event.placement_reacted.challenge": (
        "{role} udfordrede placeringen af {remedy} på {problem}{comment}"
    ),
    "event.position_set": "{role} tog stilling {value} af 5 til {question}{argument}",
    "event.placement_withdrawn.bare": "{player} trak placering {placement} tilbage",
    "event.placement_reacted.endorse.bare": "{role} støttede placering {placement}{comment}",
    "event.placement_reacted.challenge.bare": "{role} udfordrede placering {placement}{comment}",
}
