"""Leads over the API: the same services and rules as the web and the CLI."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.interactions.models import Interaction
from goodwill.leads import services as service
from goodwill.leads.models import Lead, Referral, ReportBack
from goodwill.leads.schemas import LeadIn, MoveIn, ReportBackIn
from goodwill.leads.services import referrals
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.api_support import api_for, assert_error, count_queries
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


@pytest.fixture
def lead(alice, ana, ben, frozen_now):
    return service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")


def test_it_creates_a_lead_with_a_new_prospect(api, alice, ana, frozen_now):
    response = api.post(
        "/leads", {"referrer": ana.pk, "prospect_name": "Cleo Park", "opportunity": "Logo work"}
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["referrer"] == {"id": ana.pk, "display_name": "Ana Ruiz"}
    assert body["prospect"]["display_name"] == "Cleo Park"
    assert (body["status"], body["state"], body["closed"]) == ("new", "new", False)
    assert body["contact_due_on"] == "2026-06-17"
    assert body["report_kind"] == "thanks" and body["report_draft"]["body"].startswith("Hi Ana,")
    assert body["contact_draft"]["to_name"] == "Cleo Park"
    assert [e["to_status"] for e in body["events"]] == ["new"]


def test_it_names_a_foreign_referrer_and_saves_nothing(api, alice, bob, ben):
    theirs = people.create_person(owner=bob, display_name="Bob's pal")
    response = api.post(
        "/leads", {"referrer": theirs.pk, "prospect_name": "New One", "opportunity": "x"}
    )
    assert_error(response, 422, "validation_error", "referrer")
    foreign_prospect = api.post(
        "/leads", {"referrer": ben.pk, "prospect": theirs.pk, "opportunity": "x"}
    )
    assert_error(foreign_prospect, 422, "validation_error", "prospect")
    assert not Lead.objects.exists()
    assert not Person.objects.filter(display_name="New One").exists()


def test_it_moves_a_lead_and_refuses_with_an_error_naming_status(api, lead):
    moved = api.post(f"/leads/{lead.pk}/move", {"status": "meeting", "note": "Tuesday"})
    assert moved.status_code == 200, moved.content
    assert moved.json()["status"] == "meeting"
    assert moved.json()["events"][-1]["note"] == "Tuesday"
    back = api.post(f"/leads/{lead.pk}/move", {"status": "contacted"})
    assert_error(back, 422, "validation_error", "status")
    missing = api.post(f"/leads/{lead.pk}/move", {})
    assert_error(missing, 422, "validation_error", "status")
    won = api.post(f"/leads/{lead.pk}/move", {"status": "won"}).json()
    assert (won["state"], won["closed"], won["report_kind"]) == ("tell", False, "outcome")
    final = api.post(f"/leads/{lead.pk}/move", {"status": "lost"})
    assert_error(final, 422, "validation_error", "status")
    reopened = api.post(f"/leads/{lead.pk}/move", {"status": "in_progress", "reopen": True})
    assert reopened.json()["status"] == "in_progress"


def test_it_sends_a_report_back_and_closes_the_lead_only_once_told(api, alice, ana, lead):
    api.post(f"/leads/{lead.pk}/move", {"status": "won"})
    response = api.post(f"/leads/{lead.pk}/report-backs", {"channel": "message"})
    assert response.status_code == 201, response.content
    report = response.json()
    assert report["kind"] == "outcome" and report["status"] == "won"
    interaction = Interaction.objects.get(pk=report["interaction_id"])
    assert interaction.kind == "message" and list(interaction.participants.all()) == [ana]
    detail = api.get(f"/leads/{lead.pk}").json()
    assert detail["closed"] is True and detail["state"] == "won"
    listed = api.get(f"/leads/{lead.pk}/report-backs").json()
    assert [r["id"] for r in listed] == [report["id"]]
    bad = api.post(f"/leads/{lead.pk}/report-backs", {"kind": "praise"})
    assert_error(bad, 422, "validation_error", "kind")


def test_it_lists_leads_overdue_first_and_filters_them(api, alice, ana, ben, frozen_now):
    fresh = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Fresh")
    old = service.create_lead(
        owner=alice, referrer=ben, prospect=ana, opportunity="Old", received_on="2026-06-01"
    )
    body = api.get("/leads").json()
    assert [item["id"] for item in body["items"]] == [old.pk, fresh.pk]
    assert body["count"] == 2
    only_ben = api.get("/leads", referrer=ben.pk).json()["items"]
    assert [item["id"] for item in only_ben] == [old.pk]
    assert api.get("/leads", state="tell").json()["count"] == 0


def test_it_lists_leads_in_a_fixed_number_of_queries(api, alice, ana, ben, frozen_now):
    def add(n):
        for i in range(n):
            service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity=f"L{i}")

    add(2)
    api.get("/leads")  # warm up: the first request records the token's use
    few = count_queries(lambda: api.get("/leads"))
    add(10)
    assert count_queries(lambda: api.get("/leads")) == few


def test_it_answers_what_is_due_and_the_figures(api, alice, lead, frozen_now):
    frozen_now(days=3)
    due = api.get("/leads/due").json()
    assert [(a["kind"], a["lead_id"]) for a in due] == [("contact", lead.pk), ("thanks", lead.pk)]
    assert due[0]["days_overdue"] == 1 and due[0]["draft"]["mailto"].startswith("mailto:")
    service.move_lead(owner=alice, lead=lead, status="contacted")
    stats = api.get("/leads/stats").json()
    assert stats["total"] == 1 and stats["follow_through_rate"] == 0.0
    assert stats["median_days_to_contact"] == 3
    assert stats["by_referrer"][0]["person"]["display_name"] == "Ana Ruiz"
    assert len(stats["months"]) == 12 and stats["months"][-1]["month"] == "2026-06"


def test_it_reads_and_changes_the_clocks(api, alice, lead):
    assert api.get("/leads/settings").json() == {
        "contact_within_days": 2,
        "update_every_days": 14,
        "referral_check_days": 30,
    }
    changed = api.put("/leads/settings", {"contact_within_days": 4})
    assert changed.json()["contact_within_days"] == 4
    assert Lead.objects.get(pk=lead.pk).contact_due_on == NOW.date() + dt.timedelta(days=4)
    bad = api.put("/leads/settings", {"update_every_days": 0})
    assert_error(bad, 422, "validation_error", "update_every_days")


def test_it_records_referrals_and_their_check(api, alice, ana, ben, frozen_now):
    created = api.post(
        "/referrals", {"person": ben.pk, "referred_to": ana.pk, "reason": "Needs a dev"}
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["check_due_on"] == "2026-07-15" and body["outcome"] == "pending"
    checked = api.post(f"/referrals/{body['id']}/check", {"outcome": "no_luck", "note": "Busy"})
    assert checked.json()["outcome"] == "no_luck"
    unsaid = api.post(f"/referrals/{body['id']}/check", {})
    assert_error(unsaid, 422, "validation_error", "outcome")
    assert api.get("/referrals").json()["count"] == 1
    same = api.post("/referrals", {"person": ben.pk, "referred_to": ben.pk, "reason": "x"})
    assert_error(same, 422, "validation_error", "referred_to")


def test_it_answers_bob_404_on_every_lead_and_referral_route(client, alice, bob, lead, ana, ben):
    referral = referrals.create_referral(owner=alice, person=ana, referred_to=ben, reason="r")
    bobs = api_for(client, bob)
    for path in (
        f"/leads/{lead.pk}",
        f"/leads/{lead.pk}/report-backs",
        f"/referrals/{referral.pk}",
    ):
        assert_error(bobs.get(path), 404, "not_found")
    for path, body in (
        (f"/leads/{lead.pk}/move", {"status": "won"}),
        (f"/leads/{lead.pk}/report-backs", {}),
        (f"/referrals/{referral.pk}/check", {"outcome": "helped"}),
    ):
        assert_error(bobs.post(path, body), 404, "not_found")
    assert_error(bobs.patch(f"/leads/{lead.pk}", {"opportunity": "mine"}), 404, "not_found")
    assert_error(bobs.delete(f"/leads/{lead.pk}"), 404, "not_found")
    assert_error(bobs.delete(f"/referrals/{referral.pk}"), 404, "not_found")
    assert bobs.get("/leads").json()["count"] == 0 and bobs.get("/leads/due").json() == []
    assert bobs.get("/leads/stats").json()["total"] == 0
    lead.refresh_from_db()
    assert (lead.status, lead.opportunity) == ("new", "Designer")
    assert not ReportBack.objects.exists() and Referral.objects.get().outcome == "pending"


FUZZ = settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
values = st.none() | st.booleans() | st.integers() | st.just(2**70) | st.text(max_size=12)


def bodies(schema):
    return st.dictionaries(st.sampled_from(sorted(schema.model_fields)), values, max_size=4)


@FUZZ
@given(body=bodies(LeadIn))
def test_it_answers_any_lead_body_with_success_or_422(api, ana, body):
    assert api.post("/leads", body).status_code in (201, 422)


@FUZZ
@given(move=bodies(MoveIn), report=bodies(ReportBackIn))
def test_it_answers_any_move_or_report_body_with_success_or_422(api, lead, move, report):
    assert api.post(f"/leads/{lead.pk}/move", move).status_code in (200, 422)
    assert api.post(f"/leads/{lead.pk}/report-backs", report).status_code in (201, 422)
