"""Tags and organizations over the API."""

import datetime as dt

import pytest

from goodwill.people import services as people
from goodwill.people.models import Organization, Person, Tag
from tests.api_support import assert_error, count_queries

# ---------------------------------------------------------------- tags


def test_it_creates_lists_reads_renames_and_deletes_a_tag(api, alice, ana):
    created = api.post("/tags", {"name": "#climbing", "cadence_days": 21})
    assert created.status_code == 201, created.content
    tag = created.json()
    assert tag["name"] == "climbing" and tag["cadence_days"] == 21
    assert [t["name"] for t in api.get("/tags").json()["items"]] == ["climbing", "design", "madrid"]
    assert [t["name"] for t in api.get("/tags", q="mad").json()["items"]] == ["madrid"]
    assert api.get(f"/tags/{tag['id']}").json() == tag
    renamed = api.patch(f"/tags/{tag['id']}", {"name": "bouldering"}).json()
    assert renamed["name"] == "bouldering" and renamed["cadence_days"] == 21
    assert api.delete(f"/tags/{tag['id']}").status_code == 204
    assert not Tag.objects.filter(pk=tag["id"]).exists()


def test_it_recomputes_due_dates_when_a_tag_cadence_changes(api, alice, ana):
    design = ana.tags.get(name="design")
    response = api.patch(f"/tags/{design.pk}", {"cadence_days": 10})
    assert response.status_code == 200
    ana.refresh_from_db()
    assert ana.next_due_on == ana.created_at.date() + dt.timedelta(days=10)
    api.patch(f"/tags/{design.pk}", {"cadence_days": None})
    ana.refresh_from_db()
    assert ana.next_due_on is None


def test_it_finds_people_by_a_renamed_tag(api, ana):
    design = ana.tags.get(name="design")
    api.patch(f"/tags/{design.pk}", {"name": "branding"})
    items = api.get("/people", q="branding").json()["items"]
    assert [p["tags"] for p in items] == [["branding", "madrid"]]


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "Design"}, "name"),
        ({"name": "  "}, "name"),
        ({"name": "x" * 61}, "name"),
        ({"name": "ok", "cadence_days": -3}, "cadence_days"),
        ({"name": "ok", "cadence_days": "weekly"}, "cadence_days"),
        ({"nmae": "ok"}, "nmae"),
    ],
)
def test_it_rejects_a_bad_tag_naming_the_field_and_saves_nothing(api, ana, body, field):
    before = Tag.objects.count()
    assert_error(api.post("/tags", body), 422, "validation_error", field)
    assert Tag.objects.count() == before


def test_it_refuses_to_rename_a_tag_onto_another(api, ana):
    madrid = ana.tags.get(name="madrid")
    assert_error(
        api.patch(f"/tags/{madrid.pk}", {"name": "DESIGN"}), 422, "validation_error", "name"
    )
    madrid.refresh_from_db()
    assert madrid.name == "madrid"


def test_it_404s_on_another_accounts_tag(api, bob):
    friend = people.create_person(owner=bob, display_name="Friend", tags=["secret"])
    tag = friend.tags.get()
    assert_error(api.get(f"/tags/{tag.pk}"), 404, "not_found")
    assert_error(api.patch(f"/tags/{tag.pk}", {"name": "mine"}), 404, "not_found")
    assert_error(api.delete(f"/tags/{tag.pk}"), 404, "not_found")
    tag.refresh_from_db()
    assert tag.name == "secret"


def test_it_lists_tags_in_a_constant_number_of_queries(api, alice, ana):
    api.get("/tags")
    few = count_queries(lambda: api.get("/tags"))
    for i in range(10):
        api.post("/tags", {"name": f"tag {i}", "cadence_days": i + 1})
    assert count_queries(lambda: api.get("/tags")) == few


# ---------------------------------------------------------------- organizations


def test_it_creates_lists_reads_changes_and_deletes_an_organization(api, alice, ana):
    created = api.post(
        "/organizations", {"name": "Acme", "domain": "Acme.example", "website": "acme.example"}
    )
    assert created.status_code == 201, created.content
    org = created.json()
    assert org["domain"] == "acme.example"
    names = [o["name"] for o in api.get("/organizations").json()["items"]]
    assert names == ["Acme", "Ruiz Studio"]
    assert api.get("/organizations", q="ruiz").json()["count"] == 1
    assert api.get(f"/organizations/{org['id']}").json() == org
    changed = api.patch(f"/organizations/{org['id']}", {"website": ""}).json()
    assert changed["website"] == "" and changed["name"] == "Acme"
    assert api.delete(f"/organizations/{org['id']}").status_code == 204
    assert not Organization.objects.filter(pk=org["id"]).exists()


def test_it_renames_an_organization_and_people_are_found_by_the_new_name(api, ana):
    org = ana.organization
    assert api.patch(f"/organizations/{org.pk}", {"name": "Ruiz & Co"}).status_code == 200
    items = api.get("/people", q="ruiz & co").json()["items"]
    assert [(p["id"], p["organization"]) for p in items] == [(ana.pk, "Ruiz & Co")]


def test_it_deletes_an_organization_keeping_its_people(api, ana):
    assert api.delete(f"/organizations/{ana.organization_id}").status_code == 204
    ana = Person.objects.get(pk=ana.pk)
    assert ana.organization is None and "ruiz studio" not in ana.search_text


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "ruiz studio"}, "name"),
        ({"name": ""}, "name"),
        ({"name": "Acme", "website": "not a site"}, "website"),
        ({"name": "Acme", "domain": "no spaces.com"}, "domain"),
        ({"name": "Acme", "url": "acme.example"}, "url"),
        ({}, "name"),
    ],
)
def test_it_rejects_a_bad_organization_naming_the_field_and_saves_nothing(api, ana, body, field):
    before = Organization.objects.count()
    assert_error(api.post("/organizations", body), 422, "validation_error", field)
    assert Organization.objects.count() == before


def test_it_404s_on_another_accounts_organization(api, bob):
    friend = people.create_person(owner=bob, display_name="Friend", organization="Bob Corp")
    org = friend.organization
    assert_error(api.get(f"/organizations/{org.pk}"), 404, "not_found")
    assert_error(api.patch(f"/organizations/{org.pk}", {"name": "Mine"}), 404, "not_found")
    assert_error(api.delete(f"/organizations/{org.pk}"), 404, "not_found")
    org.refresh_from_db()
    assert org.name == "Bob Corp"


def test_it_lists_organizations_in_a_constant_number_of_queries(api, alice, ana):
    api.get("/organizations")
    few = count_queries(lambda: api.get("/organizations"))
    for i in range(10):
        api.post("/organizations", {"name": f"Org {i}"})
    assert count_queries(lambda: api.get("/organizations")) == few
