"""Today's candidates: what could fill the day, gathered from every area, before planning.

Each ``*_candidates`` function reads one kind with one or two bounded queries (so the
number of queries does not grow with the account) and returns
``goodwill.coach.rules.plan.Candidate`` objects whose ``payload`` is an ``Action`` with
its title, reason and link; the plan (``goodwill.coach.queries.today``) picks at most
five, grouped one per person, and only then writes their drafts.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import Answer, Assessment, Event, EventContact, Outreach
from goodwill.coach.queries import next_launch_step
from goodwill.coach.queries.prep import event_prep_text
from goodwill.coach.rules import drafts
from goodwill.coach.rules.outreach import FOLLOW_UP_AFTER
from goodwill.coach.rules.owed import Owed
from goodwill.coach.rules.plan import AGE_LIMIT, LIMIT, PER_KIND, Candidate, overdue_words
from goodwill.core.language import phrases
from goodwill.giving.models import Give, Introduction, IntroStatus, Need, NeedStatus
from goodwill.giving.queries import needs_you_can_meet
from goodwill.interactions.models import AskNext, Promise
from goodwill.leads.models import ReportKind
from goodwill.leads.queries import due_actions
from goodwill.leads.rules.drafts import first_name
from goodwill.people.models import Person, PersonEmail

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
            reason = f"Nothing logged with {name} yet{late}. A first hello that asks for nothing."
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


# ---------------------------------------------------------------- giving


def intro_candidates(owner, today: dt.date, me: str, hidden: set[str], revived: set[str]):
    open_intros = (
        Introduction.objects.filter(
            owner=owner,
            status__in=[IntroStatus.SUGGESTED, IntroStatus.ASKED_A, IntroStatus.ASKED_B],
        )
        .select_related("a", "b")
        .prefetch_related(
            Prefetch("a__emails", queryset=PersonEmail.objects.all()),
            Prefetch("b__emails", queryset=PersonEmail.objects.all()),
        )
        .order_by("-created_at", "-id")[: fetch_size(hidden, ("intro",))]
    )
    found = []
    for intro in open_intros:
        a, b = intro.a, intro.b
        key = f"intro:{intro.pk}:{intro.status}"  # each step is its own action
        if key in hidden:
            continue
        if intro.status == IntroStatus.SUGGESTED:
            to, other, since = a, b, intro.created_at
            title = f"Ask {a.display_name} about meeting {b.display_name}"
            reason = "An introduction you noted. Ask the first person before telling the second."
            owed = Owed("intro_ask", key=key, facts={"other": b.display_name, "side": "a"})
        elif intro.status == IntroStatus.ASKED_A:
            to, other, since = b, a, intro.asked_a_at or intro.created_at
            title = f"Ask {b.display_name} about meeting {a.display_name}"
            reason = f"You asked {first_name(a)}. If they said yes, ask {first_name(b)} next."
            owed = Owed("intro_ask", key=key, facts={"other": a.display_name, "side": "b"})
        else:
            to, other, since = a, b, intro.asked_b_at or intro.created_at
            title = f"Introduce {a.display_name} and {b.display_name}"
            reason = "Both have been asked. Once they agree, send the introduction."
            emails_b = list(b.emails.all())
            facts = {"other": b.display_name}
            if emails_b:
                facts["other_email"] = emails_b[0].address
            owed = Owed("intro_make", key=key, facts=facts)
        if intro.reason:
            owed = Owed(owed.kind, key=key, facts={**owed.facts, "reason": intro.reason})
        age = (today - timezone.localdate(intro.created_at)).days
        action = Action(
            key=key,
            kind="intro",
            title=title,
            reason=reason,
            url=reverse("giving.intro", args=[intro.pk]),
            person_id=to.pk,
            days_overdue=max((today - timezone.localdate(since)).days - 2, 0),
            to=to,
            legacy=lambda to=to, o=other, i=intro: drafts.write(
                "intro", to=to, seed=i.pk, me=me, other=o.display_name
            ),
        )
        found.append(_candidate(action, owed=[owed], age=age, revived=key in revived))
    return found


def need_candidates(owner, me: str, me_id, hidden: set[str]):
    """Open needs you or someone you know could meet; none already answered by an
    introduction between the two, or by a give."""
    shown = needs_you_can_meet(owner, limit=NEEDS_FETCH)
    need_ids = [need.pk for need, _ in shown]
    moot_needs, pairs = set(), set()
    if need_ids:  # the ids are the owner's: the need_id indexes answer at once
        moot_needs = set(
            Give.objects.filter(need_id__in=need_ids).values_list("need_id", flat=True)
        )
        person_ids = {need.person_id for need, _ in shown}
        # the people and needs are the owner's: each term is one index probe
        rows = Introduction.objects.filter(
            Q(need_id__in=need_ids) | Q(a_id__in=person_ids) | Q(b_id__in=person_ids)
        ).values_list("a_id", "b_id", "need_id")
        for a, b, need_id in rows:
            pairs.update({(a, b), (b, a)})
            if need_id:
                moot_needs.add(need_id)
    prefetch_related_objects([need.person for need, _ in shown], emails())
    found = []
    for need, matches in shown:
        key = f"need:{need.pk}"
        if key in hidden or need.pk in moot_needs:
            continue
        matches = [m for m in matches if (need.person_id, m.person_id) not in pairs]
        if not matches:
            continue
        helper, person = matches[0], need.person
        mine = helper.person_id == me_id
        title = (
            f"You could help {person.display_name}"
            if mine
            else f"{helper.name} could help {person.display_name}"
        )
        why = f" ({'; '.join(helper.reasons[:2])})" if helper.reasons else ""
        facts = {"need": need.text}
        if not mine:
            facts["helper"] = helper.name
        action = Action(
            key=key,
            kind="need",
            title=title,
            reason=f"{looking_for(first_name(person), need.text)}.{why}",
            url=reverse("people.detail", args=[person.pk]),
            person_id=person.pk,
            to=person,
            extra={"need_id": need.pk, "helper_id": helper.person_id},
            legacy=lambda p=person, n=need, h=helper, mine=mine: (
                drafts.write("catch_up_need", to=p, seed=n.pk, me=me, need=n.text)
                if mine
                else drafts.write("need", to=p, seed=n.pk, me=me, need=n.text, other=h.name)
            ),
        )
        found.append(_candidate(action, owed=[Owed("help_offer", key=key, facts=facts)]))
    return found


def open_need_candidates(owner, me: str, hidden: set[str], exclude_people: set[int]):
    """After a "no": the newest open needs, whoever could meet them (the user may)."""
    recent = (
        Need.objects.filter(owner=owner, status=NeedStatus.OPEN, person__is_me=False)
        .exclude(person_id__in=exclude_people)
        .select_related("person")
        .prefetch_related(Prefetch("person__emails", queryset=PersonEmail.objects.all()))
        .order_by("-heard_on", "-id")[:3]
    )
    found = []
    for need in recent:
        key = f"need:{need.pk}"
        if key in hidden:
            continue
        p = need.person
        action = Action(
            key=key,
            kind="need",
            title=f"See if you can help {p.display_name}",
            reason=f"{looking_for(first_name(p), need.text)}. Even a name or a link helps.",
            url=reverse("people.detail", args=[p.pk]),
            person_id=p.pk,
            to=p,
            extra={"need_id": need.pk},
            legacy=lambda p=p, n=need: drafts.write(
                "catch_up_need", to=p, seed=n.pk, me=me, need=n.text
            ),
        )
        owed = [Owed("help_offer", key=key, facts={"need": need.text})]
        found.append(_candidate(action, owed=owed))
    return found


# ---------------------------------------------------------------- events


def hours_left(start: dt.datetime, now: dt.datetime) -> str:
    hours = 48 - int((now - start).total_seconds() // 3600)
    return f"{hours} hours left" if hours > 0 else "a little late is still fine"


def event_candidates(owner, now: dt.datetime, today: dt.date, me: str, hidden: set[str]):
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
            action = Action(
                key=f"event:{event.pk}:1",
                kind="event",
                title=f"Prepare for {event.name}",
                reason=f"It is {when}. Two openers and a goal make the first minute easy.",
                url=reverse("coach.event", args=[event.pk]),
                draft=event_prep_text(event),
                subject=f"Prep for {event.name}",
                extra={"event_id": event.pk, "step": "prep"},
            )
        elif event.debriefed_at is None:
            action = Action(
                key=f"event:{event.pk}:2",
                kind="event",
                title=f"Debrief {event.name}",
                reason="Write down who you met while you still remember: a name and a line each.",
                url=reverse("coach.event", args=[event.pk]),
                draft=drafts.write("event_debrief", event=event.name).body,
                days_overdue=(today - day).days,
                extra={"event_id": event.pk, "step": "debrief"},
            )
        else:
            continue
        if action.key not in hidden:
            found.append(_candidate(action))
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
        .order_by("event__starts_at", "position", "id")[: LIMIT + 1]
    )
    for contact in met:
        key = f"met:{contact.pk}"
        if key in hidden:
            continue
        action = Action(
            key=key,
            kind="met",
            title=f"Follow up with {contact.person.display_name}",
            reason=(
                f"You met at {contact.event.name}. A short note within 48 hours "
                f"({hours_left(contact.event.starts_at, now)})."
            ),
            url=reverse("people.detail", args=[contact.person_id]),
            person_id=contact.person_id,
            days_overdue=(today - timezone.localdate(contact.event.starts_at)).days,
            to=contact.person,
            legacy=lambda c=contact: drafts.write(
                "met",
                to=c.person,
                seed=c.pk,
                me=me,
                event=c.event.name,
                line=c.line or "your work",
            ),
        )
        facts = {
            "event": contact.event.name,
            "event_on": timezone.localdate(contact.event.starts_at),
        }
        if contact.line:
            facts["line"] = contact.line
        found.append(_candidate(action, owed=[Owed("event_follow_up", key=key, facts=facts)]))
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


def ids_of(keys: set[str], prefix: str) -> set[int]:
    found = set()
    for key in keys:
        head, _, rest = key.partition(":")
        rest = rest.split(":")[0]
        if head == prefix and rest.isdigit():
            found.add(int(rest))
    return found
