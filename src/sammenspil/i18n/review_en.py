"""English texts of the screens for reviewing saved rounds, replay, comparison and help."""

CATALOG: dict[str, str] = {
    # --- keys in the footer and in the help ------------------------------------------------
    "review.key.quit": "Quit",
    "review.key.help": "Help",
    "review.key.open": "Open",
    "review.key.replay": "Replay",
    "review.key.mark": "Mark",
    "review.key.compare": "Compare",
    "review.key.back": "Back",
    "review.key.next": "Next",
    "review.key.previous": "Previous",
    "review.key.first": "First",
    "review.key.last": "Last",
    "review.key.close": "Close",
    # --- the list of saved rounds ----------------------------------------------------------
    "review.title": "Review",
    "review.heading": "Saved rounds in {folder}",
    "review.col.updated": "Updated (UTC)",
    "review.col.table": "Table",
    "review.col.deck": "Deck",
    "review.col.phase": "Phase",
    "review.col.score": "Score",
    "review.broken": "broken",
    "review.hint": "Enter opens a round · r replays it · space marks two rounds, c compares them",
    "review.loading": "Reading the saved rounds…",
    "review.empty": (
        "No saved rounds in {folder}. Play a round first, or name another folder with --saves."
    ),
    "review.count.one": "1 round",
    "review.count.many": "{n} rounds",
    "review.differs": "! the stored score differs from what the events score to",
    "review.broken_title": "This save cannot be read",
    "review.mark_two": "Mark two rounds with space (or one, and put the cursor on the other), "
    "then press c.",
    "review.marked_broken": "A broken save cannot be compared.",
    "review.opening": "Opening…",
    # --- one round ---------------------------------------------------------------------------
    "review.round.title": "Round",
    "review.round.meta": "Deck {deck} v{version} · seed {seed} · {phase}",
    "review.round.placed": "{role} placed {remedy} on {problem}",
    "review.round.position": "{role} ({player}): {value} of 5",
    "review.round.poles": "1 = {left} · 5 = {right}",
    "review.round.total": "Total: {total}",
    "review.round.provisional": "The round is not finished: this score is provisional.",
    # --- the replay --------------------------------------------------------------------------
    "review.replay.title": "Replay",
    "review.replay.start": "The round '{table}' begins with the deck '{deck}' (seed {seed}).",
    "review.replay.step": "Step {step} of {count}",
    "review.replay.events": "Events",
    "review.replay.state": "The table after this step",
    "review.replay.phase": "Phase: {phase}",
    "review.replay.players": "Players",
    "review.replay.no_players": "Nobody has joined yet.",
    "review.replay.rankings": "Rankings",
    "review.replay.revised": "Revised rankings",
    "review.replay.none": "none yet",
    "review.replay.placements": "Placements",
    "review.replay.positions": "Positions",
    "review.replay.reactions": "{endorsed} endorsed, {challenged} challenged",
    # --- two rounds side by side ---------------------------------------------------------
    "review.compare.title": "Comparison",
    "review.compare.score": "Score",
    # --- help ----------------------------------------------------------------------------------
    "review.help.title": "Help",
    "review.help.now": "What this screen is for",
    "review.help.keys": "Keys",
    "review.help.close": "Esc or F1 closes the help.",
    "review.help.no_keys": "No keys apply here.",
    "review.help.general": "Sammenspil: a card game on coherence across the levels of government.",
    "review.help.phase.lobby": (
        "The lobby: players join the table and each picks a role (the state, the regions, the "
        "municipalities) or watches. When every role has a player, start the round to deal."
    ),
    "review.help.phase.rank": (
        "Ranking: each role puts the dealt problems in order, most pressing first, and writes an "
        "argument for its order. Rankings stay hidden until every role has ranked."
    ),
    "review.help.phase.reveal": (
        "The reveal: the roles' rankings side by side, the joint ranking and how far the roles "
        "agree. Discuss; each role may revise its ranking once, with an argument."
    ),
    "review.help.phase.respond": (
        "Respond: place remedy cards from your hand on the problems, each with an argument, "
        "within your change and effort budgets. Endorse or challenge other roles' placements, or "
        "withdraw your own."
    ),
    "review.help.phase.dilemmas": (
        "Dilemmas: each role takes a position from 1 to 5 between the two poles of every "
        "dilemma, with an argument. Lock the round when every role has answered."
    ),
    "review.help.phase.scored": (
        "The round is scored: the total and each heuristic with its explanation. Export the "
        "debrief, or review the round to replay it step by step."
    ),
    "review.help.topic.list": (
        "The saved rounds, newest first, each score recomputed from its events. Open a round to "
        "see its rankings, placements, positions and score; replay it event by event; mark two "
        "rounds to compare them side by side."
    ),
    "review.help.topic.round": (
        "One saved round as it ended: the rankings with their arguments, the joint ranking and "
        "the agreement, every placement with its argument and reactions, the positions on the "
        "dilemmas and the score. Replay it to see how it got there."
    ),
    "review.help.topic.replay": (
        "The round's events one at a time, each in words, with the table as it stood after it: "
        "phase, rankings, placements and positions. Step forward and back, or jump to the first "
        "or the last event; the list can be scrolled and clicked too."
    ),
    "review.help.topic.compare": (
        "Two rounds side by side: totals and each heuristic (change = B minus A), where each "
        "round put each problem in its joint ranking, and the problems the roles agreed on in "
        "one round but not in the other."
    ),
}
