"""Reminder settings, address verification, unsubscribe and the calendar-feed token.

The digest schedule is in ``schedule``, the outbox and its worker in ``outbox``, what a
digest says in ``digest``, the iCalendar feed in ``feed``, background tasks in ``tasks``.
"""

from __future__ import annotations

import datetime as dt
import secrets
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from goodwill.core import zones
from goodwill.core.rules import UNSET, field_error
from goodwill.reminders.models import Frequency, ReminderSettings
from goodwill.reminders.rules import (
    VERIFY_MAX_AGE,
    VERIFY_SALT,
    email_enabled,
    owner_of_unsubscribe,
)
from goodwill.reminders.services.tasks import send_verification

VERIFY_RESEND_AFTER = dt.timedelta(seconds=60)
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


def settings_for(owner) -> ReminderSettings:
    """The account's settings; an unsaved row with the defaults when never changed."""
    found = ReminderSettings.objects.filter(owner=owner).first()
    return found or ReminderSettings(
        owner=owner, email=owner.email or "", time_zone=settings.TIME_ZONE
    )


# ---------------------------------------------------------------- parsing


def parse_time(value, field: str = "send_time") -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    text = str(value or "").strip()
    try:
        parsed = dt.time.fromisoformat(text)
    except ValueError:
        raise field_error(field, f"{text!r} is not a time: use HH:MM, e.g. 08:00.") from None
    return parsed.replace(second=0, microsecond=0, tzinfo=None)


def parse_weekday(value, field: str = "weekday") -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 6:
        return value
    text = str(value if value is not None else "").strip().lower()
    if text.isdigit() and 0 <= int(text) <= 6:
        return int(text)
    for number, name in enumerate(WEEKDAYS):
        if text and name.startswith(text) and len(text) >= 2:
            return number
    raise field_error(field, f"{value!r} is not a weekday: use monday … sunday (or 0 … 6).")


def parse_zone(value, field: str = "time_zone") -> str:
    text = str(value or "").strip()
    try:
        ZoneInfo(text)
    except (ZoneInfoNotFoundError, ValueError):
        raise field_error(
            field, f"{text!r} is not a known time zone (e.g. Europe/Madrid)."
        ) from None
    return text


# ---------------------------------------------------------------- settings


@transaction.atomic
def update_settings(
    *,
    owner,
    digest_enabled=UNSET,
    frequency=UNSET,
    weekday=UNSET,
    send_time=UNSET,
    time_zone=UNSET,
    email=UNSET,
    feed_include_notes=UNSET,
) -> ReminderSettings:
    """Change how digests reach the owner. A new address must be verified again."""
    config = ReminderSettings.objects.select_for_update().filter(owner=owner).first()
    config = config or settings_for(owner)
    errors: dict[str, list[str]] = {}

    def collect(field, parse, value):
        try:
            setattr(config, field, parse(value))
        except ValidationError as exc:
            errors.update(exc.message_dict)

    if digest_enabled is not UNSET:
        config.digest_enabled = bool(digest_enabled)
    if frequency is not UNSET:
        if frequency not in Frequency.values:
            errors["frequency"] = [f"{frequency!r} is not daily or weekly."]
        else:
            config.frequency = frequency
    if weekday is not UNSET:
        collect("weekday", parse_weekday, weekday)
    if send_time is not UNSET:
        collect("send_time", parse_time, send_time)
    if time_zone is not UNSET:
        collect("time_zone", parse_zone, time_zone)
    if email is not UNSET:
        address = (email or "").strip()
        if address:
            try:
                validate_email(address)
            except ValidationError:
                errors["email"] = [f"{address!r} is not a valid email address."]
        if "email" not in errors and address.lower() != (config.email or "").lower():
            config.email = address
            config.verified_at = None
            config.verified_email = ""
            config.verification_sent_at = None
    if feed_include_notes is not UNSET:
        config.feed_include_notes = bool(feed_include_notes)
    if errors:
        raise ValidationError(errors)
    config.save()
    if time_zone is not UNSET:
        zones.forget(owner)  # every typed time is read in the new zone from now on
    return config


# ---------------------------------------------------------------- verification


@transaction.atomic
def request_verification(*, owner, now: dt.datetime | None = None) -> ReminderSettings:
    """Send a link to the digest address; following it proves the address is the owner's."""
    now = now or timezone.now()
    config = ReminderSettings.objects.select_for_update().filter(owner=owner).first()
    config = config or settings_for(owner)
    if not config.email:
        raise field_error("email", "Enter the address your digest should go to first.")
    if not email_enabled():
        raise field_error(
            "email", "This server cannot send e-mail yet: its GOODWILL_EMAIL_URL is not set."
        )
    if config.is_verified:
        raise field_error("email", f"{config.email} is already verified.")
    if config.verification_sent_at and now - config.verification_sent_at < VERIFY_RESEND_AFTER:
        raise field_error("email", "A link was sent less than a minute ago: check your inbox.")
    config.verification_sent_at = now
    config.save()

    owner_id, address = config.owner_id, config.email
    transaction.on_commit(lambda: send_verification.enqueue(owner_id, address))
    return config


@transaction.atomic
def confirm_verification(*, owner, token: str, now: dt.datetime | None = None):
    """Mark the address verified when ``token`` was made for this owner and address."""
    config = ReminderSettings.objects.select_for_update().filter(owner=owner).first()
    try:
        data = signing.loads(token, salt=VERIFY_SALT, max_age=VERIFY_MAX_AGE)
    except signing.SignatureExpired:
        raise field_error("token", "This link has expired: ask for a new one.") from None
    except signing.BadSignature:
        raise field_error("token", "This link is not valid.") from None
    if config is None or data.get("u") != owner.pk:
        raise field_error("token", "This link is not valid.")
    if data.get("e") != config.email.lower():
        raise field_error("token", "This link was for another address: ask for a new one.")
    config.verified_email = config.email
    config.verified_at = now or timezone.now()
    config.save()
    return config


# ---------------------------------------------------------------- unsubscribe


@transaction.atomic
def unsubscribe(*, token: str) -> ReminderSettings | None:
    """Turn the digest off for whoever the (signed) link names. None for a bad link."""
    owner_id = owner_of_unsubscribe(token)
    if owner_id is None:
        return None
    config = ReminderSettings.objects.select_for_update().filter(owner_id=owner_id).first()
    if config is not None and config.digest_enabled:
        config.digest_enabled = False
        config.save(update_fields=["digest_enabled", "updated_at"])
    return config


# ---------------------------------------------------------------- the calendar feed


@transaction.atomic
def rotate_feed(*, owner, now: dt.datetime | None = None) -> tuple[ReminderSettings, str]:
    """Make a new secret feed URL (192 random bits); any previous one stops working."""
    config = ReminderSettings.objects.select_for_update().filter(owner=owner).first()
    config = config or settings_for(owner)
    secret = ReminderSettings.FEED_PREFIX + secrets.token_urlsafe(24)
    config.feed_digest = ReminderSettings.hash(secret)
    config.feed_hint = secret[:10]
    config.feed_created_at = now or timezone.now()
    config.save()
    return config, secret


@transaction.atomic
def revoke_feed(*, owner) -> ReminderSettings:
    """The feed URL stops working at once."""
    config = ReminderSettings.objects.select_for_update().filter(owner=owner).first()
    config = config or settings_for(owner)
    config.feed_digest = None
    config.feed_hint = ""
    config.feed_created_at = None
    config.save()
    return config


def feed_settings(secret: str) -> ReminderSettings | None:
    """The settings whose feed ``secret`` opens, or None."""
    if not secret.startswith(ReminderSettings.FEED_PREFIX) or len(secret) > 100:
        return None
    return (
        ReminderSettings.objects.select_related("owner")
        .filter(feed_digest=ReminderSettings.hash(secret), owner__is_active=True)
        .first()
    )
