"""Today's candidates: what could fill the day, gathered from every area, before planning.

Each ``*_candidates`` function reads one kind with one or two bounded queries (so the
number of queries does not grow with the account) and returns
``goodwill.coach.rules.plan.Candidate`` objects whose ``payload`` is an ``Action`` with
its title, reason and link; the plan (``goodwill.coach.queries.planner``) picks at most
five, grouped one per person, and only then writes their drafts.
"""

from goodwill.coach.queries.actions.capture import (
    new_face_candidates,
    reply_candidates,
)
from goodwill.coach.queries.actions.common import (
    FETCH_MAX,
    NEEDS_FETCH,
    PER_KIND_FETCH,
    QUIET_AFTER_DAYS,
    RECONNECT_AFTER_DAYS,
    YOU,
    Action,
    _candidate,
    days_text,
    emails,
    fetch_size,
    ids_of,
    looking_for,
    with_draft,
)
from goodwill.coach.queries.actions.events import (
    event_candidates,
    hours_left,
)
from goodwill.coach.queries.actions.giving import (
    intro_candidates,
    need_candidates,
    open_need_candidates,
)
from goodwill.coach.queries.actions.owed import (
    PROMISE_AHEAD,
    follow_up_candidates,
    lead_candidates,
    promise_candidates,
)
from goodwill.coach.queries.actions.people import (
    hello_candidates,
    launch_candidates,
)

__all__ = [
    "FETCH_MAX",
    "NEEDS_FETCH",
    "PER_KIND_FETCH",
    "PROMISE_AHEAD",
    "QUIET_AFTER_DAYS",
    "RECONNECT_AFTER_DAYS",
    "YOU",
    "Action",
    "_candidate",
    "days_text",
    "emails",
    "event_candidates",
    "fetch_size",
    "follow_up_candidates",
    "hello_candidates",
    "hours_left",
    "ids_of",
    "intro_candidates",
    "launch_candidates",
    "lead_candidates",
    "looking_for",
    "need_candidates",
    "new_face_candidates",
    "open_need_candidates",
    "promise_candidates",
    "reply_candidates",
    "with_draft",
]
