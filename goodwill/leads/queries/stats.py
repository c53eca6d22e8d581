"""Follow-through figures: rates, medians, outcomes, who sends leads, and monthly charts.

Definitions (also in docs/leads.md):

* follow-through rate: of the leads whose contact clock has run out or that were
  contacted, the share contacted on or before their contact-by day;
* median days to first contact: over contacted leads, received day → first contact day;
* report-back rate: the share of leads whose referrer has heard where things stand
  (thanked, told the latest status, and told the outcome of a won/lost lead).
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.utils import timezone

from goodwill.core.charts import Chart, bar_chart, month_starts
from goodwill.leads.models import OUTCOMES, Lead, LeadStatus
from goodwill.people.models import Person

MONTHS = 12
CHART_W, CHART_H, CHART_PAD = 320, 120, 18


@dataclass
class ReferrerRow:
    person: Person
    leads: int = 0
    won: int = 0
    open: int = 0
    last_received_on: dt.date | None = None
    unthanked: int = 0


@dataclass
class Month:
    start: dt.date
    received: int = 0
    won: int = 0
    measured: int = 0
    on_time: int = 0

    @property
    def label(self) -> str:
        return self.start.strftime("%b")

    @property
    def follow_through(self) -> float | None:
        return self.on_time / self.measured if self.measured else None


@dataclass
class LeadStats:
    total: int = 0
    measured: int = 0
    on_time: int = 0
    contacted: int = 0
    up_to_date: int = 0
    median_days_to_contact: float | None = None
    by_outcome: dict[str, int] = field(default_factory=dict)
    by_referrer: list[ReferrerRow] = field(default_factory=list)
    months: list[Month] = field(default_factory=list)

    @property
    def follow_through_rate(self) -> float | None:
        return self.on_time / self.measured if self.measured else None

    @property
    def report_back_rate(self) -> float | None:
        return self.up_to_date / self.total if self.total else None


def _up_to_date(lead: Lead) -> bool:
    if lead.thanked_at is None or lead.reported_status != lead.status:
        return False
    return not lead.is_outcome or lead.outcome_told_at is not None


def lead_stats(owner, *, today: dt.date | None = None) -> LeadStats:
    """All the figures in two queries (the leads, then their referrers)."""
    on = today or timezone.localdate()
    stats = LeadStats(by_outcome={"open": 0, "tell": 0, **{s: 0 for s in LeadStatus.values}})
    months = {m: Month(m) for m in month_starts(on, MONTHS)}
    referrers: dict[int, ReferrerRow] = {}
    waits = []
    columns = (
        *("pk", "referrer_id", "status", "received_on", "contact_due_on"),
        *("first_contacted_at", "thanked_at", "reported_status", "outcome_told_at"),
    )
    for lead in Lead.objects.filter(owner=owner).only(*columns):
        stats.total += 1
        stats.by_outcome[lead.status] += 1
        if lead.awaits_telling:
            stats.by_outcome["tell"] += 1
        elif not lead.is_outcome and lead.status != LeadStatus.PARKED:
            stats.by_outcome["open"] += 1
        month = months.get(lead.received_on.replace(day=1))
        contacted_on = (
            timezone.localdate(lead.first_contacted_at) if lead.first_contacted_at else None
        )
        measured = contacted_on is not None or lead.contact_due_on < on
        on_time = contacted_on is not None and contacted_on <= lead.contact_due_on
        stats.measured += measured
        stats.on_time += on_time
        stats.up_to_date += _up_to_date(lead)
        if contacted_on is not None:
            stats.contacted += 1
            waits.append((contacted_on - lead.received_on).days)
        if month:
            month.received += 1
            month.won += lead.status == LeadStatus.WON
            month.measured += measured
            month.on_time += on_time
        row = referrers.setdefault(lead.referrer_id, ReferrerRow(person=None))
        row.leads += 1
        row.won += lead.status == LeadStatus.WON
        row.open += lead.status not in OUTCOMES and lead.status != LeadStatus.PARKED
        row.unthanked += lead.thanked_at is None
        if row.last_received_on is None or lead.received_on > row.last_received_on:
            row.last_received_on = lead.received_on
    stats.median_days_to_contact = statistics.median(waits) if waits else None
    people = Person.objects.filter(owner=owner, pk__in=list(referrers)).only(
        "pk", "display_name", "given_name", "nickname"
    )
    for person in people:
        referrers[person.pk].person = person
    stats.by_referrer = sorted(
        (r for r in referrers.values() if r.person is not None),
        key=lambda r: (-r.leads, -r.won, r.person.display_name, r.person.pk),
    )
    stats.months = list(months.values())
    return stats


def charts(stats: LeadStats) -> list[Chart]:
    return [
        bar_chart(
            "Leads received and won, by month",
            stats.months,
            [("bar-a", "received", lambda m: m.received), ("bar-b", "won", lambda m: m.won)],
            empty=not any(m.received for m in stats.months),
            unit="leads",
            empty_text="No leads in these months yet. When someone passes you one, it shows here.",
        ),
        bar_chart(
            "Follow-through by month (contacted in time)",
            stats.months,
            [("bar-a", "in time", lambda m: m.follow_through)],
            empty=not any(m.measured for m in stats.months),
            unit="% of leads contacted in time",
            empty_text="Nothing to measure yet: a lead counts here once you contact the "
            "prospect or the day to do it has passed.",
        ),
    ]
