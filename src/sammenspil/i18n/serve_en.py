"""English texts of the workshop server: its tables' names and what the SSH front door says."""

CATALOG: dict[str, str] = {
    "serve.table": "Table {n}",
    "ssh.no_pty": (
        "Sammenspil needs a terminal: connect with plain ssh, without a command or -T: {command}"
    ),
    "ssh.bad_name": (
        "'{name}' cannot be your name at the table: {problem}. Connect with another name: {command}"
    ),
    "ssh.reserved_name": (
        "'{name}' is the name of the facilitator's console. Connect with your own name: {command}"
    ),
    "ssh.name_live": (
        "{name} is already connected. Pick another name ({command}), or ask the facilitator "
        "to let you take over this seat, then connect again."
    ),
    "ssh.other_name": "othername",
    "ssh.taken_over": "your seat was taken over by a new connection under your name",
    "ssh.full": "The server is full ({n} sessions). Try again in a while, or tell the facilitator.",
    "ssh.no_app": "The game could not be started here ({error}). Tell the facilitator.",
    "ssh.too_many": "too many connections from your address ({n}); close one and try again",
    "ssh.locked_out": "too many wrong join codes from your address; try again in {seconds} seconds",
    "ssh.idle": (
        "disconnected after {minutes} minutes without a key pressed; connect again to return "
        "to your seat"
    ),
    "ssh.stopping": "the workshop server is stopping; every move is saved",
    "serve.console_code": "Join code: {code}",
    "web.wrong_code": "That is not the join code. Look at the facilitator's screen and try again.",
    "web.bad_name": "'{name}' cannot be your name at the table: {problem}. Pick another name.",
    "web.name_live": (
        "{name} is already connected. Pick another name, or ask the facilitator to let you "
        "take over this seat, then try again."
    ),
    "web.locked_out": "too many wrong join codes; try again in {seconds} seconds",
    "web.too_many_tries": "too many tries; reload the page to start again",
    "web.login.title": "Join the workshop",
    "web.login.name": "Your name at the table",
    "web.login.code": "The join code",
    "web.login.go": "Join",
    "web.login.waiting": "Logging in ...",
    "web.login.no_door": "The workshop server cannot be reached ({error}). Tell the facilitator.",
    "web.login.empty": "Type your name and the join code.",
}
