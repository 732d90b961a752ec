"""Danish texts of the facilitator console: the tables, its questions, the projector."""

CATALOG: dict[str, str] = {
    # --- keys in the footer, the help and the command palette ------------------------------
    "console.key.start": "Start",
    "console.key.advance": "Videre",
    "console.key.lock": "Lås og scor",
    "console.key.countdown": "Nedtælling",
    "console.key.remove": "Fjern spiller",
    "console.key.takeover": "Tillad overtagelse",
    "console.key.open": "Åbn bord",
    "console.key.projector": "Projektor",
    "console.key.review": "Gennemsyn",
    "console.key.report": "Rapport",
    "console.report.written": "Workshoprapport skrevet: {path}",
    "console.report.failed": "Ingen workshoprapport: {error}",
    "console.key.help": "Hjælp",
    "console.key.quit": "Afslut",
    "console.key.back": "Tilbage",
    "console.key.yes": "Ja",
    "console.key.no": "Nej",
    "console.key.ok": "OK",
    "console.key.cancel": "Fortryd",
    # --- the tables at a glance ------------------------------------------------------------
    "console.title": "Facilitatorkonsol",
    "console.col.table": "Bord",
    "console.col.phase": "Fase",
    "console.col.players": "Spillere",
    "console.col.waiting": "Mangler",
    "console.col.total": "Score",
    "console.summary.one": "{n} bord · {connected} af {seated} spillere forbundet",
    "console.summary.many": "{n} borde · {connected} af {seated} spillere forbundet",
    "console.empty": "Ingen borde endnu: o åbner et.",
    "console.away": "væk",
    "console.spectator": "tilskuer",
    "console.facilitator": "facilitator",
    "console.no_role": "ingen rolle",
    "console.nobody": "–",
    "console.countdown.left": "{time} tilbage",
    "console.countdown.over": "{time} over",
    "console.lost": "Forbindelsen til bordserveren er tabt; konsollen viser det sidste, den hørte.",
    # --- questions -------------------------------------------------------------------------
    "console.lock.ask": "Lås bordet '{table}' og scor det? Derefter kan ingen trække der.",
    "console.countdown.ask": "Nedtælling for bordet '{table}', i minutter (0 stopper den):",
    "console.countdown.bad": "'{text}' er ikke et antal minutter fra 0 til 1440",
    "console.remove.pick": "Hvem skal fjernes fra bordet '{table}'?",
    "console.remove.ask": (
        "Fjern {player} fra bordet '{table}'? Forbindelsen afbrydes, og de forlader runden."
    ),
    "console.takeover.pick": "Hvis plads ved bordet '{table}' må den næste forbindelse overtage?",
    "console.open.ask": "Navnet på det nye bord:",
    "console.open.empty": "et bord skal have et navn",
    "console.no_players": "Ingen sidder ved bordet '{table}'.",
    "console.quit.ask": "Forlad konsollen? Bordene fortsætter.",
    "console.quit.ask_server": ("Afslut? Det stopper serveren for alle; hvert bord gemmes først."),
    # --- what was done ---------------------------------------------------------------------
    "console.done.start": "Bordet '{table}' har fået kort.",
    "console.done.advance": "Bordet '{table}' gik videre.",
    "console.done.advance_to": "Bordet '{table}' gik videre til {phase}-fasen.",
    "console.done.lock": "Bordet '{table}' er låst og scoret.",
    "console.done.countdown": "Bordet '{table}': en nedtælling på {minutes} min.",
    "console.done.countdown_stopped": "Bordet '{table}': nedtællingen er stoppet.",
    "console.done.remove": "{player} forlod bordet '{table}'.",
    "console.done.takeover": "Den næste forbindelse som {player} overtager pladsen.",
    "console.done.open": "Bordet '{table}' er åbent.",
    # --- the projector ---------------------------------------------------------------------
    "console.projector.total": "Score",
    "console.projector.scoring": "Scorer…",
    "console.projector.provisional": "Indtil nu: runden er ikke færdig.",
    "console.projector.final": "Endelig score",
    "console.projector.failed": "Gemmefilen for bordet '{table}' kunne ikke læses: {error}",
    "console.projector.gone": "Bordet '{table}' er ikke længere på serveren.",
    # --- running it ------------------------------------------------------------------------
    "console.not_connected": "Konsollen kunne ikke nå bordserveren: {error}",
    "console.crashed": (
        "Konsollen stoppede efter en uventet fejl ({error}); detaljerne står i {log}"
    ),
    "review.help.topic.console": (
        "Alle workshoppens borde, live: fasen, hvem der sidder hvor, og om de er forbundet, "
        "hvilke roller fasen stadig venter på, hvor længe den har varet, dens nedtælling og "
        "scoren indtil nu. Vælg et bord med piletasterne, og styr det med tasterne herunder."
    ),
    "review.help.topic.projector": (
        "Det valgte bords score, stor nok til at læses bagerst i lokalet: totalen og en bjælke "
        "pr. heuristik, opdateret hver gang bordet ændrer sig."
    ),
}
