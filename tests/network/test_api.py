"""Relationships, cadences and snoozes, and who is due, over the API."""

import datetime as dt

import pytest

from goodwill.interactions import services as interactions
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.people.services import cadence, organizations
from tests.api_support import assert_error, count_queries

# ---------------------------------------------------------------- relationships


def test_it_connects_two_people_with_both_rows(api, ana, ben):
    response = api.post(
        f"/people/{ana.pk}/relationships",
        {"other": ben.pk, "kind": "mentor", "strength": 4, "since": "2024-03-01"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["person"]["id"] == ana.pk and body["other"]["id"] == ben.pk
    assert body["kind"] == "mentor" and body["strength"] == 4 and body["since"] == "2024-03-01"
    assert Relationship.objects.get(src=ben, dst=ana).kind == "mentee"
    listed = api.get(f"/people/{ben.pk}/relationships").json()
    assert [(r["other"]["id"], r["kind"]) for r in listed["items"]] == [(ana.pk, "mentee")]
    assert api.get(f"/people/{ana.pk}/relationships/{ben.pk}").json()["kind"] == "mentor"


def test_it_updates_a_relationship_keeping_where_it_came_from(api, alice, ana):
    cleo = people.create_person(owner=alice, display_name="Cleo", introduced_by=ana.pk)
    response = api.put(
        f"/people/{ana.pk}/relationships/{cleo.pk}", {"kind": "friend", "strength": 5}
    )
    assert response.status_code == 200, response.content
    assert response.json()["source"] == "introduced_by"
    rows = Relationship.objects.filter(src__in=[ana, cleo])
    assert {(r.kind, r.strength, r.source) for r in rows} == {("friend", 5, "introduced_by")}


def test_it_404s_when_updating_a_relationship_that_does_not_exist(api, ana, ben):
    assert_error(api.put(f"/people/{ana.pk}/relationships/{ben.pk}", {}), 404, "not_found")
    assert not Relationship.objects.exists()


def test_it_disconnects_two_people(api, alice, ana, ben):
    network.connect_people(owner=alice, a=ana, b=ben)
    assert api.delete(f"/people/{ben.pk}/relationships/{ana.pk}").status_code == 204
    assert not Relationship.objects.filter(src__in=[ana, ben]).exists()
    assert_error(api.delete(f"/people/{ben.pk}/relationships/{ana.pk}"), 404, "not_found")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"other": "ana"}, "other"),
        ({"other": None}, "other"),
        ({"other": "SELF"}, "other"),
        ({"kind": "enemy"}, "kind"),
        ({"strength": 9}, "strength"),
        ({"since": "long ago"}, "since"),
        ({"strenght": 2}, "strenght"),
    ],
)
def test_it_rejects_a_bad_relationship_naming_the_field(api, ana, ben, body, field):
    body = {"other": ben.pk, **body}
    if body["other"] == "SELF":
        body["other"] = ana.pk
    assert_error(api.post(f"/people/{ana.pk}/relationships", body), 422, "validation_error", field)
    assert not Relationship.objects.exists()


def test_it_refuses_another_accounts_person_as_other(api, ana, bob):
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    assert_error(
        api.post(f"/people/{ana.pk}/relationships", {"other": bobs.pk}),
        422,
        "validation_error",
        "other",
    )
    assert not Relationship.objects.exists()


def test_it_404s_on_another_accounts_people_in_relationship_paths(api, alice, ana, bob):
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    bobs2 = people.create_person(owner=bob, display_name="Bob's other friend")
    network.connect_people(owner=bob, a=bobs, b=bobs2)
    assert_error(api.get(f"/people/{bobs.pk}/relationships"), 404, "not_found")
    assert_error(api.post(f"/people/{bobs.pk}/relationships", {"other": ana.pk}), 404, "not_found")
    assert_error(api.put(f"/people/{bobs.pk}/relationships/{bobs2.pk}", {}), 404, "not_found")
    assert_error(api.delete(f"/people/{ana.pk}/relationships/{bobs.pk}"), 404, "not_found")
    assert_error(api.delete(f"/people/{bobs.pk}/relationships/{bobs2.pk}"), 404, "not_found")
    assert Relationship.objects.filter(owner=bob).count() == 2


def test_it_lists_relationships_in_a_constant_number_of_queries(api, alice, ana, ben):
    network.connect_people(owner=alice, a=ana, b=ben)
    api.get(f"/people/{ana.pk}/relationships")
    few = count_queries(lambda: api.get(f"/people/{ana.pk}/relationships"))
    for i in range(8):
        other = people.create_person(owner=alice, display_name=f"Friend {i}")
        network.connect_people(owner=alice, a=ana, b=other, kind="friend")
    assert count_queries(lambda: api.get(f"/people/{ana.pk}/relationships")) == few


# ---------------------------------------------------------------- cadence and snooze


def test_it_sets_a_cadence_and_snoozes(frozen_now, api, alice, ana):
    today = frozen_now().date()
    response = api.put(f"/people/{ana.pk}/cadence", {"cadence_days": 30})
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["cadence_days"] == 30 and body["cadence_from"] == "person"
    assert body["next_due_on"] == str(today + dt.timedelta(days=30))
    body = api.put(f"/people/{ana.pk}/cadence", {"snooze": {"days": 45}}).json()
    assert body["snoozed_until"] == str(today + dt.timedelta(days=45))
    assert body["cadence_days"] == 30  # only the keys sent change
    body = api.put(f"/people/{ana.pk}/cadence", {"snooze": {"until": "2026-12-01"}}).json()
    assert body["next_due_on"] == "2026-12-01"
    body = api.put(f"/people/{ana.pk}/cadence", {"snooze": None}).json()
    assert body["snoozed_until"] is None
    assert api.get(f"/people/{ana.pk}/cadence").json() == body
    ana.refresh_from_db()
    assert ana.cadence_days == 30 and ana.snoozed_until is None


def test_it_falls_back_to_the_tag_cadence(frozen_now, api, alice, ana):
    organizations.update_tag(owner=alice, tag=ana.tags.get(name="design"), cadence_days=14)
    cadence.set_cadence(owner=alice, person=ana, days=30)
    body = api.put(f"/people/{ana.pk}/cadence", {"cadence_days": None}).json()
    assert body["cadence_days"] is None
    assert body["effective_cadence_days"] == 14 and body["cadence_from"] == "tag"


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"cadence_days": 0.5}, "cadence_days"),
        ({"cadence_days": 5000}, "cadence_days"),
        ({"snooze": {"days": 400}}, "snooze.days"),
        ({"snooze": {"until": "2020-01-01"}}, "snooze.until"),
        ({"snooze": {"days": 3, "until": "2026-12-01"}}, "snooze"),
        ({"snooze": {"weeks": 3}}, "snooze.weeks"),
        ({"cadence": 3}, "cadence"),
    ],
)
def test_it_rejects_a_bad_cadence_naming_the_field_and_changes_nothing(
    frozen_now, api, ana, body, field
):
    before = Person.objects.values_list("cadence_days", "snoozed_until", "next_due_on").get(
        pk=ana.pk
    )
    assert_error(
        api.put(f"/people/{ana.pk}/cadence", {"cadence_days": 10, **body}),
        422,
        "validation_error",
        field,
    )
    after = Person.objects.values_list("cadence_days", "snoozed_until", "next_due_on").get(
        pk=ana.pk
    )
    assert after == before


def test_it_404s_on_another_accounts_cadence(api, bob):
    bobs = people.create_person(owner=bob, display_name="Bob's friend")
    assert_error(api.get(f"/people/{bobs.pk}/cadence"), 404, "not_found")
    assert_error(api.put(f"/people/{bobs.pk}/cadence", {"cadence_days": 7}), 404, "not_found")
    bobs.refresh_from_db()
    assert bobs.cadence_days is None


# ---------------------------------------------------------------- who is due


def test_it_lists_who_is_due_most_overdue_first(frozen_now, api, alice, ana, ben):
    cadence.set_cadence(owner=alice, person=ana, days=7)
    cadence.set_cadence(owner=alice, person=ben, days=3)
    assert api.get("/due").json()["count"] == 0
    frozen_now(days=10)
    items = api.get("/due").json()["items"]
    assert [(p["display_name"], p["days_overdue"]) for p in items] == [
        ("Ben Ortega", 7),
        ("Ana Ruiz", 3),
    ]
    assert items[1]["organization"] == "Ruiz Studio"
    soon = (frozen_now() - dt.timedelta(days=5)).date()
    assert [p["display_name"] for p in api.get("/due", on=str(soon)).json()["items"]] == [
        "Ben Ortega"
    ]


def test_it_lists_who_is_due_in_a_constant_number_of_queries(frozen_now, api, alice, ana):
    cadence.set_cadence(owner=alice, person=ana, days=1)
    frozen_now(days=3)
    api.get("/due")
    few = count_queries(lambda: api.get("/due"))
    frozen_now(days=-3)
    for i in range(8):
        p = people.create_person(
            owner=alice, display_name=f"Due {i}", organization=f"Org {i}", cadence_days=1
        )
        interactions.log_interaction(owner=alice, participants=[p.pk])
    frozen_now(days=3)
    assert api.get("/due").json()["count"] == 9
    assert count_queries(lambda: api.get("/due")) == few
