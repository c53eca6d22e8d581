"""The check-in's scores: which causes of paralysis apply, and the launch plan they call for."""

from __future__ import annotations

from goodwill.coach.models import Cause
from goodwill.coach.rules import content
from goodwill.core.rules import field_error

HIGH = 50

FOCUS = 3


def score(answers: dict[str, int]) -> dict[str, int]:
    """Cause -> 0..100 from statement ratings (a pure function; see the module doc)."""
    sums: dict[str, list[int]] = {c: [] for c in Cause.values}
    for statement in content.statements():
        rating = answers.get(statement["key"])
        if rating is None:
            continue
        value = 6 - rating if statement.get("reverse") else rating
        sums[statement["cause"]].append(value)
    return {
        cause: round((sum(values) / len(values) - 1) * 25) if values else 0
        for cause, values in sums.items()
    }


def focus(scores: dict[str, int]) -> list[str]:
    """The causes to work on first: the high ones, highest first (ties in Cause order)."""
    order = sorted(Cause.values, key=lambda c: (-scores.get(c, 0), Cause.values.index(c)))
    high = [c for c in order if scores.get(c, 0) >= HIGH][:FOCUS]
    return high or order[:1]


def clean_answers(raw: dict) -> dict[str, int]:
    """Every statement rated 1..5; else a ValidationError naming the statement's key."""
    answers: dict[str, int] = {}
    for statement in content.statements():
        key = statement["key"]
        value = raw.get(key)
        if value in (None, ""):
            raise field_error(key, "Choose how much this sounds like you (1 to 5).")
        try:
            rating = int(value)
        except (TypeError, ValueError):
            raise field_error(key, f"{value!r} is not a rating; use 1 to 5.") from None
        if not 1 <= rating <= 5:
            raise field_error(key, "Ratings go from 1 (not like me) to 5 (very much like me).")
        answers[key] = rating
    unknown = sorted(set(raw) - set(answers))
    if unknown:
        raise field_error(unknown[0], "Not a statement of the assessment.")
    return answers


def plan_for(scores: dict[str, int]) -> list[dict]:
    """The launch steps for these scores: the focus causes' steps, then the launch
    cause's first step, capped at the content's max_steps."""
    steps = content.launch_steps()
    chosen: list[dict] = []
    for cause in [*focus(scores), Cause.LAUNCH.value]:
        for step in steps:
            if step["cause"] == cause and step not in chosen:
                chosen.append(step)
    return chosen[: content.max_launch_steps()]
