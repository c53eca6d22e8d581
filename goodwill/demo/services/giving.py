"""Demo needs, offers and gives: about one need and one offer per three people, a few
offers of your own, and help given and received over the past year. Bulk inserts, like
the rest of the demo; the same plan (seed and size) gives the same rows."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from goodwill.core.bulk import insert_rows
from goodwill.giving.models import Give, GiveKind, Need, NeedStatus, Offer

NEEDS = [
    "Hiring a {role}",
    "Looking for a {role} for a short project",
    "Moving to {city} and knows nobody there yet",
    "Raising a seed round",
    "Looking for a mentor in {field}",
    "Wants to switch careers into {field}",
    "Needs feedback on a pitch deck",
    "Searching for a co-founder with {field} experience",
    "Looking for their next role in {field}",
    "Wants to speak at a {field} conference",
    "Needs an accountant who knows freelancers",
    "Looking for office space in {city}",
    "Trying to find beta users for a new app",
    "Needs advice on pricing their consulting",
]
OFFERS = [
    "{field} advice",
    "Happy to review CVs",
    "Can introduce people to investors",
    "Knows {city} well and loves showing people around",
    "Mentoring junior people in {field}",
    "{role} work, freelance",
    "Feedback on pitch decks",
    "Has a spare desk in a {city} studio",
    "Can help with hiring interviews",
    "Runs a {field} meetup and welcomes speakers",
    "Contacts at several {field} companies",
]
ROLES = [
    "designer",
    "React developer",
    "data analyst",
    "copywriter",
    "product manager",
    "photographer",
    "lawyer",
    "recruiter",
]
CITIES = ["Berlin", "Lisbon", "Madrid", "London", "Amsterdam", "Barcelona", "Paris"]
FIELDS = ["design", "marketing", "machine learning", "sales", "product", "climate tech"]
MY_OFFERS = ["Python code reviews", "Introductions to people in my network", "CV feedback"]
GIVES = {
    GiveKind.ADVICE: "Talked through {topic}",
    GiveKind.RESOURCE: "Sent a good article on {topic}",
    GiveKind.INTRODUCTION: "Introduced them to someone in {topic}",
    GiveKind.REFERRAL: "Passed their name on for a {topic} project",
    GiveKind.FAVOUR: "Helped out with {topic}",
    GiveKind.RECOMMENDATION: "Recommended a book on {topic}",
}


def _fill(rng: random.Random, template: str) -> str:
    return template.format(
        role=rng.choice(ROLES), city=rng.choice(CITIES), field=rng.choice(FIELDS)
    )


def _insert(writer, model, fields, rows) -> None:
    """Owned rows through the bulk inserter. Not counted in the demo's progress total,
    which is fixed before writing starts; these are a few percent of the rows."""
    stamp = (writer.owner.pk, writer.now, writer.now)
    fields = ["owner_id", "created_at", "updated_at", *fields]
    insert_rows(model, fields, (stamp + tuple(row) for row in rows))


def write(writer, pks: list[int]) -> dict:
    """Add the giving rows for the people just written (``pks``), through the writer."""
    if not pks:
        return {}
    plan = writer.plan
    first = plan.people[0]
    rng = random.Random(f"giving:{len(plan.people)}:{first.given} {first.family}:{first.added_at}")
    today = timezone.localdate()

    def day(max_back: int = 365):
        return writer.db_date(today - dt.timedelta(days=rng.randrange(max_back)))

    needy = rng.sample(pks, len(pks) // 3)
    offering = rng.sample(pks, len(pks) // 3)
    helped = rng.sample(pks, len(pks) // 4)
    _insert(
        writer,
        Need,
        ["person_id", "text", "details", "heard_on", "status"],
        (
            (
                pk,
                _fill(rng, rng.choice(NEEDS)),
                "",
                day(),
                NeedStatus.OPEN if rng.random() < 0.75 else NeedStatus.MET,
            )
            for pk in needy
        ),
    )
    rows = [(pk, _fill(rng, rng.choice(OFFERS)), "", day(), True) for pk in offering]
    rows += [(writer.me.pk, text, "", day(90), True) for text in MY_OFFERS]
    _insert(writer, Offer, ["person_id", "text", "details", "offered_on", "active"], rows)

    def gives():
        for pk in helped:
            kind = rng.choice(list(GIVES))
            summary = GIVES[kind].format(topic=rng.choice(FIELDS))
            mine = rng.random() < 0.6
            giver, receiver = (writer.me.pk, pk) if mine else (pk, writer.me.pk)
            yield (giver, receiver, kind, summary, "", day())

    _insert(
        writer, Give, ["giver_id", "receiver_id", "kind", "summary", "notes", "given_on"], gives()
    )
    return {"needs": len(needy), "offers": len(rows), "gives": len(helped)}
