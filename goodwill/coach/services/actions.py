"""Done / snooze / skip on a Today action, and the weekly goal.

An action's key names what it is about ("lead:12", "catch_up:5", "met:3"...). Marking it
records an ActionState that hides it until a day: skip hides it for today, snooze for a
few days, done for DONE_HIDES_DAYS. Where "done" has a meaning elsewhere, it is carried
out too (the lead moves to contacted, the referrer's report-back is logged, a hello is
logged on the person's timeline, the launch step is ticked, the follow-up is marked).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone

from goodwill.coach.models import (
    ActionChoice,
    ActionState,
    EventContact,
    LaunchStep,
    Outreach,
    WeeklyGoal,
)
from goodwill.coach.queries import goal_for
from goodwill.core.rules import check_fields, field_error, resolve_owned
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Kind
from goodwill.leads import services as lead_service
from goodwill.leads.models import Lead, LeadStatus

DONE_HIDES_DAYS = 7
SNOOZE_DEFAULT = 3
SNOOZE_MAX = 30
KINDS = {
    "lead",
    "report_back",
    "intro",
    "need",
    "catch_up",
    "follow_up",
    "event",
    "met",
    "launch",
    "referral",
}


def parse_key(key: str) -> tuple[str, list[int]]:
    """ "report:12:thanks" -> ("report", [12]); a ValidationError naming ``key`` if bad."""
    parts = (key or "").strip().split(":")
    if len(parts) < 2 or not parts[0] or len(key) > 80:
        raise field_error("key", f"{key!r} is not an action key (like lead:12).")
    ids = []
    for part in parts[1:]:
        if part.isdigit() and len(part) < 19:
            ids.append(int(part))
    if not ids:
        raise field_error("key", f"{key!r} is not an action key (like lead:12).")
    return parts[0], ids


def _sent(subject: str | None, fallback: str) -> str:
    return (" ".join((subject or "").split()) or fallback)[:200]


def _carry_out(owner, prefix: str, pk: int, key: str, subject=None, body=None) -> None:
    """Do what "done" means for the action; ``subject``/``body`` are the words as sent
    (the draft as edited), recorded on the timeline."""

    if prefix == "lead":
        lead = resolve_owned(Lead, owner, pk, "key")
        if lead.status == LeadStatus.NEW:
            lead_service.move_lead(owner=owner, lead=lead, status=LeadStatus.CONTACTED)
    elif prefix == "report":
        lead = resolve_owned(Lead, owner, pk, "key")
        kind = key.split(":")[2] if key.count(":") >= 2 else None
        lead_service.send_report_back(
            owner=owner, lead=lead, kind=kind or None, subject=subject, body=body
        )
    elif prefix == "catch_up":
        interactions.log_interaction(
            owner=owner,
            participants=[pk],
            kind=Kind.MESSAGE,
            summary=_sent(subject, "Sent a hello"),
            notes=(body or "").strip(),
        )
    elif prefix == "met":
        contact = resolve_owned(EventContact, owner, pk, "key")
        contact.followed_up_at = timezone.now()
        contact.save(update_fields=["followed_up_at", "updated_at"])
        if contact.person_id:
            interactions.log_interaction(
                owner=owner,
                participants=[contact.person_id],
                kind=Kind.MESSAGE,
                summary=_sent(subject, f"Followed up after {contact.event.name}"),
                notes=(body or "").strip(),
            )
    elif prefix == "follow_up":
        outreach = resolve_owned(Outreach, owner, pk, "key")
        if outreach.followed_up_at is None:
            outreach.followed_up_at = timezone.now()
            outreach.save(update_fields=["followed_up_at", "updated_at"])
        if body and body.strip():
            interactions.log_interaction(
                owner=owner,
                participants=[outreach.person_id],
                kind=Kind.MESSAGE,
                summary=_sent(subject, "Followed up once"),
                notes=body.strip(),
            )
    elif prefix == "launch":
        step = resolve_owned(LaunchStep, owner, pk, "key")
        step.done_at = step.done_at or timezone.now()
        step.save(update_fields=["done_at", "updated_at"])


@transaction.atomic
def mark_action(
    *,
    owner,
    key: str,
    choice: str,
    days: int | None = None,
    subject: str | None = None,
    body: str | None = None,
) -> ActionState:
    """Record what the user did with the action ``key`` today (see the module doc).

    With "done", ``subject`` and ``body`` are the message as actually sent (the draft as
    the user edited it): stored as the logged message's summary and notes, or as the
    report-back's words."""
    if choice not in ActionChoice.values:
        raise field_error("choice", f"{choice!r} is not one of {', '.join(ActionChoice.values)}.")
    prefix, ids = parse_key(key)
    today = timezone.localdate()
    if choice == ActionChoice.SNOOZED:
        days = SNOOZE_DEFAULT if days in (None, "") else days
        try:
            days = int(days)
        except (TypeError, ValueError):
            raise field_error("days", f"{days!r} is not a number of days.") from None
        if not 1 <= days <= SNOOZE_MAX:
            raise field_error("days", f"Snooze for 1 to {SNOOZE_MAX} days.")
        until = today + dt.timedelta(days=days)
    elif choice == ActionChoice.SKIPPED:
        until = today + dt.timedelta(days=1)
    else:
        until = today + dt.timedelta(days=DONE_HIDES_DAYS)
        _carry_out(owner, prefix, ids[0], key, subject=subject, body=body)
    kind = {"report": "report_back"}.get(prefix, prefix)
    state, _ = ActionState.objects.update_or_create(
        owner=owner,
        key=key.strip(),
        day=today,
        defaults={"choice": choice, "until": until, "kind": kind if kind in KINDS else ""},
    )
    return state


GOAL_FIELDS = ("coffees", "gives", "reach_outs")


@transaction.atomic
def set_weekly_goal(*, owner, **values) -> WeeklyGoal:
    """Set any of coffees, gives, reach_outs (0..50 a week; 0 = no goal for that)."""
    check_fields(values, GOAL_FIELDS)
    goal = goal_for(owner)
    for name, value in values.items():
        if value is None:
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise field_error(name, f"{value!r} is not a whole number.") from None
        if not 0 <= number <= 50:
            raise field_error(name, "Choose between 0 and 50 a week.")
        setattr(goal, name, number)
    goal.save()
    return goal
