"""Things owed on a clock or waiting: leads and report-backs, asks with no answer, promises."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import Answer, Outreach
from goodwill.coach.queries.actions.common import (
    PER_KIND_FETCH,
    Action,
    _candidate,
    days_text,
    fetch_size,
    ids_of,
)
from goodwill.coach.rules import drafts
from goodwill.coach.rules.outreach import FOLLOW_UP_AFTER
from goodwill.coach.rules.owed import Owed
from goodwill.coach.rules.plan import AGE_LIMIT, overdue_words
from goodwill.interactions.models import Promise
from goodwill.leads.models import ReportKind
from goodwill.leads.queries import due_actions
from goodwill.people.models import PersonEmail

# ---------------------------------------------------------------- leads


def _lead_owed(item) -> Owed | None:
    lead = item.lead
    base = {"what": lead.opportunity, "prospect": lead.prospect.display_name}
    base["received_on"] = lead.received_on
    if item.kind == ReportKind.THANKS:
        return Owed("thank_lead", facts={**base, "state": lead.status})
    if item.kind == ReportKind.OUTCOME:
        return Owed("lead_outcome", facts={**base, "outcome": lead.status})
    if item.kind in (ReportKind.STATUS, ReportKind.CHECK_IN):
        contacted = lead.first_contacted_at
        facts = {**base, "state": lead.status}
        if contacted:
            facts["contacted_on"] = timezone.localdate(contacted)
        return Owed("lead_status", facts=facts)
    return None


def lead_candidates(owner, today: dt.date, hidden: set[str], revived: set[str]):
    since = today - dt.timedelta(days=AGE_LIMIT["lead"])
    fetch = fetch_size(hidden, ("lead", "report", "referral"))
    items = due_actions(owner, today=today, limit=fetch, received_since=since)
    if any(k.startswith(("lead:", "report:")) for k in revived):
        seen = {id(i) for i in items}
        more = due_actions(owner, today=today, limit=fetch + len(revived))
        items += [i for i in more if id(i) not in seen]
    found, keys = [], set()
    for item in items:
        if item.days_overdue < 0:
            continue
        if item.kind == "contact":
            key, kind = f"lead:{item.lead.pk}", "lead"
            url = reverse("leads.detail", args=[item.lead.pk])
            title = f"Contact {item.person.display_name}"
            lead = item.lead
            reason = (
                f"{lead.referrer.display_name} passed on this lead ({lead.opportunity}): "
                f"{overdue_words(item.days_overdue)}."
            )
            owed, started = [], lead.received_on
        elif item.kind == "referral_check":
            key, kind = f"referral:{item.referral.pk}", "report_back"
            url = reverse("referrals.list")
            title = f"Ask {item.person.display_name} how the referral went"
            reason, ref = item.reason, item.referral
            owed = [
                Owed(
                    "referral_report",
                    key=key,
                    facts={
                        "what": ref.reason,
                        "referred": ref.referred_to.display_name,
                        "referred_on": ref.referred_on,
                    },
                )
            ]
            started = ref.referred_on
        else:
            key, kind = f"report:{item.lead.pk}:{item.kind}", "report_back"
            url = reverse("leads.detail", args=[item.lead.pk])
            title = f"Report back to {item.person.display_name}"
            one = _lead_owed(item)
            owed = [Owed(one.kind, key=key, facts=one.facts)] if one else []
            reason = item.reason
            if item.days_overdue > 0:
                reason = f"{reason.rstrip('.')} ({overdue_words(item.days_overdue)})."
            started = item.lead.received_on
        if key in hidden or key in keys:
            continue
        keys.add(key)
        action = Action(
            key=key,
            kind=kind,
            title=title,
            reason=reason,
            url=url,
            person_id=item.person.pk,
            days_overdue=item.days_overdue,
            to=item.person,
            legacy=item.draft,
        )
        age = (today - started).days
        back = key in revived or (item.lead is not None and f"lead:{item.lead.pk}" in revived)
        found.append(_candidate(action, owed=owed, age=age, revived=back))
    return found


# ---------------------------------------------------------------- asks with no answer


def follow_up_candidates(owner, today: dt.date, me: str, hidden: set[str], revived: set[str]):
    """Unanswered asks due a follow-up: recent ones first-class (old ones go to the tidy
    list unless revived)."""
    recent = today - dt.timedelta(days=AGE_LIMIT["follow_up"])
    revived_ids = ids_of(revived, "follow_up")
    waiting = (
        Outreach.objects.filter(
            owner=owner,
            answer=Answer.PENDING,
            followed_up_at__isnull=True,
            asked_on__lte=today - dt.timedelta(days=FOLLOW_UP_AFTER),
        )
        .filter(
            Q(asked_on__gte=recent) | Q(pk__in=revived_ids)
            if revived_ids
            else Q(asked_on__gte=recent)
        )
        .exclude(pk__in=ids_of(hidden, "follow_up"))
        .select_related("person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("asked_on", "id")[:PER_KIND_FETCH]
    )
    found = []
    for o in waiting:
        days = (today - o.asked_on).days
        key = f"follow_up:{o.pk}"
        action = Action(
            key=key,
            kind="follow_up",
            title=f"Follow up once with {o.person.display_name}",
            reason=(
                f"Your {o.get_kind_display().lower()} from {days_text(days)} ago has no "
                "answer yet. One friendly nudge, then let it go: silence is usually about "
                "their week."
            ),
            url=reverse("coach.outreach_detail", args=[o.pk]),
            person_id=o.person_id,
            days_overdue=days - FOLLOW_UP_AFTER,
            to=o.person,
            legacy=lambda o=o: drafts.write("follow_up", to=o.person, seed=o.pk, me=me),
        )
        facts = {"asked": o.note, "asked_on": o.asked_on, "ask_kind": o.kind}
        owed = [Owed("follow_up", key=key, facts={k: v for k, v in facts.items() if v})]
        found.append(_candidate(action, owed=owed, age=days, revived=key in revived))
    return found


# ---------------------------------------------------------------- promises

PROMISE_AHEAD = 1  # a promise shows from the day before it is due


def promise_candidates(owner, today: dt.date, hidden: set[str], revived: set[str]):
    """Promises the user made ("I'll send her the case studies"), due by tomorrow."""
    hidden_ids = ids_of(hidden, "promise")
    due = list(
        Promise.objects.filter(
            owner=owner,
            done_at__isnull=True,
            person__archived=False,
            due_on__lte=today + dt.timedelta(days=PROMISE_AHEAD),
        )
        .exclude(pk__in=hidden_ids)
        .select_related("person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("due_on", "id")[:PER_KIND_FETCH]
    )
    found = []
    for item in due:
        key = f"promise:{item.pk}"
        late = (today - item.due_on).days
        made_on = timezone.localdate(item.created_at)
        when = {0: "Due today.", -1: "Due tomorrow."}.get(late) or f"It is {overdue_words(late)}."
        action = Action(
            key=key,
            kind="promise",
            title=f"Keep your promise to {item.person.display_name}",
            reason=f"You said you would: “{item.text}”. {when}",
            url=reverse("people.detail", args=[item.person_id]),
            person_id=item.person_id,
            days_overdue=late,
            to=item.person,
        )
        facts = {"promise": item.text, "promised_on": made_on, "due_on": item.due_on}
        owed = [Owed("promise", key=key, facts=facts)]
        age = (today - made_on).days
        found.append(_candidate(action, owed=owed, age=age, revived=key in revived))
    return found
