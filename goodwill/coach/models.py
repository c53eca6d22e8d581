"""The coach: self-assessment, launch plan, outreach and its answers, weekly goal, what
the user did with each Today action, and events with the people met there.

Other areas read ``Event`` (the reminders feed and digest list upcoming events).
"""

from __future__ import annotations

import datetime as dt

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from goodwill.core.models import Owned
from goodwill.people.models import Person


class Cause(models.TextChoices):
    """The six causes of networking paralysis the coach answers."""

    REJECTION = "rejection", "Fear of rejection"
    DESPERATION = "desperation", "Waiting until you need it"
    FOLLOW_THROUGH = "follow_through", "Not following through"
    TECHNIQUE = "technique", "Conversation technique"
    ASKING = "asking", "Thinking networking is asking"
    LAUNCH = "launch", "Failure to launch"


class Assessment(Owned):
    """One take of the self-assessment: the ratings given and the score of each cause."""

    taken_at = models.DateTimeField()
    answers = models.JSONField(default=dict)  # statement key -> rating 1..5
    scores = models.JSONField(default=dict)  # cause -> 0..100 (higher: more in the way)
    # coach.rules.owed.Situation value; "" when not said. Copied forward on retakes.
    situation = models.CharField(max_length=20, blank=True, default="")

    class Meta:
        ordering = ["-taken_at", "-id"]
        indexes = [models.Index(fields=["owner", "-taken_at"], name="assessment_recent")]

    def __str__(self) -> str:
        return f"Assessment of {self.taken_at:%Y-%m-%d}"


class LaunchStep(Owned):
    """A tiny first step of the launch plan, chosen for the causes that scored high."""

    key = models.CharField(max_length=60)  # the step's key in goodwill/content/launch.toml
    cause = models.CharField(max_length=20, choices=Cause.choices, blank=True)
    title = models.CharField(max_length=200)
    detail = models.CharField(max_length=500, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    done_at = models.DateTimeField(null=True, blank=True)
    # Ticked by the app, which saw it happen (coach.services.launch), not by hand.
    done_by_app = models.BooleanField(default=False)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["owner", "key"], name="launch_step_once")]

    def __str__(self) -> str:
        return self.title


class OutreachKind(models.TextChoices):
    COFFEE = "coffee", "Invite to coffee"
    INTRO = "intro", "Ask for an introduction"
    ADVICE = "advice", "Ask for advice"
    OTHER = "other", "Other ask"


class Answer(models.TextChoices):
    PENDING = "pending", "Waiting"
    YES = "yes", "Yes"
    NO = "no", "No"
    NO_REPLY = "no_reply", "No reply"


class Outreach(Owned):
    """An invitation or an ask you sent, and how it was answered."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="outreach")
    kind = models.CharField(
        max_length=10, choices=OutreachKind.choices, default=OutreachKind.COFFEE
    )
    note = models.CharField(max_length=300, blank=True)
    asked_on = models.DateField()
    answer = models.CharField(max_length=10, choices=Answer.choices, default=Answer.PENDING)
    answered_on = models.DateField(null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-asked_on", "-id"]
        verbose_name_plural = "outreach"
        indexes = [models.Index(fields=["owner", "answer", "asked_on"], name="outreach_open")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.person}"


class WeeklyGoal(Owned):
    """What the user means to do each week (0: no goal for that kind)."""

    coffees = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(50)])
    gives = models.PositiveSmallIntegerField(default=1, validators=[MaxValueValidator(50)])
    reach_outs = models.PositiveSmallIntegerField(default=2, validators=[MaxValueValidator(50)])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["owner"], name="weekly_goal_one")]

    def __str__(self) -> str:
        return f"{self.coffees} coffees, {self.gives} gives, {self.reach_outs} reach-outs"


class ActionChoice(models.TextChoices):
    DONE = "done", "Done"
    SNOOZED = "snoozed", "Snoozed"
    SKIPPED = "skipped", "Skipped"
    RETIRED = "retired", "Retired"  # dismissed twice: not suggested again
    LET_GO = "let_go", "Let go"  # too old, and the user let it go (the tidy list)
    REVIVED = "revived", "Revived"  # too old, and the user brought it back to Today
    RESTORED = "restored", "Brought back"  # a retired suggestion the user wants again


class ActionState(Owned):
    """What the user did with a Today action on a day; hides it until ``until``.

    ``until`` is FOREVER for what must not come back (done once and for all, retired, let
    go); bringing one back sets its ``until`` to the day it was brought back, so the
    history stays. A REVIVED row does not hide: while it lasts, the item may be older
    than its age limit and still be planned.
    """

    key = models.CharField(max_length=80)
    day = models.DateField()
    choice = models.CharField(max_length=10, choices=ActionChoice.choices)
    until = models.DateField()  # the action is hidden while today < until
    kind = models.CharField(max_length=20, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["owner", "key", "day"], name="action_state_once")
        ]
        indexes = [models.Index(fields=["owner", "until"], name="action_state_hidden")]

    FOREVER = dt.date(2200, 12, 31)  # the last day every date check accepts (core.rules)

    def __str__(self) -> str:
        return f"{self.key} {self.choice} on {self.day}"


class Event(Owned):
    """A conference, meetup or gathering the owner goes to."""

    name = models.CharField(max_length=200)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField(null=True, blank=True)
    place = models.CharField(max_length=200, blank=True)
    goal = models.CharField(max_length=300, blank=True)
    notes = models.TextField(blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="events")
    debriefed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["owner", "starts_at"], name="event_owner_starts")]

    def __str__(self) -> str:
        return self.name


class EventContact(Owned):
    """Someone met at an event, captured in seconds: a name and one line."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200)
    line = models.CharField(max_length=300, blank=True)
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="met_at"
    )
    followed_up_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(
        default=0, validators=[MinValueValidator(0), MaxValueValidator(10_000)]
    )

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name
