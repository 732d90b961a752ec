"""English texts of the screens for responding, dilemmas and the score screen."""

CATALOG: dict[str, str] = {}
