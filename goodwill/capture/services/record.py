"""What a connector read becomes: interactions with known people, lines on the review list.

``record_seen`` is the one way in for every source (mail, forwarded mail, calendars). It
writes the page it is given in one transaction: the captured items (unique per connector
and key, so a re-read is a no-op), the interactions (logged through
interactions.services, which resets the keep-in-touch clock), their "from mail" mark,
and the review list's counts.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone

from goodwill.capture.models import (
    Captured,
    CaptureMark,
    CaptureSettings,
    Connector,
    Ignored,
    ReviewEntry,
    Source,
)
from goodwill.capture.rules import mail as mail_rules
from goodwill.capture.rules.connectors import domain_of
from goodwill.capture.rules.seen import Direction, Seen
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Interaction, Kind, Participation
from goodwill.people.models import PersonEmail

DEFAULT_MAX_ATTENDEES = 8


@dataclass
class Recorded:
    new: int = 0  # items not seen before
    repeated: int = 0  # already captured (a re-read)
    filtered: int = 0  # automated, own, ignored, too many attendees
    logged: int = 0  # interactions created
    joined: int = 0  # items that joined an interaction of the same thread and day
    review: set[str] = field(default_factory=set)  # addresses that went to the review list

    def add(self, other: Recorded) -> None:
        self.new += other.new
        self.repeated += other.repeated
        self.filtered += other.filtered
        self.logged += other.logged
        self.joined += other.joined
        self.review |= other.review


@dataclass
class Filters:
    own: set[str]
    addresses: set[str]
    domains: set[str]
    max_attendees: int

    def keeps(self, email: str) -> bool:
        return (
            email not in self.own
            and email not in self.addresses
            and domain_of(email) not in self.domains
            and not mail_rules.is_no_reply(email)
        )


def own_addresses(owner, connector: Connector | None = None) -> set[str]:
    """The user's addresses: the account's list, the connector's, and the "me" person's."""
    found: set[str] = set()
    config = CaptureSettings.objects.filter(owner=owner).first()
    if config:
        found |= set(config.address_list)
    connectors = [connector] if connector else Connector.objects.filter(owner=owner)
    for item in connectors:
        found |= set(item.address_list)
    found |= {
        a.lower()
        for a in PersonEmail.objects.filter(owner=owner, person__is_me=True).values_list(
            "address", flat=True
        )
    }
    if owner.email:
        found.add(owner.email.lower())
    return found


def filters_for(owner, connector: Connector | None = None) -> Filters:
    config = CaptureSettings.objects.filter(owner=owner).first()
    addresses, domains = set(), set()
    for value, is_domain in Ignored.objects.filter(owner=owner).values_list("value", "is_domain"):
        (domains if is_domain else addresses).add(value)
    return Filters(
        own=own_addresses(owner, connector),
        addresses=addresses,
        domains=domains,
        max_attendees=config.max_attendees if config else DEFAULT_MAX_ATTENDEES,
    )


def people_by_email(owner, emails: Iterable[str]) -> dict[str, int]:
    """Known people by every address they have, case-insensitive (one person an address)."""
    emails = list(set(emails))
    found: dict[str, int] = {}
    for start in range(0, len(emails), 500):
        rows = (
            PersonEmail.objects.annotate(low=Lower("address"))
            .filter(owner=owner, low__in=emails[start : start + 500], person__is_me=False)
            .order_by("person_id", "position")
            .values_list("low", "person_id")
        )
        for low, person_id in rows:
            found.setdefault(low, person_id)
    return found


def _addresses_text(emails: Iterable[str]) -> str:
    emails = list(emails)
    return "\n" + "\n".join(emails) + "\n" if emails else ""


def contains(email: str) -> dict:
    """The filter for captured items that name this address."""
    return {"addresses__contains": f"\n{email.lower()}\n"}


def _moment(value: dt.datetime) -> dt.datetime:
    now = timezone.now()
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    return min(value, now)


@transaction.atomic
def record_seen(*, owner, connector: Connector, items: list[Seen]) -> Recorded:
    """Record one page of items a source read. Known people get interactions; unknown
    correspondents go to the review list; automated mail and the user's own addresses
    are left out. Items already captured by this connector are skipped."""
    report = Recorded()
    rules = filters_for(owner, connector)
    unique: dict[str, Seen] = {}
    for item in items:
        unique.setdefault(item.key[:500], item)
    keys = list(unique)
    existing: set[str] = set()
    for start in range(0, len(keys), 500):
        existing |= set(
            Captured.objects.filter(
                connector=connector, key__in=keys[start : start + 500]
            ).values_list("key", flat=True)
        )
    rows: list[Captured] = []
    for key, item in unique.items():
        if key in existing:
            report.repeated += 1
            continue
        others = [a for a in item.counterparts if a.email and rules.keeps(a.email.lower())]
        too_many = item.source == Source.CALENDAR and len(item.counterparts) > rules.max_attendees
        if item.automated or not others or too_many:
            report.filtered += 1
            continue
        report.new += 1
        rows.append(
            Captured(
                owner=owner,
                connector=connector,
                key=key,
                source=item.source if item.source in Source.values else Source.MAIL,
                kind=item.kind if item.kind in Kind.values else Kind.EMAIL,
                occurred_at=_moment(item.occurred_at),
                direction=item.direction,
                thread=(item.thread or key)[:500],
                subject=(item.subject or "")[:300],
                notes=item.notes or "",
                addresses=_addresses_text(a.email.lower() for a in others),
                names="\n".join(f"{a.email.lower()}\t{a.name}" for a in others if a.name),
            )
        )
    if not rows:
        return report
    known = people_by_email(owner, (e for r in rows for e in r.address_list))
    attach(owner, rows, known, report)  # sets each row's interaction before it is written
    Captured.objects.bulk_create(rows, batch_size=500)
    _review(owner, rows, known, report)
    return report


REPLY_PREFIX = re.compile(r"^(\s*(re|fwd?|aw|wg|sv|tr|rv)\s*(\[\d+\])?\s*:\s*)+", re.IGNORECASE)


def _summary(row: Captured) -> str:
    subject = REPLY_PREFIX.sub("", row.subject or "").strip()
    if subject:
        return subject[:200]
    return "E-mail" if row.source == Source.MAIL else "Meeting"


def attach(owner, rows: list[Captured], known: dict[str, int], report: Recorded) -> None:
    """Log the items that name known people: a thread on one day is one interaction.

    Sets each row's ``interaction_id`` (rows not saved yet are written by the caller);
    the new interactions of the page are logged at once (interactions.services.log_many)."""
    groups: dict[tuple[str, str, dt.date], list[Captured]] = defaultdict(list)
    for row in rows:
        if any(e in known for e in row.address_list):
            day = timezone.localdate(row.occurred_at)
            groups[(row.source, row.thread, day)].append(row)
    if not groups:
        return
    marks = {
        (m.source, m.thread, m.day): m
        for m in CaptureMark.objects.filter(
            owner=owner, thread__in=list({t for _, t, _ in groups})
        ).select_related("interaction")
    }
    taking_part: dict[int, list[int]] = defaultdict(list)
    for interaction_id, person_id in Participation.objects.filter(
        interaction_id__in=[m.interaction_id for k, m in marks.items() if k in groups]
    ).values_list("interaction_id", "person_id"):
        taking_part[interaction_id].append(person_id)
    changed_marks: list[CaptureMark] = []
    new_groups: list[tuple[tuple, list[Captured], str]] = []
    entries: list[dict] = []
    for group_key, members in groups.items():
        people = []
        for row in members:
            for email in row.address_list:
                pid = known.get(email)
                if pid is not None and pid not in people:
                    people.append(pid)
        directions = {row.direction for row in members}
        first = min(members, key=lambda r: r.occurred_at)
        mark = marks.get(group_key)
        if mark is None:
            entries.append(
                {
                    "participants": people,
                    "kind": first.kind,
                    "occurred_at": first.occurred_at,
                    "summary": _summary(first),
                    "notes": "\n\n".join(r.notes for r in members if r.notes),
                    "initiated_by": _initiator(first.direction),
                }
            )
            new_groups.append((group_key, members, _direction(directions)))
            continue
        interaction = mark.interaction
        current = taking_part[interaction.pk]
        missing = [p for p in people if p not in current]
        if missing:
            interactions.update_interaction(
                owner=owner, interaction=interaction, participants=current + missing
            )
        if first.occurred_at < interaction.occurred_at:
            # An earlier message of the thread was read later (Sent after INBOX):
            # the interaction starts when the thread did, and with whoever wrote first.
            interactions.update_interaction(
                owner=owner,
                interaction=interaction,
                occurred_at=first.occurred_at,
                summary=_summary(first),
                initiated_by=_initiator(first.direction),
            )
        direction = _direction({mark.direction, *directions})
        if direction != mark.direction:
            mark.direction = direction
            changed_marks.append(mark)
        report.joined += len(members)
        for row in members:
            row.interaction_id = interaction.pk
    if changed_marks:
        now = timezone.now()
        for mark in changed_marks:
            mark.updated_at = now
        CaptureMark.objects.bulk_update(changed_marks, ["direction", "updated_at"], batch_size=500)
    if not entries:
        return
    logged = interactions.log_many(owner=owner, entries=entries)
    CaptureMark.objects.bulk_create(
        CaptureMark(
            owner=owner,
            interaction=interaction,
            source=group_key[0],
            thread=group_key[1],
            day=group_key[2],
            direction=direction,
        )
        for interaction, (group_key, _, direction) in zip(logged, new_groups, strict=True)
    )
    for interaction, (_, members, _) in zip(logged, new_groups, strict=True):
        report.logged += 1
        report.joined += len(members) - 1
        for row in members:
            row.interaction_id = interaction.pk


def _save_links(rows: list[Captured]) -> None:
    """Write the interactions ``attach`` set on rows already saved (relog)."""
    linked: dict[int, list[int]] = defaultdict(list)
    for row in rows:
        if row.interaction_id:
            linked[row.interaction_id].append(row.pk)
    for interaction_id, ids in linked.items():
        Captured.objects.filter(pk__in=ids).update(interaction_id=interaction_id)


def _initiator(direction: str) -> str | None:
    if direction == Direction.SENT:
        return "me"
    if direction == Direction.RECEIVED:
        return "them"
    return None


def _direction(values: set[str]) -> str:
    if Direction.MET in values:
        return Direction.MET
    if "both" in values:
        return "both"
    if values == {Direction.SENT}:
        return Direction.SENT
    if values == {Direction.RECEIVED}:
        return Direction.RECEIVED
    return "both"


def _review(owner, rows: list[Captured], known: dict[str, int], report: Recorded) -> None:
    """Count the unknown correspondents on the review list."""
    counts: dict[str, dict] = {}
    for row in rows:
        names = dict(line.split("\t", 1) for line in row.names.splitlines() if "\t" in line)
        for email in row.address_list:
            if email in known:
                continue
            entry = counts.setdefault(
                email, {"sent": 0, "received": 0, "met": 0, "last": row.occurred_at, "names": []}
            )
            if row.direction == Direction.SENT:
                entry["sent"] += 1
            elif row.direction == Direction.MET:
                entry["met"] += 1
            else:
                entry["received"] += 1
            entry["last"] = max(entry["last"], row.occurred_at)
            name = (names.get(email) or "").strip()
            if name and name not in entry["names"]:
                entry["names"].append(name)
    if not counts:
        return
    report.review |= set(counts)
    emails = list(counts)
    existing: dict[str, tuple] = {}
    columns = ("email", "sent_count", "received_count", "met_count", "last_seen_at", "names")
    for start in range(0, len(emails), 500):
        chunk = emails[start : start + 500]
        for row in ReviewEntry.objects.filter(owner=owner, email__in=chunk).values_list(*columns):
            existing[row[0]] = row[1:]
    entries = []
    for email, seen in counts.items():
        sent, received, met, last, names = existing.get(email) or (0, 0, 0, seen["last"], "")
        names = [n for n in names.split("; ") if n]
        for name in seen["names"]:
            if name not in names:
                names.append(name)
        entries.append(
            ReviewEntry(
                owner=owner,
                email=email,
                sent_count=sent + seen["sent"],
                received_count=received + seen["received"],
                met_count=met + seen["met"],
                last_seen_at=max(last, seen["last"]),
                names="; ".join(names)[:300],
            )
        )
    # One statement a page, new lines and known ones alike (INSERT … ON CONFLICT DO
    # UPDATE on SQLite and PostgreSQL); the read above is in the same transaction.
    ReviewEntry.objects.bulk_create(
        entries,
        batch_size=500,
        update_conflicts=True,
        unique_fields=["owner", "email"],
        update_fields=[
            "sent_count",
            "received_count",
            "met_count",
            "last_seen_at",
            "names",
            "updated_at",
        ],
    )


def relog(owner, email: str, person_id: int) -> Recorded:
    """Log what was captured with ``email``, now that it belongs to a person."""
    report = Recorded()
    rows = list(Captured.objects.filter(owner=owner, **contains(email)).order_by("occurred_at"))
    if rows:
        known = people_by_email(owner, (e for r in rows for e in r.address_list))
        known[email.lower()] = person_id
        attach(owner, rows, known, report)
        _save_links(rows)
    return report


def interactions_from(owner, rows: list[Captured]) -> list[int]:
    """The interactions capture logged from these items and nothing else."""
    ids = {r.interaction_id for r in rows if r.interaction_id}
    if not ids:
        return []
    still_used = set(
        Captured.objects.filter(owner=owner, interaction_id__in=ids)
        .exclude(pk__in=[r.pk for r in rows])
        .values_list("interaction_id", flat=True)
    )
    marked = set(
        Interaction.objects.filter(owner=owner, pk__in=ids, capture_mark__isnull=False).values_list(
            "pk", flat=True
        )
    )
    return sorted((ids & marked) - still_used)
