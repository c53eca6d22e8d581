"""What the reminders read: the digest (digest.py), the calendar feed (feed.py), and the
account's time zone, which the reminder settings keep for every area (core.zones)."""

from __future__ import annotations

from goodwill.reminders.models import ReminderSettings


def zone_name(owner) -> str | None:
    """The zone the account chose in its reminder settings, or None if it never did."""
    return ReminderSettings.objects.filter(owner=owner).values_list("time_zone", flat=True).first()
