"""People to greet (catch-ups, first hellos, reconnections) and the launch plan's next step."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import Assessment
from goodwill.coach.queries import next_launch_step
from goodwill.coach.queries.actions.common import (
    PER_KIND_FETCH,
    QUIET_AFTER_DAYS,
    RECONNECT_AFTER_DAYS,
    Action,
    _candidate,
    days_text,
    emails,
)
from goodwill.coach.rules import drafts
from goodwill.coach.rules.owed import Owed
from goodwill.coach.rules.plan import overdue_words
from goodwill.giving.models import Need, NeedStatus
from goodwill.interactions.models import AskNext
from goodwill.leads.rules.drafts import first_name
from goodwill.people.models import Person

# ---------------------------------------------------------------- hellos


def hello_candidates(
    owner, today: dt.date, me: str, hidden_ids: set[int], quiet: bool, quiet_after=None
):
    """People whose rhythm is due (the longest waiting first); with ``quiet`` and nobody
    due, the person you have not heard from the longest (going quiet)."""
    base = Person.objects.filter(owner=owner, archived=False, is_me=False).exclude(
        pk__in=hidden_ids
    )
    due = list(
        base.filter(next_due_on__lte=today)
        .select_related("organization")
        .prefetch_related(emails())
        .order_by("next_due_on", "display_name", "id")[:PER_KIND_FETCH]
    )
    going_quiet = False
    if quiet and not due:
        cutoff = timezone.now() - dt.timedelta(days=quiet_after or QUIET_AFTER_DAYS)
        due = list(
            base.filter(last_contact_at__lt=cutoff)
            .select_related("organization")
            .prefetch_related(emails())
            .order_by("last_contact_at", "id")[:1]
        )
        going_quiet = True
    ids = [p.pk for p in due]
    asks, needs = {}, {}
    if ids:
        for ask in AskNext.objects.filter(owner=owner, person_id__in=ids, done_at__isnull=True):
            asks.setdefault(ask.person_id, ask.text)
        for need in Need.objects.filter(owner=owner, person_id__in=ids, status=NeedStatus.OPEN):
            needs.setdefault(need.person_id, need.text)
    found = []
    for p in due:
        name = first_name(p)
        days = (today - p.next_due_on).days if p.next_due_on else 0
        late = f" ({overdue_words(days)})" if days > 0 and not going_quiet else ""
        org = p.organization.name if p.organization_id else ""
        facts = {"met_on": p.met_on, "how_met": p.met_how, "org": org}
        if p.last_contact_at:
            last = timezone.localdate(p.last_contact_at)
            since = (today - last).days
            kind, owed_kind = "catch_up", "hello"
            title = f"Say hello to {p.display_name}"
            if going_quiet:
                reason = f"You have not been in touch with {name} for {days_text(since)}."
            else:
                reason = (
                    f"Your catch-up rhythm with {name} is due{late}: "
                    f"last contact {days_text(since)} ago."
                )
            facts.update(last_contact_on=last, ask_next=asks.get(p.pk, ""))
            facts["their_need"] = needs.get(p.pk, "")
        elif p.met_on and (today - p.met_on).days > RECONNECT_AFTER_DAYS:
            years = (today - p.met_on).days // 365
            kind = owed_kind = "reconnect"
            title = f"Reconnect with {p.display_name}"
            reason = (
                f"You connected with {name} {'over a year' if years < 2 else f'{years} years'} "
                "ago and have not been in touch since. A hello with no ask is enough."
            )
            facts["title"] = p.title
        else:
            kind = owed_kind = "first_hello"
            title = f"Say hello to {p.display_name}"
            reason = f"Nothing logged with {name} yet. A first hello that asks for nothing."
            facts["title"] = p.title
        if p.pk in asks:
            reason += " You meant to ask about something: a good reason to write."
            # a note of what to ask means the user knows them: the hello carries it
            owed_kind = "hello"
            facts["ask_next"] = asks[p.pk]

            def legacy(p=p, text=asks[p.pk]):
                return drafts.write("catch_up_ask", to=p, seed=p.pk, me=me, ask=text)

        else:

            def legacy(p=p):
                return drafts.write("catch_up", to=p, seed=p.pk, me=me)

        key = f"catch_up:{p.pk}"
        action = Action(
            key=key,
            kind=kind,
            title=title,
            reason=reason,
            url=reverse("people.detail", args=[p.pk]),
            person_id=p.pk,
            days_overdue=days,
            to=p,
            legacy=legacy,
        )
        facts = {k: v for k, v in facts.items() if v not in ("", None)}
        found.append(_candidate(action, owed=[Owed(owed_kind, key=key, facts=facts)]))
    return found


# ---------------------------------------------------------------- the launch plan


def launch_candidates(owner, hidden: set[str]):
    step = next_launch_step(owner, exclude_keys=hidden)
    if step is not None:
        plan = getattr(step, "plan", None)
        person = plan.person if plan is not None else None
        action = Action(
            key=f"launch:{step.pk}",
            kind="launch",
            title=plan.title if plan is not None else step.title,
            reason="Your next small launch step. Five minutes is enough.",
            url=reverse("coach.plan"),
            # the step's ready words to one named person, not its instructions
            draft=plan.words if plan is not None else "",
            person_id=person.pk if person is not None else None,
            to_name=person.display_name if person is not None else "",
            extra={"step_id": step.pk},
        )
        return [_candidate(action)]
    if "assess:1" in hidden or Assessment.objects.filter(owner=owner).exists():
        return []
    action = Action(
        key="assess:1",
        kind="launch",
        title="Take the two-minute check-in",
        reason="Twelve quick statements show what holds you back and where to start.",
        url=reverse("coach.assess"),
    )
    candidate = _candidate(action)
    candidate.rule = "check_in"
    return [candidate]
