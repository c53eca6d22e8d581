"""Need ↔ need: one person's need is another's turned around. Pure: no database.

"Looking for a design job" and "hiring a designer" meet: the first seeks work in a field,
the second wants someone for it. A need is read as *hiring* when it says so (hiring,
recruiting, "looking to hire"), as *seeking work* when it names a job, a role, a position,
work or clients; what is left once those words are gone (stemmed with the matcher's
stemmer, so "designer" meets "design") is the field. Two people pair when their fields
share a word. The reason says both needs in the user's own words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from goodwill.giving.matching.text import stems

_HIRE = re.compile(r"\b(hiring|hire|recruit\w*|vacanc\w*|looking to (?:hire|find|bring on))\b")
_SEEK = re.compile(
    r"\b(jobs?|roles?|positions?|work as|employment|opening|openings|career|gig|gigs|"
    r"internship|clients?|freelance work|new job|looking for work)\b"
)
_NOT_FIELD = set(
    stems(
        "hiring hire recruiting recruiter looking for a an the new job jobs role roles "
        "position positions work working employment opening career gig internship client "
        "clients freelance someone person people help need needs wants want find junior "
        "senior lead"
    )
)


@dataclass(frozen=True)
class NeedText:
    need_id: int
    person_id: int
    text: str


@dataclass(frozen=True)
class Pair:
    seeker: NeedText  # the person looking for work
    hirer: NeedText  # the person looking for someone
    shared: tuple[str, ...]

    @property
    def reason(self) -> str:
        return f"one is looking for “{self.seeker.text}”, the other for “{self.hirer.text}”"


@lru_cache(maxsize=4096)
def side(text: str) -> str:
    """ "hire", "seek" or "" for a need's text."""
    lowered = (text or "").casefold()
    if _HIRE.search(lowered):
        return "hire"
    if _SEEK.search(lowered):
        return "seek"
    return ""


@lru_cache(maxsize=4096)
def field_of(text: str) -> frozenset[str]:
    return frozenset(s for s in stems(text) if s not in _NOT_FIELD and len(s) > 2)


def pairs(needs: list[NeedText], *, limit: int = 3) -> list[Pair]:
    """Seeker ↔ hirer pairs among ``needs`` (different people), newest needs first as
    given, each person in at most one pair."""
    seekers = [(n, field_of(n.text)) for n in needs if side(n.text) == "seek"]
    hirers = [(n, field_of(n.text)) for n in needs if side(n.text) == "hire"]
    used: set[int] = set()
    found: list[Pair] = []
    for seeker, wants in seekers:
        if seeker.person_id in used:
            continue
        for hirer, offers in hirers:
            if hirer.person_id in used or hirer.person_id == seeker.person_id:
                continue
            shared = wants & offers
            if shared:
                found.append(Pair(seeker, hirer, tuple(sorted(shared))))
                used.update({seeker.person_id, hirer.person_id})
                break
        if len(found) >= limit:
            break
    return found
