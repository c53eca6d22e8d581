"""What capture saw: an e-mail waiting for the user's reply, and people met in a meeting
that just happened who are not in Goodwill yet (goodwill.capture.queries)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from goodwill.capture import queries as capture
from goodwill.coach.queries.actions.common import PER_KIND_FETCH, Action, _candidate, days_text


def _first(name: str) -> str:
    return (name or "").split()[0] if name else "there"


def reply_candidates(owner, now: dt.datetime, today: dt.date, me: str, hidden: set[str]):
    """An e-mail from someone the user cares about, unanswered for some days (opt-in)."""
    found = []
    for row in capture.waiting_replies(owner, now, limit=PER_KIND_FETCH):
        person = row["person"]
        key = f"reply:{person.pk}:{timezone.localdate(row['received_at']).isoformat()}"
        if key in hidden:
            continue
        days = (today - timezone.localdate(row["received_at"])).days
        subject = row["subject"] or "their last e-mail"
        action = Action(
            key=key,
            kind="reply",
            title=f"Reply to {person.display_name}",
            reason=(
                f"{_first(person.display_name)} wrote about \u201c{subject}\u201d "
                f"{days_text(days)} ago. A short answer is enough; it does not need to be perfect."
            ),
            url=reverse("people.detail", args=[person.pk]),
            person_id=person.pk,
            days_overdue=max(0, days - capture.settings_of(owner).reply_after_days),
            subject=f"Re: {row['subject']}" if row["subject"] else "",
            draft=(
                f"Hi {_first(person.display_name)},\n\nThank you for your note, and sorry "
                f"for the slow answer.\n\n{me}"
            ),
            to=person,
        )
        found.append(_candidate(action, age=days))
    return found


def new_face_candidates(owner, now: dt.datetime, hidden: set[str]):
    """A meeting that just happened with someone not in Goodwill: add them and note
    what you heard, while it is fresh."""
    found = []
    for entry in capture.new_faces(owner, now):
        key = f"new_face:{entry.pk}"
        if key in hidden:
            continue
        meeting = capture.meeting_with(owner, entry.email)
        name = entry.name or entry.email
        what = f"\u201c{meeting.subject}\u201d" if meeting and meeting.subject else "a meeting"
        action = Action(
            key=key,
            kind="new_face",
            title=f"Add {name} and note what you heard",
            reason=(
                f"You met {name} at {what}. A line about what they said, while you remember "
                "it, makes the next hello easy."
            ),
            url=reverse("capture.review") + "?" + urlencode({"q": entry.email}),
            extra={"email": entry.email},
        )
        found.append(_candidate(action))
    return found
