"""The check-in's scores: which causes of paralysis apply, and the launch plan they call for."""

from __future__ import annotations

from goodwill.coach.models import Cause
from goodwill.coach.rules import content
from goodwill.coach.rules.owed import Situation
from goodwill.core.rules import field_error

HIGH = 50

FOCUS = 3


# The user's situation, in their words (asked once in the check-in, editable later).
SITUATIONS: list[tuple[str, str, str]] = [
    (Situation.EMPLOYED, "Building before I need it", "I have a job and want good ties anyway."),
    (Situation.BUSINESS, "Growing a business", "Freelancer or founder: leads matter."),
    (Situation.BETWEEN_JOBS, "Between jobs or changing careers", "Looking for what is next."),
    (Situation.NEW, "New in a place or a field", "Starting a network from few people."),
]


def situation_label(value: str) -> str:
    return next((label for key, label, _ in SITUATIONS if key == value), "")


def clean_situation(value) -> str:
    """One of the situations' keys, or "" (not said); else an error naming the field."""
    text = (value or "").strip() if isinstance(value, str) else value
    if text in (None, ""):
        return ""
    keys = [key for key, _, _ in SITUATIONS]
    if text not in keys:
        raise field_error("situation", f"{text!r} is not one of {', '.join(keys)}.")
    return text


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
    cause's first step, capped at the content's max_steps. When fear of rejection is
    high, the gentlest step (a no-ask hello, content's ``gentle_first``) comes first."""
    steps = content.launch_steps()
    chosen: list[dict] = []
    gentle = content.load("launch").get("gentle_first", "")
    if scores.get(Cause.REJECTION.value, 0) >= HIGH and gentle:
        chosen += [s for s in steps if s["key"] == gentle]
    for cause in [*focus(scores), Cause.LAUNCH.value]:
        for step in steps:
            if step["cause"] == cause and step not in chosen:
                chosen.append(step)
    return chosen[: content.max_launch_steps()]
