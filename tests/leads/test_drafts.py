"""The lead drafts from real leads: words true to the lead's state and dates, the
referrer's open need offered help on a won lead, and what was sent recorded as edited."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from goodwill.core.language import checks
from goodwill.giving import services as giving
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as service
from goodwill.leads.models import Lead, ReportBack
from goodwill.leads.rules import drafts
from goodwill.leads.services import referrals
from goodwill.people import services as people
from tests.conftest import NOW
from tests.support import make_ben

pytestmark = pytest.mark.django_db
TODAY = NOW.date()


@pytest.fixture
def ben(alice):
    return make_ben(alice, emails=["ben@ortega.example"])


@pytest.fixture
def lead(alice, ana, ben, frozen_now):
    return service.create_lead(
        owner=alice,
        referrer=ana.pk,
        prospect=ben.pk,
        opportunity="New website for Movewell Clinics",
        received_on=TODAY - dt.timedelta(days=3),
    )


def all_checks(draft, reader) -> list[str]:
    return [
        *checks.placeholders(draft.body),
        *checks.doubled_runs(draft.body),
        *checks.pasted(draft.body),
        *checks.reader_named(draft.body, reader.display_name, reader.given_name),
        *checks.cold_subject(draft.subject),
        *checks.length_ok(draft.body),
    ]


def test_a_parked_lead_never_contacted_is_not_called_still_going(alice, lead, ana):
    service.move_lead(owner=alice, lead=lead, status="parked")
    lead = Lead.objects.get(pk=lead.pk)
    for variant in range(3):
        draft = drafts.report_draft(lead, "check_in", me="Alice", variant=variant)
        assert "still" not in draft.body.lower() or "still grateful" in draft.body
        assert "haven't managed to reach Ben" in draft.body
        assert not checks.state_words_true(draft.body, ["parked"]), draft.body
        assert not all_checks(draft, ana), draft.body


def test_a_parked_lead_after_contact_says_it_is_on_hold(alice, lead):
    service.move_lead(owner=alice, lead=lead, status="contacted")
    service.move_lead(owner=alice, lead=lead, status="parked")
    draft = drafts.report_draft(Lead.objects.get(pk=lead.pk), "status", me="Alice")
    assert "put things on hold" in draft.body and "(" not in draft.body


def test_the_opportunity_is_placed_in_a_sentence_never_in_brackets(alice, lead, ana):
    for variant in range(3):
        draft = drafts.report_draft(lead, "thanks", me="Alice", variant=variant)
        assert "(" not in draft.body and not all_checks(draft, ana), draft.body
    draft = drafts.report_draft(lead, "thanks", me="Alice", variant=0)
    assert "thought of me for the new website for Movewell Clinics" in draft.body


def test_the_thank_you_says_what_the_user_does_when_known(lead):
    draft = drafts.report_draft(lead, "thanks", me="Alice", me_line="I design websites")
    assert "In case it helps when you next talk to Ben, I design websites." in draft.body


def test_the_lead_page_offers_help_with_the_referrers_open_need(alice, lead, ana):
    giving.create_need(owner=alice, person=ana.pk, text="Hiring a front-end developer")
    service.move_lead(owner=alice, lead=lead, status="won")
    page = lead_queries.lead_detail(alice, lead.pk, variant=0)
    assert "It worked out with Ben Ortega" in page.report_draft.body
    assert "I know you're hiring a front-end developer" in page.report_draft.body
    # and the due list (Today, the digest) writes the same offer
    due = [a for a in lead_queries.due_actions(alice, today=TODAY) if a.kind == "outcome"]
    assert "hiring a front-end developer" in due[0].draft.body


def test_the_first_note_to_the_prospect_is_second_person(lead, ben):
    draft = drafts.contact_draft(lead, me="Alice")
    assert draft.to_email == "ben@ortega.example"
    assert "Ana Ruiz" in draft.body and not all_checks(draft, ben), draft.body


def test_the_referral_check_subject_is_not_a_cold_word(alice, ana, ben, frozen_now):
    referral = referrals.create_referral(
        owner=alice, person=ana.pk, referred_to=ben.pk, reason="Ben knows React"
    )
    for variant in range(2):
        draft = drafts.referral_check_draft(referral, me="Alice", variant=variant)
        assert not checks.cold_subject(draft.subject) and draft.subject != "Curious about Ben"


def test_marking_sent_keeps_the_words_as_edited(alice_client, alice, lead, ana):
    edited = "Hi Ana,\n\nThank you! I wrote to Ben this morning.\n\nAlice"
    response = alice_client.post(
        f"/leads/{lead.pk}/report/",
        {"kind": "thanks", "subject": "Thank you, Ana", "body": edited, "channel": "email"},
    )
    assert response.status_code in (200, 302)
    report = ReportBack.objects.get(lead=lead)
    assert report.body == edited and report.subject == "Thank you, Ana"
    assert report.interaction.notes == edited


def test_the_cli_records_the_message_from_a_file(run, alice, lead, tmp_path):
    message = tmp_path / "sent.txt"
    message.write_text("Hi Ana,\n\nThanks so much — Ben and I talk on Friday.\n\nAlice\n")
    result = run("lead", "report", str(lead.pk), "--sent", "--body-file", str(message))
    assert result.exit_code == 0, result.output
    assert ReportBack.objects.get(lead=lead).body.startswith("Hi Ana,\n\nThanks so much")
    missing = run("lead", "report", str(lead.pk), "--sent", "--body-file", str(tmp_path / "no"))
    assert missing.exit_code != 0 and "--body-file" in missing.output
    assert ReportBack.objects.filter(lead=lead).count() == 1  # nothing half-written
    unsent = run("lead", "report", str(lead.pk), "--body-file", str(message))
    assert unsent.exit_code != 0 and "--sent" in unsent.output


def test_the_cli_json_draft_has_every_field_to_edit(run, alice, lead):
    result = run("lead", "report", str(lead.pk), "--json")
    data = json.loads(result.output)
    assert {"subject", "body", "to_email", "mailto", "variant", "variants"} <= set(data)


def test_the_person_name_typed_lowercase_keeps_its_case(alice, ana, frozen_now):
    li = people.create_person(owner=alice, display_name="li wei", given_name="li")
    made = service.create_lead(
        owner=alice, referrer=ana.pk, prospect=li.pk, opportunity="beta testers for RouteWise"
    )
    draft = drafts.report_draft(made, "thanks", me="Alice", variant=0)
    assert "li wei" in draft.body and "RouteWise" in draft.body
    assert not checks.case_kept(draft.body, ["RouteWise", "li wei"])


def test_a_prospect_that_is_a_company_is_greeted_hello_not_by_its_first_word(alice, ana):
    lead = service.create_lead(
        owner=alice,
        referrer=ana.pk,
        prospect_name="Movewell Clinics",
        opportunity="a new website",
        received_on=TODAY,
    )
    for variant in range(3):
        draft = drafts.contact_draft(lead, me="Alice", variant=variant)
        assert draft.body.startswith("Hello,"), draft.body
        assert "Movewell," not in draft.body and "Hi Movewell" not in draft.body


def test_a_person_is_still_greeted_by_first_name(alice, ana, lead, ben):
    draft = drafts.contact_draft(lead, me="Alice")
    assert draft.body.startswith("Hi Ben,"), draft.body


def test_the_thank_you_says_what_you_do_from_the_title_on_your_own_record(alice, lead, ana):
    me = people.ensure_me(owner=alice, display_name="Alice Byrne")
    before = lead_queries.lead_detail(alice, lead.pk, variant=0).report_draft.body
    assert "web designer" not in before
    people.update_person(owner=alice, person=me, title="Web designer")
    after = lead_queries.lead_detail(alice, lead.pk, variant=0).report_draft.body
    assert "I'm a web designer." in after, after
