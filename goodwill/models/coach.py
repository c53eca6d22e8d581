"""The coach: events (and, as it grows, assessment, launch plan, outreach, goals).

Other areas read ``Event`` (the reminders feed and digest list upcoming events).
"""

from __future__ import annotations

from django.db import models

from goodwill.models.base import Owned
from goodwill.models.people import Person


class Event(Owned):
    """A conference, meetup or gathering the owner goes to."""

    name = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    goal = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="events")

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["owner", "starts_at"], name="event_owner_starts")]

    def __str__(self) -> str:
        return self.name
