"""Who could meet a need: a lexical / structured matcher over the owner's network.

Interface used by the giving area (need pages, `goodwill need match`), the person page,
Today and the digest. Never crosses accounts: every function takes the owner.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Match:
    """Someone who could meet a need, with the reasons shown to the user."""

    person_id: int
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)  # e.g. "React developer (title)"


@dataclass
class NeedMatch:
    """An open need of someone else that a given person could meet."""

    need_id: int
    text: str
    person_id: int  # whose need it is
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)


def match_need(owner, need, *, limit: int = 10) -> list[Match]:
    """People (you included) who could meet ``need``, best first; never its own person."""
    return []


def match_text(owner, text: str, *, limit: int = 10) -> list[Match]:
    """The same matcher for free text ("someone offering React help")."""
    return []


def needs_person_can_meet(owner, person, *, limit: int = 10) -> list[NeedMatch]:
    """Open needs of other people that ``person`` could meet, best first."""
    return []


def open_needs_with_helpers(owner, *, limit: int = 5, per_need: int = 3) -> list[tuple]:
    """(need, [Match, ...]) for open needs that someone can meet, best first.
    Today and the digest call this through goodwill.queries.giving.needs_you_can_meet."""
    return []
