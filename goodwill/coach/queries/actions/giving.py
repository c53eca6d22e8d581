"""Ways to help: introductions half made, needs someone can meet."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, Q, prefetch_related_objects
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.queries.actions.common import (
    NEEDS_FETCH,
    Action,
    _candidate,
    emails,
    fetch_size,
    looking_for,
)
from goodwill.coach.rules import drafts
from goodwill.coach.rules.owed import Owed
from goodwill.giving.models import Give, Introduction, IntroStatus, Need, NeedStatus
from goodwill.giving.queries import needs_you_can_meet
from goodwill.leads.rules.drafts import first_name
from goodwill.people.models import PersonEmail

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
