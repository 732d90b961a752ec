"""English: the reference catalog. Every other language has exactly these keys and fields."""

from __future__ import annotations

CATALOG: dict[str, str] = {
    # --- lists and small words ---------------------------------------------------------------
    "list.and": " and ",
    "na": "n/a",
    # --- phases ------------------------------------------------------------------------------
    "phase.lobby": "lobby",
    "phase.rank": "ranking",
    "phase.reveal": "reveal",
    "phase.respond": "respond",
    "phase.dilemmas": "dilemmas",
    "phase.scored": "scored",
    # --- what only a facilitator may do (refusal.not_allowed) --------------------------------
    "action.start": "start the round",
    "action.advance": "move the table on",
    "action.lock": "lock the round",
    # --- refusals ----------------------------------------------------------------------------
    "refusal.locked": "the round is locked",
    "refusal.wrong_phase": "it is not the {want} phase (the table is in {phase})",
    "refusal.not_at_table": "{player} has not joined this table",
    "refusal.name_taken": "the name '{player}' is taken at this table",
    "refusal.bad_text": "{detail}",
    "refusal.unknown_role": "there is no role '{role}' in this deck",
    "refusal.role_closed": "the cards are dealt; join one of the roles in play: {roles}",
    "refusal.spectator": "spectators do not play moves",
    "refusal.no_role": "{player} has not chosen a role",
    "refusal.no_roles": "nobody has taken a role yet",
    "refusal.not_allowed": "only the facilitator can {action}",
    "refusal.bad_order": "the ranking must hold each of the table's problems exactly once{detail}",
    "refusal.already_ranked": "{role} has already submitted a ranking",
    "refusal.already_revised": "{role} has already revised once",
    "refusal.not_in_hand": "'{card}' is not in {role}'s hand",
    "refusal.already_placed": "{role} has already placed that card",
    "refusal.unknown_problem": "'{problem}' is not on the table",
    "refusal.few_words": "arguments need at least {n} words",
    "refusal.no_placement": "there is no placement '{placement}'",
    "refusal.not_yours": "only {role} can withdraw its own placement",
    "refusal.withdrawn": "that placement has been withdrawn",
    "refusal.own_placement": "a role cannot endorse or challenge its own placement",
    "refusal.already_reacted": "{role} has already reacted to this placement",
    "refusal.need_comment": "a challenge needs a comment",
    "refusal.unknown_dilemma": "'{dilemma}' is not among the table's dilemmas",
    "refusal.waiting": "waiting for rankings from {roles}",
    "refusal.last_phase": "the round is already in its last phase",
    "refusal.stale": "the table changed since you looked; look again and retry",
    "refusal.already_joined": "{player} has already joined",
    "refusal.same_role": "{player} already sits in that role",
    "refusal.join_by_connecting": "you join a table by connecting to it, not by a move",
    "refusal.not_saved": "the move could not be saved ({detail}); nothing changed",
    "refusal.no_answer": "the table server did not answer in time; look again and retry",
    "refusal.disconnected": "the connection to the table server is closed",
    "refusal.no_table": "there is no table named '{table}' here",
    "refusal.table_exists": "there is already a table named '{table}'",
    "refusal.no_player": "{player} is not at table '{table}'",
    "refusal.no_deck": "this server has no deck to open a table with",
    "serve.removed": "the facilitator removed you from table '{table}'",
    # --- heuristics: titles ------------------------------------------------------------------
    "h.coverage.title": "No central holes",
    "h.chains.title": "Coherence along the chain",
    "h.alignment.title": "Shared analysis",
    "h.focus.title": "Few, central goals",
    "h.pace.title": "A little, all the time",
    "h.culture.title": "Culture and values before rules",
    "h.simplicity.title": "Make it simple",
    "h.ownership.title": "Ownership",
    "h.deliberation.title": "Argue, and answer each other",
    "h.consensus.title": "Considered dilemmas",
    # --- heuristics: explanations and suggestions --------------------------------------------
    "h.nothing_placed": "No remedies were placed.",
    "h.nothing_placed.scored": "No remedies were placed, though the table had its respond phase.",
    "h.nothing_placed.suggest": "Place a few remedies on the problems you ranked highest.",
    "h.said.repeat.one": "{n} text repeats an earlier one, so it does not count as argued.",
    "h.said.repeat.many": "{n} texts repeat earlier ones, so they do not count as argued.",
    "h.said.off-topic.one": (
        "{n} text names neither its cards nor a role, so it does not count as argued."
    ),
    "h.said.off-topic.many": (
        "{n} texts name neither their cards nor a role, so they do not count as argued."
    ),
    "h.said.short.one": "{n} text has fewer than {need} words.",
    "h.said.short.many": "{n} texts have fewer than {need} words.",
    "h.said.empty.one": "{n} move has no text at all.",
    "h.said.empty.many": "{n} moves have no text at all.",
    "h.coverage.no_problems": "No problems were dealt.",
    "h.coverage.covered": (
        "{covered} of the {central} central problems (the top half of the joint ranking) "
        "have a remedy that addresses them."
    ),
    "h.coverage.hole": (
        "No remedy placed addresses {problem}, a central problem (joint rank {rank})."
    ),
    "h.coverage.hole_low": (
        "No remedy placed addresses {problem} (joint rank {rank}); it is not central, so it costs "
        "nothing."
    ),
    "h.coverage.misplaced": "{role} placed {remedy} on {problem}, which it does not address.",
    "h.coverage.suggest.hole": (
        "Find a remedy for {problem} first: it is central and nothing placed addresses it."
    ),
    "h.coverage.suggest.done": "Every central problem is answered; keep it that way.",
    "h.chains.missing": (
        "{role} placed nothing that addresses {problem}, which runs through their chain."
    ),
    "h.chains.no_chains": "No dealt problem runs through two or more of the roles at the table.",
    "h.chains.none": (
        "No problem that runs through two or more roles received a remedy that addresses it."
    ),
    "h.chains.suggest.none": "Answer a problem that crosses levels, together.",
    "h.chains.suggest.ask": "Ask {roles} what they can add to {problem}.",
    "h.chains.complete": "Every role along each answered chain placed a remedy that addresses it.",
    "h.chains.suggest.keep": "Keep answering along the whole chain.",
    "h.alignment.need_two": "Agreement needs rankings from at least two roles.",
    "h.alignment.strong": "the roles agree strongly on what matters most",
    "h.alignment.partly": "the roles partly agree on what matters most",
    "h.alignment.weak": "the roles see what matters most differently",
    "h.alignment.agree": "In the final rankings, {how}.",
    "h.alignment.argued": (
        "{argued} of {n} roles explained their ranking in their own words, about the problems "
        "they put on top; agreement counts only as far as it is explained."
    ),
    "h.alignment.unchanged": (
        "The discussion after the reveal left the roles as much in agreement as before."
    ),
    "h.alignment.closer": "The discussion after the reveal brought the roles closer together.",
    "h.alignment.apart": "After the reveal the roles moved further apart.",
    "h.alignment.explained": "{moved} of {n} roles changed their ranking and said why.",
    "h.alignment.disputed": "The roles differ most on {problem} ({ranks}).",
    "h.alignment.suggest.explain": "Let the roles explain their ranks for {problem}.",
    "h.alignment.suggest.reasons": (
        "Say why you rank as you do: agreement without reasons counts little."
    ),
    "h.alignment.suggest.agree": "The roles agree; check that they agree for the same reasons.",
    "h.focus.on_top": "{on_top} of {n} placements are on the central problems.",
    "h.focus.over_budget": (
        "{n} changes against a budget of {budget}: the score shrinks with every change over it."
    ),
    "h.focus.suggest.withdraw.one": "Withdraw the weakest placement: fewer changes at once.",
    "h.focus.suggest.withdraw.many": (
        "Withdraw the weakest {n} placements: fewer changes at once."
    ),
    "h.focus.suggest.move": "Move effort from the lower problems to the ones ranked highest.",
    "h.focus.suggest.done": "Focused: every change answers a central problem.",
    "h.pace.prepared": "{remedy} is a big bang, prepared on {problem}.",
    "h.pace.unprepared": (
        "{role} placed the big bang {remedy} on {problem} with no preparation beside it."
    ),
    "h.pace.off_problem": "{remedy} does not address {problem}, so it sets no pace there.",
    "h.pace.share": (
        "{good} of {n} placements are small steps or prepared, on a problem they address."
    ),
    "h.pace.suggest.prepare": ("Put a preparation remedy beside {remedy}, or take a smaller step."),
    "h.pace.suggest.done": "Small steps: keep them coming.",
    "h.culture.share": (
        "{soft} of {n} placements are culture, dialogue or fewer rules (target {target})."
    ),
    "h.culture.fewer.one": "{n} placement takes rules away, as the seed advises.",
    "h.culture.fewer.many": "{n} placements take rules away, as the seed advises.",
    "h.culture.rules.one": "{n} placement adds rules.",
    "h.culture.rules.many": "{n} placements add rules.",
    "h.culture.suggest.try": (
        "Try a culture or dialogue remedy where you reached for a rule or a structure."
    ),
    "h.culture.suggest.done": "Culture and dialogue carry the round.",
    "h.simplicity.effort": "Total effort {total} against a budget of {budget}.",
    "h.simplicity.suggest.simpler": "Could {remedy} (effort {effort}) be done more simply?",
    "h.simplicity.suggest.done": "Within the effort budget.",
    "h.ownership.share": "{owned} of {n} placements were made by a role that owns the remedy.",
    "h.ownership.stray": "{role} placed {remedy}, which {owners} would drive.",
    "h.ownership.unowned": "{role} placed {remedy}, which no role owns.",
    "h.ownership.suggest.agree": "Agree who will drive {remedy}.",
    "h.ownership.suggest.done": "Every remedy has its owner at the table.",
    "h.deliberation.nothing": "No rankings, placements or positions to weigh.",
    "h.deliberation.argued": (
        "{argued} of {n} moves give a reason: at least {need} words, about their cards or a "
        "role, and not a repeat of an earlier text."
    ),
    "h.deliberation.answered": (
        "{answered} of {n} placements were answered by another role with a reason."
    ),
    "h.deliberation.blank.one": "{n} reaction came without a word; it answers nothing.",
    "h.deliberation.blank.many": "{n} reactions came without a word; they answer nothing.",
    "h.deliberation.suggest.argue": (
        "Give every move a reason in your own words that the other roles can answer."
    ),
    "h.deliberation.suggest.answer": (
        "Answer each other: support or challenge the placements you do not own, and say why."
    ),
    "h.deliberation.suggest.done": "Argued and answered.",
    "h.consensus.no_dilemmas": "No dilemmas were dealt.",
    "h.consensus.not_reached": "The round did not reach the dilemmas.",
    "h.consensus.considered": (
        "{argued} of {n} dilemma positions (every role on every dilemma) come with a reason."
    ),
    "h.consensus.spread.one": (
        "The roles differ most on '{question}' ({where}: {n} step apart); "
        "a difference, not a fault."
    ),
    "h.consensus.spread.many": (
        "The roles differ most on '{question}' ({where}: {n} steps apart); "
        "a difference, not a fault."
    ),
    "h.consensus.same": "Every role stands at the same point on every dilemma.",
    "h.consensus.suggest.argue": "Give each position a reason: where do you stand, and why?",
    "h.consensus.suggest.accept": "Ask of '{question}': is this a difference you can accept?",
    "h.consensus.suggest.done": "Every position is argued; agreement or not, it is considered.",
    # --- the debrief (exports, and next the score and review screens) ------------------------
    "debrief.title": "Debrief",
    "debrief.table": "Table",
    "debrief.deck": "Deck",
    "debrief.seed": "Seed",
    "debrief.phase": "Phase",
    "debrief.unfinished": "not finished yet: the score below is provisional",
    "debrief.players": "Players",
    "debrief.spectator": "spectator",
    "debrief.no_role": "no role",
    "debrief.rankings": "Rankings",
    "debrief.first": "First rankings",
    "debrief.revised": "Revised rankings",
    "debrief.not_revised": "Did not revise",
    "debrief.not_ranked": "No role has ranked yet.",
    "debrief.nobody_revised": "No role revised its ranking.",
    "debrief.arguments": "Arguments",
    "debrief.joint": "Joint ranking",
    "debrief.weight_w": "w",
    "debrief.agreement": "Agreement",
    "debrief.kendall": "Kendall's W",
    "debrief.before": "before the discussion",
    "debrief.after": "after the discussion",
    "debrief.p": "p",
    "debrief.f": "F test",
    "debrief.permutation": "permutation test",
    "debrief.rbo": "Rank-biased overlap per pair of roles",
    "debrief.roles": "Roles",
    "debrief.need_two": "needs rankings from two or more roles",
    "debrief.placements": "Placements",
    "debrief.no_placements": "No remedies were placed.",
    "debrief.withdrawn": "withdrawn",
    "debrief.endorse": "endorsed",
    "debrief.challenge": "challenged",
    "debrief.by": "by",
    "debrief.player": "Player",
    "debrief.dilemmas": "Dilemmas",
    "debrief.no_dilemmas": "No dilemmas were dealt.",
    "debrief.no_positions": "No positions.",
    "debrief.score": "Score",
    "debrief.total": "Total",
    "debrief.heuristic": "Heuristic",
    "debrief.weight": "Weight",
    "debrief.suggestion": "Suggestion",
    "debrief.chart": "Score per heuristic, 0 to 100",
    # --- comparing two rounds ----------------------------------------------------------------
    "compare.rounds": "Comparing",
    "compare.deck": "deck",
    "compare.total": "Total",
    "compare.heuristic": "Heuristic",
    "compare.delta": "change",
    "compare.joint": "Joint ranking (rank in each round; '-' = not dealt)",
    "compare.problem": "Problem",
    "compare.agree": "Agreed in one round, split in the other (range of the roles' ranks)",
    "compare.agreed": "agreed in",
    "compare.none": (
        "none: no problem dealt in both was agreed in one round and split in the other"
    ),
    "compare.few_roles": "not compared: a round needs rankings from two or more roles",
    "compare.unfinished": "{which} is not finished (phase {phase}): its score is provisional",
    "compare.other_decks": (
        "the rounds use different decks or languages ({a} / {b}): problems are matched by id, "
        "and each round's titles are shown as A / B"
    ),
    # --- the round commands in the terminal --------------------------------------------------
    "cli.report.heuristic": "heuristic",
    "cli.report.weight": "weight",
    "cli.report.score": "score",
    "cli.report.reason": "reason",
    "cli.report.total": "Total",
    "cli.resume.head": "{table} ({deck}), seed {seed}: phase {phase}",
    "cli.resume.players": "  players: {players}",
    "cli.resume.nobody": "none",
    "cli.resume.counts": "  placements: {placements}, events so far: {events}",
    "cli.resume.next": "  next: {step}",
    "cli.who.spectator": "spectator",
    "cli.who.no_role": "no role",
    "cli.report.provisional": (
        "(the round is not finished: phase {phase}; this score is provisional)"
    ),
    "text.what.argument": "the argument",
    "text.what.comment": "the comment",
    "text.what.name": "the name",
    "text.what.table_name": "the table name",
    "text.what.id": "the id",
    "text.too_long": "{what} is too long ({n} characters; at most {most})",
    "text.control": "{what} contains a control character ({code})",
    "text.name_empty": "a name cannot be empty",
    "text.name_spaces": "a name cannot start or end with spaces",
    "next.lobby": (
        "players join and choose roles ({seated} of {roles} roles seated), then start the round"
    ),
    "next.rank": "waiting for rankings from {waiting}; the reveal follows by itself",
    "next.scored": "the round is scored; see `sammenspil score` and `sammenspil export`",
    "next.reveal": "roles discuss the reveal and may revise their ranking once",
    "next.respond": "roles place remedies on problems, endorse and challenge",
    "next.dilemmas": "roles take positions on the dilemmas",
    "next.then": "{step}; then advance to {after}",
    # --- one sentence per event (move feed, replay, debrief) ---------------------------------
    "event.player_joined": "{player} joined the table",
    "event.player_joined.spectator": "{player} joined the table as a spectator",
    "event.player_joined.facilitator": "{player} joined the table as the facilitator",
    "event.player_left": "{player} left the table",
    "event.role_chosen": "{player} took the role {role}",
    "event.dealt": "The cards were dealt (problems: {problems}, dilemmas: {dilemmas})",
    "event.phase_changed": "The table moved on to the {phase} phase",
    "event.ranking_submitted": "{role} submitted a ranking",
    "event.ranking_revised": "{role} revised the ranking, now with {top} first{argument}",
    "event.remedy_placed": "{role} placed {remedy} on {problem}{argument}",
    "event.placement_withdrawn": "{role} withdrew {remedy} from {problem}",
    "event.placement_reacted.endorse": (
        "{role} endorsed the placement of {remedy} on {problem}{comment}"
    ),
    "event.placement_reacted.challenge": (
        "{role} challenged the placement of {remedy} on {problem}{comment}"
    ),
    "event.position_set": "{role} took position {value} of 5 on {question}{argument}",
    "event.placement_withdrawn.bare": "{player} withdrew placement {placement}",
    "event.placement_reacted.endorse.bare": "{role} endorsed placement {placement}{comment}",
    "event.placement_reacted.challenge.bare": "{role} challenged placement {placement}{comment}",
}
