"""What every kind of Today's candidates shares: the Action, fetch sizes, small helpers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.db.models import Prefetch

from goodwill.coach.rules.plan import LIMIT, PER_KIND, Candidate
from goodwill.core.language import phrases
from goodwill.people.models import PersonEmail

PER_KIND_FETCH = LIMIT + 1
FETCH_MAX = 50
NEEDS_FETCH = PER_KIND + 1  # the matcher is the costliest read: as many as can show
RECONNECT_AFTER_DAYS = 365  # met (connected) longer ago than this: a reconnection
QUIET_AFTER_DAYS = 30  # no contact for this long: going quiet (for the "waiting" hello)


@dataclass
class Action:
    key: str  # stable id for done / snooze / skip, e.g. "lead:12"; "+" joins a group's keys
    kind: str  # lead, report_back, intro, need, catch_up, first_hello, reconnect, ...
    title: str
    reason: str
    url: str  # path inside the site
    draft: str = ""
    person_id: int | None = None
    extra: dict = field(default_factory=dict)
    days_overdue: int = 0  # how long it has waited past its day (negative: not due yet)
    subject: str = ""
    to_name: str = ""
    to_email: str = ""
    mailto: str = ""
    rule: str = ""  # the planner's rule that chose it (goodwill.coach.rules.plan.RULES)
    why: str = ""  # that rule in plain words
    keys: list[str] = field(default_factory=list)  # the items it covers
    to: object = None  # the recipient (a Person), for the draft; not part of the JSON
    legacy: object = None  # a ready Draft (or a function making one) when no owed items

    # what the shared draft partial (templates/goodwill/web/_draft.html) reads
    @property
    def body(self) -> str:
        return self.draft

    variants = 1


def with_draft(action: Action, draft) -> Action:
    action.draft, action.subject = draft.body, draft.subject
    action.to_name, action.to_email = draft.to_name, draft.to_email
    action.mailto = draft.mailto if draft.to_email else ""
    return action


def emails():
    return Prefetch("emails", queryset=PersonEmail.objects.order_by("position", "id"))


def days_text(n: int) -> str:
    return f"{n} day{'s' if n != 1 else ''}"


def fetch_size(hidden: set[str], prefixes: tuple[str, ...]) -> int:
    """How many of a kind to read so that hidden ones still leave enough: bounded, so a
    long history of done and set-aside items does not make Today slower."""
    n = sum(1 for key in hidden if key.split(":", 1)[0] in prefixes)
    return min(PER_KIND_FETCH + n, FETCH_MAX)


def looking_for(name: str, typed: str) -> str:
    """ "Felicia is looking for office space in London": the need as a phrase when the
    language layer can place it (without turning anyone into "you"), else as typed."""
    phrase = phrases.need(typed)
    if (phrase and not YOU.search(phrase.text)) or YOU.search(typed):
        if phrase.kind == phrases.NOUN:
            return f"{name} is looking for {phrase.text}"
        if phrase.kind == phrases.ING:
            return f"{name} is {phrase.text}"
    return f"{name} mentioned: \u201c{' '.join(typed.split())}\u201d"


YOU = re.compile(r"\b(?:you|your|yours)\b", re.IGNORECASE)


def _candidate(action: Action, *, owed=(), age=0, warm=True, revived=False) -> Candidate:
    return Candidate(
        kind=action.kind,
        keys=[action.key],
        person_id=action.person_id,
        days_overdue=action.days_overdue,
        age_days=age,
        owed=list(owed),
        warm=warm,
        revived=revived,
        payload=action,
    )


def ids_of(keys: set[str], prefix: str) -> set[int]:
    found = set()
    for key in keys:
        head, _, rest = key.partition(":")
        rest = rest.split(":")[0]
        if head == prefix and rest.isdigit():
            found.add(int(rest))
    return found
