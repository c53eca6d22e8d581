"""Read side of giving: needs, offers, gives, introductions, the balance, who could help.

Other areas call ``needs_you_can_meet`` (Today, the digest) and ``person_giving``
(the person page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, When
from django.utils import timezone

from goodwill.core.charts import bar_chart, month_starts
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.search import needs_person_can_meet, open_needs_with_helpers
from goodwill.giving.models import Give, Introduction, IntroStatus, Need, NeedStatus, Offer
from goodwill.leads.models import Lead, Referral
from goodwill.people.models import Person
from goodwill.people.queries import me, me_id

MONTHS = 12
OPEN_INTROS = (IntroStatus.SUGGESTED, IntroStatus.ASKED_A, IntroStatus.ASKED_B)


def needs(owner, *, status: str = "", person=None) -> QuerySet:
    qs = Need.objects.filter(owner=owner).select_related("person")
    if status:
        qs = qs.filter(status=status)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def offers(owner, *, active: bool | None = None, person=None) -> QuerySet:
    qs = Offer.objects.filter(owner=owner).select_related("person")
    if active is not None:
        qs = qs.filter(active=active)
    if person is not None:
        qs = qs.filter(person=person)
    return qs


def gives(owner, *, person=None) -> QuerySet:
    qs = Give.objects.filter(owner=owner).select_related("giver", "receiver", "need")
    if person is not None:
        qs = qs.filter(Q(giver=person) | Q(receiver=person))
    return qs


def intros(owner, *, state: str = "", person=None) -> QuerySet:
    """Introductions, newest first; state "open" (in flight), "made" or "declined"."""
    qs = Introduction.objects.filter(owner=owner).select_related("a", "b", "need")
    if state == "open":
        qs = qs.filter(status__in=OPEN_INTROS)
    elif state:
        qs = qs.filter(status=state)
    if person is not None:
        qs = qs.filter(Q(a=person) | Q(b=person))
    return qs


def intro_detail(owner, pk) -> Introduction:
    qs = Introduction.objects.select_related("a", "b", "need", "need__person")
    qs = qs.select_related("a__organization", "b__organization").prefetch_related(
        "steps", "a__emails", "b__emails"
    )
    return qs.get_owned_or_404(owner, pk=pk)


# ---------------------------------------------------------------- the balance


@dataclass
class BalanceMonth:
    start: dt.date
    given: int = 0
    received: int = 0

    @property
    def label(self) -> str:
        return self.start.strftime("%b")


@dataclass
class BalanceRow:
    person: Person
    given: int = 0
    received: int = 0


@dataclass
class Balance:
    given: int = 0
    received: int = 0
    months: list[BalanceMonth] = field(default_factory=list)
    people: list[BalanceRow] = field(default_factory=list)

    @property
    def leading(self) -> bool:
        """Are you leading with giving? Yes when you have given at least as much."""
        return self.given >= self.received and self.given > 0

    @property
    def summary(self) -> str:
        if not self.given and not self.received:
            return "Nothing logged yet. Small things count: a link, a name, ten minutes."
        if self.leading:
            return "You are leading with giving. Keep it light and keep it going."
        return (
            "People have helped you more than you have logged helping them. That's fine: "
            "look at the needs below for an easy way to give back."
        )


def balance(owner, *, person=None, today: dt.date | None = None, by_person: bool = True) -> Balance:
    """What you gave and received: overall, by month (last 12) and (unless ``by_person``
    is False) the people you have exchanged most with.

    Counted: gives (an introduction is one give, to the person it helps), referrals you
    made (given, to the person you referred) and leads passed to you (received, from
    whoever gave the lead): a lead is help received even though no give was logged."""
    me = me_id(owner)
    result = Balance()
    if me is None and not Lead.objects.filter(owner=owner).exists():
        return result
    gives = Give.objects.filter(owner=owner)
    leads = Lead.objects.filter(owner=owner)
    referrals = Referral.objects.filter(owner=owner)
    if person is not None:
        gives = gives.filter(Q(giver=me, receiver=person) | Q(giver=person, receiver=me))
        leads = leads.filter(referrer=person)
        referrals = referrals.filter(person=person)
    totals = gives.aggregate(
        given=Count("pk", filter=Q(giver_id=me)), received=Count("pk", filter=Q(receiver_id=me))
    )
    result.given = totals["given"] + referrals.count()
    result.received = totals["received"] + leads.count()
    on = today or timezone.localdate()
    months = {m: BalanceMonth(m) for m in month_starts(on, MONTHS)}
    start = min(months)
    # by day, bucketed here: truncating to months in SQL is a function call per row
    rows = [
        *gives.filter(given_on__gte=start)
        .values_list("given_on")
        .annotate(
            given=Count("pk", filter=Q(giver_id=me)),
            received=Count("pk", filter=Q(receiver_id=me)),
        )
        .order_by(),
        *(
            (day, n, 0)
            for day, n in referrals.filter(referred_on__gte=start)
            .values_list("referred_on")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        *(
            (day, 0, n)
            for day, n in leads.filter(received_on__gte=start)
            .values_list("received_on")
            .annotate(n=Count("pk"))
            .order_by()
        ),
    ]
    for day, given, received in rows:
        month = months.get(day.replace(day=1))
        if month:
            month.given += given
            month.received += received
    result.months = list(months.values())
    if person is None and by_person:
        result.people = _by_person(owner, me)
    return result


def _by_person(owner, me: int | None, limit: int = 20) -> list[BalanceRow]:
    """Whom you have exchanged most with (given + received: gives, referrals you made,
    leads they passed you), counted and cut in SQL; ties go to people you have given to,
    then to the older record."""
    gives = connection.ops.quote_name(Give._meta.db_table)
    leads = connection.ops.quote_name(Lead._meta.db_table)
    referrals = connection.ops.quote_name(Referral._meta.db_table)
    sql = (
        "SELECT person, SUM(given), SUM(received) FROM ("  # noqa: S608 (placeholders only)
        f" SELECT receiver_id AS person, 1 AS given, 0 AS received FROM {gives}"
        "  WHERE owner_id = %s AND giver_id = %s"
        f" UNION ALL SELECT giver_id, 0, 1 FROM {gives} WHERE owner_id = %s AND receiver_id = %s"
        f" UNION ALL SELECT person_id, 1, 0 FROM {referrals} WHERE owner_id = %s"
        f" UNION ALL SELECT referrer_id, 0, 1 FROM {leads} WHERE owner_id = %s"
        ") AS g GROUP BY person"
        " ORDER BY SUM(given) + SUM(received) DESC, CASE WHEN SUM(given) > 0 THEN 0 ELSE 1 END,"
        " person LIMIT %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [owner.pk, me, owner.pk, me, owner.pk, owner.pk, limit])
        top = cursor.fetchall()
    people = Person.objects.filter(owner=owner).in_bulk([pk for pk, _, _ in top])
    return [
        BalanceRow(people[pk], int(given), int(received))
        for pk, given, received in top
        if pk in people
    ]


def balance_chart(result: Balance):
    return bar_chart(
        "Given and received, by month",
        result.months,
        [("bar-a", "given", lambda m: m.given), ("bar-b", "received", lambda m: m.received)],
        empty=not any(m.given or m.received for m in result.months),
        unit="gives, referrals and leads",
        empty_text="Nothing given or received in the last 12 months yet. A link, a name or "
        "ten minutes of your time all count.",
    )


# ---------------------------------------------------------------- the person page


@dataclass
class PersonGiving:
    person: Person
    needs: list[Need]
    offers: list[Offer]
    gives: list[Give]  # between you and them, newest first
    given: int  # by you to them
    received: int  # by them to you
    intros: list[Introduction]
    can_meet: list = field(default_factory=list)  # matching.NeedMatch


def person_giving(owner, person):
    """What the person page shows about giving: their needs and offers, what you have
    done for each other, introductions, and needs of others they could meet."""

    me_person = me(owner)
    gives_qs = Give.objects.none()
    if me_person is not None and not person.is_me:
        gives_qs = gives(owner).filter(
            Q(giver=me_person, receiver=person)
            | Q(giver=person, receiver=me_person)
            # an introduction is one give, shown under both names
            | Q(giver=me_person, introduction__a=person)
            | Q(giver=me_person, introduction__b=person)
        )
    between = list(gives_qs[:20])
    given = sum(1 for g in between if g.giver_id != person.pk)
    received = len(between) - given
    if len(between) == 20:  # more than the list shows: count them all
        counts = gives_qs.aggregate(given=Count("pk", filter=~Q(giver=person)))
        given = counts["given"]
        received = gives_qs.count() - given
    open_first = Case(When(status=NeedStatus.OPEN, then=0), default=1)
    their_needs = Need.objects.filter(owner=owner, person=person).order_by(
        open_first, "-heard_on", "-id"
    )
    return PersonGiving(
        person=person,
        needs=list(their_needs[:20]),
        offers=list(Offer.objects.filter(owner=owner, person=person, active=True)[:20]),
        gives=between,
        given=given,
        received=received,
        intros=list(intros(owner, person=person)[:10]),
        can_meet=needs_person_can_meet(owner, person, limit=5),
    )


def needs_you_can_meet(owner, *, limit: int = 5) -> list:
    """Open needs that you, or someone in your network, could meet, best first:
    a list of (need, [Match, ...])."""

    return open_needs_with_helpers(owner, limit=limit)


def open_need_count(owner) -> int:
    return Need.objects.filter(owner=owner, status=NeedStatus.OPEN).count()


def people_offering(owner, text: str) -> list[Person]:
    """Your people whose offers (or titles and tags) match the words: the "offering:"
    target of introduction paths (goodwill/apps.py adds it to the network area)."""
    ids = [m.person_id for m in matching.match_text(owner, text, limit=50)]
    return list(Person.objects.filter(owner=owner, pk__in=ids, is_me=False))


def open_need_texts(owner, person_ids, *, limit: int = 3) -> dict[int, list[str]]:
    """What each person is looking for now, newest first, as typed (for the lead drafts):
    one query for any number of people."""
    found: dict[int, list[str]] = {}
    rows = Need.objects.filter(owner=owner, person_id__in=person_ids, status=NeedStatus.OPEN)
    for pk, text in rows.order_by("-heard_on", "-id").values_list("person_id", "text"):
        if len(found.setdefault(pk, [])) < limit:
            found[pk].append(text)
    return found
