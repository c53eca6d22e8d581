"""Running a connector: read what is new, page by page, and say how it went.

A run holds its connector with a lease (``running_until``), renewed after each page, so
two workers never read the same mailbox at once. Each page is saved in one transaction
with where the folder got to: a run killed at any moment starts again after the last
saved page. A failure (wrong password, server down) is written on the connector in
words and the next try waits longer each time (rules.backoff): never a crash loop.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from goodwill.capture.models import CALENDAR_KINDS, Connector, ConnectorKind, FolderState
from goodwill.capture.rules import connectors as rules
from goodwill.capture.rules.seen import Seen, SourceError
from goodwill.capture.services.connectors import add_calendar, password_of, url_of
from goodwill.capture.services.record import Recorded, filters_for, own_addresses, record_seen
from goodwill.capture.sources import calendar
from goodwill.capture.sources.imap import ImapReader
from goodwill.core.rules import field_error, resolve_owned
from goodwill.core.vault import VaultError

log = logging.getLogger("goodwill.capture")

Progress = Callable[[int, int], None]


@dataclass
class RunReport:
    connector: str
    ok: bool = True
    read: int = 0
    recorded: Recorded = field(default_factory=Recorded)
    status: str = ""
    skipped: str = ""  # why the run did not happen (held by another run, paused)

    def as_dict(self) -> dict:
        return {
            "connector": self.connector,
            "ok": self.ok,
            "read": self.read,
            "new": self.recorded.new,
            "logged": self.recorded.logged,
            "joined": self.recorded.joined,
            "filtered": self.recorded.filtered,
            "repeated": self.recorded.repeated,
            "to_review": len(self.recorded.review),
            "status": self.status,
            "skipped": self.skipped,
        }


def _at(moment: dt.datetime) -> str:
    return timezone.localtime(moment).strftime("%H:%M")


def _free(now: dt.datetime) -> Q:
    return Q(running_until__isnull=True) | Q(running_until__lt=now)


def claim(connector: Connector, now: dt.datetime, *, force: bool = False) -> bool:
    """Take the connector's lease; False when another run holds it."""
    rows = Connector.objects.filter(pk=connector.pk)
    if not force:
        rows = rows.filter(_free(now))
    return rows.update(running_until=now + rules.LEASE) == 1


def due(now: dt.datetime):
    """Connectors whose next run is due, of every account (the worker's tick)."""
    return (
        Connector.objects.filter(paused=False, owner__is_active=True)
        .exclude(kind=ConnectorKind.ICS_FILE)
        .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
        .filter(_free(now))
    )


def schedule_due(now: dt.datetime) -> list[int]:
    """Move every due connector's next run on (so the next tick does not queue it again)
    and return their ids for the worker to run."""
    ids = []
    for connector in due(now).only("pk", "every_minutes"):
        moved = (
            Connector.objects.filter(pk=connector.pk)
            .filter(Q(next_try_at__isnull=True) | Q(next_try_at__lte=now))
            .update(next_try_at=now + dt.timedelta(minutes=connector.every_minutes))
        )
        if moved:
            ids.append(connector.pk)
    return ids


@transaction.atomic
def queue_now(*, owner, connector) -> Connector:
    """Mark the connector as queued for a run now (its next tick is moved on)."""
    connector = resolve_owned(Connector, owner, connector, "connector")
    if connector.paused:
        raise field_error("paused", f"{connector.name} is paused; resume it first.")
    if connector.kind == ConnectorKind.ICS_FILE:
        raise field_error("kind", "A file is read once; upload it again to read it anew.")
    connector.next_try_at = timezone.now() + dt.timedelta(minutes=connector.every_minutes)
    connector.status = "Queued: reading starts in a moment."
    connector.save(update_fields=["next_try_at", "status", "updated_at"])
    return connector


def run_connector(
    connector: Connector,
    *,
    now: dt.datetime | None = None,
    progress: Progress | None = None,
    force: bool = False,
) -> RunReport:
    """Read what is new in one connector, now. Never raises for a server's refusal:
    the report and the connector's status say what happened."""
    now = now or timezone.now()
    report = RunReport(connector=connector.name)
    if not claim(connector, now, force=force):
        report.ok = False
        report.skipped = (
            f"{connector.name} is being read by another run; try again in a few minutes."
        )
        return report
    Connector.objects.filter(pk=connector.pk).update(last_run_at=now)
    try:
        if connector.is_mail:
            _run_mail(connector, report, progress)
        elif connector.kind in CALENDAR_KINDS:
            _run_calendar(connector, report, progress, now)
    except (SourceError, VaultError) as exc:
        report.ok = False
        _failed(connector, report, exc, now)
    except Exception as exc:
        log.exception("Capture run of connector %s failed", connector.pk)
        report.ok = False
        _failed(
            connector, report, SourceError(f"something went wrong here ({type(exc).__name__})"), now
        )
    else:
        _succeeded(connector, report, now)
    finally:
        Connector.objects.filter(pk=connector.pk).update(running_until=None)
    return report


def _succeeded(connector: Connector, report: RunReport, now: dt.datetime) -> None:
    done = timezone.now()
    rec = report.recorded
    if report.read == 0 and rec.new == 0:
        status = f"Up to date at {_at(done)}."
    else:
        parts = [f"{report.read} read"]
        if rec.logged:
            parts.append(f"{rec.logged} new interaction{'s' if rec.logged != 1 else ''}")
        if rec.review:
            parts.append(f"{len(rec.review)} to review")
        status = f"{', '.join(parts)} at {_at(done)}."
    report.status = status
    Connector.objects.filter(pk=connector.pk).update(
        status=status,
        last_error="",
        failures=0,
        last_ok_at=done,
        next_try_at=now + dt.timedelta(minutes=connector.every_minutes),
    )


def _failed(connector: Connector, report: RunReport, exc: Exception, now: dt.datetime) -> None:
    failures = Connector.objects.get(pk=connector.pk).failures + 1
    wait = rules.backoff(failures)
    if isinstance(exc, VaultError):
        reason = f"the saved password cannot be read any more ({exc})"
        wait = rules.BACKOFF_MAX
    else:
        reason = str(exc)
    retry = now + wait
    status = f"{reason[:1].upper()}{reason[1:]}. Trying again at {_at(retry)}."
    report.status = status
    Connector.objects.filter(pk=connector.pk).update(
        status=status[:300], last_error=reason[:300], failures=failures, next_try_at=retry
    )


# ---------------------------------------------------------------- mail


def _reader(connector: Connector) -> ImapReader:
    return ImapReader(
        host=connector.host,
        port=connector.port,
        security=connector.security,
        username=connector.username,
        password=password_of(connector),
        own=own_addresses(connector.owner, connector),
        keep_first_lines=connector.keep_first_lines,
        forward=connector.kind == ConnectorKind.FORWARD,
        folders=connector.folder_list,
        page_size=settings.GOODWILL_CAPTURE_PAGE,
    )


def _run_mail(connector: Connector, report: RunReport, progress: Progress | None) -> None:
    owner = connector.owner
    with _reader(connector) as reader:
        states = {s.folder: s for s in FolderState.objects.filter(connector=connector)}
        plan = []
        for folder in reader.folders():
            state = states.get(folder.name) or FolderState(
                owner=owner, connector=connector, folder=folder.name, role=folder.role
            )
            validity, uids = reader.pending(folder.name, state.uidvalidity, state.last_uid)
            if validity != state.uidvalidity:
                # Numbered afresh (or never read): read it all again; keys stop duplicates.
                state.uidvalidity, state.last_uid = validity, 0
                state.save()
            plan.append((folder, state, validity, uids))
        total = sum(len(uids) for *_, uids in plan)
        Connector.objects.filter(pk=connector.pk).update(progress_done=0, progress_total=total)
        if progress:
            progress(0, total)
        done = 0
        for folder, state, validity, uids in plan:
            for page in reader.pages(folder, validity, uids):
                with transaction.atomic():
                    recorded = record_seen(owner=owner, connector=connector, items=page.items)
                    FolderState.objects.filter(pk=state.pk).update(
                        last_uid=page.last_uid, uidvalidity=validity
                    )
                    done += page.count
                    Connector.objects.filter(pk=connector.pk).update(
                        progress_done=done, running_until=timezone.now() + rules.LEASE
                    )
                report.recorded.add(recorded)
                report.read = done
                if progress:
                    progress(done, total)


def test_connection(*, owner, connector) -> str:
    """Log in (or fetch the calendar) without reading anything into Goodwill; a sentence
    saying what was found, or SourceError saying what went wrong."""
    if connector.is_mail:
        with _reader(connector) as reader:
            names = [f.name for f in reader.folders()]
        return f"Logged in to {connector.host}; Goodwill would read {', '.join(names)}."
    items = _calendar_items(connector, timezone.now(), since=None)
    plural = "s" if len(items) != 1 else ""
    return f"Read the calendar: {len(items)} past meeting{plural} with other people."


# ---------------------------------------------------------------- calendars


def _calendar_items(connector: Connector, now: dt.datetime, since) -> list[Seen]:
    config = filters_for(connector.owner, connector)
    own = config.own
    if connector.kind == ConnectorKind.ICS_URL:
        blobs = [calendar.fetch_ics_url(url_of(connector))]
    elif connector.kind == ConnectorKind.CALDAV:
        blobs = calendar.fetch_caldav(
            url_of(connector), connector.username, password_of(connector), since=since
        )
    else:
        return []
    items: list[Seen] = []
    for blob in blobs:
        items += calendar.read_ics(
            blob, own=own, now=now, since=since, max_attendees=config.max_attendees
        )
    return items


def _record_in_pages(connector, items, report: RunReport, progress: Progress | None) -> None:
    total = len(items)
    size = settings.GOODWILL_CAPTURE_PAGE
    Connector.objects.filter(pk=connector.pk).update(progress_done=0, progress_total=total)
    for start in range(0, total, size):
        page = items[start : start + size]
        with transaction.atomic():
            recorded = record_seen(owner=connector.owner, connector=connector, items=page)
            Connector.objects.filter(pk=connector.pk).update(progress_done=start + len(page))
        report.recorded.add(recorded)
        report.read = start + len(page)
        if progress:
            progress(report.read, total)


def _run_calendar(connector, report: RunReport, progress: Progress | None, now) -> None:
    # Past occurrences are keyed, so reading a week back again costs nothing and catches
    # an event edited after it happened.
    since = connector.last_ok_at - dt.timedelta(days=7) if connector.last_ok_at else None
    items = _calendar_items(connector, now, since)
    _record_in_pages(connector, items, report, progress)


@transaction.atomic
def import_ics(*, owner, name: str, data: bytes, own_addresses=None) -> tuple[Connector, RunReport]:
    """An uploaded .ics file: a connector that keeps nothing to fetch, read once now."""
    connector = add_calendar(
        owner=owner, name=name, kind=ConnectorKind.ICS_FILE, own_addresses=own_addresses
    )
    config = filters_for(owner, connector)
    now = timezone.now()
    items = calendar.read_ics(data, own=config.own, now=now, max_attendees=config.max_attendees)
    report = RunReport(connector=connector.name)
    _record_in_pages(connector, items, report, None)
    _succeeded(connector, report, now)
    Connector.objects.filter(pk=connector.pk).update(next_try_at=None)
    connector.refresh_from_db()
    return connector, report
