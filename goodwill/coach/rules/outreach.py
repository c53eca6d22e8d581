"""When an ask or invitation needs a follow-up, and when to let it go (a no is normal)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from goodwill.coach.models import Answer, Outreach

FOLLOW_UP_AFTER = 7

LET_GO_AFTER = 7


def effective_answer(outreach: Outreach, today: dt.date) -> str:
    """The answer, with a followed-up ask unanswered for LET_GO_AFTER days as no_reply."""
    if outreach.answer != Answer.PENDING:
        return outreach.answer
    followed = outreach.followed_up_at
    if followed is not None and timezone.localdate(followed) + dt.timedelta(LET_GO_AFTER) <= today:
        return Answer.NO_REPLY
    return Answer.PENDING


def needs_follow_up(outreach: Outreach, today: dt.date) -> bool:
    return (
        outreach.answer == Answer.PENDING
        and outreach.followed_up_at is None
        and outreach.asked_on + dt.timedelta(days=FOLLOW_UP_AFTER) <= today
    )
