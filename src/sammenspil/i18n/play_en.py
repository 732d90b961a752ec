"""English texts of the screens for responding, dilemmas and the score screen."""

CATALOG: dict[str, str] = {
    # the argument box and its dialog
    "play.words": "{n} of {need} words",
    "play.words.free": "{n} words",
    "play.words.short": "Too short: an argument counts from {need} words. Say why.",
    "play.dialog.keys": "Enter or ctrl+s: commit · Escape: cancel",
}
