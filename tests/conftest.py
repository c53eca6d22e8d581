"""The shared fixtures: the personas alice (the owner) and bob (an outsider), the people
of alice's account (ana, ben, ana's twin), her coffee and need, alice's API client, the
CLI, the tiny import parser and frozen time.

A test module that needs more of one of them (ben with a title, say) overrides the
fixture locally, building on the helpers of tests/support.py, and says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from goodwill.accounts import services as accounts
from goodwill.exchange.services.imports import pipeline
from goodwill.giving import services as giving
from goodwill.interactions import services as interactions
from goodwill.people import services as people
from tests.api_support import api_for
from tests.import_support import tiny_parse
from tests.support import make_ben

PASSWORD = "correct horse battery staple"
NOW = dt.datetime(2026, 6, 15, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def _plain_static_storage(settings, tmp_path):
    # The manifest storage needs `collectstatic`; tests serve static files from finders.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_cache():
    # What is kept by data revision (Today) must not outlive a test: ids repeat between
    # tests once their rows are rolled back.
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def frozen_now(monkeypatch):
    """Pin timezone.now() (and so localdate()) to NOW; returns a setter to move the clock."""
    state = {"now": NOW}

    def fake_now():
        return state["now"]

    monkeypatch.setattr(timezone, "now", fake_now)

    def move(to: dt.datetime | None = None, **delta):
        state["now"] = to if to is not None else state["now"] + dt.timedelta(**delta)
        return state["now"]

    return move


@pytest.fixture
def run(db, settings):
    """Run the CLI in-process: run("person", "list", "--json", input=None)."""
    from typer.testing import CliRunner

    from goodwill.cli.app import get_app

    settings.GOODWILL_CLI_USER = ""
    runner = CliRunner()

    def invoke(*args, input=None):
        return runner.invoke(
            get_app(), list(args), input=input, env={"COLUMNS": "160"}, catch_exceptions=False
        )

    return invoke


@pytest.fixture
def alice(db):
    return accounts.create_account(username="alice", email="alice@example.org", password=PASSWORD)


@pytest.fixture
def bob(db):
    return accounts.create_account(username="bob", email="bob@example.org", password=PASSWORD)


@pytest.fixture
def alice_client(client, alice):
    client.force_login(alice)
    return client


@pytest.fixture
def bob_client(client, bob):
    client.force_login(bob)
    return client


@pytest.fixture
def ana(alice):
    return people.create_person(
        owner=alice,
        display_name="Ana Ruiz",
        given_name="Ana",
        family_name="Ruiz",
        emails=[{"label": "work", "address": "ana@ruiz.example"}],
        phones=[{"label": "mobile", "number": "+34 600 123 456"}],
        organization="Ruiz Studio",
        title="Founder",
        tags=["design", "madrid"],
    )


@pytest.fixture
def ben(alice):
    """Ben Ortega, alice's second person."""
    return make_ben(alice)


@pytest.fixture
def twin(alice, ana):
    """A second Ana Ruiz with her work address: ana's duplicate."""
    return people.create_person(owner=alice, display_name="Ana Ruiz", emails=["ana@ruiz.example"])


@pytest.fixture
def coffee(alice, ana):
    return interactions.log_interaction(
        owner=alice,
        participants=[ana.pk],
        kind="coffee",
        summary="Coffee at Lavazza",
        notes="She is training for the Valencia marathon.",
        ask_next=["How did the marathon go?"],
    )


@pytest.fixture
def need(alice, ana, frozen_now):
    """An open need of ana's, heard today (the giving tests' usual one)."""
    return giving.create_need(owner=alice, person=ana, text="Looking for a React developer")


@pytest.fixture
def api(client, alice):
    """alice's API client (tests/api_support.py): her token, the /api/v1 prefix, JSON."""
    return api_for(client, alice)


@pytest.fixture
def tiny_parser(monkeypatch):
    """The import pipeline reads files with tests/import_support.py's tiny LinkedIn parser."""
    monkeypatch.setattr(pipeline, "parser", lambda: tiny_parse)
    return tiny_parse
