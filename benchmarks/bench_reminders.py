"""Reminders benchmark: planning and draining the digest outbox, and building a feed.

    GOODWILL_DATA_DIR=$(mktemp -d) .venv/bin/python benchmarks/bench_reminders.py [--accounts N]

Creates N accounts with the digest on, then times:
one tick's planning of N digests beside its floor (a bare bulk INSERT of N outbox rows),
a tick that finds them all planned, draining the outbox through Django's in-memory
mailer (claim, build, send, mark: per digest), and one calendar feed of 300 people and
events. Prints each figure, its floor where it has one, and the ratio. Always exits 0.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup(data_dir: str) -> None:
    os.environ["GOODWILL_DATA_DIR"] = data_dir
    os.environ["GOODWILL_DATABASE_URL"] = ""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "goodwill.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.GOODWILL_EMAIL_ENABLED = True
    settings.MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    call_command("migrate", verbosity=0)


def timed(fn):
    start = time.perf_counter()
    result = fn()
    return (time.perf_counter() - start) * 1000, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--accounts", type=int, default=2000)
    args = parser.parse_args()
    setup(os.environ.get("GOODWILL_DATA_DIR") or "/tmp/goodwill-bench-reminders")

    from django.core import mail
    from django.db import transaction

    from goodwill.accounts.models import User
    from goodwill.coach.models import Event
    from goodwill.people.models import Person
    from goodwill.reminders import services as reminders
    from goodwill.reminders.models import DigestSend, ReminderSettings
    from goodwill.reminders.queries.feed import build_feed
    from goodwill.reminders.services import outbox

    mail.outbox = []
    n = args.accounts
    now = dt.datetime(2026, 6, 15, 8, 5, tzinfo=dt.UTC)
    verified = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        users = User.objects.bulk_create(
            [
                # bulk_create skips User.save(): the unique username_key is set here.
                User(username=f"u{i}", username_key=f"u{i}", email=f"u{i}@example.org")
                for i in range(n)
            ]
        )
        ReminderSettings.objects.bulk_create(
            ReminderSettings(owner=u, digest_enabled=True, email=u.email, verified_email=u.email,
                             verified_at=verified, time_zone="UTC", send_time=dt.time(8, 0))
            for u in users
        )  # fmt: skip
        Person.objects.bulk_create(
            Person(owner=u, display_name=f"Friend {u.pk}", next_due_on=dt.date(2026, 6, 1))
            for u in users
        )

    plan_ms, planned = timed(lambda: outbox.plan_digests(now))
    floor_rows = [
        DigestSend(owner=u, period_key="floor", due_at=now, to_email=u.email) for u in users
    ]
    floor_ms, _ = timed(lambda: DigestSend.objects.bulk_create(floor_rows))
    DigestSend.objects.filter(period_key="floor").delete()
    again_ms, again = timed(lambda: outbox.plan_digests(now + dt.timedelta(minutes=1)))
    drain_ms, report = timed(lambda: outbox.deliver_pending(now=now))

    owner = users[0]
    Person.objects.bulk_create(
        Person(owner=owner, display_name=f"Contact {i}", next_due_on=dt.date(2026, 6, 1 + i % 28))
        for i in range(300)
    )
    Event.objects.bulk_create(
        Event(owner=owner, name=f"Meetup {i}", starts_at=now + dt.timedelta(days=i % 90, hours=1))
        for i in range(300)
    )
    config = reminders.settings_for(owner)
    config.time_zone = "Europe/Berlin"
    build_feed(config, now=now)  # warm-up
    feed_ms, body = timed(lambda: build_feed(config, now=now))

    print(f"accounts: {n}")
    print(f"plan {planned} digests:        {plan_ms:8.1f} ms   floor (bulk INSERT) "
          f"{floor_ms:6.1f} ms   ratio {plan_ms / floor_ms:5.1f}x")  # fmt: skip
    print(f"plan again (all planned): {again_ms:8.1f} ms   ({again} added)")
    per = drain_ms / max(report.sent, 1)
    print(f"drain: {report.sent} sent in {drain_ms:8.1f} ms = {per:.2f} ms per digest "
          "(claim + build + send to memory + mark)")  # fmt: skip
    print(f"feed of 600 entries:      {feed_ms:8.1f} ms   ({len(body) // 1024} KiB)")
    print(f"messages in the test mailer: {len(mail.outbox)}")


if __name__ == "__main__":
    main()
