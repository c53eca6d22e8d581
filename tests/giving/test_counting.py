"""Numbers that add up: an introduction is one give (to the person helped, shown under
both names); leads passed to you count as received, referrals you make as given, so
"You are leading with giving" is only said when it is true; overdue says how long."""

from __future__ import annotations

import datetime as dt

import pytest

from goodwill.giving import queries
from goodwill.giving.services import intros
from goodwill.leads import services as leads
from goodwill.leads.services import referrals
from goodwill.people import services as people
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def test_one_introduction_is_one_give_shown_under_both_names(alice, ana, ben, frozen_now):
    people.ensure_me(owner=alice)
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for action in ("ask_a", "ask_b", "made"):
        intros.advance_intro(owner=alice, intro=intro, action=action)
    assert queries.balance(alice).given == 1
    for person in (ana, ben):
        panel = queries.person_giving(alice, person)
        assert [g.summary for g in panel.gives] == ["Introduced Ben Ortega to Ana Ruiz"]
        assert panel.given == 1


def test_leads_received_count_so_giving_is_not_claimed_falsely(alice, ana, ben, frozen_now):
    people.ensure_me(owner=alice)
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for action in ("ask_a", "ask_b", "made"):
        intros.advance_intro(owner=alice, intro=intro, action=action)
    for what in ("A shop", "A studio"):
        leads.create_lead(owner=alice, referrer=ana, opportunity=what, prospect_name=what)
    result = queries.balance(alice)
    assert (result.given, result.received) == (1, 2)
    assert not result.leading and "leading with giving" not in result.summary
    assert result.months[-1].received == 2
    rows = {r.person.display_name: (r.given, r.received) for r in result.people}
    assert rows["Ana Ruiz"] == (0, 2) and rows["Ben Ortega"] == (1, 0)
    assert queries.balance(alice, person=ana).received == 2
    referrals.create_referral(owner=alice, person=ben, referred_to=ana, reason="Needs a dev")
    assert queries.balance(alice).given == 2


def test_the_balance_chart_has_a_unit_and_a_readable_zero_state(alice, frozen_now):
    chart = queries.balance_chart(queries.balance(alice))
    assert chart.empty and "A link, a name" in chart.empty_text
    assert chart.unit == "gives, referrals and leads"


def test_an_old_lead_says_how_many_days_overdue(alice_client, alice, ana, ben, frozen_now):
    received = NOW.date() - dt.timedelta(days=605)  # contact within 2 days: 603 days late
    lead = leads.create_lead(
        owner=alice, referrer=ana, prospect=ben, opportunity="A site", received_on=received
    )
    assert lead.contact_overdue_days == 603
    for url in ("/leads/", f"/leads/{lead.pk}/"):
        body = alice_client.get(url).content.decode()
        assert "603 days overdue" in body, url
