"""Today: at most a handful of ranked actions, each with its reason and a ready draft.

The coach area owns the ranking (goodwill.coach.rules.ranking); the Today page,
`goodwill today`, the API and the reminders digest all read ``today_actions``. Pure read:
it gathers a few candidates of each kind with one or two bounded queries per kind, so
the number of queries does not grow with the size of the account, then ranks them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Prefetch, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import ActionState, Answer, Assessment, Event, EventContact, Outreach
from goodwill.coach.queries import next_launch_step
from goodwill.coach.queries.prep import event_prep_text
from goodwill.coach.rules import drafts, ranking
from goodwill.coach.rules.outreach import FOLLOW_UP_AFTER
from goodwill.giving.models import Introduction, IntroStatus, Need, NeedStatus
from goodwill.giving.queries import needs_you_can_meet
from goodwill.interactions.models import AskNext
from goodwill.leads.queries import due_actions, my_first_name
from goodwill.leads.rules.drafts import first_name
from goodwill.people import queries as people_queries
from goodwill.people.models import Person, PersonEmail


@dataclass
class Action:
    key: str  # stable id for done / snooze / skip, e.g. "lead:12" or "catch_up:5"
    kind: str  # lead, report_back, intro, need, catch_up, follow_up, event, met, launch
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


PER_KIND_FETCH = ranking.PER_KIND + 1


def _with_draft(action: Action, draft) -> Action:
    action.draft, action.subject = draft.body, draft.subject
    action.to_name, action.to_email = draft.to_name, draft.to_email
    action.mailto = draft.mailto if draft.to_email else ""
    return action


def _emails():
    return Prefetch("emails", queryset=PersonEmail.objects.order_by("position", "id"))


def _days(text_days: int) -> str:
    return f"{text_days} day{'s' if text_days != 1 else ''}"


# ---------------------------------------------------------------- each kind


def lead_actions(owner, today: dt.date, hidden: set[str]) -> list[Action]:
    found = []
    # Enough of each kind to fill Today even if the user has hidden some of them.
    for item in due_actions(owner, today=today, limit=ranking.LIMIT + len(hidden)):
        if item.days_overdue < 0:
            continue
        if item.kind == "contact":
            key, kind = f"lead:{item.lead.pk}", "lead"
            url = reverse("leads.detail", args=[item.lead.pk])
            title = f"Contact {item.person.display_name}"
        elif item.kind == "referral_check":
            key, kind = f"referral:{item.referral.pk}", "follow_up"
            url = reverse("referrals.list")
            title = f"Ask {item.person.display_name} how the referral went"
        else:
            key, kind = f"report:{item.lead.pk}:{item.kind}", "report_back"
            url = reverse("leads.detail", args=[item.lead.pk])
            title = f"Report back to {item.person.display_name}"
        if key in hidden:
            continue
        action = Action(
            key=key,
            kind=kind,
            title=title,
            reason=item.reason,
            url=url,
            person_id=item.person.pk,
            days_overdue=item.days_overdue,
        )
        found.append(_with_draft(action, item.draft))
    return found


def catch_up_actions(owner, today: dt.date, me: str, hidden_ids: set[int]) -> list[Action]:
    due = list(
        Person.objects.filter(owner=owner, archived=False, is_me=False, next_due_on__lte=today)
        .exclude(pk__in=hidden_ids)
        .prefetch_related(_emails())
        .order_by("next_due_on", "display_name", "id")[:PER_KIND_FETCH]
    )
    ids = [p.pk for p in due]
    asks, needs = {}, {}
    for ask in AskNext.objects.filter(owner=owner, person_id__in=ids, done_at__isnull=True):
        asks.setdefault(ask.person_id, ask.text)
    for need in Need.objects.filter(owner=owner, person_id__in=ids, status=NeedStatus.OPEN):
        needs.setdefault(need.person_id, need.text)
    found = []
    for p in due:
        if p.last_contact_at:
            since = (today - timezone.localdate(p.last_contact_at)).days
            reason = (
                f"Your catch-up rhythm with {first_name(p)} is due: "
                f"last contact {_days(since)} ago."
            )
        else:
            reason = f"Nothing logged with {first_name(p)} yet, and their catch-up is due."
        if p.pk in asks:
            reason += " You meant to ask about something: a good reason to write."
            draft = drafts.write("catch_up_ask", to=p, seed=p.pk, me=me, ask=asks[p.pk])
        elif p.pk in needs:
            reason += " They were looking for something: see if you can help."
            draft = drafts.write("catch_up_need", to=p, seed=p.pk, me=me, need=needs[p.pk])
        else:
            draft = drafts.write("catch_up", to=p, seed=p.pk, me=me)
        action = Action(
            key=f"catch_up:{p.pk}",
            kind="catch_up",
            title=f"Say hello to {p.display_name}",
            reason=reason,
            url=reverse("people.detail", args=[p.pk]),
            person_id=p.pk,
            days_overdue=(today - p.next_due_on).days,
        )
        found.append(_with_draft(action, draft))
    return found


def follow_up_actions(owner, today: dt.date, me: str, hidden_ids: set[int]) -> list[Action]:
    waiting = (
        Outreach.objects.filter(
            owner=owner,
            answer=Answer.PENDING,
            followed_up_at__isnull=True,
            asked_on__lte=today - dt.timedelta(days=FOLLOW_UP_AFTER),
        )
        .exclude(pk__in=hidden_ids)
        .select_related("person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("asked_on", "id")[:PER_KIND_FETCH]
    )
    found = []
    for o in waiting:
        days = (today - o.asked_on).days
        action = Action(
            key=f"follow_up:{o.pk}",
            kind="follow_up",
            title=f"Follow up once with {o.person.display_name}",
            reason=(
                f"Your {o.get_kind_display().lower()} from {_days(days)} ago has no answer yet. "
                "One friendly nudge, then let it go: silence is usually about their week."
            ),
            url=reverse("coach.outreach_detail", args=[o.pk]),
            person_id=o.person_id,
            days_overdue=days - FOLLOW_UP_AFTER,
        )
        found.append(_with_draft(action, drafts.write("follow_up", to=o.person, seed=o.pk, me=me)))
    return found


def intro_actions(owner, today: dt.date, me: str, hidden_ids: set[int]) -> list[Action]:
    open_intros = (
        Introduction.objects.filter(
            owner=owner,
            status__in=[IntroStatus.SUGGESTED, IntroStatus.ASKED_A, IntroStatus.ASKED_B],
        )
        .exclude(pk__in=hidden_ids)
        .select_related("a", "b")
        .prefetch_related(
            Prefetch("a__emails", queryset=PersonEmail.objects.all()),
            Prefetch("b__emails", queryset=PersonEmail.objects.all()),
        )
        .order_by("created_at", "id")[:PER_KIND_FETCH]
    )
    found = []
    for intro in open_intros:
        a, b = intro.a, intro.b
        if intro.status == IntroStatus.SUGGESTED:
            to, other, since = a, b, intro.created_at
            title = f"Ask {a.display_name} about meeting {b.display_name}"
            reason = "An introduction you noted. Ask the first person before telling the second."
        elif intro.status == IntroStatus.ASKED_A:
            to, other, since = b, a, intro.asked_a_at or intro.created_at
            title = f"Ask {b.display_name} about meeting {a.display_name}"
            reason = f"You asked {first_name(a)}. If they said yes, ask {first_name(b)} next."
        else:
            to, other, since = a, b, intro.asked_b_at or intro.created_at
            title = f"Introduce {a.display_name} and {b.display_name}"
            reason = "Both have been asked. Once they agree, send the introduction."
        action = Action(
            key=f"intro:{intro.pk}",
            kind="intro",
            title=title,
            reason=reason,
            url=reverse("giving.intro", args=[intro.pk]),
            person_id=to.pk,
            days_overdue=max((today - timezone.localdate(since)).days - 2, 0),
        )
        draft = drafts.write("intro", to=to, seed=intro.pk, me=me, other=other.display_name)
        found.append(_with_draft(action, draft))
    return found


def need_actions(owner, today: dt.date, me: str, my_id, hidden: set[str]) -> list[Action]:

    found = []
    shown = needs_you_can_meet(owner, limit=PER_KIND_FETCH)
    prefetch_related_objects([need.person for need, _ in shown], _emails())  # for the drafts
    for need, matches in shown:
        key = f"need:{need.pk}"
        if key in hidden or not matches:
            continue
        helper = matches[0]
        person = need.person
        if helper.person_id == my_id:
            title = f"You could help {person.display_name}"
            draft = drafts.write("catch_up_need", to=person, seed=need.pk, me=me, need=need.text)
        else:
            title = f"{helper.name} could help {person.display_name}"
            draft = drafts.write(
                "need", to=person, seed=need.pk, me=me, need=need.text, other=helper.name
            )
        why = f" ({'; '.join(helper.reasons[:2])})" if helper.reasons else ""
        action = Action(
            key=key,
            kind="need",
            title=title,
            reason=f"{first_name(person)} is looking for: {need.text}.{why}",
            url=reverse("people.detail", args=[person.pk]),
            person_id=person.pk,
            days_overdue=0,
            extra={"need_id": need.pk, "helper_id": helper.person_id},
        )
        found.append(_with_draft(action, draft))
    return found


def event_actions(owner, now: dt.datetime, today: dt.date, me: str, hidden) -> list[Action]:

    soon = timezone.localtime(now).replace(hour=23, minute=59) + dt.timedelta(days=1)
    recent = now - dt.timedelta(hours=72)
    events = list(
        Event.objects.filter(owner=owner, starts_at__gte=recent, starts_at__lte=soon).order_by(
            "starts_at", "id"
        )[:PER_KIND_FETCH]
    )
    found = []
    for event in events:
        day = timezone.localdate(event.starts_at)
        if event.starts_at > now - dt.timedelta(hours=1):
            when = "today" if day == today else "tomorrow"
            found.append(
                Action(
                    key=f"event:{event.pk}:1",
                    kind="event",
                    title=f"Prepare for {event.name}",
                    reason=f"It is {when}. Two openers and a goal make the first minute easy.",
                    url=reverse("coach.event", args=[event.pk]),
                    draft=event_prep_text(event),
                    subject=f"Prep for {event.name}",
                    extra={"event_id": event.pk, "step": "prep"},
                )
            )
        elif event.debriefed_at is None:
            found.append(
                Action(
                    key=f"event:{event.pk}:2",
                    kind="event",
                    title=f"Debrief {event.name}",
                    reason=(
                        "Write down who you met while you still remember: a name and a line each."
                    ),
                    url=reverse("coach.event", args=[event.pk]),
                    draft=drafts.write("event_debrief", event=event.name).body,
                    days_overdue=(today - day).days,
                    extra={"event_id": event.pk, "step": "debrief"},
                )
            )
    met = (
        EventContact.objects.filter(
            owner=owner,
            person__isnull=False,
            followed_up_at__isnull=True,
            event__starts_at__gte=recent,
            event__starts_at__lte=now,
        )
        .select_related("event", "person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("event__starts_at", "position", "id")[: ranking.LIMIT + 1]
    )
    for contact in met:
        if f"met:{contact.pk}" in hidden:
            continue
        left = ranking_hours_left(contact.event.starts_at, now)
        action = Action(
            key=f"met:{contact.pk}",
            kind="met",
            title=f"Follow up with {contact.person.display_name}",
            reason=f"You met at {contact.event.name}. A short note within 48 hours ({left}).",
            url=reverse("people.detail", args=[contact.person_id]),
            person_id=contact.person_id,
            days_overdue=(today - timezone.localdate(contact.event.starts_at)).days,
        )
        draft = drafts.write(
            "met",
            to=contact.person,
            seed=contact.pk,
            me=me,
            event=contact.event.name,
            line=contact.line or "your work",
        )
        found.append(_with_draft(action, draft))
    return [a for a in found if a.key not in hidden]


def ranking_hours_left(start: dt.datetime, now: dt.datetime) -> str:
    hours = 48 - int((now - start).total_seconds() // 3600)
    return f"{hours} hours left" if hours > 0 else "a little late is still fine"


def launch_action(owner, hidden: set[str]) -> list[Action]:

    step = next_launch_step(owner, exclude_keys=hidden)
    if step is not None:
        return [
            Action(
                key=f"launch:{step.pk}",
                kind="launch",
                title=step.title,
                reason="Your next small launch step. Five minutes is enough.",
                url=reverse("coach.plan"),
                draft=step.detail,
                extra={"step_id": step.pk},
            )
        ]
    if "assess:1" in hidden or Assessment.objects.filter(owner=owner).exists():
        return []
    return [
        Action(
            key="assess:1",
            kind="launch",
            title="Take the two-minute check-in",
            reason="Twelve quick statements show what holds you back and where to start.",
            url=reverse("coach.assess"),
        )
    ]


# ---------------------------------------------------------------- all together


def hidden_keys(owner, today: dt.date) -> set[str]:
    return set(
        ActionState.objects.filter(owner=owner, until__gt=today).values_list("key", flat=True)
    )


def _ids(hidden: set[str], prefix: str) -> set[int]:
    found = set()
    for key in hidden:
        head, _, rest = key.partition(":")
        if head == prefix and rest.isdigit():
            found.add(int(rest))
    return found


def gather(owner, *, now=None) -> tuple[list[Action], set[str]]:
    """Every candidate for today before ranking, and the keys the user has hidden."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    hidden = hidden_keys(owner, today)
    me_person = people_queries.me(owner)
    me = my_first_name(owner, me_person)
    return [
        *lead_actions(owner, today, hidden),
        *event_actions(owner, now, today, me, hidden),
        *intro_actions(owner, today, me, _ids(hidden, "intro")),
        *follow_up_actions(owner, today, me, _ids(hidden, "follow_up")),
        *need_actions(owner, today, me, me_person.pk if me_person else None, hidden),
        *catch_up_actions(owner, today, me, _ids(hidden, "catch_up")),
        *launch_action(owner, hidden),
    ], hidden


def today_actions(owner, *, now=None, limit: int = 5) -> list[Action]:
    """The ranked actions for today: at most ``limit``, best first, hidden ones left out."""
    found, hidden = gather(owner, now=now)
    return ranking.rank(found, limit=limit, hidden=hidden)
