"""People are listed by a collation that ignores case and accents (issue 21): "alex",
"Ämi", "Zoe" in that order, in the CLI, the web list and the API, on SQLite and
PostgreSQL alike. The order is a stored key (Person.sort_key) the writers keep."""

from __future__ import annotations

import json

import pytest

from goodwill.exchange.services.imports import pipeline
from goodwill.people import services as people
from goodwill.people.models import Person, sort_key_for
from goodwill.people.queries import people as list_people

pytestmark = pytest.mark.django_db

NAMES = ["Zoe", "alex", "Ämi", "Ïsa Ng", "Bo", "ólafur", "Émile", "éMILE B"]
ORDER = ["alex", "Ämi", "Bo", "Émile", "éMILE B", "Ïsa Ng", "ólafur", "Zoe"]


@pytest.fixture
def named(alice):
    for name in NAMES:
        people.create_person(owner=alice, display_name=name)
    return alice


def test_the_key_folds_case_and_accents_to_letters_and_digits():
    assert sort_key_for("Ämi") == "ami"
    assert sort_key_for("ZOË-Ann O'Neil 2") == "zoeannoneil2"
    assert sort_key_for("Łukasz") == "lukasz"
    assert sort_key_for("") == ""
    assert set(sort_key_for("名無しの権兵衛 ★")) <= set("abcdefghijklmnopqrstuvwxyz0123456789")


def test_services_keep_the_key_when_a_name_changes(named):
    zoe = Person.objects.get(owner=named, display_name="Zoe")
    people.update_person(owner=named, person=zoe, display_name="Aaron")
    zoe.refresh_from_db()
    assert zoe.sort_key == "aaron"


def test_the_list_query_sorts_ignoring_case_and_accents(named):
    assert [p.display_name for p in list_people(named)] == ORDER


def test_the_cli_lists_in_that_order(named, run):
    result = run("person", "list", "--json")
    assert result.exit_code == 0, result.output
    assert [p["display_name"] for p in json.loads(result.stdout)] == ORDER


def test_the_api_lists_in_that_order(named, api):
    response = api.get("/api/v1/people")
    assert response.status_code == 200
    assert [p["display_name"] for p in response.json()["items"]] == ORDER


def test_the_web_list_shows_that_order(named, alice_client):
    page = alice_client.get("/people/").content.decode()
    at = [page.index(f">{name}<") for name in ORDER]
    assert at == sorted(at)


def test_imported_people_get_their_key_too(alice):
    data = "display_name,given_name,family_name,id\nÉva,,,1\nadam,,,2\nZed,,,3\n".encode()
    pipeline.import_file(owner=alice, data=data, filename="people.csv")
    assert [p.display_name for p in list_people(alice)] == ["adam", "Éva", "Zed"]
    assert Person.objects.get(owner=alice, display_name="Éva").sort_key == "eva"
