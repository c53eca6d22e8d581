"""What a digest says, and the e-mail that carries it.

Four sections, each short: Today's actions with their drafts, catch-ups due, leads and
report-backs due, and events coming up. Both parts are rendered by templates with
autoescaping for the HTML part; every link is built by ``site_link`` on
GOODWILL_SITE_URL, so a digest never points at any other host.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from email.utils import make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from goodwill.coach.models import Event
from goodwill.coach.queries.planner import today_actions
from goodwill.interactions.queries import due
from goodwill.leads.queries import due_actions
from goodwill.reminders import rules as schedule
from goodwill.reminders.models import Frequency, ReminderSettings
from goodwill.reminders.rules import site_link, unsubscribe_link

SECTION_LIMIT = 8


_ADDRESS = re.compile(r"(?i)\b(https?|ftp)://|\bwww\.")


def quiet_links(text: str) -> str:
    """Break web addresses inside user-supplied text ("https://x" → "https[:]//x") so
    that no mail client turns them into links: the only links are the site's own."""
    return _ADDRESS.sub(lambda m: f"{m.group(1)}[:]//" if m.group(1) else "www[.]", text or "")


@dataclass
class Item:
    title: str
    detail: str = ""
    url: str = ""  # absolute, on the site
    draft: str = ""
    when: str = ""

    def __post_init__(self):
        self.title = quiet_links(self.title)
        self.detail = quiet_links(self.detail)
        self.draft = quiet_links(self.draft)


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    more: int = 0


@dataclass
class Digest:
    owner_id: int
    local_date: dt.date
    weekly: bool
    sections: list[Section]

    @property
    def count(self) -> int:
        return sum(len(s.items) + s.more for s in self.sections)

    @property
    def is_empty(self) -> bool:
        return self.count == 0

    @property
    def subject(self) -> str:
        span = "this week" if self.weekly else self.local_date.strftime("%a %-d %b")
        noun = "thing" if self.count == 1 else "things"
        return f"Goodwill: {self.count} {noun} to do ({span})"

    def as_dict(self) -> dict:
        return {
            "subject": self.subject,
            "local_date": self.local_date.isoformat(),
            "count": self.count,
            "sections": [
                {
                    "key": s.key,
                    "title": s.title,
                    "more": s.more,
                    "items": [vars(i) for i in s.items],
                }
                for s in self.sections
            ],
        }


def _today(owner, now, shown: set[int]) -> Section:
    """Today's actions; the people they are about go into ``shown`` so that the
    catch-up section does not list them twice."""

    section = Section("today", "Today")
    for action in today_actions(owner, now=now, limit=5):
        if action.person_id and action.kind in {"catch_up", "first_hello", "reconnect", "help"}:
            shown.add(action.person_id)
        section.items.append(
            Item(
                title=action.title,
                detail=action.reason,
                url=site_link(action.url or "/"),
                draft=action.draft,
            )
        )
    return section


def _catch_ups(owner, on: dt.date, shown: set[int]) -> Section:

    section = Section("catch_ups", "Catch-ups due")
    people = [p for p in due(owner, on=on)[: SECTION_LIMIT + len(shown) + 1] if p.pk not in shown]
    for person in people[:SECTION_LIMIT]:
        late = (on - person.next_due_on).days
        section.items.append(
            Item(
                title=person.display_name,
                detail=f"due {late} day{'s' if late != 1 else ''} ago" if late else "due today",
                url=site_link(reverse("people.detail", args=[person.pk])),
            )
        )
    if len(people) > SECTION_LIMIT:
        section.more = due(owner, on=on).exclude(pk__in=shown).count() - SECTION_LIMIT
    return section


def _leads(owner, on: dt.date) -> Section:
    section = Section("leads", "Leads and report-backs")
    actions = [a for a in due_actions(owner, today=on) if a.days_overdue >= 0]
    for action in actions[:SECTION_LIMIT]:
        path = (
            reverse("leads.detail", args=[action.lead.pk])
            if action.lead is not None
            else reverse("referrals.list")
        )
        section.items.append(
            Item(
                title=action.person.display_name,
                detail=action.reason,
                url=site_link(path),
                draft=action.draft.body if action.draft else "",
            )
        )
    section.more = max(0, len(actions) - SECTION_LIMIT)
    return section


def _events(owner, now: dt.datetime, tz, days: int) -> Section:

    section = Section("events", "Coming up")
    events = Event.objects.filter(
        owner=owner, starts_at__gte=now, starts_at__lt=now + dt.timedelta(days=days)
    ).order_by("starts_at", "id")
    for event in events[:SECTION_LIMIT]:
        local = event.starts_at.astimezone(tz)
        section.items.append(
            Item(
                title=event.name,
                detail=event.place,
                when=local.strftime("%a %-d %b, %H:%M"),
                url=site_link("/"),
            )
        )
    return section


def build_digest(owner, config: ReminderSettings, now: dt.datetime) -> Digest:
    tz = schedule.zone(config.time_zone)
    on = now.astimezone(tz).date()
    weekly = config.frequency == Frequency.WEEKLY
    shown: set[int] = set()
    with timezone.override(tz):  # the worker has no account: "today" is the account's
        sections = [
            _today(owner, now, shown),
            _catch_ups(owner, on, shown),
            _leads(owner, on),
            _events(owner, now, tz, days=8 if weekly else 2),
        ]
    return Digest(owner.pk, on, weekly, [s for s in sections if s.items or s.more])


def new_message_id() -> str:
    host = urlsplit(settings.GOODWILL_SITE_URL).hostname or "goodwill.invalid"
    return make_msgid("digest", domain=host)


def build_message(
    digest: Digest, *, to: str, message_id: str, owner_name: str = ""
) -> EmailMultiAlternatives:
    """The e-mail: text and HTML parts, a Message-ID and one-click unsubscribe (RFC 8058)."""
    unsubscribe = unsubscribe_link(digest.owner_id)
    context = {
        "digest": digest,
        "name": owner_name,
        "site_url": settings.GOODWILL_SITE_URL,
        "settings_url": site_link(reverse("reminders.settings")),
        "unsubscribe_url": unsubscribe,
    }
    text = render_to_string("goodwill/reminders/email/digest.txt", context)
    html = render_to_string("goodwill/reminders/email/digest.html", context)
    message = EmailMultiAlternatives(
        subject=digest.subject,
        body=text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={
            "Message-ID": message_id,
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
