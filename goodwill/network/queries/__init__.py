"""Read side of the network: reach, how it grew, what one connection adds, dormant ties.

Definitions (also in docs/network.md):

* you **know directly** everyone not archived with whom you have logged an interaction,
  whose meeting date you noted (a LinkedIn connection brings one), or whom you linked to
  your own record;
* **reach through one introduction**: the people those direct contacts know (their
  relationships) whom you do not know directly yourself;
* a **strong tie** is someone you rate 4 or 5 on your own record, or have met three times
  or more; it is **going dormant** after DORMANT_DAYS without contact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, Min
from django.utils import timezone

from goodwill.core.charts import bar_chart
from goodwill.network.models import Relationship
from goodwill.network.queries.paths import direct_people
from goodwill.people.models import Person
from goodwill.people.queries import me_id, participations

MONTHS = 12
DORMANT_DAYS = 180
STRONG_STRENGTH = 4
STRONG_MEETINGS = 3
SHOWN = 12


# ---------------------------------------------------------------- reach


@dataclass
class ReachMonth:
    start: dt.date
    direct: int = 0
    reach: int = 0
    new: int = 0

    @property
    def label(self) -> str:
        return self.start.strftime("%b")


@dataclass
class Reach:
    direct: int
    through_one_intro: int
    months: list[ReachMonth] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.direct + self.through_one_intro


def _second_degree(owner, me):
    direct = direct_people(owner, me).values("pk")
    rows = Relationship.objects.filter(owner=owner, src_id__in=direct).exclude(dst_id__in=direct)
    if me is not None:
        rows = rows.exclude(dst_id=me)
    return rows


def reach_counts(owner) -> Reach:
    """How many you know directly and how many more one introduction reaches: two
    aggregate queries, whatever the size of the network."""
    me = me_id(owner)
    direct = direct_people(owner, me).count()
    second = _second_degree(owner, me).values("dst_id").distinct().count()
    return Reach(direct=direct, through_one_intro=second)


def month_starts(on: dt.date, count: int = MONTHS) -> list[dt.date]:
    year, month = on.year, on.month
    starts = []
    for _ in range(count):
        starts.append(dt.date(year, month, 1))
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return starts[::-1]


def _day(moment) -> dt.date:
    return timezone.localdate(moment)


def direct_since(owner, me) -> dict[int, dt.date]:
    """When each direct contact became one: the first interaction, the meeting date or
    the link to your record, whichever is earliest (the record's creation otherwise)."""
    people = direct_people(owner, me)
    since = {
        pk: met_on or _day(created)
        for pk, met_on, created in people.values_list("pk", "met_on", "created_at")
    }
    first = (
        participations()
        .filter(person_id__in=people.values("pk"))
        .values("person_id")
        .annotate(first=Min("occurred_at"))
        .values_list("person_id", "first")
    )
    for pk, moment in first:
        since[pk] = min(since[pk], _day(moment))
    if me is not None:
        for pk, day, created in Relationship.objects.filter(owner=owner, src_id=me).values_list(
            "dst_id", "since", "created_at"
        ):
            if pk in since:
                since[pk] = min(since[pk], day or _day(created))
    return since


def reach(owner, *, today: dt.date | None = None) -> Reach:
    """The counts now and a monthly series over the last MONTHS months: at each month's
    end, how many you knew directly, how many more one introduction reached, and how many
    direct contacts were new that month. A link counts from its `since` date (else the
    day it was recorded)."""
    on = today or timezone.localdate()
    me = me_id(owner)
    since = direct_since(owner, me)
    reachable_from: dict[int, dt.date] = {}
    for src, dst, day, created in _second_degree(owner, me).values_list(
        "src_id", "dst_id", "since", "created_at"
    ):
        start = max(day or _day(created), since[src])
        if dst not in reachable_from or start < reachable_from[dst]:
            reachable_from[dst] = start
    months = [ReachMonth(m) for m in month_starts(on)]
    ends = [(m.start + dt.timedelta(days=32)).replace(day=1) for m in months]
    for month, end in zip(months, ends, strict=True):
        month.direct = sum(1 for d in since.values() if d < end)
        month.new = sum(1 for d in since.values() if month.start <= d < end)
        month.reach = sum(1 for d in reachable_from.values() if d < end)
    return Reach(direct=len(since), through_one_intro=len(reachable_from), months=months)


def reach_charts(data: Reach) -> list:
    return [
        bar_chart(
            "People you know and can reach through one introduction",
            data.months,
            [
                ("bar-a", "known directly", lambda m: m.direct),
                ("bar-b", "reachable", lambda m: m.reach),
            ],
            empty=not any(m.direct or m.reach for m in data.months),
            unit="people",
            empty_text="Nobody yet. Add a few people you like and this starts to grow.",
        ),
        bar_chart(
            "New direct connections, by month",
            data.months,
            [("bar-a", "new", lambda m: m.new)],
            empty=not any(m.new for m in data.months),
            unit="people",
            empty_text="No new people in these months yet.",
        ),
    ]


# ---------------------------------------------------------------- dormant strong ties


def _strong(owner, me):
    rated = Relationship.objects.filter(
        owner=owner, src_id=me, strength__gte=STRONG_STRENGTH
    ).values("dst_id")
    met = (
        participations()
        .filter(person__owner=owner)
        .values("person_id")
        .annotate(n=Count("id"))
        .filter(n__gte=STRONG_MEETINGS)
        .values("person_id")
    )
    return rated, met


def dormant_strong_ties(owner, *, limit: int = SHOWN) -> list[Person]:
    """Strong ties you have not talked to for DORMANT_DAYS, the longest silent first."""
    me = me_id(owner)
    cutoff = timezone.now() - dt.timedelta(days=DORMANT_DAYS)
    rated, met = _strong(owner, me)
    people = direct_people(owner, me).filter(last_contact_at__lt=cutoff)
    from django.db.models import Q

    people = people.filter(Q(pk__in=rated) | Q(pk__in=met))
    return list(people.select_related("organization").order_by("last_contact_at", "id")[:limit])


# ---------------------------------------------------------------- one person


@dataclass
class PersonNetwork:
    person: Person
    is_direct: bool
    mutual: list[Person]  # people you both know
    introduces: list[Person]  # people they know whom you do not know directly
    only_through: list[Person]  # ... of whom nobody else you know knows
    dormant: bool  # a strong tie going quiet
    last_contact: dt.date | None

    @property
    def adds(self) -> int:
        return len(self.only_through)


def person_network(owner, person):
    """What the person page shows about this person's place in your network
    (what the connection adds). None while there is nothing to show."""
    if person.is_me:
        return None
    me = me_id(owner)
    rows = (
        Relationship.objects.filter(owner=owner, src=person)
        .exclude(dst_id=me)
        .select_related("dst")
        .order_by("dst__display_name", "dst_id")
    )
    known = [r.dst for r in rows]
    # Which of these few people you know directly, asked of the database: the whole set
    # of direct contacts (30,000 ids) in Python cost the page 100 ms.
    everyone = direct_people(owner, me)
    direct = set(
        everyone.filter(pk__in=[person.pk, *(p.pk for p in known)]).values_list("pk", flat=True)
    )
    mutual = [p for p in known if p.pk in direct]
    introduces = [p for p in known if p.pk not in direct]
    covered = set(
        Relationship.objects.filter(
            owner=owner,
            dst_id__in=[p.pk for p in introduces],
            src_id__in=everyone.values("pk"),
        )
        .exclude(src=person)
        .values_list("dst_id", flat=True)
    )
    only = [p for p in introduces if p.pk not in covered]
    dormant = False
    last = person.last_contact_at
    if person.pk in direct and last and last < timezone.now() - dt.timedelta(days=DORMANT_DAYS):
        rated, met = _strong(owner, me)
        dormant = (
            rated.filter(dst_id=person.pk).exists() or met.filter(person_id=person.pk).exists()
        )
    if not known and not dormant:
        return None
    return PersonNetwork(
        person=person,
        is_direct=person.pk in direct,
        mutual=mutual,
        introduces=introduces,
        only_through=only,
        dormant=dormant,
        last_contact=_day(last) if last else None,
    )


# What a relationship row of the person page shows.
RELATIONSHIP_COLUMNS = (
    *("id", "owner_id", "src_id", "dst_id", "kind", "strength", "since", "source"),
    *("dst__id", "dst__owner_id", "dst__display_name"),
)


def person_relationships(owner, person, **kwargs) -> dict:
    """The person page's "people they know", strongest first, in one query."""
    relationships = list(
        Relationship.objects.filter(src=person)
        .select_related("dst")
        .only(*RELATIONSHIP_COLUMNS)
        .order_by("-strength", "dst__display_name")
    )
    for rel in relationships:
        rel.src = person  # every row starts at this person: no query per row
    return {"relationships": relationships}
