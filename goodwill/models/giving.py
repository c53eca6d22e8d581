"""Serve first: what people need, what they can offer, help given, introductions.

The owner is a Person too (``Person.is_me``), so "you helped Ana" is a Give from your
own record to Ana's, and your own offers are Offers on your record.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from goodwill.models.base import Owned
from goodwill.models.interactions import Interaction
from goodwill.models.people import Person


class NeedStatus(models.TextChoices):
    OPEN = "open", "Open"
    MET = "met", "Met"
    MOOT = "moot", "No longer relevant"


class Need(Owned):
    """Something a person is looking for or struggling with."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="needs")
    text = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    heard_on = models.DateField(default=timezone.localdate)
    status = models.CharField(max_length=10, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    status_changed_at = models.DateTimeField(null=True, blank=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="needs"
    )

    class Meta:
        ordering = ["-heard_on", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="need_owner_status")]

    def __str__(self) -> str:
        return self.text


class Offer(Owned):
    """Something a person can give: a skill, experience, a resource, access."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="offers")
    text = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    offered_on = models.DateField(default=timezone.localdate)
    active = models.BooleanField(default=True)
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="offers"
    )

    class Meta:
        ordering = ["-offered_on", "-id"]
        indexes = [models.Index(fields=["owner", "active"], name="offer_owner_active")]

    def __str__(self) -> str:
        return self.text


class GiveKind(models.TextChoices):
    ADVICE = "advice", "Advice"
    RESOURCE = "resource", "A resource"
    INTRODUCTION = "introduction", "An introduction"
    REFERRAL = "referral", "A referral"
    FAVOUR = "favour", "A favour"
    RECOMMENDATION = "recommendation", "A recommendation"
    OTHER = "other", "Other"


class Give(Owned):
    """An act of help, from one person to another (either may be you)."""

    giver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="gives_given")
    receiver = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="gives_received")
    kind = models.CharField(max_length=20, choices=GiveKind.choices, default=GiveKind.OTHER)
    summary = models.CharField(max_length=300)
    notes = models.TextField(blank=True)
    given_on = models.DateField(default=timezone.localdate)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="gives"
    )
    introduction = models.ForeignKey(
        "Introduction", null=True, blank=True, on_delete=models.SET_NULL, related_name="gives"
    )

    class Meta:
        ordering = ["-given_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(giver=models.F("receiver")), name="give_not_self"
            )
        ]

    def __str__(self) -> str:
        return self.summary


class IntroStatus(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ASKED_A = "asked_a", "Asked the first person"
    ASKED_B = "asked_b", "Asked the second person"
    MADE = "made", "Made"
    DECLINED = "declined", "Declined"


class Introduction(Owned):
    """A double-opt-in introduction of ``a`` to ``b``: suggested → asked A → asked B →
    made (→ outcome), or declined at any step."""

    a = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="intros_as_a")
    b = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="intros_as_b")
    reason = models.TextField(blank=True)
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="introductions"
    )
    status = models.CharField(
        max_length=12, choices=IntroStatus.choices, default=IntroStatus.SUGGESTED
    )
    asked_a_at = models.DateTimeField(null=True, blank=True)
    asked_b_at = models.DateTimeField(null=True, blank=True)
    made_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_by = models.CharField(max_length=10, blank=True)
    outcome = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(a=models.F("b")), name="intro_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.a} ↔ {self.b}"
