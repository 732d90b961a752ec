"""English texts of the facilitator console: the tables, its questions, the projector."""

CATALOG: dict[str, str] = {
    # --- keys in the footer, the help and the command palette ------------------------------
    "console.key.start": "Start",
    "console.key.advance": "Advance",
    "console.key.lock": "Lock and score",
    "console.key.countdown": "Countdown",
    "console.key.remove": "Remove player",
    "console.key.takeover": "Allow takeover",
    "console.key.open": "Open table",
    "console.key.projector": "Projector",
    "console.key.review": "Review",
    "console.key.report": "Report",
    "console.report.written": "Workshop report written: {path}",
    "console.report.failed": "No workshop report: {error}",
    "console.key.help": "Help",
    "console.key.quit": "Quit",
    "console.key.back": "Back",
    "console.key.yes": "Yes",
    "console.key.no": "No",
    "console.key.ok": "OK",
    "console.key.cancel": "Cancel",
    # --- the tables at a glance ------------------------------------------------------------
    "console.title": "Facilitator console",
    "console.col.table": "Table",
    "console.col.phase": "Phase",
    "console.col.players": "Players",
    "console.col.waiting": "Still to act",
    "console.col.total": "Score",
    "console.summary.one": "{n} table · {connected} of {seated} players connected",
    "console.summary.many": "{n} tables · {connected} of {seated} players connected",
    "console.empty": "No tables yet: o opens one.",
    "console.away": "away",
    "console.spectator": "spectator",
    "console.facilitator": "facilitator",
    "console.no_role": "no role",
    "console.nobody": "–",
    "console.countdown.left": "{time} left",
    "console.countdown.over": "{time} over",
    "console.lost": (
        "The connection to the table server is lost; the console shows the last it heard."
    ),
    # --- questions -------------------------------------------------------------------------
    "console.lock.ask": "Lock table '{table}' and score it? Nobody can make a move there after.",
    "console.countdown.ask": "Countdown for table '{table}', in minutes (0 stops it):",
    "console.countdown.bad": "'{text}' is not a number of minutes from 0 to 1440",
    "console.remove.pick": "Remove whom from table '{table}'?",
    "console.remove.ask": (
        "Remove {player} from table '{table}'? Their connection is cut and they leave the round."
    ),
    "console.takeover.pick": "Whose seat at table '{table}' may the next connection take over?",
    "console.open.ask": "Name of the new table:",
    "console.open.empty": "a table needs a name",
    "console.no_players": "Nobody sits at table '{table}'.",
    "console.quit.ask": "Leave the console? The tables go on.",
    "console.quit.ask_server": (
        "Quit? This stops the server for everyone; every table is saved first."
    ),
    # --- what was done ---------------------------------------------------------------------
    "console.done.start": "Table '{table}' is dealt.",
    "console.done.advance": "Table '{table}' moved on.",
    "console.done.advance_to": "Table '{table}' moved on to the {phase} phase.",
    "console.done.lock": "Table '{table}' is locked and scored.",
    "console.done.countdown": "Table '{table}': a countdown of {minutes} min.",
    "console.done.countdown_stopped": "Table '{table}': the countdown is stopped.",
    "console.done.remove": "{player} left table '{table}'.",
    "console.done.takeover": "The next connection as {player} takes the seat over.",
    "console.done.open": "Table '{table}' is open.",
    # --- the projector ---------------------------------------------------------------------
    "console.projector.total": "Score",
    "console.projector.scoring": "Scoring…",
    "console.projector.provisional": "So far: the round is not finished.",
    "console.projector.final": "Final score",
    "console.projector.failed": "The save of table '{table}' could not be read: {error}",
    "console.projector.gone": "Table '{table}' is no longer on the server.",
    # --- running it ------------------------------------------------------------------------
    "console.not_connected": "The console could not reach the table server: {error}",
    "console.crashed": (
        "The console stopped after an unexpected error ({error}); the details are in {log}"
    ),
    "review.help.topic.console": (
        "Every table of the workshop, live: its phase, who sits where and whether they are "
        "connected, which roles the phase still waits for, how long it has run, its countdown "
        "and its score so far. Pick a table with the arrows and steer it with the keys below."
    ),
    "review.help.topic.projector": (
        "The selected table's score, large enough to read from the back of the room: the total "
        "and a bar per heuristic, refreshed whenever the table changes."
    ),
}
