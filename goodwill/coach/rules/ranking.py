"""The rules of Today, in one place: which action comes first, and how many of each.

Every candidate action has a kind and ``days_overdue`` (how long it has waited past its
day; 0 = due today, negative = not due yet). Its score is the kind's weight plus one
point per day overdue, capped at OVERDUE_CAP, so waiting raises an action within its
band but never lifts a catch-up above an overdue lead. Time-bound kinds (an event today
or tomorrow, people met at one) sit high because tomorrow they are worth much less.

Then variety: at most PER_KIND actions of one kind, unless there is nothing else to show,
and never more than LIMIT in all. Ties go to the older action, then the key.
"""

from __future__ import annotations

LIMIT = 5
OVERDUE_CAP = 14
PER_KIND = 2

# kind -> weight. Keep the gaps wider than OVERDUE_CAP where one kind must beat another.
WEIGHTS = {
    "lead": 100,  # a prospect waiting for first contact
    "event": 95,  # prepare for today's or tomorrow's event; debrief yesterday's
    "met": 90,  # people met at an event: follow up within 48 hours
    "report_back": 80,  # a referrer waiting to hear back
    "intro": 70,  # an introduction half made
    "follow_up": 60,  # an invite with no reply: follow up once
    "need": 50,  # a need you or your network can meet
    "catch_up": 30,  # a keep-in-touch rhythm that is due
    "launch": 20,  # the next step of the launch plan
}
# Kinds whose extra copies still show when a slot would otherwise stay empty.
ONLY_ONE = {"launch"}


def score(kind: str, days_overdue: int) -> int:
    return WEIGHTS[kind] + max(min(days_overdue, OVERDUE_CAP), -OVERDUE_CAP)


def sort_key(action) -> tuple:
    return (-score(action.kind, action.days_overdue), -action.days_overdue, action.key)


def rank(candidates, *, limit: int = LIMIT, hidden: set[str] | frozenset = frozenset()):
    """The actions to show, best first: hidden keys dropped, variety applied, cut to limit.

    ``candidates`` are objects with ``key``, ``kind`` and ``days_overdue``.
    """
    ordered = sorted((a for a in candidates if a.key not in hidden), key=sort_key)
    seen: set[str] = set()
    shown, spare, counts = [], [], {}
    for action in ordered:
        if action.key in seen:
            continue
        seen.add(action.key)
        cap = 1 if action.kind in ONLY_ONE else PER_KIND
        if counts.get(action.kind, 0) < cap:
            counts[action.kind] = counts.get(action.kind, 0) + 1
            shown.append(action)
        elif action.kind not in ONLY_ONE:
            spare.append(action)
    if len(shown) < limit:
        shown = sorted([*shown, *spare[: limit - len(shown)]], key=sort_key)
    return shown[:limit]
