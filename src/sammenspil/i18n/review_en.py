"""English texts of the screens for reviewing saved rounds, replay, comparison and help."""

CATALOG: dict[str, str] = {}
