"""After an import: the done page in plain words, the pick list (close / keep in touch /
not now) with htmx and without, and the chosen people due on Today. Real parsers."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string

from goodwill.core import revision
from goodwill.exchange.models import ImportBatch
from goodwill.exchange.services.imports import pipeline
from goodwill.people.models import Person
from tests.support import HTMX

pytestmark = pytest.mark.django_db

CONNECTIONS = (Path(__file__).parent.parent / "fixtures/first_run/Connections.csv").read_bytes()


def imported(owner) -> ImportBatch:
    return pipeline.import_file(owner=owner, data=CONNECTIONS, filename="Connections.csv")


def test_linkedin_connected_on_becomes_when_you_met(alice):
    imported(alice)
    priya = Person.objects.get(owner=alice, display_name="Priya Raman")
    assert priya.met_on == dt.date(2026, 11, 14)
    assert Person.objects.get(owner=alice, display_name="Daniel Schmidt").met_on == dt.date(
        2019, 8, 27
    )


def test_the_preview_speaks_plainly(alice_client, alice):
    batch = pipeline.preview_import(owner=alice, data=CONNECTIONS, filename="Connections.csv")
    text = alice_client.get(f"/import/{batch.pk}/").content.decode()
    assert "This looks like a LinkedIn connections file" in text
    assert "Add these 5 people" in text
    for jargon in ("Read as", "Preview:", "get details they lack", "Import 5 new", "(utf-8)"):
        assert jargon not in text, jargon


def test_the_done_page_says_what_came_in_and_offers_the_pick_first(alice_client, alice):
    batch = pipeline.preview_import(owner=alice, data=CONNECTIONS, filename="Connections.csv")
    alice_client.post(f"/import/{batch.pk}/commit/")
    text = alice_client.get(f"/import/{batch.pk}/").content.decode()
    assert "5 new people from your LinkedIn file; 0 already here" in text
    pick = text.index("Pick a few people you'd like to hear from")
    undo = text.index("Undo this import")
    assert pick < undo, "the next step comes before undo"
    assert f'href="/import/{batch.pk}/pick/"' in text


def test_the_pick_list_is_sorted_by_when_you_connected_with_org_and_title(alice_client, alice):
    batch = imported(alice)
    text = alice_client.get(f"/import/{batch.pk}/pick/").content.decode()
    order = ["Priya Raman", "Tomás Ferreira", "Grace Okafor", "Mei Lin", "Daniel Schmidt"]
    places = [text.index(name) for name in order]
    assert places == sorted(places)
    assert "Product Designer · Lumen Labs" in text


def test_a_tap_without_js_gives_a_rhythm_due_today_and_today_names_them(
    alice_client, alice, frozen_now
):
    batch = imported(alice)
    grace = Person.objects.get(owner=alice, display_name="Grace Okafor")
    response = alice_client.post(
        f"/import/{batch.pk}/pick/", {"person": grace.pk, "choice": "close"}
    )
    assert response.status_code == 302
    assert response["Location"] == f"/import/{batch.pk}/pick/#pick-{grace.pk}"
    grace.refresh_from_db()
    assert grace.cadence_days == 30 and grace.next_due_on == frozen_now().date()
    revision.bump(alice)
    today = alice_client.get("/").content.decode()
    assert "Grace" in today


def test_a_tap_over_htmx_swaps_the_row_marked(alice_client, alice):
    batch = imported(alice)
    mei = Person.objects.get(owner=alice, display_name="Mei Lin")
    response = alice_client.post(
        f"/import/{batch.pk}/pick/", {"person": mei.pk, "choice": "keep"}, headers=HTMX
    )
    text = response.content.decode()
    assert response.status_code == 200 and "<html" not in text
    assert f'id="pick-{mei.pk}"' in text and "is-picked" in text
    mei.refresh_from_db()
    assert mei.cadence_days == 90
    again = alice_client.post(
        f"/import/{batch.pk}/pick/", {"person": mei.pk, "choice": "later"}, headers=HTMX
    )
    assert "is-picked" not in again.content.decode()
    mei.refresh_from_db()
    assert mei.cadence_days is None and mei.next_due_on is None


def test_a_made_up_choice_is_named_and_changes_nothing(alice_client, alice):
    batch = imported(alice)
    mei = Person.objects.get(owner=alice, display_name="Mei Lin")
    response = alice_client.post(
        f"/import/{batch.pk}/pick/", {"person": mei.pk, "choice": "bff"}, headers=HTMX
    )
    assert response.status_code == 422
    assert b"Choose close, keep in touch or not now." in response.content
    mei.refresh_from_db()
    assert mei.cadence_days is None


def test_bob_cannot_pick_alices_people(client, alice, bob):
    batch = imported(alice)
    mei = Person.objects.get(owner=alice, display_name="Mei Lin")
    client.force_login(bob)
    assert client.get(f"/import/{batch.pk}/pick/").status_code == 404
    assert client.post(f"/import/{batch.pk}/pick/", {"person": mei.pk}).status_code == 404
    mine = pipeline.import_file(owner=bob, data=b"First Name,Email\nZed,zed@x.example\n")
    answer = client.post(f"/import/{mine.pk}/pick/", {"person": mei.pk, "choice": "close"})
    assert answer.status_code == 404
    mei.refresh_from_db()
    assert mei.cadence_days is None


def test_the_latest_pick_link_leads_to_the_last_import_with_people(alice_client, alice):
    assert alice_client.get("/import/pick/")["Location"] == "/import/"
    batch = imported(alice)
    assert alice_client.get("/import/pick/")["Location"] == f"/import/{batch.pk}/pick/"


def test_import_is_offered_in_the_people_header_and_todays_empty_states(alice_client, alice):
    assert b'href="/import/"' in alice_client.get("/people/").content
    assert b'href="/import/"' in alice_client.get("/").content  # nobody yet
    imported(alice)
    assert b'href="/import/"' in alice_client.get("/people/").content


def test_the_import_prompt_offers_the_pick_once_people_exist():
    prompt = "goodwill/exchange/_import_prompt.html"
    assert 'href="/import/pick/"' not in render_to_string(prompt, {"has_people": False})
    with_people = render_to_string(prompt, {"has_people": True})
    assert 'href="/import/"' in with_people and 'href="/import/pick/"' in with_people
    assert "Pick a few people to hear from" in with_people


def upload(client, data: bytes, name: str):
    return client.post("/import/", {"file": SimpleUploadedFile(name, data), "format": "auto"})


@pytest.mark.parametrize(
    ("data", "name", "says"),
    [
        (
            b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n",
            "work.ics",
            "work.ics looks like a calendar file, not contacts.",
        ),
        (
            b"Subject,Start Date,Start Time,End Date\nStandup,2026-01-05,09:00,2026-01-05\n",
            "calendar.csv",
            "calendar.csv looks like a calendar export",
        ),
        (
            b"Date,Amount,Balance\n2026-01-05,12.50,100.00\n",
            "bank.csv",
            "its columns (Date, Amount, Balance) hold no names or e-mail addresses",
        ),
        (b"PK\x03\x04\x14\x00rest", "Basic_LinkedInDataExport.zip", "unzip it"),
    ],
)
def test_a_file_that_is_not_contacts_is_described_not_lectured(alice_client, data, name, says):
    response = upload(alice_client, data, name)
    text = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 422
    assert says in text
    assert "add a header line" not in text
    assert not ImportBatch.objects.exists()


def test_no_file_chosen_says_choose_a_file_first(alice_client):
    response = alice_client.post("/import/", {"format": "auto"})
    assert response.status_code == 422
    assert b"Choose a file first." in response.content
