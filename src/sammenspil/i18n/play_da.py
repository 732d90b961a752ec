"""Danish texts of the screens for responding, dilemmas and the score screen."""

CATALOG: dict[str, str] = {
    # the argument box and its dialog
    "play.words": "{n} af {need} ord",
    "play.words.free": "{n} ord",
    "play.words.short": "For kort: et argument tæller fra {need} ord. Sig hvorfor.",
    "play.dialog.keys": "Enter eller ctrl+s: gem · Escape: fortryd",
}
