"""Demo data for the coach and leads areas: leads (mostly closed, a few waiting), events
with people captured, and outreach with a realistic mix of answers. Bulk inserts;
called once from the demo writer (goodwill.demo.services._Writer.write)."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from goodwill.coach.models import Event, EventContact, Outreach
from goodwill.core.bulk import insert_rows
from goodwill.leads.models import Lead

LEADS_PER_PERSON = 1 / 6  # about 5,000 leads at 30,000 people
OPEN_SHARE = 0.03
WHAT = [
    "Needs a new website",
    "Looking for a bookkeeper",
    "Wants help with hiring",
    "Planning an office move",
    "Needs a product designer",
    "Looking for a mentor in data",
]
EVENTS = ["Design Meetup", "Founders Breakfast", "Data Conference", "Local Tech Night"]
KINDS = ["coffee", "coffee", "advice", "intro"]
ANSWERS = ["yes"] * 6 + ["no"] * 2 + ["no_reply"] + ["pending"]


def write(writer, pks: list[int]) -> dict:
    if len(pks) < 3:
        return {"leads": 0, "events": 0, "outreach": 0}
    rng = random.Random(len(pks))
    owner_id = writer.owner.pk
    now = timezone.now()
    today = timezone.localdate(now)
    t, d = writer.db_time, writer.db_date
    lead_rows = []
    for _ in range(max(1, int(len(pks) * LEADS_PER_PERSON))):
        ref, who = rng.sample(pks, 2)
        received = today - dt.timedelta(days=rng.randint(0, 700))
        at = now - dt.timedelta(days=(today - received).days)
        if rng.random() < OPEN_SHARE:
            status, closed, told, thanked = "new", None, None, None
        else:
            status = rng.choice(["won", "lost"])
            closed = told = thanked = t(at + dt.timedelta(days=20))
        lead_rows.append(
            (
                *(owner_id, t(at), t(at), ref, who, rng.choice(WHAT), d(received)),
                *(status, t(at), d(received + dt.timedelta(days=2)), closed, told, thanked),
                "" if status == "new" else status,
            )
        )
    insert_rows(
        Lead,
        [
            *("owner_id", "created_at", "updated_at", "referrer_id", "prospect_id"),
            *("opportunity", "received_on", "status", "status_changed_at", "contact_due_on"),
            *("closed_at", "outcome_told_at", "thanked_at", "reported_status"),
        ],
        lead_rows,
    )
    event_rows = [
        (owner_id, t(now), t(now), name, t(now + dt.timedelta(days=offset, hours=9)), "Town hall")
        for name, offset in zip(EVENTS, (-40, -12, -1, 1), strict=True)
    ]
    event_ids = insert_rows(
        Event,
        ["owner_id", "created_at", "updated_at", "name", "starts_at", "place"],
        event_rows,
        returning=True,
    )
    contacts = [
        (owner_id, t(now), t(now), event_ids[2], f"Guest {i + 1}", "works on something new", i)
        for i in range(3)
    ]
    insert_rows(
        EventContact,
        ["owner_id", "created_at", "updated_at", "event_id", "name", "line", "position"],
        contacts,
    )
    outreach_rows = []
    for _ in range(min(400, len(pks))):
        asked = today - dt.timedelta(days=rng.randint(0, 180))
        answer = rng.choice(ANSWERS)
        answered = None if answer == "pending" else d(asked + dt.timedelta(days=2))
        person, kind = rng.choice(pks), rng.choice(KINDS)
        outreach_rows.append((owner_id, t(now), t(now), person, kind, d(asked), answer, answered))
    insert_rows(
        Outreach,
        [
            *("owner_id", "created_at", "updated_at", "person_id", "kind", "asked_on"),
            *("answer", "answered_on"),
        ],
        outreach_rows,
    )
    return {"leads": len(lead_rows), "events": len(event_ids), "outreach": len(outreach_rows)}
