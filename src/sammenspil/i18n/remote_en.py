"""English texts of the player's app over the workshop server: the server's lobby, the waiting
room, the activity feed, the countdown and the end of a connection."""

CATALOG: dict[str, str] = {
    # keys in the footer
    "remote.key.join": "Join",
    "remote.key.watch": "Watch",
    "remote.key.quit": "Quit",
    "remote.key.role": "Take role",
    # the server's lobby
    "remote.lobby.title": "Tables on this server",
    "remote.lobby.col.table": "Table",
    "remote.lobby.col.phase": "Phase",
    "remote.lobby.col.seats": "Seats",
    "remote.lobby.loading": "Asking the server for its tables…",
    "remote.lobby.none": "The server has no tables yet. The facilitator opens them; this list "
    "refreshes by itself.",
    "remote.lobby.help": "Enter joins the highlighted table as a player (you choose your role "
    "there); w watches it as a spectator.",
    "remote.lobby.empty_seats": "nobody yet",
    "remote.lobby.away": "away",
    "remote.lobby.spectator": "spectator",
    "remote.lobby.facilitator": "facilitator",
    "remote.lobby.no_role": "no role yet",
    "remote.lobby.joining": "Joining table '{table}'…",
    "remote.lobby.back": "Back to your seat at table '{table}'…",
    # the waiting room
    "remote.wait.title": "Table '{table}' · waiting room",
    "remote.wait.status": "Waiting for the facilitator to start the round.",
    "remote.wait.ranking": "The roles are ranking; every ranking shows at the reveal. Still "
    "ranking: {roles}.",
    "remote.wait.you": "You are {player}, {role}.",
    "remote.wait.you_spectator": "You are {player}, watching as a spectator.",
    "remote.wait.seats": "Who sits where",
    "remote.wait.roles": "Roles: Enter takes the highlighted one",
    "remote.wait.seat": "{player} · {role}",
    "remote.wait.away": "(away)",
    "remote.wait.chosen": "You now play {role}.",
    # the feed and the countdown
    "remote.feed.title": "Latest moves",
    "remote.feed.empty": "No moves yet.",
    "remote.feed.move": "{player}: {sentence}",
    "remote.feed.hidden": "{role} submitted a ranking (hidden until the reveal)",
    "remote.clock.left": "{time} left",
    "remote.clock.over": "time is up",
    # the end of a connection
    "remote.ended.title": "Disconnected",
    "remote.ended.lost": "The connection to the table server was lost.",
    "remote.ended.because": "The server ended the connection: {reason}",
    "remote.ended.how": "Your seat is kept. To come back, connect again with the same name: "
    "you return to the same table and role.",
    "remote.ended.how_ended": "To come back, connect again with the same name; if the "
    "facilitator removed you, ask them first.",
    "remote.ended.quit": "Press q to quit.",
    "remote.revise_own": "You may revise only your own role's ranking.",
}
