"""Today: at most a handful of ranked actions, each with its reason and a ready draft.

The coach area owns the ranking; the Today page, `goodwill today`, the API and the
reminders digest all read ``today_actions``.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Action:
    key: str  # stable id for done / snooze / skip, e.g. "lead:12" or "catchup:5"
    kind: str  # lead, report_back, intro, need, catch_up, follow_up, event, launch
    title: str
    reason: str
    url: str  # path inside the site
    draft: str = ""
    person_id: int | None = None
    extra: dict = field(default_factory=dict)


def today_actions(owner, *, now=None, limit: int = 5) -> list[Action]:
    """The ranked actions for today (filled in by the coach area)."""
    return []
