"""The digest outbox and the tick that fills and drains it.

The guarantee (docs/reminders.md explains it for users):

1. **Plan.** ``plan_digests`` inserts one ``DigestSend`` row per (account, local period)
   that is due. The unique constraint on (owner, period_key) makes this idempotent: any
   number of workers may plan at once, or again after a crash, and there is one row.
2. **Claim.** ``claim_next`` takes a pending row whose lease is free or has run out, with
   one conditional UPDATE (compare-and-set on the lease and the attempt count). Two
   workers cannot both win: the database serialises the UPDATEs and the loser matches
   no row. The Message-ID is fixed before the first send and kept for every retry.
3. **Send, then mark.** The message goes to the SMTP server; only after the server
   accepted it is the row marked sent (by the worker that still holds the lease).

A worker killed before the server accepted the message leaves a leased, pending row:
when the lease (``LEASE``) runs out, another worker sends it. Nothing is missed. The one
window left is between the server's "250 OK" and the UPDATE that marks the row sent (a
few milliseconds, one local write): a crash exactly there sends that digest again, with
the same Message-ID, so mail clients that de-duplicate on it show it once.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
from dataclasses import asdict, dataclass

from django.db.models import F, Q
from django.utils import timezone

from goodwill.capture.services.tasks import run_due_connectors
from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.services.imports import steps as import_steps
from goodwill.exchange.services.imports.pipeline import STALE_PREVIEW
from goodwill.notify.services import outbox as notify_outbox
from goodwill.reminders import rules as schedule
from goodwill.reminders.models import DigestSend, ReminderSettings, SendStatus
from goodwill.reminders.queries.digest import build_digest, build_message, new_message_id
from goodwill.reminders.rules import email_enabled

log = logging.getLogger("goodwill.reminders")

LEASE = dt.timedelta(minutes=5)
RETRY_AFTER = dt.timedelta(minutes=10)


@dataclass
class TickReport:
    planned: int = 0
    sent: int = 0
    skipped: int = 0
    failed: int = 0
    retrying: int = 0
    purged_previews: int = 0
    resumed_imports: int = 0  # large imports left half-written by a stopped worker
    notifications: dict | None = None  # notify's outbox: planned, sent, retrying...
    capture_runs: int = 0  # mailboxes and calendars queued for reading (capture)

    def as_dict(self) -> dict:
        return asdict(self)


def worker_name() -> str:
    return f"{socket.gethostname()[:40]}:{os.getpid()}"


def _ready_settings():
    return ReminderSettings.objects.filter(
        digest_enabled=True, verified_at__isnull=False, owner__is_active=True
    ).exclude(email="")


def due_now(now: dt.datetime) -> list[tuple[ReminderSettings, schedule.Period]]:
    """Every verified, enabled account whose period is due at ``now`` (planned or not)."""
    found = []
    for config in _ready_settings().iterator(chunk_size=500):
        if not config.is_verified:
            continue
        period = schedule.current_period(config, now)
        if period is not None:
            found.append((config, period))
    return found


def plan_digests(now: dt.datetime | None = None) -> int:
    """Insert the outbox rows for every period due now. Idempotent; returns rows added."""
    if not email_enabled():
        return 0
    now = now or timezone.now()
    due = due_now(now)
    if not due:
        return 0
    keys = {p.key for _, p in due}
    owners = [c.owner_id for c, _ in due]
    planned = set(
        DigestSend.objects.filter(owner_id__in=owners, period_key__in=keys).values_list(
            "owner_id", "period_key"
        )
    )
    rows = [
        DigestSend(owner_id=c.owner_id, period_key=p.key, due_at=p.due_at, to_email=c.email)
        for c, p in due
        if (c.owner_id, p.key) not in planned
    ]
    # Another worker may insert the same rows between the read and this write: the
    # unique constraint keeps one, and ignore_conflicts drops ours quietly.
    DigestSend.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _claimable(now: dt.datetime):
    return DigestSend.objects.filter(status=SendStatus.PENDING).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    )


def claim_next(worker: str, now: dt.datetime, *, lease: dt.timedelta = LEASE):
    """Take one pending row for ``worker`` (or None). Safe with any number of workers."""
    for _ in range(20):
        candidate = _claimable(now).order_by("due_at", "id").values_list("pk", "attempts").first()
        if candidate is None:
            return None
        pk, attempts = candidate
        won = (
            _claimable(now)
            .filter(pk=pk, attempts=attempts)
            .update(claimed_by=worker[:64], lease_until=now + lease, attempts=F("attempts") + 1)
        )
        if won:
            row = DigestSend.objects.select_related("owner").get(pk=pk)
            if not row.message_id:
                row.message_id = new_message_id()
                DigestSend.objects.filter(pk=pk, claimed_by=row.claimed_by).update(
                    message_id=row.message_id
                )
            return row
    return None


def _finish(row: DigestSend, worker: str, **fields) -> bool:
    """Record the outcome, if ``worker`` still holds the row."""
    return bool(
        DigestSend.objects.filter(
            pk=row.pk, claimed_by=worker[:64], status=SendStatus.PENDING
        ).update(**fields)
    )


def deliver(row: DigestSend, worker: str, now: dt.datetime, report: TickReport) -> None:
    config = ReminderSettings.objects.filter(owner_id=row.owner_id).first()
    if (
        config is None
        or not config.digest_enabled
        or not config.is_verified
        or config.email.lower() != row.to_email.lower()
    ):
        _finish(row, worker, status=SendStatus.SKIPPED, lease_until=None, error="turned off")
        report.skipped += 1
        return
    digest = build_digest(row.owner, config, now)
    if digest.is_empty:
        _finish(row, worker, status=SendStatus.SKIPPED, lease_until=None, error="nothing due")
        report.skipped += 1
        return
    name = row.owner.first_name or row.owner.username
    message = build_message(digest, to=row.to_email, message_id=row.message_id, owner_name=name)
    try:
        message.send()
    except Exception as exc:  # any failure to send is retried, then recorded
        error = f"{type(exc).__name__}: {exc}"[:2000]
        log.warning("Digest %s for account %s not sent: %s", row.pk, row.owner_id, error)
        if row.attempts >= DigestSend.MAX_ATTEMPTS:
            _finish(row, worker, status=SendStatus.FAILED, lease_until=None, error=error)
            report.failed += 1
        else:
            _finish(row, worker, lease_until=now + RETRY_AFTER, claimed_by="", error=error)
            report.retrying += 1
        return
    # The one remaining window: a crash right here sends this digest again later.
    _finish(row, worker, status=SendStatus.SENT, sent_at=timezone.now(), lease_until=None)
    report.sent += 1


def deliver_pending(
    *,
    worker: str | None = None,
    now: dt.datetime | None = None,
    lease: dt.timedelta = LEASE,
    limit: int | None = None,
    report: TickReport | None = None,
) -> TickReport:
    """Claim and send pending digests until none is left (or ``limit`` were handled)."""
    worker = worker or worker_name()
    report = report or TickReport()
    handled = 0
    while limit is None or handled < limit:
        at = now or timezone.now()
        row = claim_next(worker, at, lease=lease)
        if row is None:
            break
        deliver(row, worker, at, report)
        handled += 1
    return report


def purge_previews(now: dt.datetime | None = None) -> int:
    """Delete import previews nobody committed within a day (they hold uploaded files)."""

    stale = (now or timezone.now()) - STALE_PREVIEW
    deleted, _ = ImportBatch.objects.filter(
        status=ImportStatus.PREVIEWED, created_at__lt=stale
    ).delete()
    return deleted


def tick(*, now: dt.datetime | None = None, worker: str | None = None) -> TickReport:
    """One round of periodic work: purge stale previews, queue the capture connectors
    that are due, plan due digests, send them, and the same for notifications (Apprise
    channels, web push)."""
    report = TickReport()
    report.purged_previews = purge_previews(now)
    report.resumed_imports = import_steps.resume_stale(now)
    report.capture_runs = run_due_connectors(now)
    report.planned = plan_digests(now)
    if email_enabled():
        deliver_pending(worker=worker, now=now, report=report)
    try:
        notified = notify_outbox.tick(worker=worker or worker_name(), now=now)
        report.notifications = notified.as_dict()
    except Exception:  # notifications must never stop the digest (and vice versa)
        log.exception("The notifications round failed; trying again next tick.")
    return report


def dry_run(now: dt.datetime | None = None) -> list[dict]:
    """What a tick would send now, without writing anything."""
    now = now or timezone.now()
    due = due_now(now)
    planned = {
        (r.owner_id, r.period_key): r.status
        for r in DigestSend.objects.filter(
            owner_id__in=[c.owner_id for c, _ in due], period_key__in={p.key for _, p in due}
        )
    }
    rows = [
        {
            "account": config.owner.username,
            "to": config.email,
            "period": period.key,
            "due_at": period.due_at.isoformat(),
            "status": planned.get((config.owner_id, period.key), "would plan"),
        }
        for config, period in due
    ]
    for row in _claimable(now).select_related("owner"):
        if (row.owner_id, row.period_key) not in planned:
            rows.append(
                {
                    "account": row.owner.username,
                    "to": row.to_email,
                    "period": row.period_key,
                    "due_at": row.due_at.isoformat(),
                    "status": "pending (retry)",
                }
            )
    return rows


def recent_sends(owner, limit: int = 5):
    return list(DigestSend.objects.filter(owner=owner).order_by("-due_at", "-id")[:limit])
