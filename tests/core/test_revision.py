"""The data revision: bumped by whatever writes an account's data, and Today kept by it."""

from __future__ import annotations

import sys

import pytest
from django.apps import apps
from django.db import connection

from goodwill.accounts.models import User
from goodwill.core import revision
from goodwill.people import services as people
from goodwill.people.models import Person
from tests.api_support import api_for
from tests.conftest import NOW

pytestmark = pytest.mark.django_db


def rev(user) -> int:
    return User.objects.values_list("data_revision", flat=True).get(pk=user.pk)


def test_a_web_write_bumps_only_its_own_account_and_a_read_bumps_nothing(alice_client, alice, bob):
    before_bob = rev(bob)
    alice_client.get("/")
    alice_client.get("/people/")
    assert rev(alice) == 0
    response = alice_client.post("/people/new/", {"display_name": "Ada Lovelace"})
    assert response.status_code == 302
    assert rev(alice) == 1 and rev(bob) == before_bob


def test_a_refused_form_writes_nothing_and_bumps_nothing(alice_client, alice):
    response = alice_client.post("/people/new/", {"display_name": ""})
    assert response.status_code == 422
    assert rev(alice) == 0


def test_an_api_token_write_bumps_the_tokens_owner(client, alice, bob):
    api = api_for(client, alice)
    before = rev(alice)  # making the token is not a request
    assert api.post("/people", {"display_name": "Grace Hopper"}).status_code == 201
    assert rev(alice) == before + 1 and rev(bob) == 0
    assert api.get("/people").status_code == 200  # a read: the token's last use is bookkeeping
    assert rev(alice) == before + 1


def test_todays_page_shows_a_change_at_once(alice_client, alice, frozen_now):
    person = people.create_person(owner=alice, display_name="Ada Lovelace", cadence_days=30)
    Person.objects.filter(pk=person.pk).update(next_due_on=NOW.date())
    assert "Say hello to Ada Lovelace" in alice_client.get("/").content.decode()
    response = alice_client.post(f"/people/{person.pk}/archive/")
    assert response.status_code in (200, 302)
    assert "Say hello to Ada Lovelace" not in alice_client.get("/").content.decode()


def test_a_request_that_writes_answers_with_what_it_wrote(alice_client, alice, frozen_now):
    person = people.create_person(owner=alice, display_name="Ada Lovelace", cadence_days=30)
    Person.objects.filter(pk=person.pk).update(next_due_on=NOW.date())
    assert "Say hello to Ada Lovelace" in alice_client.get("/").content.decode()  # now kept
    partial = alice_client.post(
        "/coach/act/",
        {"key": f"catch_up:{person.pk}", "choice": "done"},
        headers={"HX-Request": "true"},
    )
    assert partial.status_code == 200 and b"<html" not in partial.content
    assert "Say hello to Ada Lovelace" not in partial.content.decode()


def test_kept_computes_once_per_revision_and_per_minute(alice, frozen_now):
    calls = []

    def compute():
        calls.append(1)
        return len(calls)

    assert revision.kept(alice, "t", compute) == 1
    assert revision.kept(alice, "t", compute) == 1  # kept
    revision.bump(alice)
    alice.refresh_from_db()
    assert revision.kept(alice, "t", compute) == 2  # a new revision
    frozen_now(minutes=1)
    assert revision.kept(alice, "t", compute) == 3  # a new minute
    assert revision.kept(alice, "other", compute) == 4  # another name


def test_the_watch_sees_raw_sql_and_ignores_bookkeeping(alice):
    with revision.watch_writes() as watch, connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM goodwill_person")
        cursor.execute("DELETE FROM django_session")
    assert not watch.wrote
    with revision.watch_writes() as watch, connection.cursor() as cursor:
        cursor.execute("UPDATE goodwill_person SET title = title WHERE id = -1")
    assert watch.wrote


def test_every_bookkeeping_table_exists():
    tables = {model._meta.db_table for model in apps.get_models(include_auto_created=True)}
    assert tables >= revision.BOOKKEEPING


def test_a_cli_command_that_writes_bumps_every_account(alice, bob, monkeypatch, settings):
    from goodwill.cli import app as cli

    settings.GOODWILL_CLI_USER = "alice"
    monkeypatch.setattr(cli, "setup_django", lambda: None)

    def main(*args) -> None:
        monkeypatch.setattr(sys, "argv", ["goodwill", *args])
        with pytest.raises(SystemExit) as done:
            cli.main()
        assert done.value.code == 0

    main("person", "list", "--json")
    assert (rev(alice), rev(bob)) == (0, 0)
    main("person", "add", "Ada Lovelace")
    assert (rev(alice), rev(bob)) == (1, 1)
