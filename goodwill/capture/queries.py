"""Capture's reads: connectors, the review list, the timeline mark, and what Today may
offer (an e-mail waiting for a reply, a meeting with someone new)."""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q

from goodwill.capture.models import (
    Captured,
    CaptureMark,
    CaptureSettings,
    Connector,
    Ignored,
    ReviewEntry,
    Source,
)
from goodwill.capture.rules.seen import Direction
from goodwill.interactions.models import Participation
from goodwill.network.models import RelSource
from goodwill.people.models import Person

REVIEW_PAGE = 50
MEETING_DAYS = 2  # a meeting "just happened" for this long


def connectors(owner):
    return Connector.objects.filter(owner=owner).order_by("name", "id")


def settings_of(owner) -> CaptureSettings:
    return CaptureSettings.objects.filter(owner=owner).first() or CaptureSettings(owner=owner)


def review_list(owner, *, q: str = ""):
    """People the user has written to (or heard from, or met) who are not in Goodwill,
    the ones the user wrote to most first."""
    rows = ReviewEntry.objects.filter(owner=owner)
    q = (q or "").strip().lower()
    if q:
        rows = rows.filter(Q(email__contains=q) | Q(names__icontains=q))
    return rows.order_by("-sent_count", "-last_seen_at", "id")


def review_count(owner) -> int:
    return ReviewEntry.objects.filter(owner=owner).count()


def ignored(owner):
    return Ignored.objects.filter(owner=owner).order_by("is_domain", "value")


def captured_with(owner, email: str, limit: int = 10) -> list[Captured]:
    return list(
        Captured.objects.filter(owner=owner, addresses__contains=f"\n{email.lower()}\n").order_by(
            "-occurred_at"
        )[:limit]
    )


def marks(interaction_ids) -> dict[int, str]:
    """Interaction id → "mail" or "calendar", for the interactions capture logged."""
    ids = [i for i in interaction_ids if i]
    if not ids:
        return {}
    return dict(
        CaptureMark.objects.filter(interaction_id__in=ids).values_list("interaction_id", "source")
    )


def mark_label(source: str) -> str:
    return Source(source).label if source in Source.values else ""


def person_marks(owner, person, *, timeline_limit: int) -> dict:
    """The person page's section: which of their latest interactions capture logged,
    as {interaction id: "from mail" / "from calendar"} (the timeline shows it)."""
    rows = (
        CaptureMark.objects.filter(owner=owner, interaction__participation__person=person)
        .order_by("-interaction__occurred_at")
        .values_list("interaction_id", "source")[:timeline_limit]
    )
    return {"capture_marks": {pk: mark_label(source) for pk, source in rows}}


# ---------------------------------------------------------------- for Today


def cared_for(owner):
    """People the user cares about: a keep-in-touch rhythm (their own or a tag's), or a
    relationship recorded with them."""
    return Person.objects.filter(owner=owner, archived=False, is_me=False).filter(
        Q(cadence_days__isnull=False)
        | Q(tags__cadence_days__isnull=False)
        | Q(relationships__source=RelSource.MANUAL)
    )


def waiting_replies(
    owner, now: dt.datetime, *, days: int | None = None, limit: int = 5
) -> list[dict]:
    """E-mails from people the user cares about that have waited ``days`` or more for a
    reply: the latest message of the thread was theirs. Empty unless the user turned
    the nudge on. Each: person, subject, received_at, thread."""
    config = settings_of(owner)
    if not config.reply_nudges:
        return []
    days = days or config.reply_after_days
    before = now - dt.timedelta(days=days)
    window = now - dt.timedelta(days=days + 30)
    later_sent = Captured.objects.filter(
        owner=owner,
        source=Source.MAIL,
        thread=OuterRef("thread"),
        direction=Direction.SENT,
        occurred_at__gt=OuterRef("occurred_at"),
    )
    rows = (
        Captured.objects.filter(
            owner=owner,
            source=Source.MAIL,
            direction=Direction.RECEIVED,
            occurred_at__lte=before,
            occurred_at__gte=window,
            interaction__isnull=False,
        )
        .filter(~Exists(later_sent))
        .order_by("-occurred_at")
        .values("thread", "subject", "occurred_at", "interaction_id")[:200]
    )
    rows = list(rows)
    who: dict[int, list[int]] = {}
    for interaction_id, person_id in Participation.objects.filter(
        interaction_id__in={r["interaction_id"] for r in rows}
    ).values_list("interaction_id", "person_id"):
        who.setdefault(interaction_id, []).append(person_id)
    candidates = {p for ids in who.values() for p in ids}
    cared = {p.pk: p for p in cared_for(owner).filter(pk__in=candidates).distinct()}
    found, threads, chosen = [], set(), set()
    for row in rows:
        if row["thread"] in threads:
            continue
        threads.add(row["thread"])
        person = next(
            (
                cared[p]
                for p in who.get(row["interaction_id"], [])
                if p in cared and p not in chosen
            ),
            None,
        )
        if person is None:
            continue
        # Any contact since (a call, a coffee, a reply from another address) answers it.
        later = person.last_contact_at
        if later and later > row["occurred_at"] + dt.timedelta(hours=1):
            continue
        chosen.add(person.pk)
        found.append(
            {
                "person": person,
                "subject": row["subject"],
                "received_at": row["occurred_at"],
                "thread": row["thread"],
            }
        )
        if len(found) >= limit:
            break
    return found


def new_faces(owner, now: dt.datetime, *, limit: int = 3) -> list[ReviewEntry]:
    """People met in a meeting that just happened who are not in Goodwill yet."""
    since = now - dt.timedelta(days=MEETING_DAYS)
    return list(
        ReviewEntry.objects.filter(owner=owner, met_count__gt=0, last_seen_at__gte=since)
        .filter(last_seen_at__lte=now)
        .order_by("-last_seen_at", "id")[:limit]
    )


def meeting_with(owner, email: str) -> Captured | None:
    return (
        Captured.objects.filter(
            owner=owner, source=Source.CALENDAR, addresses__contains=f"\n{email.lower()}\n"
        )
        .order_by("-occurred_at")
        .first()
    )
