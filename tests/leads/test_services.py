"""Leads: the status rules (every transition), the clocks, the report-back loop."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from django.core.exceptions import ValidationError

from goodwill.interactions.models import Interaction
from goodwill.leads import queries as lead_queries
from goodwill.leads import rules as lead_rules
from goodwill.leads import services as service
from goodwill.leads.models import Lead, LeadEvent, LeadSettings, ReportBack
from goodwill.leads.rules import drafts
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.conftest import NOW
from tests.support import make_ben

pytestmark = pytest.mark.django_db

STATUSES = ["new", "contacted", "meeting", "in_progress", "won", "lost", "parked"]
# The rules, written out by hand: (from, to) pairs allowed without reopening.
ALLOWED = {
    ("new", "contacted"), ("new", "meeting"), ("new", "in_progress"),
    ("new", "won"), ("new", "lost"), ("new", "parked"),
    ("contacted", "meeting"), ("contacted", "in_progress"),
    ("contacted", "won"), ("contacted", "lost"), ("contacted", "parked"),
    ("meeting", "in_progress"), ("meeting", "won"), ("meeting", "lost"), ("meeting", "parked"),
    ("in_progress", "won"), ("in_progress", "lost"), ("in_progress", "parked"),
    ("parked", "new"), ("parked", "contacted"), ("parked", "meeting"),
    ("parked", "in_progress"), ("parked", "won"), ("parked", "lost"),
}  # fmt: skip
REOPEN_ALLOWED = {
    (a, b) for a in ("won", "lost") for b in ("new", "contacted", "meeting", "in_progress")
}


@pytest.fixture
def ben(alice):
    # Overrides the shared ben (conftest.py): an email address, for the mailto links.
    return make_ben(alice, emails=["ben@ortega.example"])


@pytest.fixture
def lead(alice, ana, ben, frozen_now):
    return service.create_lead(
        owner=alice, referrer=ana.pk, prospect=ben.pk, opportunity="Needs a designer for an app"
    )


def lead_in(alice, lead, status):
    """Put the lead in ``status`` directly (the path there is tested elsewhere)."""
    Lead.objects.filter(pk=lead.pk).update(status=status)
    return Lead.objects.get(pk=lead.pk)


@pytest.mark.parametrize(("start", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_it_allows_or_refuses_every_transition(alice, lead, start, target):
    lead = lead_in(alice, lead, start)
    if (start, target) in ALLOWED:
        moved = service.move_lead(owner=alice, lead=lead, status=target, note="why")
        assert moved.status == target
        event = LeadEvent.objects.filter(lead=lead).latest("id")
        assert (event.from_status, event.to_status, event.note) == (start, target, "why")
        assert event.at == NOW
    else:
        with pytest.raises(ValidationError) as caught:
            service.move_lead(owner=alice, lead=lead, status=target)
        assert list(caught.value.message_dict) == ["status"]
        assert caught.value.message_dict["status"][0]
        assert Lead.objects.get(pk=lead.pk).status == start
        assert LeadEvent.objects.filter(lead=lead).count() == 1  # only its arrival


@pytest.mark.parametrize(("start", "target"), list(itertools.product(STATUSES, STATUSES)))
def test_it_reopens_only_won_or_lost_leads_and_only_to_an_open_stage(alice, lead, start, target):
    lead = lead_in(alice, lead, start)
    if (start, target) in REOPEN_ALLOWED:
        moved = service.move_lead(owner=alice, lead=lead, status=target, reopen=True)
        assert (moved.status, moved.closed_at, moved.outcome_told_at) == (target, None, None)
        assert LeadEvent.objects.filter(lead=lead).latest("id").reopened
        return
    with pytest.raises(ValidationError) as caught:
        service.move_lead(owner=alice, lead=lead, status=target, reopen=True)
    expected = "status" if start in ("won", "lost") else "reopen"
    assert list(caught.value.message_dict) == [expected]
    assert Lead.objects.get(pk=lead.pk).status == start


def test_it_explains_why_a_move_is_refused(alice, lead):
    service.move_lead(owner=alice, lead=lead, status="meeting")
    with pytest.raises(ValidationError) as back:
        service.move_lead(owner=alice, lead=lead, status="contacted")
    assert "moves forward" in back.value.message_dict["status"][0]
    service.move_lead(owner=alice, lead=lead, status="won")
    with pytest.raises(ValidationError) as final:
        service.move_lead(owner=alice, lead=lead, status="lost")
    assert "final" in final.value.message_dict["status"][0]
    for bad in ("", "closed"):
        with pytest.raises(ValidationError) as unknown:
            service.move_lead(owner=alice, lead=lead, status=bad)
        assert "status" in unknown.value.message_dict


def test_it_starts_the_contact_clock_from_the_account_setting(alice, ana, ben, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="A job")
    assert lead.received_on == NOW.date()
    assert lead.contact_due_on == NOW.date() + dt.timedelta(days=2)
    service.update_lead_settings(owner=alice, contact_within_days=5)
    lead.refresh_from_db()
    assert lead.contact_due_on == NOW.date() + dt.timedelta(days=5)
    later = service.create_lead(
        owner=alice, referrer=ana, prospect=ben, opportunity="Another", received_on="2026-06-01"
    )
    assert later.contact_due_on == dt.date(2026, 6, 6)


def test_it_records_the_first_contact_once_and_only_for_contacting_moves(alice, lead, frozen_now):
    service.move_lead(owner=alice, lead=lead, status="parked")
    assert Lead.objects.get(pk=lead.pk).first_contacted_at is None
    frozen_now(days=1)
    service.move_lead(owner=alice, lead=lead, status="meeting")
    first = Lead.objects.get(pk=lead.pk).first_contacted_at
    assert first == NOW + dt.timedelta(days=1)
    frozen_now(days=1)
    service.move_lead(owner=alice, lead=lead, status="won")
    assert Lead.objects.get(pk=lead.pk).first_contacted_at == first


def test_it_refuses_bad_settings_naming_the_field(alice):
    with pytest.raises(ValidationError) as caught:
        service.update_lead_settings(owner=alice, contact_within_days=0)
    assert "contact_within_days" in caught.value.message_dict
    assert not LeadSettings.objects.filter(owner=alice).exists()


@pytest.mark.parametrize(
    ("field", "kwargs"),
    [("referrer", {"referrer": "theirs"}), ("prospect", {"prospect": "theirs"})],
)
def test_it_names_a_foreign_referrer_or_prospect_and_saves_nothing(
    alice, bob, ana, ben, field, kwargs
):
    theirs = people.create_person(owner=bob, display_name="Bob's friend")
    args = {"referrer": ana.pk, "prospect": ben.pk, **kwargs}
    args = {k: (theirs.pk if v == "theirs" else v) for k, v in args.items()}
    before = Person.objects.filter(owner=alice).count()
    with pytest.raises(ValidationError) as caught:
        service.create_lead(owner=alice, opportunity="x", **args)
    assert list(caught.value.message_dict) == [field]
    assert not Lead.objects.exists()
    assert Person.objects.filter(owner=alice).count() == before


def test_it_adds_a_new_prospect_on_the_spot_but_not_when_anything_is_wrong(alice, ana):
    with pytest.raises(ValidationError) as caught:
        service.create_lead(owner=alice, referrer=ana, prospect_name="Cleo New", opportunity="")
    assert "opportunity" in caught.value.message_dict
    assert not Person.objects.filter(display_name="Cleo New").exists()
    lead = service.create_lead(
        owner=alice, referrer=ana, prospect_name="Cleo New", opportunity="Hiring"
    )
    assert lead.prospect.display_name == "Cleo New" and lead.prospect.owner == alice


def test_it_refuses_a_lead_about_whoever_gave_it_or_about_yourself(alice, ana):
    with pytest.raises(ValidationError) as same:
        service.create_lead(owner=alice, referrer=ana, prospect=ana, opportunity="x")
    assert "prospect" in same.value.message_dict
    me = people.ensure_me(owner=alice)
    with pytest.raises(ValidationError) as mine:
        service.create_lead(owner=alice, referrer=me, prospect=ana, opportunity="x")
    assert "referrer" in mine.value.message_dict


def test_it_drafts_with_the_referrers_first_name_and_the_prospects_name(alice, lead):
    for kind in ("thanks", "status", "check_in"):
        for variant in range(3):
            draft = drafts.report_draft(lead, kind, me="Alice", variant=variant)
            assert draft.body.startswith("Hi Ana,")
            assert "Ben Ortega" in draft.body + draft.subject or "Ben" in draft.subject
            assert "Ana Ruiz" not in draft.body and "Alice" in draft.body
            assert draft.to_email == "ana@ruiz.example"
    contact = drafts.contact_draft(lead, me="Alice")
    assert contact.body.startswith("Hi Ben,") and "Ana Ruiz" in contact.body
    assert contact.mailto.startswith("mailto:ben@ortega.example?subject=")
    assert "%20" in contact.mailto and " " not in contact.mailto


def test_it_writes_a_different_outcome_for_won_and_lost(alice, lead):
    service.move_lead(owner=alice, lead=lead, status="won")
    won = drafts.report_draft(Lead.objects.get(pk=lead.pk), "outcome", me="A", variant=0)
    lead.status = "lost"
    lost = drafts.report_draft(lead, "outcome", me="A", variant=0)
    assert "worked out" in won.body and "didn't come together" in lost.body


def test_it_logs_a_report_back_on_the_referrers_timeline_and_resets_their_cadence(
    alice, ana, lead, frozen_now
):
    people.update_person(owner=alice, person=ana, cadence_days=30)
    frozen_now(days=1)
    report = service.send_report_back(owner=alice, lead=lead)
    assert report.kind == "thanks"
    interaction = Interaction.objects.get(pk=report.interaction_id)
    assert interaction.kind == "email"
    assert interaction.summary == "Thanked Ana for the lead about Ben Ortega"
    assert list(interaction.participants.all()) == [ana]
    assert interaction.notes == report.body and "Hi Ana" in report.body
    ana.refresh_from_db()
    assert ana.last_contact_at == NOW + dt.timedelta(days=1)
    assert ana.next_due_on == (NOW + dt.timedelta(days=31)).date()
    service.move_lead(owner=alice, lead=lead, status="contacted")
    update = service.send_report_back(owner=alice, lead=lead, channel="message", body="Hi!")
    assert update.kind == "status" and update.body == "Hi!"
    assert Interaction.objects.get(pk=update.interaction_id).summary == (
        "Updated Ana on the lead about Ben Ortega"
    )


def test_it_keeps_an_outcome_open_until_the_referrer_has_been_told(alice, lead, frozen_now):
    service.send_report_back(owner=alice, lead=lead)
    service.move_lead(owner=alice, lead=lead, status="won")
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.status == "won" and not lead.is_closed and lead.state == "tell"
    assert lead_rules.report_due(lead, LeadSettings(), NOW.date()) == ("outcome", NOW.date())
    with pytest.raises(ValidationError):
        service.move_lead(owner=alice, lead=lead, status="lost")
    service.send_report_back(owner=alice, lead=lead, kind="thanks")  # not the outcome
    assert not Lead.objects.get(pk=lead.pk).is_closed
    told = service.send_report_back(owner=alice, lead=lead)
    assert told.kind == "outcome"
    lead = Lead.objects.get(pk=lead.pk)
    assert lead.is_closed and lead.state == "won"
    assert lead_rules.report_due(lead, LeadSettings(), NOW.date()) is None
    assert "how the lead about Ben Ortega turned out" in told.interaction.summary


def test_it_refuses_an_outcome_report_before_there_is_an_outcome(alice, lead):
    with pytest.raises(ValidationError) as caught:
        service.send_report_back(owner=alice, lead=lead, kind="outcome")
    assert "kind" in caught.value.message_dict
    assert not ReportBack.objects.exists() and not Interaction.objects.exists()


def test_it_asks_for_an_update_after_the_set_number_of_days(alice, lead, frozen_now):
    service.send_report_back(owner=alice, lead=lead)
    config = lead_queries.settings_for(alice)
    lead = Lead.objects.get(pk=lead.pk)
    assert lead_rules.report_due(lead, config, NOW.date() + dt.timedelta(days=13)) is None
    due = lead_rules.report_due(lead, config, NOW.date() + dt.timedelta(days=14))
    assert due == ("check_in", NOW.date() + dt.timedelta(days=14))
    service.update_lead_settings(owner=alice, update_every_days=7)
    config = lead_queries.settings_for(alice)
    assert lead_rules.report_due(lead, config, NOW.date() + dt.timedelta(days=7))[0] == "check_in"
    service.move_lead(owner=alice, lead=lead, status="parked")
    lead = Lead.objects.get(pk=lead.pk)
    assert lead_rules.report_due(lead, config, NOW.date() + dt.timedelta(days=1))[0] == "status"
    service.send_report_back(owner=alice, lead=lead)
    lead = Lead.objects.get(pk=lead.pk)
    assert lead_rules.report_due(lead, config, NOW.date() + dt.timedelta(days=60)) is None
