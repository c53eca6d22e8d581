"""The self-assessment: score the six causes, choose what to work on, build the plan.

Scoring: each statement is rated 1..5 and feeds one cause (reverse-keyed statements count
6 - rating). A cause's score is its mean rating mapped to 0..100. A cause scoring at
least HIGH is "in the way"; the plan works on those first (at most FOCUS of them), and
on the top cause anyway when none is high, so there is always a first step.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goodwill.coach.models import Assessment, LaunchStep
from goodwill.coach.rules.scoring import clean_answers, clean_situation, plan_for, score
from goodwill.coach.services.launch import tick_launch_steps
from goodwill.core.rules import field_error


@transaction.atomic
def take_assessment(*, owner, answers: dict, situation: str | None = None) -> Assessment:
    """Record a take of the assessment and add the plan's new steps (kept steps and their
    progress stay; a retake only adds what the new scores call for).

    ``situation``: a Situation value ("" for not said); None keeps the one said before."""
    cleaned = clean_answers(answers)
    scores = score(cleaned)
    if situation is None:
        before = Assessment.objects.filter(owner=owner).order_by("-taken_at", "-id").first()
        situation = before.situation if before else ""
    taken = Assessment.objects.create(
        owner=owner,
        taken_at=timezone.now(),
        answers=cleaned,
        scores=scores,
        situation=clean_situation(situation),
    )
    existing = set(LaunchStep.objects.filter(owner=owner).values_list("key", flat=True))
    last = LaunchStep.objects.filter(owner=owner).count()
    LaunchStep.objects.bulk_create(
        [
            LaunchStep(
                owner=owner,
                key=step["key"],
                cause=step["cause"],
                title=step["title"],
                detail=step.get("detail", ""),
                position=last + i,
            )
            for i, step in enumerate(s for s in plan_for(scores) if s["key"] not in existing)
        ]
    )
    tick_launch_steps(owner=owner)  # what you already have (five people…) counts
    return taken


@transaction.atomic
def set_step_done(*, owner, step: LaunchStep, done: bool = True) -> LaunchStep:
    if step.owner_id != owner.pk:
        raise field_error("step", f"No launch step with id {step.pk}.")
    step.done_at = timezone.now() if done else None
    step.done_by_app = False
    step.save(update_fields=["done_at", "done_by_app", "updated_at"])
    return step


@transaction.atomic
def set_situation(*, owner, situation: str) -> Assessment:
    """Change the user's situation: it is kept on the latest check-in (and copied forward
    on retakes). Without a check-in yet there is nowhere to keep it: say so."""
    value = clean_situation(situation)
    latest = Assessment.objects.filter(owner=owner).order_by("-taken_at", "-id").first()
    if latest is None:
        raise field_error("situation", "Take the check-in first; it asks this too.")
    latest.situation = value
    latest.save(update_fields=["situation", "updated_at"])
    return latest
