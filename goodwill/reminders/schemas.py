"""The one JSON shape of each reminders-area object (API and the CLI's --json), and
the request bodies of its routes."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from django.utils import timezone

from goodwill.api.schemas import In, Schema
from goodwill.reminders import rules as schedule
from goodwill.reminders.models import Weekday
from goodwill.reminders.rules import email_enabled


class ReminderSettingsOut(Schema):
    digest_enabled: bool
    frequency: str
    weekday: str
    send_time: str
    time_zone: str
    email: str
    email_verified: bool
    verified_at: dt.datetime | None
    verification_sent_at: dt.datetime | None
    next_digest_at: dt.datetime | None
    email_configured: bool  # can this server send mail at all (GOODWILL_EMAIL_URL)?
    feed_active: bool
    feed_hint: str
    feed_created_at: dt.datetime | None
    feed_include_notes: bool

    @staticmethod
    def resolve_weekday(obj) -> str:
        return Weekday(obj.weekday).label.lower()

    @staticmethod
    def resolve_send_time(obj) -> str:
        return obj.send_time.strftime("%H:%M")

    @staticmethod
    def resolve_email_verified(obj) -> bool:
        return obj.is_verified

    @staticmethod
    def resolve_verified_at(obj):
        return obj.verified_at if obj.is_verified else None

    @staticmethod
    def resolve_next_digest_at(obj):

        if not (obj.digest_enabled and obj.is_verified):
            return None
        return schedule.next_due(obj, timezone.now())

    @staticmethod
    def resolve_email_configured(obj) -> bool:

        return email_enabled()

    @staticmethod
    def resolve_feed_active(obj) -> bool:
        return obj.has_feed


class ReminderSettingsPatch(In):
    digest_enabled: bool | None = None
    frequency: Literal["daily", "weekly"] | None = None
    weekday: str | int | None = None
    send_time: str | None = None
    time_zone: str | None = None
    email: str | None = None
    feed_include_notes: bool | None = None


class FeedCreatedOut(Schema):
    url: str  # shown only in this response: Goodwill keeps a hash of its secret
    hint: str
    created_at: dt.datetime


class DigestItemOut(Schema):
    title: str
    detail: str
    url: str
    draft: str
    when: str


class DigestSectionOut(Schema):
    key: str
    title: str
    more: int
    items: list[DigestItemOut]


class DigestOut(Schema):
    subject: str
    local_date: dt.date
    count: int
    sections: list[DigestSectionOut]


class DigestSendOut(Schema):
    id: int
    period_key: str
    due_at: dt.datetime
    to_email: str
    status: str
    attempts: int
    message_id: str
    sent_at: dt.datetime | None
    error: str
