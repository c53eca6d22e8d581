"""The notification outbox, drained by the worker's tick (exactly once, like the digest).

1. **Plan.** ``plan_notices`` inserts one ``Notice`` per (target, key) that is due:
   the morning summary ("today:2026-06-15"), a lead whose clock runs out today or
   tomorrow, an event starting tomorrow. The unique constraint on (target, key) makes
   this idempotent for any number of workers. A notice planned inside the account's
   quiet hours gets ``not_before`` at their end: a 3 am send waits for the morning.
2. **Claim.** ``claim_next`` takes a pending row whose time has come and whose lease is
   free or has run out, with one conditional UPDATE (compare-and-set on the lease and
   the attempt count): two workers cannot both win.
3. **Send, then mark.** Only after Apprise or the push service accepted it is the row
   marked sent, by the worker still holding the lease. A failure is written on the
   channel with its reason and retried later (1, 5, 30 minutes, 2 and 6 hours), then
   given up; a push subscription the browser dropped (404/410) is removed.

A worker killed mid-send leaves a leased row; when the lease runs out another worker
sends it. The one window left is between the service's "accepted" and the UPDATE that
marks the row sent: a crash exactly there sends that notice again.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import asdict, dataclass

from django.db.models import F, Q
from django.utils import timezone

from goodwill.accounts.models import User
from goodwill.notify import queries, rules
from goodwill.notify.models import Channel, Notice, NoticeStatus, PushDevice
from goodwill.notify.services import senders

log = logging.getLogger("goodwill.notify")


@dataclass
class NotifyReport:
    planned: int = 0
    sent: int = 0
    skipped: int = 0
    retrying: int = 0
    failed: int = 0
    gone: int = 0  # push subscriptions removed

    def as_dict(self) -> dict:
        return asdict(self)


def _targets(owner_id: int) -> list:
    return [
        *Channel.objects.filter(owner_id=owner_id),
        *PushDevice.objects.filter(owner_id=owner_id),
    ]


def target_key(target) -> str:
    return f"{'channel' if isinstance(target, Channel) else 'device'}:{target.pk}"


def _owners_with_targets() -> list[int]:
    ids = set(Channel.objects.values_list("owner_id", flat=True).distinct())
    ids |= set(PushDevice.objects.values_list("owner_id", flat=True).distinct())
    return sorted(ids)


def plan_for(owner, now: dt.datetime) -> int:
    """Insert the notices due for one account at ``now``. Idempotent; returns rows added."""
    targets = [t for t in _targets(owner.pk) if t.topics]
    if not targets:
        return 0
    config = queries.settings_of(owner)
    tz = rules.zone_of(owner)
    local = now.astimezone(tz)
    morning = dt.datetime.combine(local.date(), config.morning_at, tzinfo=tz)
    if not (morning <= local < morning + rules.GRACE):
        return 0
    day = local.date()
    drafts: list[queries.Draft] = []
    today_key = f"today:{day.isoformat()}"
    have_today = set(
        Notice.objects.filter(owner=owner, key=today_key).values_list("target", flat=True)
    )
    if any(t.wants_today and target_key(t) not in have_today for t in targets):
        summary = queries.today_summary(owner, day, morning + rules.GRACE)
        drafts += [summary] if summary else []
    if any(t.wants_leads for t in targets):
        drafts += queries.leads_running_out(owner, day, tz)
    if any(t.wants_events for t in targets):
        drafts += queries.events_tomorrow(owner, day, tz)
    existing = set(
        Notice.objects.filter(owner=owner, key__in=[d.key for d in drafts]).values_list(
            "target", "key"
        )
    )
    not_before = rules.after_quiet(config, now, tz)
    rows = [
        Notice(
            owner=owner,
            channel=t if isinstance(t, Channel) else None,
            device=t if isinstance(t, PushDevice) else None,
            target=target_key(t),
            key=d.key,
            topic=d.topic,
            title=d.title,
            body=d.body,
            url=d.url,
            not_before=not_before,
            expires_at=d.expires_at,
        )
        for d in drafts
        for t in targets
        if t.wants(d.topic) and (target_key(t), d.key) not in existing
    ]
    # Another worker may insert the same rows meanwhile: the constraint keeps one.
    Notice.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def plan_notices(now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    added = 0
    for owner in User.objects.filter(pk__in=_owners_with_targets(), is_active=True):
        try:
            added += plan_for(owner, now)
        except Exception:  # one account's trouble must not stop the others
            log.exception("Planning notifications for account %s failed.", owner.pk)
    return added


def _claimable(now: dt.datetime):
    return Notice.objects.filter(status=NoticeStatus.PENDING, not_before__lte=now).filter(
        Q(lease_until__isnull=True) | Q(lease_until__lte=now)
    )


def claim_next(worker: str, now: dt.datetime, *, lease: dt.timedelta = rules.LEASE):
    """Take one pending notice for ``worker`` (or None). Safe with any number of workers."""
    for _ in range(20):
        found = _claimable(now).order_by("not_before", "id").values_list("pk", "attempts").first()
        if found is None:
            return None
        pk, attempts = found
        won = (
            _claimable(now)
            .filter(pk=pk, attempts=attempts)
            .update(claimed_by=worker[:64], lease_until=now + lease, attempts=F("attempts") + 1)
        )
        if won:
            return Notice.objects.select_related("channel", "device", "owner").get(pk=pk)
    return None


def _finish(row: Notice, worker: str, **fields) -> bool:
    return bool(
        Notice.objects.filter(
            pk=row.pk, claimed_by=worker[:64], status=NoticeStatus.PENDING
        ).update(**fields)
    )


def _note_on_target(target, error: str, now: dt.datetime) -> None:
    model = type(target)
    if error:
        model.objects.filter(pk=target.pk).update(last_error=error[:500], last_error_at=now)
    else:
        model.objects.filter(pk=target.pk).update(last_ok_at=now, last_error="", last_error_at=None)


def deliver(row: Notice, worker: str, now: dt.datetime, report: NotifyReport) -> None:
    target = row.channel or row.device
    if target is None or not target.wants(row.topic):
        _finish(row, worker, status=NoticeStatus.SKIPPED, lease_until=None, error="turned off")
        report.skipped += 1
        return
    if now >= row.expires_at:
        _finish(row, worker, status=NoticeStatus.SKIPPED, lease_until=None, error="too late")
        report.skipped += 1
        return
    try:
        if row.channel is not None:
            error = senders.send_apprise(row.channel.url_sealed, title=row.title, body=_text(row))
        else:
            error = senders.send_push(row.device, title=row.title, body=row.body, url=row.url)
    except senders.Gone:
        PushDevice.objects.filter(pk=row.device_id).delete()  # its notices go with it
        report.gone += 1
        return
    if error:
        log.warning("Notice %s to %s not sent: %s", row.pk, row.target, error)
        _note_on_target(target, error, now)
        if row.attempts >= Notice.MAX_ATTEMPTS:
            _finish(row, worker, status=NoticeStatus.FAILED, lease_until=None, error=error)
            report.failed += 1
        else:
            config, tz = queries.settings_of(row.owner), rules.zone_of(row.owner)
            later = rules.after_quiet(config, now + rules.retry_after(row.attempts), tz)
            _finish(row, worker, not_before=later, lease_until=None, claimed_by="", error=error)
            report.retrying += 1
        return
    # The one remaining window: a crash right here sends this notice again later.
    _finish(row, worker, status=NoticeStatus.SENT, sent_at=timezone.now(), lease_until=None)
    _note_on_target(target, "", now)
    report.sent += 1


def _text(row: Notice) -> str:
    return f"{row.body}\n{row.url}" if row.url else row.body


def deliver_pending(
    *,
    worker: str,
    now: dt.datetime | None = None,
    lease: dt.timedelta = rules.LEASE,
    report: NotifyReport | None = None,
) -> NotifyReport:
    report = report or NotifyReport()
    while True:
        at = now or timezone.now()
        row = claim_next(worker, at, lease=lease)
        if row is None:
            return report
        deliver(row, worker, at, report)


def tick(*, worker: str, now: dt.datetime | None = None) -> NotifyReport:
    """Plan what is due and send what is ready. Called by the reminders worker's tick."""
    report = NotifyReport()
    report.planned = plan_notices(now)
    return deliver_pending(worker=worker, now=now, report=report)


def recent(owner, limit: int = 8) -> list[Notice]:
    return list(
        Notice.objects.filter(owner=owner)
        .exclude(status=NoticeStatus.SKIPPED)
        .order_by("-not_before", "-id")[:limit]
    )
