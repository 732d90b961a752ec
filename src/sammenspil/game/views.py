"""What one seat may see of a table. During the ranking, a role sees only its own order."""

from __future__ import annotations

from sammenspil.game.state import Phase, Table


def submitted_roles(table: Table) -> list[str]:
    """Roles that have ranked: public, unlike what they ranked."""
    return [r for r in table.deck_role_ids() if r in table.rankings]


def view_for(table: Table, viewer: str | None) -> Table:
    """The table as ``viewer`` (a player name, or None for an onlooker) may see it.

    Until the reveal, other roles' rankings are left out entirely, so nothing built on a view
    (a screen, a message on the wire) can leak them.
    """
    if table.phase is not Phase.RANK:
        return table
    player = table.players.get(viewer) if viewer else None
    role = player.role if player and not player.spectator else None
    hidden = {r: k for r, k in table.rankings.items() if r == role}
    return table.model_copy(update={"rankings": hidden})
