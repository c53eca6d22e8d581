"""Notifications: channels (Apprise URLs), web-push devices, quiet hours, the outbox, and
the quick logs an offline phone sends back.

``Notice`` is the outbox, built like the digest's (reminders/services/outbox.py): a row
per (target, key) is inserted before anything is sent, under a unique constraint, so
planning twice (or by two workers) yields one row; a worker claims a row with a lease,
sends it, and marks it sent. See notify/services/outbox.py and docs/notifications.md.
"""

from __future__ import annotations

import datetime as dt

from django.db import models

from goodwill.core.models import Owned
from goodwill.interactions.models import Interaction


class Topic(models.TextChoices):
    TODAY = "today", "The morning summary of Today"
    LEAD = "lead", "A lead's clock running out"
    EVENT = "event", "An event starting tomorrow"


class Receives(models.Model):
    """What a channel or a device receives."""

    wants_today = models.BooleanField(default=True)
    wants_leads = models.BooleanField(default=True)
    wants_events = models.BooleanField(default=True)
    last_ok_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def wants(self, topic: str) -> bool:
        return {
            Topic.TODAY: self.wants_today,
            Topic.LEAD: self.wants_leads,
            Topic.EVENT: self.wants_events,
        }.get(topic, True)

    @property
    def topics(self) -> list[str]:
        return [t for t in Topic.values if self.wants(t)]


class Channel(Owned, Receives):
    """One Apprise URL (ntfy, Telegram, Matrix, e-mail, a JSON webhook...), sealed."""

    name = models.CharField(max_length=80)
    # core.vault.seal(url): it holds tokens. Empty after a restore (exports leave it out).
    url_sealed = models.TextField(blank=True)
    url_hint = models.CharField(max_length=200)  # "ntfy://ntfy.sh/…": scheme and host only

    class Meta:
        ordering = ["name", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "name"], name="channel_name_once")]

    def __str__(self) -> str:
        return self.name


class PushDevice(Owned, Receives):
    """One browser's web-push subscription (the installed app on a phone, a laptop)."""

    name = models.CharField(max_length=80, blank=True)
    endpoint = models.TextField()
    endpoint_hash = models.CharField(max_length=64, unique=True)
    p256dh = models.CharField(max_length=200)
    auth = models.CharField(max_length=100)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.name or "a browser"


class NotifySettings(Owned):
    """One row per account (absent = the defaults): quiet hours and the morning time."""

    quiet_enabled = models.BooleanField(default=True)
    quiet_start = models.TimeField(default=dt.time(21, 0))
    quiet_end = models.TimeField(default=dt.time(8, 0))
    morning_at = models.TimeField(default=dt.time(8, 0))

    class Meta:
        verbose_name = "notification settings"
        verbose_name_plural = "notification settings"
        constraints = [models.UniqueConstraint(fields=["owner"], name="notify_settings_one")]


class NoticeStatus(models.TextChoices):
    PENDING = "pending", "Waiting"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Skipped"


class Notice(Owned):
    """The outbox: one notification for one channel or device ("today:2026-06-15")."""

    MAX_ATTEMPTS = 6

    channel = models.ForeignKey(
        Channel, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    device = models.ForeignKey(
        PushDevice, null=True, blank=True, on_delete=models.CASCADE, related_name="notices"
    )
    target = models.CharField(max_length=20)  # "channel:12" or "device:7"
    key = models.CharField(max_length=80)  # "today:2026-06-15", "lead:12:2026-06-16"...
    topic = models.CharField(max_length=10, choices=Topic.choices)
    title = models.CharField(max_length=200)
    body = models.TextField()
    url = models.CharField(max_length=500, blank=True)
    not_before = models.DateTimeField()  # quiet hours and back-off move it later
    expires_at = models.DateTimeField()  # past this, it is stale: skipped, not sent
    status = models.CharField(max_length=10, choices=NoticeStatus.choices, default="pending")
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_by = models.CharField(max_length=64, blank=True)
    lease_until = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-not_before", "-id"]
        constraints = [models.UniqueConstraint(fields=["target", "key"], name="notice_once")]
        indexes = [models.Index(fields=["status", "not_before"], name="notice_outbox_ready")]

    def __str__(self) -> str:
        return f"{self.key} to {self.target} ({self.status})"


class QuickLogStatus(models.TextChoices):
    LOGGED = "logged", "Logged"
    WAITING = "waiting", "Waiting for you"


class QuickLog(Owned):
    """A quick log sent from a phone (often queued offline), under the phone's key.

    The key makes a retry harmless: a second send with the same key returns this row
    and logs nothing. A name that matches nobody or several people waits here, in
    "finish these", until the user says who they meant."""

    key = models.CharField(max_length=64)
    status = models.CharField(max_length=10, choices=QuickLogStatus.choices)
    names = models.CharField(max_length=500)
    kind = models.CharField(max_length=20)
    occurred_at = models.DateTimeField()
    heard = models.TextField(blank=True)
    ask_next = models.TextField(blank=True)
    needs = models.TextField(blank=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="quick_log_key_once")]

    def __str__(self) -> str:
        return f"Quick log {self.key} ({self.status})"

    def name_list(self) -> list[str]:
        return [n.strip() for n in self.names.split(",") if n.strip()]
