"""Serve first: what people need, what they can offer, help given, introductions.

The owner is a Person too (``Person.is_me``), so "you helped Ana" is a Give from your
own record to Ana's, and your own offers are Offers on your record. MatchTerm,
MatchDirty and MatchState are the matcher's derived index (giving/matching/index.py).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone

from goodwill.core.models import Owned
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person


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
        indexes = [
            # The newest open needs first (the matcher for Today and the giving home).
            models.Index(fields=["owner", "status", "heard_on", "id"], name="need_open_recent"),
        ]

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
        indexes = [
            # The newest active offers first (the giving home).
            models.Index(fields=["owner", "active", "offered_on", "id"], name="offer_active_new"),
        ]

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
        indexes = [models.Index(fields=["owner", "given_on"], name="give_owner_day")]
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


# Who said no to an introduction: one of the two people, or you (dropped the idea).
DECLINERS = [("a", "The first person"), ("b", "The second person"), ("me", "You")]


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
    declined_by = models.CharField(max_length=10, choices=DECLINERS, blank=True)
    outcome = models.TextField(blank=True)
    outcome_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "status"], name="intro_owner_status")]
        constraints = [
            models.CheckConstraint(condition=~models.Q(a=models.F("b")), name="intro_not_self")
        ]

    def __str__(self) -> str:
        return f"{self.a} ↔ {self.b}"


class IntroStepKind(models.TextChoices):
    SUGGESTED = "suggested", "Suggested"
    ASKED_A = "asked_a", "Asked the first person"
    ASKED_B = "asked_b", "Asked the second person"
    MADE = "made", "Introduced them"
    OUTCOME = "outcome", "Outcome noted"
    DECLINED = "declined", "Declined"


class IntroStep(Owned):
    """One step of an introduction, with the message that went with it (if any)."""

    introduction = models.ForeignKey(Introduction, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(max_length=12, choices=IntroStepKind.choices)
    at = models.DateTimeField()
    message = models.TextField(blank=True)
    note = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return self.get_step_display()


class MatchTerm(models.Model):
    """One term of one person: weight > 0 says they can help with it, < 0 that they
    need it themselves (a near-miss, not a helper)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_id = models.IntegerField()
    term = models.CharField(max_length=48)
    weight = models.FloatField()

    class Meta:
        indexes = [
            # Covers the candidate fetch: (owner, term) → person and weight, no table visit.
            models.Index(fields=["owner", "term", "person_id", "weight"], name="matchterm_lookup"),
            models.Index(fields=["owner", "person_id"], name="matchterm_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id}:{self.term}={self.weight:.2f}"


class MatchDirty(models.Model):
    """A person whose index rows must be rebuilt before the next match (set by signals
    and hooks, consumed by ``matching_index.ensure_fresh``)."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    person_id = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["owner", "person_id"], name="matchdirty_owner")]

    def __str__(self) -> str:
        return f"person {self.person_id} to reindex"


class MatchState(models.Model):
    """What the index was built from, per owner: row counts that, when they differ from
    the live tables, reveal a write that bypassed the hooks (bulk inserts)."""

    owner = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    people = models.IntegerField(default=0)
    max_person = models.IntegerField(default=0)  # highest person id when last indexed
    offers = models.IntegerField(default=0)
    needs = models.IntegerField(default=0)
    built_at = models.DateTimeField(auto_now=True)
    # New at every change of the index rows: readers may keep what they derived from the
    # rows (how many people have each term) for as long as the token stays the same.
    token = models.CharField(max_length=32, default="")
    # Rows of people who no longer exist may be left (a rebuild under way): sweep them.
    sweep = models.BooleanField(default=False)
    # When a refresh was last handed to the worker (None once it has run).
    queued_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"match index of {self.owner_id}"
