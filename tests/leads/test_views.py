"""The leads pages: board, add, a lead's story, moves, report-backs, stats, referrals,
the home card and the person page section; htmx fragments; query counts; bob's 404s."""

from __future__ import annotations

import datetime as dt

import pytest

from goodwill.interactions.models import Interaction
from goodwill.leads import services as service
from goodwill.leads.models import Lead, LeadSettings, Referral, ReportBack
from goodwill.leads.services import referrals
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.conftest import NOW
from tests.support import HTMX, make_ben, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(alice):
    # Overrides the shared ben (conftest.py): an email address, for the mailto links.
    return make_ben(alice, emails=["ben@ortega.example"])


@pytest.fixture
def lead(alice, ana, ben, frozen_now):
    return service.create_lead(
        owner=alice, referrer=ana, prospect=ben, opportunity="Needs a designer for their app"
    )


@pytest.fixture
def referral(alice, ana, ben, frozen_now):
    return referrals.create_referral(owner=alice, person=ben, referred_to=ana, reason="Design")


def test_it_adds_a_lead_with_a_new_prospect_from_the_form(alice_client, alice, ana, frozen_now):
    response = alice_client.post(
        "/leads/new/",
        {
            "referrer": f"Ana Ruiz #{ana.pk}",
            "prospect": "Cleo Park",
            "new_prospect": "on",
            "opportunity": "Looking for a freelance designer",
        },
    )
    lead = Lead.objects.get(owner=alice)
    assert response.status_code == 302 and response["Location"] == f"/leads/{lead.pk}/"
    assert lead.prospect.display_name == "Cleo Park" and lead.referrer == ana
    assert lead.contact_due_on == NOW.date() + dt.timedelta(days=2)


def test_it_asks_to_tick_new_for_an_unknown_prospect_and_saves_nothing(alice_client, alice, ana):
    response = alice_client.post(
        "/leads/new/",
        {"referrer": "Ana Ruiz", "prospect": "Nobody Known", "opportunity": "Something"},
    )
    assert response.status_code == 422
    assert "They are new to me" in response.context["form"].errors["prospect"][0]
    assert not Lead.objects.exists() and not Person.objects.filter(display_name="Nobody Known")


def test_it_prefills_the_referrer_from_the_person_page_link(alice_client, ana):
    response = alice_client.get(f"/leads/new/?referrer={ana.pk}")
    assert f'value="Ana Ruiz #{ana.pk}"' in response.content.decode()


def test_it_shows_the_board_with_overdue_leads_marked(alice_client, alice, lead, frozen_now):
    frozen_now(days=5)
    body = alice_client.get("/leads/").content.decode()
    assert "Needs you now" in body and "overdue" in body
    assert "Ben Ortega" in body and "Tell the referrer" in body
    assert 'href="mailto:ben@ortega.example?subject=' in body


def test_it_filters_the_board_by_referrer_and_answers_htmx_with_the_board_only(
    alice_client, alice, lead, ben
):
    cleo = people.create_person(owner=alice, display_name="Cleo Park")
    service.create_lead(owner=alice, referrer=cleo, prospect=ben, opportunity="Cleo's tip")
    full = alice_client.get("/leads/", {"referrer": cleo.pk})
    board = [lead.opportunity for col in full.context["columns"] for lead in col.leads]
    assert board == ["Cleo's tip"]
    partial = alice_client.get("/leads/", {"referrer": ana_pk(lead)}, headers=HTMX)
    assert b"<html" not in partial.content and b"Needs a designer" in partial.content
    assert b"Cleo's tip" not in partial.content


def ana_pk(lead):
    return lead.referrer_id


def test_it_shows_a_leads_story_with_drafts(alice_client, lead):
    body = alice_client.get(f"/leads/{lead.pk}/").content.decode()
    assert "Thank Ana Ruiz" in body and "Hi Ana," in body
    assert "Say hello to Ben Ortega" in body and "Hi Ben," in body
    assert "Lead arrived" in body
    assert 'href="mailto:ana@ruiz.example?subject=' in body


def test_it_moves_a_lead_and_refuses_a_backward_move_naming_the_status(alice_client, lead):
    response = alice_client.post(f"/leads/{lead.pk}/move/", {"status": "meeting", "note": "Tue"})
    assert response.status_code == 302
    assert Lead.objects.get(pk=lead.pk).status == "meeting"
    refused = alice_client.post(f"/leads/{lead.pk}/move/", {"status": "contacted"})
    assert refused.status_code == 422
    assert "moves forward" in refused.context["move_form"].errors["status"][0]
    assert Lead.objects.get(pk=lead.pk).status == "meeting"


def test_it_answers_an_htmx_move_with_the_story_fragment(alice_client, lead):
    response = alice_client.post(f"/leads/{lead.pk}/move/", {"status": "won"}, headers=HTMX)
    assert response.status_code == 200 and b"<html" not in response.content
    assert b"not closed until Ana Ruiz hears how it ended" in response.content


def test_it_marks_a_report_back_sent_and_logs_it_on_the_referrers_timeline(
    alice_client, alice, ana, lead
):
    response = alice_client.post(
        f"/leads/{lead.pk}/report/",
        {"kind": "thanks", "subject": "Thanks!", "body": "Hi Ana, thank you.", "channel": "email"},
    )
    assert response.status_code == 302
    report = ReportBack.objects.get(lead=lead)
    assert (report.subject, report.body) == ("Thanks!", "Hi Ana, thank you.")
    assert report.interaction.participants.get() == ana
    timeline = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "Thanked Ana for the lead about Ben Ortega" in timeline


def test_it_sends_the_draft_when_marked_sent_from_a_list(alice_client, alice, lead):
    response = alice_client.post(f"/leads/{lead.pk}/report/", {"kind": "thanks", "next": "/"})
    assert response.status_code == 302 and response["Location"] == "/"
    assert ReportBack.objects.get(lead=lead).body.startswith("Hi Ana,")


def test_it_saves_the_clocks_and_refuses_nonsense(alice_client, alice):
    response = alice_client.post(
        "/leads/settings/",
        {"contact_within_days": 3, "update_every_days": 10, "referral_check_days": 20},
    )
    assert response.status_code == 302
    config = LeadSettings.objects.get(owner=alice)
    assert (config.contact_within_days, config.update_every_days) == (3, 10)
    bad = alice_client.post(
        "/leads/settings/",
        {"contact_within_days": 0, "update_every_days": 10, "referral_check_days": 20},
    )
    assert bad.status_code == 422 and "contact_within_days" in bad.context["settings_form"].errors


def test_it_shows_the_figures_and_who_sends_leads(alice_client, lead):
    service.move_lead(owner=lead.owner, lead=lead, status="contacted")
    body = alice_client.get("/leads/stats/").content.decode()
    assert "100%" in body and "Who sends you leads" in body and "Ana Ruiz" in body
    assert "<svg" in body and "<rect" in body and "style=" not in body


def test_it_records_a_referral_and_its_reality_check(alice_client, alice, ana, ben, frozen_now):
    response = alice_client.post(
        "/referrals/",
        {"person": f"Ben Ortega #{ben.pk}", "referred_to": "Ana Ruiz", "reason": "Needs a dev"},
    )
    assert response.status_code == 302
    referral = Referral.objects.get(owner=alice)
    assert referral.check_due_on == NOW.date() + dt.timedelta(days=30)
    checked = alice_client.post(
        f"/referrals/{referral.pk}/check/", {"outcome": "helped", "note": "They hired him"}
    )
    assert checked.status_code == 302
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_note) == ("helped", "They hired him")
    assert "They hired him" in alice_client.get("/referrals/").content.decode()


def test_it_shows_leads_on_the_home_page_overdue_first(alice_client, alice, lead, frozen_now):
    frozen_now(days=4)
    body = alice_client.get("/").content.decode()
    assert "2 days overdue" in body  # Today plans the overdue contact first
    assert body.index("Contact Ben Ortega") < body.index("Thank Ana for the lead")


def test_it_shows_a_persons_leads_and_referrals_on_their_page(alice_client, ana, ben, lead):
    referrals.create_referral(owner=lead.owner, person=ana, referred_to=ben, reason="Coffee")
    gave = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "Leads Ana Ruiz gave you" in gave and "Needs a designer for their app" in gave
    assert "You referred Ana Ruiz to Ben Ortega" in gave
    about = alice_client.get(f"/people/{ben.pk}/").content.decode()
    assert "Leads about Ben Ortega" in about


def test_it_deletes_a_lead_but_keeps_the_messages_sent(alice_client, alice, lead):
    service.send_report_back(owner=alice, lead=lead)
    assert alice_client.get(f"/leads/{lead.pk}/delete/").status_code == 200
    assert alice_client.post(f"/leads/{lead.pk}/delete/").status_code == 302
    assert not Lead.objects.exists() and Interaction.objects.count() == 1


def grow(alice, n, frozen_now=None):
    for i in range(n):
        ref = people.create_person(
            owner=alice, display_name=f"Ref {n}-{i}", emails=[f"r{n}{i}@x.example"]
        )
        who = people.create_person(owner=alice, display_name=f"Who {n}-{i}")
        lead = service.create_lead(owner=alice, referrer=ref, prospect=who, opportunity=f"L{i}")
        if i % 3 == 1:
            service.move_lead(owner=alice, lead=lead, status="won")
        elif i % 3 == 2:
            service.send_report_back(owner=alice, lead=lead)
        referrals.create_referral(
            owner=alice,
            person=who,
            referred_to=ref,
            reason="r",
            referred_on=NOW.date() - dt.timedelta(days=40),
        )


@pytest.mark.parametrize("url", ["/leads/", "/", "/leads/stats/", "/referrals/"])
def test_it_runs_the_same_number_of_queries_however_many_leads(
    alice_client, alice, frozen_now, url
):
    grow(alice, 3)  # every kind of row is there once
    few = queries_for(alice_client, url)
    grow(alice, 9)
    assert queries_for(alice_client, url) == few


def test_it_keeps_the_person_page_query_count_constant_with_leads(
    alice_client, alice, ana, ben, frozen_now
):
    def add(n):
        for i in range(n):
            service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity=f"L{n}{i}")
            referrals.create_referral(owner=alice, person=ana, referred_to=ben, reason="r")

    add(1)
    few = queries_for(alice_client, f"/people/{ana.pk}/")
    add(8)
    assert queries_for(alice_client, f"/people/{ana.pk}/") == few


def test_it_answers_bob_404_on_every_lead_and_referral_route(client, alice, bob, lead, referral):
    client.force_login(bob)
    for url in (
        f"/leads/{lead.pk}/",
        f"/leads/{lead.pk}/move/",
        f"/leads/{lead.pk}/report/",
        f"/leads/{lead.pk}/delete/",
        f"/referrals/{referral.pk}/check/",
    ):
        for method in ("get", "post"):
            response = getattr(client, method)(url, {"status": "won", "outcome": "helped"})
            assert response.status_code == 404, (method, url)
            assert b"Ana Ruiz" not in response.content
    assert Lead.objects.get(pk=lead.pk).status == "new"
    assert Referral.objects.get(pk=referral.pk).outcome == "pending"
    for url in ("/leads/", "/", "/leads/stats/", "/referrals/"):
        body = client.get(url).content.decode()
        assert "Ana Ruiz" not in body and "Ben Ortega" not in body
