"""The names of the things a command acts on and an event changes, written in one place.

``rules`` refuses a command made against an older view when an event since then changed one of
the command's subjects; that only works if the command and the event spell a subject the same
way, so both build them here. Subjects are narrow on purpose: a player choosing a role is not
refused because someone else sat down meanwhile.
"""

from __future__ import annotations

PHASE = "phase"
"""The phase and everything dealt with it: start, advance and lock all race on this."""


def seat(player: str) -> str:
    """One player's place at the table: joined, left, which role."""
    return f"seat:{player}"


def ranking(role: str) -> str:
    """A role's ranking, first or revised."""
    return f"ranking:{role}"


def card(remedy: str) -> str:
    """A remedy card, so two players of one role cannot both play it."""
    return f"card:{remedy}"


def placement(placement_id: str) -> str:
    """A placement on the table, with its reactions and its withdrawal."""
    return f"placement:{placement_id}"


def position(role: str, dilemma: str) -> str:
    """A role's position on one dilemma."""
    return f"position:{role}:{dilemma}"
