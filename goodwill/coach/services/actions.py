"""Done / snooze / skip on a Today action, the tidy list's let go / revive, bringing a
retired suggestion back, and the weekly goal.

An action's key names what it is about ("lead:12", "catch_up:5", "met:3"...); an action
covering several things owed to one person joins their keys with "+", and marking it
marks each. Marking records an ActionState that hides the item until a day:

- skip hides it for today, snooze for a few days; the second dismissal (skip or snooze)
  of the same item retires it: it is not suggested again until brought back;
- done hides a hello for DONE_HIDES_DAYS (the rhythm moves on) and anything else for
  good: it never comes back in the same form. Where "done" has a meaning elsewhere, it
  is carried out too (the lead moves to contacted, the referrer's report-back is logged,
  a hello is logged on the person's timeline, the introduction moves on a step, the
  launch step is ticked, the follow-up is marked).
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
from goodwill.giving import services as giving_service
from goodwill.giving.models import Introduction, Need
from goodwill.giving.services import intros as intro_service
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
    "pair",
    "first_hello",
    "reconnect",
    "promise",
}
RECURRING = {"catch_up"}  # done moves the rhythm on: the next hello is a new one
DISMISSALS = (ActionChoice.SKIPPED, ActionChoice.SNOOZED)
MAX_KEYS = 8
DISMISSALS_COUNT_DAYS = 90  # two dismissals within this many days retire a suggestion
# the prefixes whose "done" records a message, in the order that picks the one that does
WRITES_MESSAGE = ("report", "met", "catch_up", "follow_up")


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
    elif prefix == "intro":
        intro = resolve_owned(Introduction, owner, pk, "key")
        step = key.split(":")[2] if key.count(":") >= 2 else intro.status
        if intro.status == step and intro.status in intro_service.NEXT:
            action = intro_service.NEXT[intro.status][0]
            intro_service.advance_intro(owner=owner, intro=intro, action=action)
    elif prefix == "need":
        need = resolve_owned(Need, owner, pk, "key")
        giving_service.record_give(
            owner=owner,
            summary=f"Offered to help with: {need.text}"[:300],
            receiver=need.person_id,
            need=need.pk,
        )
    elif prefix == "pair":
        ids = [int(x) for x in key.split(":")[1:3]]
        seeker, hirer = (resolve_owned(Need, owner, i, "key") for i in ids)
        intro = intro_service.suggest_intro(
            owner=owner,
            a=seeker.person_id,
            b=hirer.person_id,
            reason=f"{seeker.person.display_name} is looking for: {seeker.text}; "
            f"{hirer.person.display_name} is looking for: {hirer.text}",
            need=seeker.pk,
        )
        intro_service.advance_intro(owner=owner, intro=intro, action="ask_a")
    elif prefix == "promise":
        interactions.set_promise_done(owner=owner, item=pk)
    elif prefix == "launch":
        step = resolve_owned(LaunchStep, owner, pk, "key")
        step.done_at = step.done_at or timezone.now()
        step.save(update_fields=["done_at", "updated_at"])


def split_keys(key: str) -> list[str]:
    """ "report:3:thanks+need:7" -> each key checked; a ValidationError naming ``key``."""
    keys = [k.strip() for k in (key or "").split("+")]
    if len(keys) > MAX_KEYS:
        raise field_error("key", f"At most {MAX_KEYS} keys joined with +.")
    for one in keys:
        parse_key(one)
    return keys


MARKS = (ActionChoice.DONE, ActionChoice.SNOOZED, ActionChoice.SKIPPED)


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
    """Record what the user did with the action ``key`` today (see the module doc);
    for a "+"-joined key, with each of its items. Returns the first item's state.

    With "done", ``subject`` and ``body`` are the one message as actually sent (the draft
    as the user edited it): stored once, by the item that records a message (a
    report-back, an event follow-up, a hello, a follow-up, in that order)."""
    if choice not in MARKS:
        raise field_error("choice", f"{choice!r} is not one of done, snoozed, skipped.")
    keys = split_keys(key)
    # a message that reports back or follows up after an event is logged by that step:
    # the hello it also covers is not logged a second time
    logged = any(k.startswith(("report:", "met:")) for k in keys)
    writer = next(
        (k for prefix in WRITES_MESSAGE for k in keys if k.startswith(prefix + ":")), None
    )
    states = [
        _mark_one(
            owner,
            one,
            choice,
            days,
            log_hello=not logged or len(keys) == 1,
            words=(subject, body) if one == writer else (None, None),
        )
        for one in keys
    ]
    return states[0]


def _dismissed_before(owner, key: str) -> bool:
    """Was ``key`` skipped or snoozed before, since it was last brought back?"""
    since = timezone.localdate() - dt.timedelta(days=DISMISSALS_COUNT_DAYS)
    rows = ActionState.objects.filter(owner=owner, key=key, day__gte=since).order_by("-day", "-id")
    for choice in rows.values_list("choice", flat=True)[:20]:
        if choice == ActionChoice.RESTORED:
            return False
        if choice in DISMISSALS:
            return True
    return False


def _mark_one(
    owner, key: str, choice: str, days, *, log_hello: bool = True, words=(None, None)
) -> ActionState:
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
        recurring = prefix in RECURRING
        until = today + dt.timedelta(days=DONE_HIDES_DAYS) if recurring else ActionState.FOREVER
        if prefix != "catch_up" or log_hello:
            _carry_out(owner, prefix, ids[0], key, subject=words[0], body=words[1])
    if choice in DISMISSALS and _dismissed_before(owner, key):
        choice, until = ActionChoice.RETIRED, ActionState.FOREVER
    return _record(owner, key, prefix, choice, until, today)


def _record(owner, key: str, prefix: str, choice: str, until, today) -> ActionState:
    kind = {"report": "report_back"}.get(prefix, prefix)
    state, _ = ActionState.objects.update_or_create(
        owner=owner,
        key=key.strip(),
        day=today,
        defaults={"choice": choice, "until": until, "kind": kind if kind in KINDS else ""},
    )
    return state


TIDY_PREFIXES = {"lead", "follow_up", "intro"}
REVIVE_DAYS = 14  # a revived item may be planned for this long despite its age


def _tidy_key(key: str) -> str:
    prefix, _ = parse_key(key)
    if prefix not in TIDY_PREFIXES:
        raise field_error("key", f"{key!r} is not on the tidy list (a lead, an ask, an intro).")
    return key.strip()


def _end(owner, key: str, today) -> None:
    """Whatever hides ``key`` stops hiding it today (its rows stay, as history)."""
    ActionState.objects.filter(owner=owner, key=key, until__gt=today).update(until=today)


@transaction.atomic
def let_go(*, owner, key: str) -> ActionState:
    """An old item leaves the tidy list for good (it can be brought back from the
    retired list)."""
    key, today = _tidy_key(key), timezone.localdate()
    _end(owner, key, today)
    return _record(owner, key, key.split(":")[0], ActionChoice.LET_GO, ActionState.FOREVER, today)


@transaction.atomic
def revive(*, owner, key: str) -> ActionState:
    """An old item goes back to Today's plan for REVIVE_DAYS, whatever its age; its
    draft keeps its real date so it can say how long it has been."""
    key, today = _tidy_key(key), timezone.localdate()
    _end(owner, key, today)
    until = today + dt.timedelta(days=REVIVE_DAYS)
    return _record(owner, key, key.split(":")[0], ActionChoice.REVIVED, until, today)


@transaction.atomic
def bring_back(*, owner, key: str) -> ActionState:
    """A retired (or let go) suggestion may be suggested again; its dismissals are
    counted afresh."""
    keys = split_keys(key)
    today = timezone.localdate()
    hidden = ActionState.objects.filter(
        owner=owner,
        key__in=keys,
        choice__in=[ActionChoice.RETIRED, ActionChoice.LET_GO],
        until__gt=today,
    )
    if not hidden.exists():
        raise field_error("key", f"{key!r} is not among your retired suggestions.")
    for one in keys:
        _end(owner, one, today)
    states = [
        _record(owner, one, one.split(":")[0], ActionChoice.RESTORED, today, today) for one in keys
    ]
    return states[0]


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
