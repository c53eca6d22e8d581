"""Touchpoints with people, and the things to ask about next time."""

from __future__ import annotations

from django.db import models
from django.dispatch import Signal

from goodwill.core.models import Owned
from goodwill.people.models import Person


class Kind(models.TextChoices):
    COFFEE = "coffee", "Coffee"
    MEAL = "meal", "Meal"
    MEETING = "meeting", "Meeting"
    CALL = "call", "Call"
    VIDEO = "video", "Video call"
    MESSAGE = "message", "Message"
    EMAIL = "email", "Email"
    EVENT = "event", "Event"
    OTHER = "other", "Other"


IN_PERSON = {Kind.COFFEE, Kind.MEAL, Kind.MEETING}
KIND_GROUPS = [
    ("In person", [(k.value, k.label) for k in (Kind.COFFEE, Kind.MEAL, Kind.MEETING)]),
    (
        "At a distance",
        [(k.value, k.label) for k in (Kind.CALL, Kind.VIDEO, Kind.MESSAGE, Kind.EMAIL)],
    ),
    ("Other", [(k.value, k.label) for k in (Kind.EVENT, Kind.OTHER)]),
]


class Interaction(Owned):
    occurred_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COFFEE)
    summary = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)
    initiated_by = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    participants = models.ManyToManyField(
        Person, through="Participation", related_name="interactions"
    )

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["owner", "-occurred_at"], name="interaction_recent")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.occurred_at:%Y-%m-%d}"

    @property
    def in_person(self) -> bool:
        return self.kind in IN_PERSON


class Participation(models.Model):
    interaction = models.ForeignKey(Interaction, on_delete=models.CASCADE)
    person = models.ForeignKey(Person, on_delete=models.CASCADE)
    # Copied from the interaction so that a person's timeline is one index range scan.
    occurred_at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interaction", "person"], name="participation_once")
        ]
        indexes = [models.Index(fields=["person", "-occurred_at"], name="participation_timeline")]

    def __str__(self) -> str:
        return f"{self.person_id} in {self.interaction_id}"


class AskNext(Owned):
    """Something to ask a person about next time; ticked off once asked."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="ask_next")
    text = models.CharField(max_length=300)
    source = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="asks_added"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_in = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="asks_done"
    )

    class Meta:
        ordering = ["done_at", "created_at", "id"]
        verbose_name = "thing to ask next time"
        verbose_name_plural = "things to ask next time"

    def __str__(self) -> str:
        return self.text


class Promise(Owned):
    """Something the user said they would do for a person ("send her the case studies"),
    due on a day; closed once done."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="promises")
    text = models.CharField(max_length=300)
    due_on = models.DateField()
    source = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="promises"
    )
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        indexes = [models.Index(fields=["owner", "done_at", "due_on"], name="promise_open")]

    def __str__(self) -> str:
        return self.text


# An interaction was logged (every time), with what was heard there (needs, offers…) as
# lists of lines by name, possibly empty. Areas above this one record them (giving) or
# react (the coach's launch plan) in the same transaction; a receiver that refuses
# raises ValidationError and nothing is saved. Arguments: owner, interaction, heard.
# Receivers are connected in goodwill/wiring.py.
interaction_logged = Signal()

# Many interactions were logged at once (interactions.services.log_many: a page of
# captured mail), with nothing heard. Sent once per call, inside its transaction, for
# the receivers that need to know only that something was logged (the coach's launch
# plan). Arguments: owner, interactions (the list). Connected in goodwill/wiring.py.
interactions_logged = Signal()
