"""English texts of the screens for responding, dilemmas and the score screen."""

CATALOG: dict[str, str] = {
    # the argument box and its dialog
    "play.words": "{n} of {need} words",
    "play.words.free": "{n} words",
    "play.words.short": "Too short: an argument counts from {need} words. Say why.",
    "play.dialog.keys": "Enter or ctrl+s: commit · Escape: cancel",
    # respond
    "play.no_role": "no role",
    "play.key.place": "Place card",
    "play.key.endorse": "Endorse",
    "play.key.challenge": "Challenge",
    "play.key.withdraw": "Withdraw",
    "play.key.advance": "Next phase",
    "play.respond.title": "Respond · {table} · {player} ({role})",
    "play.respond.changes": "Changes",
    "play.respond.effort": "Effort",
    "play.respond.problems": "Problems, in the joint ranking",
    "play.respond.placements": "Placed on: {problem}",
    "play.respond.none": "Nothing placed here yet.",
    "play.respond.hand": "Hand of {role} · ● fits the problem",
    "play.respond.no_hand": "No hand: you hold no role",
    "play.respond.empty_hand": "The hand is empty.",
    "play.respond.effort_of": "effort {effort}",
    "play.respond.withdrawn": "withdrawn",
    "play.respond.place_title": "Place '{remedy}' on '{problem}': why?",
    "play.respond.endorse_title": "Endorse {role}'s '{remedy}' (a comment is optional)",
    "play.respond.challenge_title": "Challenge {role}'s '{remedy}': what is wrong with it?",
    # dilemmas
    "play.key.lean_left": "Lean left",
    "play.key.lean_right": "Lean right",
    "play.key.commit": "Commit position",
    "play.dilemmas.title": "Dilemmas · {table} · {player} ({role})",
    "play.dilemmas.how": "←/→ or 1-5 moves your mark; Enter commits it with an argument.",
    "play.dilemmas.answered": "{n} answered",
    "play.dilemmas.none": "No dilemmas were dealt.",
    "play.dilemmas.nobody": "No role has taken a position on this dilemma yet.",
    "play.dilemmas.why": "{question}: why {value}?",
    # moving the table on (at one keyboard n asks first)
    "play.key.keep": "Keep it",
    "play.respond.withdraw_ask": (
        "Withdraw '{remedy}' from '{problem}'? A withdrawal is saved at once and cannot be undone."
    ),
    "play.key.move_on": "Move on",
    "play.advance.to": (
        "Move the table on to the {phase} phase? Then {step}. The {current} phase cannot be "
        "reopened."
    ),
    "play.advance.lock": (
        "Lock the round and score it? Afterwards no role can change its answers to the "
        "dilemmas, its remedies or its ranking."
    ),
    "play.advance.owed": "Not every role has done what this phase asks:",
    "play.advance.answered.one": "{role}: {answered} of {n} dilemma answered",
    "play.advance.answered.many": "{role}: {answered} of {n} dilemmas answered",
    "play.advance.keys": "y: move on   n: stay",
    # score
    "play.key.export_markdown": "Export Markdown",
    "play.key.export_html": "Export HTML",
    "play.score.title": "Score · {table}",
    "play.score.scoring": "Scoring the round…",
    "play.score.total": "Total",
    "play.score.weight": "weight {weight}",
    "play.score.saved": "Saved in {path}",
    "play.score.overwrite": "{path} exists. Replace it? y: replace · n: keep it",
    "play.score.failed": "The round could not be scored: {error}",
    "play.score.exported": "Exported to {path}",
    "play.score.export_failed": "Could not write {path}: {error}",
}
