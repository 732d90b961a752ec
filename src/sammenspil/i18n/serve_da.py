"""Danske tekster til workshopserveren: bordenes navne og det, SSH-indgangen siger."""

CATALOG: dict[str, str] = {
    "serve.table": "Bord {n}",
    "ssh.no_pty": (
        "Sammenspil skal bruge en terminal: forbind med almindelig ssh, uden kommando og uden "
        "-T: {command}"
    ),
    "ssh.bad_name": (
        "'{name}' kan ikke være dit navn ved bordet: {problem}. Forbind med et andet navn: "
        "{command}"
    ),
    "ssh.reserved_name": (
        "'{name}' er navnet på facilitatorens konsol. Forbind med dit eget navn: {command}"
    ),
    "ssh.name_live": (
        "{name} er allerede forbundet. Vælg et andet navn ({command}), eller bed facilitatoren "
        "om at lade dig overtage pladsen, og forbind igen."
    ),
    "ssh.other_name": "andetnavn",
    "ssh.taken_over": "din plads blev overtaget af en ny forbindelse med dit navn",
    "ssh.full": (
        "Serveren er fuld ({n} sessioner). Prøv igen om lidt, eller sig det til facilitatoren."
    ),
    "ssh.no_app": "Spillet kunne ikke startes her ({error}). Sig det til facilitatoren.",
    "ssh.too_many": "for mange forbindelser fra din adresse ({n}); luk en og prøv igen",
    "ssh.locked_out": "for mange forkerte koder fra din adresse; prøv igen om {seconds} sekunder",
    "ssh.idle": (
        "afbrudt efter {minutes} minutter uden tastetryk; forbind igen for at komme tilbage "
        "til din plads"
    ),
    "ssh.stopping": "workshopserveren stopper; alle træk er gemt",
    "serve.console_code": "Adgangskode: {code}",
    "web.wrong_code": "Det er ikke adgangskoden. Se på facilitatorens skærm, og prøv igen.",
    "web.bad_name": "'{name}' kan ikke være dit navn ved bordet: {problem}. Vælg et andet navn.",
    "web.name_live": (
        "{name} er allerede forbundet. Vælg et andet navn, eller bed facilitatoren om at lade "
        "dig overtage pladsen, og prøv så igen."
    ),
    "web.locked_out": "for mange forkerte adgangskoder; prøv igen om {seconds} sekunder",
    "web.too_many_tries": "for mange forsøg; genindlæs siden for at begynde forfra",
    "web.login.title": "Deltag i workshoppen",
    "web.login.name": "Dit navn ved bordet",
    "web.login.code": "Adgangskoden",
    "web.login.go": "Deltag",
    "web.login.waiting": "Logger ind ...",
    "web.login.no_door": "Workshopserveren kan ikke nås ({error}). Sig det til facilitatoren.",
    "web.login.empty": "Skriv dit navn og adgangskoden.",
}
