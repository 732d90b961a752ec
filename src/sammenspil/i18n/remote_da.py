"""Danske tekster til spillerens app over workshop-serveren: serverens lobby, venterummet,
aktivitetslisten, nedtællingen og afslutningen af en forbindelse."""

CATALOG: dict[str, str] = {
    # taster i bunden
    "remote.key.join": "Deltag",
    "remote.key.watch": "Se med",
    "remote.key.quit": "Afslut",
    "remote.key.role": "Tag rolle",
    # serverens lobby
    "remote.lobby.title": "Borde på denne server",
    "remote.lobby.col.table": "Bord",
    "remote.lobby.col.phase": "Fase",
    "remote.lobby.col.seats": "Pladser",
    "remote.lobby.loading": "Spørger serveren om dens borde…",
    "remote.lobby.none": "Serveren har ingen borde endnu. Facilitatoren åbner dem; listen "
    "opdaterer sig selv.",
    "remote.lobby.help": "Enter deltager ved det markerede bord som spiller (du vælger din "
    "rolle der); w ser med som tilskuer.",
    "remote.lobby.empty_seats": "ingen endnu",
    "remote.lobby.away": "væk",
    "remote.lobby.spectator": "tilskuer",
    "remote.lobby.facilitator": "facilitator",
    "remote.lobby.no_role": "ingen rolle endnu",
    "remote.lobby.joining": "Går til bordet '{table}'…",
    "remote.lobby.back": "Tilbage til din plads ved bordet '{table}'…",
    # venterummet
    "remote.wait.title": "Bordet '{table}' · venterum",
    "remote.wait.status": "Venter på at facilitatoren starter runden.",
    "remote.wait.ranking": "Rollerne rangerer; alle rangeringer vises ved afsløringen. "
    "Rangerer stadig: {roles}.",
    "remote.wait.you": "Du er {player}, {role}.",
    "remote.wait.you_spectator": "Du er {player} og ser med som tilskuer.",
    "remote.wait.seats": "Hvem sidder hvor",
    "remote.wait.roles": "Roller: Enter tager den markerede",
    "remote.wait.seat": "{player} · {role}",
    "remote.wait.away": "(væk)",
    "remote.wait.chosen": "Du spiller nu {role}.",
    # aktivitet og nedtælling
    "remote.feed.title": "Seneste træk",
    "remote.feed.empty": "Ingen træk endnu.",
    "remote.feed.move": "{player}: {sentence}",
    "remote.feed.hidden": "{role} afleverede en rangering (skjult til afsløringen)",
    "remote.clock.left": "{time} tilbage",
    "remote.clock.over": "tiden er gået",
    # når forbindelsen slutter
    "remote.ended.title": "Forbindelsen er afbrudt",
    "remote.ended.lost": "Forbindelsen til bordserveren blev afbrudt.",
    "remote.ended.because": "Serveren afsluttede forbindelsen: {reason}",
    "remote.ended.how": "Din plads er gemt. Forbind igen med samme navn for at komme tilbage: "
    "du kommer til samme bord og rolle.",
    "remote.ended.how_ended": "Forbind igen med samme navn for at komme tilbage; har "
    "facilitatoren fjernet dig, så spørg først.",
    "remote.ended.quit": "Tryk q for at afslutte.",
    "remote.revise_own": "Du kan kun revidere din egen rolles rangering.",
}
