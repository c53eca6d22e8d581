"""The add-person form: one Name (first and last derived), one optional line, the rest
behind "More details"; a missing name is named at the field."""

import pytest

from goodwill.people import services as people
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db


def test_the_form_opens_with_one_name_and_one_optional_line(alice_client):
    html = alice_client.get("/people/new/").content.decode()
    before_more = html[: html.index("<summary>More details</summary>")]
    assert 'name="display_name"' in before_more and "How do you know them?" in before_more
    for hidden in ('name="emails"', 'name="organization"', 'name="birthday_day"'):
        assert hidden not in before_more and hidden in html
    for gone in ('name="given_name"', 'name="family_name"', "First name", "Last name"):
        assert gone not in html


def test_one_name_is_split_into_first_and_last(alice_client, alice):
    response = alice_client.post(
        "/people/new/", {"display_name": "  Mei   Lin Chen ", "met_how": "design meetup"}
    )
    assert response.status_code == 302
    mei = Person.objects.get(owner=alice, is_me=False)
    assert (mei.display_name, mei.given_name, mei.family_name) == (
        "Mei Lin Chen",
        "Mei",
        "Lin Chen",
    )
    assert mei.met_how == "design meetup"


def test_a_missing_name_is_named_at_the_field_and_nothing_saved(alice_client, alice):
    response = alice_client.post("/people/new/", {"display_name": " ", "met_how": "gym"})
    assert response.status_code == 422
    html = response.content.decode()
    assert "Write their name, or a few words that tell you who they are." in html
    assert 'class="field has-error' in html
    assert '<a href="#id_display_name">Name</a>' in html
    assert not Person.objects.filter(owner=alice, is_me=False).exists()


def test_an_error_in_more_details_opens_them(alice_client):
    response = alice_client.post("/people/new/", {"display_name": "Ana", "website": "not a url"})
    assert response.status_code == 422
    assert '<details class="more-details" open>' in response.content.decode()


def test_editing_without_changing_the_name_keeps_the_first_and_last_names(alice_client, alice):
    person = people.create_person(
        owner=alice, display_name="María José García", given_name="María José", family_name="García"
    )
    response = alice_client.post(
        f"/people/{person.pk}/edit/", {"display_name": "María José García", "title": "Chef"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.given_name, person.family_name, person.title) == ("María José", "García", "Chef")
