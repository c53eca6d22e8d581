"""Leads you receive, the report-backs to whoever gave them, and referrals you give.

A lead moves new → contacted → meeting set → in progress → won / lost / parked; every
move is a LeadEvent. The referrer hears back (ReportBack rows, each also an Interaction
on their timeline). A won or lost lead is not *closed* until the referrer has been told
the outcome (``outcome_told_at``). The derived columns ``contact_due_on`` (the
follow-through clock) and the ``*_at`` report markers are kept by goodwill.leads.services.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from goodwill.core.models import Owned
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person


class LeadStatus(models.TextChoices):
    NEW = "new", "New"
    CONTACTED = "contacted", "Contacted"
    MEETING = "meeting", "Meeting set"
    IN_PROGRESS = "in_progress", "In progress"
    WON = "won", "Won"
    LOST = "lost", "Lost"
    PARKED = "parked", "Parked"


# The forward path; a lead may skip ahead but never step back along it.
OPEN_STAGES = [LeadStatus.NEW, LeadStatus.CONTACTED, LeadStatus.MEETING, LeadStatus.IN_PROGRESS]
OUTCOMES = {LeadStatus.WON, LeadStatus.LOST}


class LeadSettings(Owned):
    """Per-account clocks. Absent row = the defaults below."""

    contact_within_days = models.PositiveSmallIntegerField(
        default=2, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    update_every_days = models.PositiveSmallIntegerField(
        default=14, validators=[MinValueValidator(1), MaxValueValidator(180)]
    )
    referral_check_days = models.PositiveSmallIntegerField(
        default=30, validators=[MinValueValidator(1), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = "lead settings"
        verbose_name_plural = "lead settings"
        constraints = [models.UniqueConstraint(fields=["owner"], name="lead_settings_one")]


class Lead(Owned):
    referrer = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leads_given")
    prospect = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="leads_about")
    opportunity = models.CharField(max_length=300)
    details = models.TextField(blank=True)
    received_on = models.DateField()
    status = models.CharField(max_length=20, choices=LeadStatus.choices, default=LeadStatus.NEW)
    status_changed_at = models.DateTimeField()
    # The follow-through clock: contact the prospect by this day (received + N days).
    contact_due_on = models.DateField()
    first_contacted_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)  # when it became won/lost
    # The report-back loop.
    thanked_at = models.DateTimeField(null=True, blank=True)
    last_report_at = models.DateTimeField(null=True, blank=True)
    reported_status = models.CharField(max_length=20, blank=True)  # last status told
    outcome_told_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["contact_due_on", "id"]
        indexes = [
            models.Index(fields=["owner", "status", "contact_due_on"], name="lead_board"),
            models.Index(fields=["owner", "referrer"], name="lead_referrer"),
            # Won or lost but the referrer not told yet (Today): few, among many closed.
            models.Index(
                fields=["owner", "status"],
                condition=models.Q(outcome_told_at__isnull=True),
                name="lead_untold",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity} ({self.get_status_display()})"

    @property
    def contact_overdue_days(self) -> int:
        """Days past the contact clock while the prospect is not contacted yet (else 0)."""
        if self.status != LeadStatus.NEW or self.contact_due_on is None:
            return 0
        return max((timezone.localdate() - self.contact_due_on).days, 0)

    @property
    def is_outcome(self) -> bool:
        return self.status in OUTCOMES

    @property
    def is_closed(self) -> bool:
        """Won or lost *and* the referrer has heard how it ended."""
        return self.is_outcome and self.outcome_told_at is not None

    @property
    def awaits_telling(self) -> bool:
        """Won or lost, but the referrer has not heard yet: the "tell" state."""
        return self.is_outcome and self.outcome_told_at is None

    @property
    def state(self) -> str:
        """The status, or "tell" while an outcome waits to be reported back."""
        return "tell" if self.awaits_telling else self.status


class LeadEvent(Owned):
    """One status change (or the lead's arrival, with from_status "")."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20, choices=LeadStatus.choices)
    at = models.DateTimeField()
    note = models.CharField(max_length=500, blank=True)
    reopened = models.BooleanField(default=False)

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status or 'arrived'} → {self.to_status}"


class ReportKind(models.TextChoices):
    THANKS = "thanks", "Thank you"
    STATUS = "status", "Status update"
    CHECK_IN = "check_in", "Still-open update"
    OUTCOME = "outcome", "Outcome"


class ReportBack(Owned):
    """A message sent to the referrer about their lead; also an Interaction with them."""

    lead = models.ForeignKey(Lead, on_delete=models.CASCADE, related_name="report_backs")
    kind = models.CharField(max_length=20, choices=ReportKind.choices)
    status = models.CharField(max_length=20, choices=LeadStatus.choices)  # status told
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    sent_at = models.DateTimeField()
    interaction = models.ForeignKey(
        Interaction, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["sent_at", "id"]
        verbose_name = "report-back"

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.sent_at:%Y-%m-%d}"


class ReferralOutcome(models.TextChoices):
    PENDING = "pending", "Not checked yet"
    HELPED = "helped", "It helped"
    NO_LUCK = "no_luck", "No luck"
    UNKNOWN = "unknown", "Don't know"


class Referral(Owned):
    """You referred one of your people (``person``) to another (``referred_to``).

    Counts as a "give": the future give ledger will point at it with a nullable
    one-to-one (``Give.referral``); nothing here needs to change for that.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="referrals_made")
    referred_to = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="referrals_received"
    )
    reason = models.CharField(max_length=500)
    referred_on = models.DateField()
    check_due_on = models.DateField()  # the reality check: referred_on + N days
    outcome = models.CharField(
        max_length=20, choices=ReferralOutcome.choices, default=ReferralOutcome.PENDING
    )
    outcome_note = models.CharField(max_length=500, blank=True)
    checked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["owner", "outcome", "check_due_on"], name="referral_due")]

    def __str__(self) -> str:
        return f"{self.person} → {self.referred_to}"
