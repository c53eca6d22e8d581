import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from goodwill.interactions import services as interactions
from goodwill.interactions.models import AskNext, Interaction
from goodwill.network import services as network
from goodwill.people import services as people
from goodwill.people.models import Person, PersonEmail
from tests.support import HTMX, queries_for

pytestmark = pytest.mark.django_db


def png_file(name="face.png"):
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 120, 90)).save(buffer, format="PNG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/png")


def test_it_lists_and_searches_people(alice_client, alice, ana):
    people.create_person(owner=alice, display_name="Ben Ito", organization="Acme")
    page = alice_client.get("/people/")
    assert b"Ana Ruiz" in page.content and b"Ben Ito" in page.content
    found = alice_client.get("/people/", {"q": "ruiz studio"})
    assert b"Ana Ruiz" in found.content and b"Ben Ito" not in found.content
    by_tag = alice_client.get("/people/", {"tag": "design"})
    assert b"Ana Ruiz" in by_tag.content and b"Ben Ito" not in by_tag.content


def test_it_answers_htmx_search_with_only_the_results_partial(alice_client, ana):
    full = alice_client.get("/people/", {"q": "ana"})
    assert b"<html" in full.content and b'id="people-q"' in full.content
    partial = alice_client.get("/people/", {"q": "ana"}, headers=HTMX)
    assert partial.status_code == 200
    assert b"<html" not in partial.content and b'id="people-q"' not in partial.content
    assert b"Ana Ruiz" in partial.content
    assert "HX-Request" in partial["Vary"]


def test_it_filters_due_and_archived(frozen_now, alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben Ito", cadence_days=1)
    frozen_now(days=3)
    due = alice_client.get("/people/", {"show": "due"})
    assert b"Ben Ito" in due.content and b"Ana Ruiz" not in due.content
    people.set_archived(owner=alice, person=ana, archived=True)
    assert b"Ana Ruiz" not in alice_client.get("/people/").content
    assert b"Ana Ruiz" in alice_client.get("/people/", {"show": "archived"}).content
    assert ben.pk


def test_it_paginates_fifty_a_page(alice_client, alice):
    for i in range(55):
        Person.objects.create(owner=alice, display_name=f"Person {i:02d}")
    first = alice_client.get("/people/")
    assert first.context["page"].paginator.num_pages == 2
    assert len(first.context["people"]) == 50
    assert len(alice_client.get("/people/", {"page": 2}).context["people"]) == 5


def test_it_runs_the_same_number_of_queries_for_3_or_30_people(alice_client, alice):
    def add(n):
        for i in range(n):
            people.create_person(
                owner=alice, display_name=f"P{i} {n}", organization=f"Org {i}", tags=["a", "b"]
            )

    add(3)
    few = queries_for(alice_client, "/people/")
    add(27)
    many = queries_for(alice_client, "/people/")
    assert few == many


def test_it_runs_the_same_number_of_queries_on_a_person_page_however_much_history(
    alice_client, alice, ana
):
    def grow(n):
        for i in range(n):
            other = people.create_person(owner=alice, display_name=f"Friend {n}-{i}")
            interactions.log_interaction(
                owner=alice, participants=[ana.pk, other.pk], ask_next=[f"ask {n}-{i}"]
            )
            network.connect_people(owner=alice, a=ana, b=other, kind="colleague")
            people.create_person(owner=alice, display_name=f"Intro {n}-{i}", introduced_by=ana.pk)

    grow(2)
    few = queries_for(alice_client, f"/people/{ana.pk}/")
    grow(12)
    many = queries_for(alice_client, f"/people/{ana.pk}/")
    assert few == many


def test_it_adds_a_person_with_contacts_and_tags(alice_client, alice):
    response = alice_client.post(
        "/people/new/",
        {
            "display_name": "Cleo Park",
            "organization": "Northwind",
            "emails": "cleo@northwind.example\ncleo@home.example",
            "phones": "+44 20 7946 0000",
            "tags": "climbing, London",
            "linkedin_url": "linkedin.com/in/cleopark",
            "cadence_days": "45",
        },
    )
    cleo = Person.objects.get(owner=alice, display_name="Cleo Park")
    assert response.status_code == 302 and response["Location"] == f"/people/{cleo.pk}/"
    assert [e.address for e in cleo.emails.all()] == [
        "cleo@northwind.example",
        "cleo@home.example",
    ]
    assert sorted(t.name for t in cleo.tags.all()) == ["London", "climbing"]
    assert cleo.cadence_days == 45 and cleo.next_due_on is not None
    page = alice_client.get(response["Location"])
    assert b'href="mailto:cleo@northwind.example"' in page.content
    assert b'href="tel:+442079460000"' in page.content
    assert (
        b'href="https://linkedin.com/in/cleopark" rel="noopener noreferrer nofollow"'
        in page.content
    )


def test_it_names_the_field_of_a_bad_email_and_saves_nothing(alice_client, alice):
    before = Person.objects.count()
    response = alice_client.post(
        "/people/new/", {"display_name": "Dan", "emails": "dan@example.org\nnot-an-email"}
    )
    assert response.status_code == 422
    errors = response.context["form"].errors
    assert "emails" in errors and "not-an-email" in errors["emails"][0]
    assert b"not a valid email address" in response.content
    assert Person.objects.count() == before


def test_it_edits_a_person_and_keeps_other_fields(alice_client, alice, ana):
    form = alice_client.get(f"/people/{ana.pk}/edit/").context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None}
    data.update({"title": "Creative director", "tags": "design"})
    response = alice_client.post(f"/people/{ana.pk}/edit/", data)
    assert response.status_code == 302
    ana.refresh_from_db()
    assert ana.title == "Creative director"
    assert [t.name for t in ana.tags.all()] == ["design"]
    assert ana.emails.get().address == "ana@ruiz.example"
    assert ana.organization.name == "Ruiz Studio"


def test_it_refuses_a_bad_edit_and_changes_nothing(alice_client, ana):
    response = alice_client.post(
        f"/people/{ana.pk}/edit/", {"display_name": "Ana", "website": "not a url"}
    )
    assert response.status_code == 422
    assert "website" in response.context["form"].errors
    ana.refresh_from_db()
    assert ana.display_name == "Ana Ruiz"


def test_it_names_what_goes_with_a_deleted_person(alice_client, alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    interactions.log_interaction(owner=alice, participants=[ana.pk, ben.pk])
    page = alice_client.get(f"/people/{ana.pk}/delete/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "<strong>1</strong> interaction only they took part in" in text
    assert "<strong>1</strong> thing to ask next time" in text
    assert "<strong>1</strong> shared interaction" in text
    assert Person.objects.filter(pk=ana.pk).exists()  # GET deletes nothing
    response = alice_client.post(f"/people/{ana.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert not Person.objects.filter(pk=ana.pk).exists()
    assert not Interaction.objects.filter(pk=coffee.pk).exists()
    assert not AskNext.objects.filter(person_id=ana.pk).exists()
    assert not PersonEmail.objects.filter(address="ana@ruiz.example").exists()


def test_it_does_not_offer_to_delete_yourself(alice_client, alice):
    me = Person.objects.get(owner=alice, is_me=True)
    assert alice_client.get(f"/people/{me.pk}/delete/").status_code == 404
    assert alice_client.post(f"/people/{me.pk}/delete/").status_code == 404
    assert Person.objects.filter(pk=me.pk).exists()


def test_it_archives_and_brings_back(alice_client, ana):
    assert alice_client.get(f"/people/{ana.pk}/archive/").status_code == 405
    alice_client.post(f"/people/{ana.pk}/archive/")
    ana.refresh_from_db()
    assert ana.archived
    assert b"archived" in alice_client.get(f"/people/{ana.pk}/").content
    alice_client.post(f"/people/{ana.pk}/archive/")
    ana.refresh_from_db()
    assert not ana.archived


def test_it_serves_an_uploaded_photo_only_to_its_owner(alice_client, alice, bob):
    response = alice_client.post(
        "/people/new/", {"display_name": "Photo Person", "photo": png_file()}
    )
    person = Person.objects.get(owner=alice, display_name="Photo Person")
    assert response.status_code == 302 and person.photo
    served = alice_client.get(f"/people/{person.pk}/photo/")
    assert served.status_code == 200 and served["Content-Type"] == "image/png"
    assert b"".join(served.streaming_content).startswith(b"\x89PNG")
    assert (
        f'src="/people/{person.pk}/photo/"'.encode()
        in alice_client.get(f"/people/{person.pk}/").content
    )
    alice_client.force_login(bob)
    assert alice_client.get(f"/people/{person.pk}/photo/").status_code == 404


def test_it_refuses_a_file_that_is_not_an_image(alice_client, alice):
    fake = SimpleUploadedFile("x.png", b"not an image", content_type="image/png")
    response = alice_client.post("/people/new/", {"display_name": "X", "photo": fake})
    assert response.status_code == 422
    assert "photo" in response.context["form"].errors
    assert not Person.objects.filter(owner=alice, display_name="X").exists()


def test_it_404s_a_person_without_a_photo(alice_client, ana):
    assert alice_client.get(f"/people/{ana.pk}/photo/").status_code == 404


def test_it_sets_snoozes_and_clears_a_cadence(frozen_now, alice_client, alice, ana):
    url = f"/people/{ana.pk}/cadence/"
    assert alice_client.post(url, {"action": "set", "days": "30"}).status_code == 302
    ana.refresh_from_db()
    assert ana.cadence_days == 30
    assert ana.next_due_on == dt.date(2026, 6, 15) + dt.timedelta(days=30)
    alice_client.post(url, {"action": "snooze", "days": "60"})
    ana.refresh_from_db()
    assert ana.snoozed_until == dt.date(2026, 8, 14) and ana.next_due_on == dt.date(2026, 8, 14)
    alice_client.post(url, {"action": "unsnooze"})
    ana.refresh_from_db()
    assert ana.snoozed_until is None
    alice_client.post(url, {"action": "clear"})
    ana.refresh_from_db()
    assert ana.cadence_days is None and ana.next_due_on is None


def test_it_explains_a_cadence_without_days(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/cadence/", {"action": "set"})
    assert response.status_code == 422
    assert b"Give a number of days." in response.content
    ana.refresh_from_db()
    assert ana.cadence_days is None


def test_it_offers_a_type_ahead_fragment_without_chosen_people(alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ana Bell")
    response = alice_client.get("/people/search/", {"q": "ana"}, headers=HTMX)
    assert response.status_code == 200 and b"<html" not in response.content
    assert f'value="{ana.pk}"'.encode() in response.content
    assert f'value="{ben.pk}"'.encode() in response.content
    without = alice_client.get("/people/search/", {"q": "ana", "participants": [ana.pk]})
    assert f'value="{ana.pk}"'.encode() not in without.content


def test_it_shows_the_person_page_with_timeline_and_asks(alice_client, ana, coffee):
    page = alice_client.get(f"/people/{ana.pk}/")
    text = page.content.decode()
    assert "Coffee at Lavazza" in text and "Valencia marathon" in text
    assert "How did the marathon go?" in text
    assert f"/log/?person={ana.pk}" in text


def test_it_takes_the_introducer_by_name_and_shows_it_when_editing(alice_client, alice, ana):
    response = alice_client.post(
        "/people/new/", {"display_name": "Cleo Vidal", "introduced_by": "ana ruiz"}
    )
    assert response.status_code == 302
    cleo = Person.objects.get(owner=alice, display_name="Cleo Vidal")
    assert cleo.introduced_by == ana
    form = alice_client.get(f"/people/{cleo.pk}/edit/").content.decode()
    assert f'value="Ana Ruiz #{ana.pk}"' in form
    response = alice_client.post(
        f"/people/{cleo.pk}/edit/", {"display_name": "Cleo Vidal", "introduced_by": "Nobody Known"}
    )
    assert response.status_code == 422
    assert "introduced_by" in response.context["form"].errors
    cleo.refresh_from_db()
    assert cleo.introduced_by == ana


def test_it_shows_the_latest_twenty_moments_then_the_whole_timeline_on_request(
    alice_client, alice, ana, frozen_now
):
    for day in range(25):
        interactions.log_interaction(
            owner=alice,
            participants=[ana.pk],
            kind="message",
            summary=f"note {day:02d}",
            occurred_at=dt.date(2026, 5, 1) + dt.timedelta(days=day),
        )
    page = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "note 24" in page and "note 05" in page and "note 04" not in page
    assert "Show the whole timeline" in page
    everything = alice_client.get(f"/people/{ana.pk}/?timeline=all").content.decode()
    assert "note 00" in everything and "Show the whole timeline" not in everything
