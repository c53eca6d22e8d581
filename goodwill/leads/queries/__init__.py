"""Read side of the leads area: the board, a lead's story, what is due, a person's leads."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property

from django.conf import settings
from django.db import connection
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import timezone

from goodwill.leads.models import (
    OUTCOMES,
    Lead,
    LeadEvent,
    LeadSettings,
    LeadStatus,
    Referral,
    ReferralOutcome,
    ReportBack,
    ReportKind,
)
from goodwill.leads.rules import (
    allowed_moves,
    default_report_kind,
    drafts,
    overdue_phrase,
    report_due,
)
from goodwill.people import queries as people_queries
from goodwill.people.models import Person, PersonEmail

# Board columns: the statuses, with won/lost split into "tell the referrer" and done.
COLUMNS = [
    ("new", "New"),
    ("contacted", "Contacted"),
    ("meeting", "Meeting set"),
    ("in_progress", "In progress"),
    ("tell", "Tell the referrer"),
    ("parked", "Parked"),
    ("done", "Done"),
]
DONE_SHOWN = 20
KIND_ORDER = ["contact", "outcome", "thanks", "status", "check_in", "referral_check"]


def today() -> dt.date:
    return timezone.localdate()


def _with_people(qs: QuerySet) -> QuerySet:
    emails = PersonEmail.objects.order_by("position", "id")
    return qs.select_related("referrer", "prospect").prefetch_related(
        Prefetch("referrer__emails", queryset=emails),
        Prefetch("prospect__emails", queryset=emails),
    )


def not_closed() -> Q:
    """Leads still asking something of the user (won/lost ones until the referrer knows)."""
    return ~Q(status__in=list(OUTCOMES), outcome_told_at__isnull=False)


def overdue_first(qs: QuerySet, on: dt.date | None = None) -> QuerySet:
    overdue = When(status=LeadStatus.NEW, contact_due_on__lt=on or today(), then=Value(0))
    rank = Case(overdue, default=Value(1), output_field=IntegerField())
    return qs.annotate(overdue_rank=rank).order_by("overdue_rank", "contact_due_on", "id")


def leads(owner, *, referrer: int | None = None, status: str = "", state: str = "") -> QuerySet:
    """Leads for lists (API, CLI): overdue first; filter by referrer, status or state."""
    qs = Lead.objects.filter(owner=owner)
    if referrer:
        qs = qs.filter(referrer_id=referrer)
    if status:
        qs = qs.filter(status=status)
    if state == "open":
        qs = qs.filter(not_closed())
    elif state == "tell":
        qs = qs.filter(status__in=list(OUTCOMES), outcome_told_at__isnull=True)
    elif state == "closed":
        qs = qs.filter(status__in=list(OUTCOMES), outcome_told_at__isnull=False)
    return _with_people(overdue_first(qs))


@dataclass
class Column:
    key: str
    label: str
    leads: list[Lead] = field(default_factory=list)
    more: int = 0


def board(owner, *, referrer: int | None = None) -> list[Column]:
    """The leads board: one column per state; done shows the latest few."""
    columns = {key: Column(key, label) for key, label in COLUMNS}
    base = Lead.objects.filter(owner=owner)
    if referrer:
        base = base.filter(referrer_id=referrer)
    for lead in overdue_first(base.filter(not_closed())).select_related("referrer", "prospect"):
        columns[lead.state].leads.append(lead)
    closed = base.exclude(not_closed()).select_related("referrer", "prospect")
    done = list(closed.order_by("-closed_at", "-id")[: DONE_SHOWN + 1])
    columns["done"].leads = done[:DONE_SHOWN]
    if len(done) > DONE_SHOWN:
        columns["done"].more = closed.count() - DONE_SHOWN
    return list(columns.values())


def referrers(owner) -> list[Person]:
    """Everyone who has given the owner a lead, by name (for the board's filter)."""
    ids = Lead.objects.filter(owner=owner).values("referrer_id")
    return list(Person.objects.filter(owner=owner, pk__in=ids).only("pk", "display_name"))


# Extension point: what a person is looking for, so that a report on how a lead ended
# can offer help back. Filled by giving (goodwill/wiring.py); empty without it.
_needs_sources: list = []


def add_needs_source(source) -> None:
    """Register ``source(owner, person_ids) -> {person_id: [need, ...]}``: open needs, in
    one query for any number of people."""
    if source not in _needs_sources:
        _needs_sources.append(source)


def needs_of(owner, person_ids) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    ids = sorted(set(person_ids))
    if not ids:
        return found
    for source in _needs_sources:
        for pk, texts in source(owner, ids).items():
            found.setdefault(pk, []).extend(texts)
    return found


def their_needs(owner, person_id: int) -> list[str]:
    return needs_of(owner, [person_id]).get(person_id, [])


@dataclass
class LeadPage:
    lead: Lead
    events: list[LeadEvent]
    report_backs: list[ReportBack]
    moves: list[str]
    report_kind: str | None
    report_draft: drafts.Draft | None
    contact_draft: drafts.Draft | None
    overdue_days: int


def lead_detail(owner, lead_id, *, variant: int | None = None) -> LeadPage:
    lead = _with_people(Lead.objects.all()).get_owned_or_404(owner, pk=lead_id)
    config = settings_for(owner)
    me, line = my_first_name(owner), my_line(owner)
    due = report_due(lead, config, today())
    kind = due[0] if due else default_report_kind(lead, config)
    waiting = lead.status == LeadStatus.NEW
    needs = their_needs(owner, lead.referrer_id) if lead.is_outcome else []
    return LeadPage(
        lead=lead,
        events=list(lead.events.order_by("at", "id")),
        report_backs=list(lead.report_backs.order_by("sent_at", "id")),
        moves=allowed_moves(lead.status, reopen=lead.is_outcome),
        report_kind=due[0] if due else None,
        report_draft=drafts.report_draft(
            lead, kind, me=me, variant=variant, their_needs=needs, me_line=line
        ),
        contact_draft=(
            drafts.contact_draft(lead, me=me, variant=variant, me_line=line) if waiting else None
        ),
        overdue_days=(today() - lead.contact_due_on).days if waiting else 0,
    )


# ---------------------------------------------------------------- what is due


@dataclass
class LeadAction:
    """One thing to do: contact a prospect, report back to a referrer, check a referral."""

    kind: str  # contact | thanks | status | check_in | outcome | referral_check
    reason: str
    due_on: dt.date
    days_overdue: int  # negative: due in that many days
    person: Person  # whom to write to
    make_draft: Callable[[], drafts.Draft]  # written when first read: Today needs few
    lead: Lead | None = None
    referral: Referral | None = None

    @cached_property
    def draft(self) -> drafts.Draft:
        return self.make_draft()

    @property
    def overdue(self) -> bool:
        return self.days_overdue > 0

    @property
    def rank(self) -> tuple:
        if self.kind == "contact" and self.overdue:
            group = 0
        elif self.days_overdue >= 0:
            group = 1
        else:
            group = 2
        obj = self.lead or self.referral
        return (group, self.due_on, KIND_ORDER.index(self.kind), obj.pk)


def _ago(days: int) -> str:
    if days <= 0:
        return "today" if days == 0 else f"in {-days} day{'s' if days != -1 else ''}"
    return f"{days} day{'s' if days != 1 else ''} ago"


def _report_reason(kind: str, lead: Lead, ref: str, update_every: int) -> str:
    who = lead.prospect.display_name
    if kind == ReportKind.THANKS:
        return f"Thank {ref} for the lead about {who}."
    if kind == ReportKind.OUTCOME:
        return (
            f"Tell {ref} how it ended with {who} ({lead.get_status_display().lower()}). "
            "The lead stays open until they know."
        )
    if kind == ReportKind.STATUS:
        return f"Tell {ref} the lead about {who} is now {lead.get_status_display().lower()}."
    return f"Update {ref} on {who}: no news sent for {update_every}+ days."


def _midnight(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


def _due_ids(owner, on: dt.date, config, limit: int, since: dt.date | None = None) -> list[int]:
    """Ids of the leads with something due by ``on``: the first ``limit`` of each kind in
    the order of ``LeadAction.rank`` (day due, then id). One query of five index ranges,
    in raw SQL: the ORM took longer to build it than the database took to run it.
    The conditions mirror ``report_due``; a datetime's local day is at most ``on`` when it
    falls before the next local midnight, so the clocks stay exact. With ``since``, only
    leads received on or after that day (Today leaves older ones to its tidy list)."""
    ops = connection.ops
    tz = timezone.get_current_timezone_name() if settings.USE_TZ else None
    day, moment = ops.adapt_datefield_value(on), ops.adapt_datetimefield_value
    day_of = ops.adapt_datefield_value
    before = moment(_midnight(on + dt.timedelta(days=1)))
    check_in_before = moment(_midnight(on - dt.timedelta(days=config.update_every_days - 1)))
    ended = list(OUTCOMES)
    going = [s for s in LeadStatus.values if s not in OUTCOMES]
    told_day = "COALESCE(closed_at, status_changed_at)"
    last = "COALESCE(last_report_at, thanked_at)"

    def among(values) -> str:
        return f"status IN ({', '.join(['%s'] * len(values))})"

    thanked = f"{among(going)} AND thanked_at IS NOT NULL"
    kinds = [  # (condition, its parameters, the due day's column, is it a datetime)
        ("status = %s AND contact_due_on <= %s", [LeadStatus.NEW, day], "contact_due_on", 0),
        (
            f"{among(ended)} AND outcome_told_at IS NULL AND {told_day} < %s",
            [*ended, before],
            told_day,
            1,
        ),
        (
            f"{among(going)} AND thanked_at IS NULL AND received_on <= %s",
            [*going, day],
            "received_on",
            0,
        ),
        (
            f"{thanked} AND status <> reported_status AND status_changed_at < %s",
            [*going, before],
            "status_changed_at",
            1,
        ),
        (
            f"{thanked} AND status = reported_status AND status <> %s AND {last} < %s",
            [*going, LeadStatus.PARKED, check_in_before],
            last,
            1,
        ),
    ]
    table = ops.quote_name(Lead._meta.db_table)
    parts, params = [], []
    recent = " AND received_on >= %s" if since is not None else ""
    for where, values, due, is_moment in kinds:
        if since is not None:
            where, values = where + recent, [*values, day_of(since)]
        order, order_params = ops.datetime_cast_date_sql(due, (), tz) if is_moment else (due, ())
        parts.append(
            f"SELECT * FROM (SELECT id FROM {table} WHERE owner_id = %s AND {where} "  # noqa: S608
            f"ORDER BY {order}, id LIMIT %s) AS k{len(parts)}"
        )
        params += [owner.pk, *values, *order_params, limit]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts), params)
        return [pk for (pk,) in cursor.fetchall()]


def due_actions(
    owner,
    *,
    today: dt.date | None = None,
    limit: int | None = None,
    received_since: dt.date | None = None,
) -> list[LeadAction]:
    """Leads to contact, report-backs owed and referral checks due, most urgent first.

    Order: overdue contacts (most overdue first); then everything due by today, oldest
    first; then contacts whose clock has not run out yet. A fixed number of queries.
    With ``limit`` (what Today asks for): only what is due by today, and at most
    ``limit`` of each kind, chosen in SQL, so the work does not grow with open leads;
    ``received_since`` (with ``limit``) leaves out leads received before that day.
    """
    on = today or timezone.localdate()
    config = settings_for(owner)
    me, line = my_first_name(owner), my_line(owner)
    actions: list[LeadAction] = []
    leads = Lead.objects.filter(owner=owner).filter(not_closed())
    if limit is not None:
        leads = leads.filter(pk__in=_due_ids(owner, on, config, limit, received_since))
    leads = list(_with_people(leads))
    needs = needs_of(owner, [lead.referrer_id for lead in leads if lead.is_outcome])
    for lead in leads:
        ref = drafts.first_name(lead.referrer)
        if lead.status == LeadStatus.NEW:
            days = (on - lead.contact_due_on).days
            reason = (
                f"Contact {lead.prospect.display_name} ({lead.referrer.display_name}'s lead: "
                f"{lead.opportunity}) — " + ("" if days > 0 else "due ")
            )
            reason += (
                f"{overdue_phrase(days)} (due {lead.contact_due_on:%-d %b %Y})"
                if days > 0
                else _ago(days)
            )
            actions.append(
                LeadAction(
                    kind="contact",
                    reason=reason + ".",
                    due_on=lead.contact_due_on,
                    days_overdue=days,
                    person=lead.prospect,
                    make_draft=lambda lead=lead: drafts.contact_draft(lead, me=me, me_line=line),
                    lead=lead,
                )
            )
        due = report_due(lead, config, on)
        if due:
            kind, due_on = due
            actions.append(
                LeadAction(
                    kind=kind,
                    reason=_report_reason(kind, lead, ref, config.update_every_days),
                    due_on=due_on,
                    days_overdue=(on - due_on).days,
                    person=lead.referrer,
                    make_draft=lambda lead=lead, kind=kind: drafts.report_draft(
                        lead,
                        kind,
                        me=me,
                        their_needs=needs.get(lead.referrer_id, []),
                        me_line=line,
                    ),
                    lead=lead,
                )
            )
    checks = Referral.objects.filter(
        owner=owner, outcome=ReferralOutcome.PENDING, check_due_on__lte=on
    ).select_related("person", "referred_to")
    if limit is not None:
        checks = checks.order_by("check_due_on", "id")[:limit]
    for referral in checks.prefetch_related("person__emails"):
        actions.append(
            LeadAction(
                kind="referral_check",
                reason=(
                    f"Check how it went: you referred {referral.person.display_name} to "
                    f"{referral.referred_to.display_name} on "
                    f"{referral.referred_on.strftime('%-d %b')}."
                ),
                due_on=referral.check_due_on,
                days_overdue=(on - referral.check_due_on).days,
                person=referral.person,
                make_draft=lambda referral=referral: drafts.referral_check_draft(referral, me=me),
                referral=referral,
            )
        )
    actions.sort(key=lambda a: a.rank)
    if limit is None:
        return actions
    # A lead chosen for one kind may owe another that did not make its kind's cut.
    counts: dict[str, int] = {}
    kept = []
    for action in actions:
        counts[action.kind] = counts.get(action.kind, 0) + 1
        if action.days_overdue >= 0 and counts[action.kind] <= limit:
            kept.append(action)
    return kept


# ---------------------------------------------------------------- a person's page


@dataclass
class PersonLeads:
    given: list[Lead]
    about: list[Lead]
    referrals: list[Referral]

    def __bool__(self) -> bool:
        return bool(self.given or self.about or self.referrals)


def person_leads(owner, person_id: int, *, limit: int = 20) -> PersonLeads:
    """The leads a person gave, the leads about them, and referrals they are part of.
    Two queries, whatever the numbers."""
    found = list(
        Lead.objects.filter(owner=owner)
        .filter(Q(referrer_id=person_id) | Q(prospect_id=person_id))
        .select_related("referrer", "prospect")
        .order_by("-received_on", "-id")[: 2 * limit]
    )
    referrals = list(
        Referral.objects.filter(owner=owner)
        .filter(Q(person_id=person_id) | Q(referred_to_id=person_id))
        .select_related("person", "referred_to")
        .order_by("-referred_on", "-id")[:limit]
    )
    return PersonLeads(
        given=[lead for lead in found if lead.referrer_id == person_id][:limit],
        about=[lead for lead in found if lead.prospect_id == person_id][:limit],
        referrals=referrals,
    )


def referrals(owner, *, pending: bool | None = None) -> QuerySet[Referral]:
    qs = Referral.objects.filter(owner=owner).select_related("person", "referred_to")
    if pending is True:
        qs = qs.filter(outcome=ReferralOutcome.PENDING)
    elif pending is False:
        qs = qs.exclude(outcome=ReferralOutcome.PENDING)
    return qs.order_by("-referred_on", "-id")


def settings_for(owner) -> LeadSettings:
    """The account's clocks; an unsaved row with the defaults when never changed."""
    return LeadSettings.objects.filter(owner=owner).first() or LeadSettings(owner=owner)


def my_line(owner, me: Person | None = None) -> str:
    """What you do, for the drafts that say it ("I'm a web designer at Studio Nine"): the
    title on your own record, with its organization. Empty when your record has none."""
    me = me or people_queries.me(owner)
    if me is None or not me.title.strip():
        return ""
    # A title is typed in Title Case ("Web Designer"); in a sentence its words are not
    # ("I'm a web designer"). Capitals that mean something stay: UX, iOS, McKinsey.
    words = [w.lower() if w[:1].isupper() and w[1:].islower() else w for w in me.title.split()]
    org = me.organization.name if me.organization_id else ""
    return " ".join(words) + (f" at {org}" if org else "")


def my_first_name(owner, me: Person | None = None) -> str:
    """How you sign your messages: your own record's first name, else the account's.
    ``me``: your record, when the caller has already read it."""
    me = me or people_queries.me(owner)
    if me is not None:
        return drafts.first_name(me)
    return owner.first_name or owner.get_username()
