"""English texts of the screens for the lobby, the hand-over, ranking and the reveal."""

CATALOG: dict[str, str] = {}
