"""`goodwill person add|list|show|edit` and finding people by name or id."""

from __future__ import annotations

import json

import pytest

from goodwill.api.schemas import dump, dump_many
from goodwill.network.models import Relationship
from goodwill.people import queries
from goodwill.people import services as people
from goodwill.people.models import Person, PersonEmail
from goodwill.people.schemas import PersonOut


def test_it_adds_a_person_with_every_option(run, alice, ana):
    result = run(
        "person", "add", "Bea Gómez",
        "--email", "work:bea@acme.example", "--email", "bea@home.example",
        "--phone", "mobile:+34 611 222 333",
        "--org", "Acme", "--title", "CTO", "--tag", "tech", "--tag", "Madrid",
        "--location", "Madrid", "--linkedin", "linkedin.com/in/bea",
        "--birthday", "1990-04-12", "--met-how", "Conference", "--met-on", "2024-03-01",
        "--introduced-by", "ana ruiz", "--cadence", "30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    bea = Person.objects.get(owner=alice, display_name="Bea Gómez")
    assert f"Added Bea Gómez (id {bea.pk})." in result.stdout
    assert [(e.label, e.address) for e in bea.emails.all()] == [
        ("work", "bea@acme.example"),
        ("", "bea@home.example"),
    ]
    assert [(p.label, p.number) for p in bea.phones.all()] == [("mobile", "+34 611 222 333")]
    assert bea.organization.name == "Acme" and bea.title == "CTO"
    assert sorted(t.name for t in bea.tags.all()) == ["madrid", "tech"]  # reuses the tag
    assert (bea.birthday_year, bea.birthday_month, bea.birthday_day) == (1990, 4, 12)
    assert str(bea.met_on) == "2024-03-01" and bea.met_how == "Conference"
    assert bea.introduced_by == ana and bea.cadence_days == 30
    assert Relationship.objects.filter(src=ana, dst=bea).exists()


@pytest.mark.parametrize("given", ["04-12", "--04-12"])
def test_it_takes_a_birthday_without_a_year(run, alice, given):
    assert run("person", "add", "Cy", "--birthday", given).exit_code == 0
    cy = Person.objects.get(display_name="Cy")
    assert (cy.birthday_year, cy.birthday_month, cy.birthday_day) == (None, 4, 12)


def test_it_prints_the_api_shape_with_json(run, alice):
    result = run("person", "add", "Dan", "--email", "dan@x.example", "--tag", "b", "--json")
    data = json.loads(result.stdout)
    assert data == dump(PersonOut, queries.person_full(alice, data["id"]))
    assert data["emails"] == [{"label": "", "address": "dan@x.example"}]


def test_it_rejects_a_bad_email_naming_the_field_and_saves_nothing(run, alice):
    before = Person.objects.count()
    result = run("person", "add", "Eve", "--email", "not-an-email", "--tag", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith("error: emails: ")
    assert "not-an-email" in result.stderr and "Traceback" not in result.output
    assert Person.objects.count() == before


@pytest.mark.parametrize(
    ("option", "value", "field"),
    [
        ("--birthday", "12th of April", "birthday"),
        ("--birthday", "02-30", "birthday_day"),
        ("--met-on", "yesterday", "met_on"),
        ("--cadence", "often", "cadence_days"),
        ("--cadence", "99999", "cadence_days"),
        ("--linkedin", "not a url", "linkedin_url"),
        ("--introduced-by", "Nobody Known", "introduced_by"),
    ],
)
def test_it_names_the_field_of_a_wrong_value(run, alice, option, value, field):
    result = run("person", "add", "Fay", option, value)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"error: {field}: "), result.stderr
    assert not Person.objects.filter(display_name="Fay").exists()


def test_it_lists_people_as_a_table(run, alice, ana):
    people.create_person(owner=alice, display_name="Zoe Zed", tags=["other"])
    result = run("person", "list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:3] == ["ID", "Name", "Organization"]
    assert "Ana Ruiz" in lines[1] and "Ruiz Studio" in lines[1] and "design, madrid" in lines[1]
    assert "Zoe Zed" in lines[2]
    assert "alice" not in result.stdout  # the owner's own record is not listed


def test_it_filters_the_list_by_search_tag_and_state(run, alice, ana):
    zoe = people.create_person(owner=alice, display_name="Zoe Zed", tags=["other"])
    people.set_archived(owner=alice, person=zoe, archived=True)
    assert "Zoe" not in run("person", "list").stdout
    assert "Zoe Zed" in run("person", "list", "--archived").stdout
    assert "Ana Ruiz" in run("person", "list", "--search", "ruiz studio").stdout
    assert "Nobody matches." in run("person", "list", "--tag", "nope").stdout
    both = run("person", "list", "--due", "--archived")
    assert both.exit_code == 2 and "--due or --archived" in both.stderr


def test_it_lists_people_as_json_in_the_api_shape(run, alice, ana):
    people.create_person(owner=alice, display_name="Zoe Zed")
    data = json.loads(run("person", "list", "--json", "--limit", "1").stdout)
    assert data == dump_many(PersonOut, [queries.person_full(alice, ana.pk)])


def test_it_shows_a_person_with_asks_timeline_and_relationships(run, alice, ana, coffee):
    bea = people.create_person(owner=alice, display_name="Bea", introduced_by=ana.pk)
    result = run("person", "show", "ana")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith(f"Ana Ruiz  id {ana.pk} — Founder at Ruiz Studio")
    assert "ana@ruiz.example (work)" in out and "+34 600 123 456 (mobile)" in out
    assert "How did the marathon go?" in out
    assert "Coffee — Coffee at Lavazza" in out
    assert "Bea (id" in out and f"introduced Bea (id {bea.pk})" in out


def test_it_shows_a_person_as_json(run, alice, ana, coffee):
    data = json.loads(run("person", "show", str(ana.pk), "--json").stdout)
    assert data["person"] == dump(PersonOut, queries.person_full(alice, ana.pk))
    assert [a["text"] for a in data["ask_next"]] == ["How did the marathon go?"]
    assert [i["id"] for i in data["timeline"]] == [coffee.pk]
    assert data["relationships"] == []


def test_it_edits_only_the_given_fields(run, alice, ana):
    result = run("person", "edit", "Ana Ruiz", "--title", "CEO", "--add-tag", "runner",
                 "--remove-tag", "madrid")  # fmt: skip
    assert result.exit_code == 0, result.output
    ana.refresh_from_db()
    assert ana.title == "CEO"
    assert sorted(t.name for t in ana.tags.all()) == ["design", "runner"]
    assert ana.organization.name == "Ruiz Studio"
    assert [e.address for e in ana.emails.all()] == ["ana@ruiz.example"]


def test_it_clears_a_field_given_an_empty_value_and_archives(run, alice, ana):
    result = run("person", "edit", str(ana.pk), "--org", "", "--email", "", "--archive", "--json")
    data = json.loads(result.stdout)
    assert data["organization"] is None and data["emails"] == [] and data["archived"] is True
    assert not PersonEmail.objects.filter(person=ana).exists()
    run("person", "edit", str(ana.pk), "--unarchive")
    ana.refresh_from_db()
    assert ana.archived is False


def test_it_leaves_a_person_unchanged_when_an_edit_is_wrong(run, alice, ana):
    result = run("person", "edit", "Ana", "--title", "CEO", "--email", "broken")
    assert result.exit_code == 2 and "error: emails:" in result.stderr
    ana.refresh_from_db()
    assert ana.title == "Founder"


def test_it_lists_candidates_when_a_name_is_ambiguous(run, alice, ana):
    other = people.create_person(owner=alice, display_name="Ana López", organization="Acme")
    result = run("person", "show", "ana")
    assert result.exit_code == 2
    assert "'ana' could be 2 people; pass an id instead" in result.stderr
    assert f"{ana.pk}  Ana Ruiz (Ruiz Studio)" in result.stderr
    assert f"{other.pk}  Ana López (Acme)" in result.stderr
    # an exact name wins over a partial match; an id always works
    assert run("person", "show", "ana ruiz").exit_code == 0
    assert run("person", "show", str(other.pk)).stdout.startswith("Ana López")
    assert run("person", "show", "lopez").stdout.startswith("Ana López")


def test_it_does_not_find_another_accounts_people(run, alice, bob, ana):
    bobs = people.create_person(owner=bob, display_name="Bob's Friend")
    by_id = run("--user", "alice", "person", "show", str(bobs.pk))
    assert by_id.exit_code == 2 and f"No person with id {bobs.pk}." in by_id.stderr
    by_name = run("--user", "alice", "person", "show", "Friend")
    assert by_name.exit_code == 2 and "Nobody matches 'Friend'." in by_name.stderr


def test_it_lists_more_people_without_more_queries(run, alice, ana):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def count() -> int:
        run("person", "list")  # warm up: the first call checks migrations
        with CaptureQueriesContext(connection) as table:
            run("person", "list")
        with CaptureQueriesContext(connection) as as_json:
            run("person", "list", "--json")
        return len(table), len(as_json)

    before = count()
    for i in range(5):
        people.create_person(
            owner=alice, display_name=f"P{i}", emails=[f"p{i}@x.example"], tags=[f"t{i}"],
            introduced_by=ana.pk, organization=f"Org {i}", phones=["+34 600 000 00{i}"],
        )  # fmt: skip
    assert count() == before
