"""Danish texts of the screens for responding, dilemmas and the score screen."""

CATALOG: dict[str, str] = {
    # the argument box and its dialog
    "play.words": "{n} af {need} ord",
    "play.words.free": "{n} ord",
    "play.words.short": "For kort: et argument tæller fra {need} ord. Sig hvorfor.",
    "play.dialog.keys": "Enter eller ctrl+s: gem · Escape: fortryd",
    # respond
    "play.no_role": "ingen rolle",
    "play.key.place": "Læg kort",
    "play.key.endorse": "Støt",
    "play.key.challenge": "Udfordr",
    "play.key.withdraw": "Træk tilbage",
    "play.key.advance": "Næste fase",
    "play.respond.title": "Svar · {table} · {player} ({role})",
    "play.respond.changes": "Ændringer",
    "play.respond.effort": "Indsats",
    "play.respond.problems": "Problemer, i fælles rækkefølge",
    "play.respond.placements": "Lagt på: {problem}",
    "play.respond.none": "Intet lagt her endnu.",
    "play.respond.hand": "{role}s hånd · ● passer til problemet",
    "play.respond.no_hand": "Ingen hånd: du har ingen rolle",
    "play.respond.empty_hand": "Hånden er tom.",
    "play.respond.effort_of": "indsats {effort}",
    "play.respond.withdrawn": "trukket tilbage",
    "play.respond.place_title": "Læg '{remedy}' på '{problem}': hvorfor?",
    "play.respond.endorse_title": "Støt {role}s '{remedy}' (en kommentar er valgfri)",
    "play.respond.challenge_title": "Udfordr {role}s '{remedy}': hvad er der galt?",
    # dilemmas
    "play.key.lean_left": "Mod venstre",
    "play.key.lean_right": "Mod højre",
    "play.key.commit": "Gem holdning",
    "play.dilemmas.title": "Dilemmaer · {table} · {player} ({role})",
    "play.dilemmas.how": "←/→ eller 1-5 flytter dit mærke; Enter gemmer det med et argument.",
    "play.dilemmas.answered": "{n} har svaret",
    "play.dilemmas.none": "Der blev ikke delt dilemmaer ud.",
    "play.dilemmas.nobody": "Ingen rolle har taget stilling til dette dilemma endnu.",
    "play.dilemmas.why": "{question}: hvorfor {value}?",
    # at gå videre (ved ét tastatur spørger n først)
    "play.key.keep": "Behold det",
    "play.respond.withdraw_ask": (
        "Træk »{remedy}« tilbage fra »{problem}«? Tilbagetrækningen gemmes med det samme og kan "
        "ikke fortrydes."
    ),
    "play.key.move_on": "Gå videre",
    "play.advance.to": (
        "Gå videre til fasen »{phase}«? Derefter: {step}. Fasen »{current}« kan ikke åbnes igen."
    ),
    "play.advance.lock": (
        "Lås runden og beregn scoren? Bagefter kan ingen rolle ændre sine svar på "
        "dilemmaerne, sine løsninger eller sin rangordning."
    ),
    "play.advance.owed": "Ikke alle roller har gjort, hvad fasen beder om:",
    "play.advance.answered.one": "{role}: {answered} af {n} dilemma besvaret",
    "play.advance.answered.many": "{role}: {answered} af {n} dilemmaer besvaret",
    "play.advance.keys": "y: gå videre   n: bliv",
    # score
    "play.key.export_markdown": "Eksportér Markdown",
    "play.key.export_html": "Eksportér HTML",
    "play.score.title": "Point · {table}",
    "play.score.scoring": "Giver runden point…",
    "play.score.total": "I alt",
    "play.score.weight": "vægt {weight}",
    "play.score.saved": "Gemt i {path}",
    "play.score.overwrite": "{path} findes. Erstat den? y: erstat · n: behold den",
    "play.score.failed": "Runden kunne ikke gives point: {error}",
    "play.score.exported": "Eksporteret til {path}",
    "play.score.export_failed": "Kunne ikke skrive {path}: {error}",
}
