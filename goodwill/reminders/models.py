"""Reminders that arrive: digest settings, the outbox, calendar-feed tokens.

``ReminderSettings`` is one row per account (absent = digest off, no feed).
``DigestSend`` is the outbox: one row per (account, local period) is inserted *before*
anything is sent, under a unique constraint, so a period can be planned any number of
times by any number of workers and still yields one row. A worker claims a row with a
lease (``claimed_by``/``lease_until``), sends it, and marks it sent; a worker that dies
leaves a lease that runs out, and the row is retried with the same Message-ID.
See services/reminders/outbox.py and docs/reminders.md.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.db import models

from goodwill.core.models import Owned


class Frequency(models.TextChoices):
    DAILY = "daily", "Every day"
    WEEKLY = "weekly", "Once a week"


class Weekday(models.IntegerChoices):
    MONDAY = 0, "Monday"
    TUESDAY = 1, "Tuesday"
    WEDNESDAY = 2, "Wednesday"
    THURSDAY = 3, "Thursday"
    FRIDAY = 4, "Friday"
    SATURDAY = 5, "Saturday"
    SUNDAY = 6, "Sunday"


class ReminderSettings(Owned):
    """How and where one account's reminders reach it."""

    FEED_PREFIX = "gwf_"

    digest_enabled = models.BooleanField(default=False)
    frequency = models.CharField(max_length=10, choices=Frequency.choices, default=Frequency.DAILY)
    weekday = models.PositiveSmallIntegerField(choices=Weekday.choices, default=Weekday.MONDAY)
    send_time = models.TimeField(default=dt.time(8, 0))
    time_zone = models.CharField(max_length=64, default="UTC")
    # The address digests go to, and the address that was proved to be the owner's.
    # They must be equal (and verified_at set) for anything to be sent.
    email = models.EmailField(blank=True)
    verified_email = models.EmailField(blank=True)
    verified_at = models.DateTimeField(null=True, blank=True)
    verification_sent_at = models.DateTimeField(null=True, blank=True)
    # The calendar feed: only a SHA-256 of the secret is kept.
    feed_digest = models.CharField(max_length=64, null=True, blank=True, unique=True)
    feed_hint = models.CharField(max_length=12, blank=True)
    feed_created_at = models.DateTimeField(null=True, blank=True)
    feed_include_notes = models.BooleanField(default=False)

    class Meta:
        verbose_name = "reminder settings"
        verbose_name_plural = "reminder settings"
        constraints = [models.UniqueConstraint(fields=["owner"], name="reminder_settings_one")]
        indexes = [models.Index(fields=["digest_enabled"], name="reminder_digest_on")]

    def __str__(self) -> str:
        return f"Reminders of account {self.owner_id}"

    @property
    def is_verified(self) -> bool:
        return (
            bool(self.email)
            and self.verified_at is not None
            and (self.verified_email.lower() == self.email.lower())
        )

    @property
    def has_feed(self) -> bool:
        return bool(self.feed_digest)

    @staticmethod
    def hash(secret: str) -> str:
        return hashlib.sha256(secret.encode()).hexdigest()


class SendStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class DigestSend(Owned):
    """The outbox: one digest for one account and one local period ("2026-06-15")."""

    MAX_ATTEMPTS = 5

    period_key = models.CharField(max_length=20)
    due_at = models.DateTimeField()
    to_email = models.EmailField()
    status = models.CharField(max_length=10, choices=SendStatus.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=200, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-due_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "period_key"], name="digest_once_per_period")
        ]
        indexes = [models.Index(fields=["status", "lease_until"], name="digest_outbox_ready")]

    def __str__(self) -> str:
        return f"Digest {self.period_key} for account {self.owner_id} ({self.status})"
