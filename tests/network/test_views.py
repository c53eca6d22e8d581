import pytest

from goodwill.network.models import Relationship
from goodwill.people import services as people

pytestmark = pytest.mark.django_db


def test_it_adds_a_relationship_as_two_rows(alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    response = alice_client.post(
        f"/people/{ana.pk}/relationships/", {"other": "ben ito", "kind": "mentor", "strength": 4}
    )
    assert response.status_code == 302
    assert Relationship.objects.get(src=ana, dst=ben).kind == "mentor"
    assert Relationship.objects.get(src=ben, dst=ana).kind == "mentee"
    page = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "Ben Ito" in page and "mentor" in page and "4/5" in page


def test_it_removes_a_relationship(alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    alice_client.post(f"/people/{ana.pk}/relationships/", {"other": ben.pk, "kind": "friend"})
    response = alice_client.post(f"/people/{ana.pk}/relationships/{ben.pk}/delete/")
    assert response.status_code == 302
    assert not Relationship.objects.filter(src__in=[ana, ben]).exists()


def test_it_refuses_another_accounts_person_as_the_other(alice_client, alice, bob, ana):
    stranger = people.create_person(owner=bob, display_name="Stranger")
    response = alice_client.post(
        f"/people/{ana.pk}/relationships/",
        {"other": f"Stranger #{stranger.pk}", "kind": "knows", "strength": 3},
    )
    assert response.status_code == 422
    assert "other" in response.context["rel_form"].errors
    assert not Relationship.objects.exists()


def test_it_refuses_a_bad_strength_naming_the_field(alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    response = alice_client.post(
        f"/people/{ana.pk}/relationships/", {"other": ben.pk, "kind": "knows", "strength": 9}
    )
    assert response.status_code == 422
    assert "strength" in response.context["rel_form"].errors
    assert not Relationship.objects.exists()


def test_it_404s_removing_a_link_that_does_not_exist(alice_client, alice, ana):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    assert alice_client.post(f"/people/{ana.pk}/relationships/{ben.pk}/delete/").status_code == 404


def test_it_asks_which_one_when_a_name_fits_several_people(alice_client, alice, ana):
    first = people.create_person(owner=alice, display_name="Ben Ito", organization="Acme")
    second = people.create_person(owner=alice, display_name="Ben Ito")
    response = alice_client.post(
        f"/people/{ana.pk}/relationships/", {"other": "Ben Ito", "kind": "friend"}
    )
    assert response.status_code == 422
    error = " ".join(response.context["rel_form"].errors["other"])
    assert f"Ben Ito #{first.pk} (Acme)" in error and f"Ben Ito #{second.pk}" in error
    assert not Relationship.objects.exists()
    response = alice_client.post(
        f"/people/{ana.pk}/relationships/", {"other": f"Ben Ito #{second.pk}", "kind": "friend"}
    )
    assert response.status_code == 302
    assert Relationship.objects.filter(src=ana, dst=second).exists()


def test_it_suggests_names_for_the_datalist_marking_namesakes(alice_client, alice, ana):
    one = people.create_person(owner=alice, display_name="Ben Ito")
    two = people.create_person(owner=alice, display_name="Ben Ito")
    people.create_person(owner=alice, display_name="Bentley Park")
    response = alice_client.get(
        "/people/search/", {"as": "options", "field": "other", "other": "ben"}
    )
    body = response.content.decode()
    assert f'value="Ben Ito #{one.pk}"' in body and f'value="Ben Ito #{two.pk}"' in body
    assert 'value="Bentley Park"' in body
    assert "Ana Ruiz" not in body


def test_it_keeps_the_person_page_small_with_many_people(alice_client, alice, ana):
    for i in range(60):
        people.create_person(owner=alice, display_name=f"Person {i:02d}")
    body = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "Person 59" not in body  # no select listing everyone: a type-ahead instead
