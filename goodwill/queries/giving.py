"""Read side of giving: needs, offers, gives, introductions, and who could help.

Other areas call ``needs_you_can_meet`` (Today, the digest) and ``person_giving``
(the person page).
"""

from __future__ import annotations


def person_giving(owner, person):
    """What the person page shows about giving: their needs and offers, what you have
    done for each other. None while there is nothing to show."""
    return None


def needs_you_can_meet(owner, *, limit: int = 5) -> list:
    """Open needs that you, or someone in your network, could meet, best first:
    a list of (need, [Match, ...])."""
    from goodwill.services.matching import open_needs_with_helpers

    return open_needs_with_helpers(owner, limit=limit)
