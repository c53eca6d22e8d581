"""The launch plan ticks itself: when the app sees a step happen, it is marked done.

Each step's ``check`` (goodwill/content/launch.toml) names what to look for; what you
did counts from the moment the step joined the plan. ``tick_launch_steps`` is called by
the coach's own services (asks, answers, events) and, through goodwill/wiring.py, by the
lower areas' writes: an interaction logged, a person added or given a rhythm, a need
noted, a give, a thing to ask next time, a report-back.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from goodwill.coach.models import LaunchStep
from goodwill.coach.queries import check_seen
from goodwill.coach.rules import content


def _checks() -> dict[str, str]:
    return {s["key"]: s["check"] for s in content.launch_steps() if s.get("check")}


@transaction.atomic
def tick_launch_steps(*, owner) -> list[LaunchStep]:
    """Mark done the open steps whose check the app now sees; returns them."""
    checks = _checks()
    steps = list(LaunchStep.objects.filter(owner=owner, done_at__isnull=True, key__in=list(checks)))
    if not steps:
        return []
    seen: dict[tuple, bool] = {}
    ticked = []
    for step in steps:
        key = (checks[step.key], step.created_at)
        if key not in seen:
            seen[key] = check_seen(owner, checks[step.key], step.created_at)
        if seen[key]:
            ticked.append(step)
    now = timezone.now()
    for step in ticked:
        step.done_at, step.done_by_app = now, True
    LaunchStep.objects.bulk_update(ticked, ["done_at", "done_by_app"])
    return ticked


# Receivers (connected in goodwill/wiring.py). Each only asks: a step ticks or not.


def on_interaction_logged(sender, *, owner, interaction, **kwargs) -> None:
    tick_launch_steps(owner=owner)


def on_interactions_logged(sender, *, owner, **kwargs) -> None:
    tick_launch_steps(owner=owner)


def on_person_saved(sender, *, instance, created, update_fields=None, **kwargs) -> None:
    if created or (update_fields and "cadence_days" in update_fields):
        tick_launch_steps(owner=instance.owner)


def on_owned_created(sender, *, instance, created, **kwargs) -> None:
    if created:
        tick_launch_steps(owner=instance.owner)
