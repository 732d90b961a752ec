"""Danish texts of the screens for the lobby, the hand-over, ranking and the reveal."""

CATALOG: dict[str, str] = {
    # --- the app ---------------------------------------------------------------------------
    "lobby.saved": "gemt",
    "lobby.crashed": "sammenspil stoppede ved en uventet fejl ({error}); detaljer i {log}",
    "lobby.too_small": (
        "Vinduet er for lille til Sammenspil: det skal være mindst {width}×{height}. "
        "Gør vinduet større."
    ),
    "lobby.quit.ask": (
        "Forlad runden? Hvert træk er gemt: start Sammenspil igen, så tilbyder lobbyen "
        "runden, hvor den slap.\n\ny: afslut   n: bliv"
    ),
    "lobby.quit.ask_seated": (
        "Afslut? Spillerne, der er sat her, gemmes ikke: intet gemmes før uddelingen."
        "\n\ny: afslut   n: bliv"
    ),
    # --- the lobby -------------------------------------------------------------------------
    "lobby.title": "Lobby",
    "lobby.decks": "Kortsæt",
    "lobby.rounds": "Uafsluttede runder (Enter genoptager)",
    "lobby.loading": "Indlæser kortsæt…",
    "lobby.col.title": "Titel",
    "lobby.col.lang": "Sprog",
    "lobby.col.cards": "Prob·Løs·Dil",
    "lobby.roles": "Roller",
    "lobby.new_round": "Ny runde",
    "lobby.table_name": "Bord",
    "lobby.default_table": "Bord 1",
    "lobby.seed": "Frø",
    "lobby.players": "Spillere",
    "lobby.players_hint": "Skriv et navn, Enter tilføjer det i den næste ledige rolle; på "
    "listen skifter r rollen, Delete fjerner.",
    "lobby.name": "Navn",
    "lobby.name_placeholder": "en spillers navn, så Enter",
    "lobby.name_taken": "{name} sidder allerede ved bordet",
    "lobby.no_players": "(ingen endnu)",
    "lobby.spectator": "tilskuer",
    "lobby.start": "Start (ctrl+s)",
    "lobby.need_deck": "Vælg først et kortsæt, der kan indlæses.",
    "lobby.need_table": "Giv bordet et navn.",
    "lobby.need_seed": "Frøet skal være et helt tal, 0 eller derover.",
    "lobby.need_players": "Tilføj mindst én spiller med en rolle.",
    "lobby.origin.bundled": "medfølger",
    "lobby.origin.user": "din egen",
    "lobby.origin.folder": "mappe",
    "lobby.origin.file": "fil",
    "lobby.deck.broken": "{origin} · kan ikke indlæses",
    "lobby.deck.fix": "Ret kortsættet, og tjek det med `sammenspil deck check`.",
    "lobby.deck.cannot": "Kortsættet kan ikke indlæses",
    "lobby.deck.none": "Ingen kortsæt fundet",
    "lobby.deck.none_help": (
        "Læg .toml-kortsæt i din kortsætmappe; `sammenspil deck list` viser, hvor den er, "
        "og `sammenspil deck new` skriver et startkortsæt."
    ),
    "lobby.deck.rules": (
        "{problems}, {remedies}, {dilemmas} i kortsættet.\n"
        "Deler {deal}, {hand} pr. rolle og {deal_dilemmas} ud.\n"
        "Forandringsbudget {change} · indsatsbudget {effort} · argumenter på {words}+ ord."
    ),
    "lobby.n.problem.one": "{n} problem",
    "lobby.n.problem.many": "{n} problemer",
    "lobby.n.remedy.one": "{n} løsning",
    "lobby.n.remedy.many": "{n} løsninger",
    "lobby.n.dilemma.one": "{n} dilemma",
    "lobby.n.dilemma.many": "{n} dilemmaer",
    # --- hand-over -------------------------------------------------------------------------
    "lobby.handover.title": "Giv tastaturet videre",
    "lobby.handover.pass": ("Giv tastaturet til {role}; tryk Enter, når kun de kan se skærmen."),
    "lobby.handover.still": "Rangerer stadig: {roles}",
    # --- ranking ---------------------------------------------------------------------------
    "lobby.rank.title": "{role}: rangér de {n} problemer, det mest presserende først",
    "lobby.rank.revise_title": "{role}: revidér rangeringen (én gang)",
    "lobby.rank.waiting": "rangerer stadig: {roles}",
    "lobby.rank.argument": "Hvorfor denne rækkefølge?",
    "lobby.rank.sent": "{role}: rangering gemt",
    # --- reveal ----------------------------------------------------------------------------
    "lobby.agree.strong": "Rollerne er meget enige.",
    "lobby.agree.fair": "Rollerne er nogenlunde enige.",
    "lobby.agree.weak": "Rollerne er lidt enige.",
    "lobby.agree.none": "Rollerne er ikke enige.",
    "lobby.agree.unknown": "Med én rangering er der intet at sammenligne endnu.",
    "lobby.agree.stat": "(Kendalls W = {w})",
    "lobby.reveal.joint": "Fælles",
    "lobby.reveal.disputed": "Mest omstridte (tal om dem):",
    "lobby.reveal.spread": "{problem}: placeret fra {low} til {high}",
    "lobby.reveal.revised": "{role} reviderede: {changes}",
    "lobby.reveal.moved": "{problem} {before}→{after}",
    "lobby.reveal.unchanged": "samme rækkefølge",
    "lobby.reveal.no_revisions": (
        "Ingen rolle har revideret endnu; med r kan en rolle revidere én gang."
    ),
    "lobby.reveal.pick": "Hvilken rolle reviderer nu?",
    # --- keys ----------------------------------------------------------------------------
    "lobby.key.role": "Skift rolle",
    "lobby.key.remove": "Fjern",
    "lobby.key.start": "Start",
    "lobby.key.quit": "Afslut",
    "lobby.key.review": "Gennemse runder",
    "lobby.key.up": "Flyt op",
    "lobby.key.down": "Flyt ned",
    "lobby.key.top": "Øverst",
    "lobby.key.submit": "Indsend",
    "lobby.key.back": "Tilbage",
    "lobby.key.ready": "Klar",
    "lobby.key.stay": "Bliv",
    "lobby.key.revise": "Revidér",
    "lobby.key.advance": "Næste fase",
    "lobby.key.next_role": "Næste rolle",
    "lobby.key.help": "Hjælp",
}
