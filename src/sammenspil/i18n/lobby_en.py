"""English texts of the screens for the lobby, the hand-over, ranking and the reveal."""

CATALOG: dict[str, str] = {
    # --- the app ---------------------------------------------------------------------------
    "lobby.saved": "saved",
    "lobby.crashed": "sammenspil stopped on an unexpected error ({error}); details in {log}",
    "lobby.too_small": (
        "The window is too small for Sammenspil: it needs at least {width}×{height}. "
        "Make the window larger."
    ),
    "lobby.quit.ask": (
        "Leave the round? Every move is saved: start Sammenspil again and the lobby "
        "offers the round back where it stood.\n\ny: quit   n: stay"
    ),
    "lobby.quit.ask_seated": (
        "Quit? The players seated here are not kept: nothing is saved before the deal."
        "\n\ny: quit   n: stay"
    ),
    # --- the lobby -------------------------------------------------------------------------
    "lobby.title": "Lobby",
    "lobby.decks": "Decks",
    "lobby.rounds": "Unfinished rounds (Enter resumes)",
    "lobby.loading": "Loading decks…",
    "lobby.col.title": "Title",
    "lobby.col.lang": "Lang",
    "lobby.col.cards": "Prob·Rem·Dil",
    "lobby.roles": "Roles",
    "lobby.new_round": "New round",
    "lobby.table_name": "Table",
    "lobby.default_table": "Table 1",
    "lobby.seed": "Seed",
    "lobby.players": "Players",
    "lobby.players_hint": "Type a name, Enter adds it in the next free role; on the list "
    "r changes the role, Delete removes.",
    "lobby.name": "Name",
    "lobby.name_placeholder": "a player's name, then Enter",
    "lobby.name_taken": "{name} is already at the table",
    "lobby.no_players": "(nobody yet)",
    "lobby.spectator": "spectator",
    "lobby.start": "Start (ctrl+s)",
    "lobby.need_deck": "Pick a deck that loads first.",
    "lobby.need_table": "Give the table a name.",
    "lobby.need_seed": "The seed must be a whole number, 0 or more.",
    "lobby.need_players": "Add at least one player with a role.",
    "lobby.origin.bundled": "bundled",
    "lobby.origin.user": "user",
    "lobby.origin.folder": "folder",
    "lobby.origin.file": "file",
    "lobby.deck.broken": "{origin} · cannot be loaded",
    "lobby.deck.fix": "Fix the deck, then check it with `sammenspil deck check`.",
    "lobby.deck.cannot": "This deck cannot be loaded",
    "lobby.deck.none": "No decks found",
    "lobby.deck.none_help": (
        "Put .toml deck files in your deck folder; `sammenspil deck list` shows where it is, "
        "and `sammenspil deck new` writes a starter deck."
    ),
    "lobby.deck.rules": (
        "{problems}, {remedies}, {dilemmas} in the deck.\n"
        "Deals {deal}, {hand} per role and {deal_dilemmas}.\n"
        "Change budget {change} · effort budget {effort} · arguments of {words}+ words."
    ),
    "lobby.n.problem.one": "{n} problem",
    "lobby.n.problem.many": "{n} problems",
    "lobby.n.remedy.one": "{n} remedy",
    "lobby.n.remedy.many": "{n} remedies",
    "lobby.n.dilemma.one": "{n} dilemma",
    "lobby.n.dilemma.many": "{n} dilemmas",
    # --- hand-over -------------------------------------------------------------------------
    "lobby.handover.title": "Hand over the keyboard",
    "lobby.handover.pass": (
        "Pass the keyboard to {role}; press Enter when only they can see the screen."
    ),
    "lobby.handover.still": "Still ranking: {roles}",
    # --- ranking ---------------------------------------------------------------------------
    "lobby.rank.title": "{role}: rank the {n} problems, most pressing first",
    "lobby.rank.revise_title": "{role}: revise the ranking (once)",
    "lobby.rank.waiting": "still ranking: {roles}",
    "lobby.rank.argument": "Why this order?",
    "lobby.rank.sent": "{role}: ranking saved",
    # --- reveal ----------------------------------------------------------------------------
    "lobby.agree.strong": "The roles agree strongly.",
    "lobby.agree.fair": "The roles agree fairly well.",
    "lobby.agree.weak": "The roles agree a little.",
    "lobby.agree.none": "The roles do not agree.",
    "lobby.agree.unknown": "With one ranking there is nothing to compare yet.",
    "lobby.agree.stat": "(Kendall's W = {w})",
    "lobby.reveal.joint": "Joint",
    "lobby.reveal.disputed": "Most disputed (talk about these):",
    "lobby.reveal.spread": "{problem}: placed from {low} to {high}",
    "lobby.reveal.revised": "{role} revised: {changes}",
    "lobby.reveal.moved": "{problem} {before}→{after}",
    "lobby.reveal.unchanged": "the same order",
    "lobby.reveal.no_revisions": "No role has revised yet; r lets a role revise once.",
    "lobby.reveal.pick": "Which role revises now?",
    # --- keys ----------------------------------------------------------------------------
    "lobby.key.role": "Change role",
    "lobby.key.remove": "Remove",
    "lobby.key.start": "Start",
    "lobby.key.quit": "Quit",
    "lobby.key.review": "Review rounds",
    "lobby.key.up": "Move up",
    "lobby.key.down": "Move down",
    "lobby.key.top": "To top",
    "lobby.key.submit": "Submit",
    "lobby.key.back": "Back",
    "lobby.key.ready": "Ready",
    "lobby.key.stay": "Stay",
    "lobby.key.revise": "Revise",
    "lobby.key.advance": "Next phase",
    "lobby.key.next_role": "Next role",
    "lobby.key.help": "Help",
}
