"""Plain helpers the tests of several areas share (the fixtures are in conftest.py).

Paths are computed here once, from this file, so that a test module can move between
folders without its paths changing.
"""

from __future__ import annotations

from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.people import services as people

TESTS = Path(__file__).resolve().parent
ROOT = TESTS.parent  # the repository
IMPORT_FIXTURES = TESTS / "fixtures" / "imports"

HTMX = {"HX-Request": "true"}  # the headers of a request htmx makes
IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def queries_for(client, url, **kwargs) -> int:
    """How many queries a GET of ``url`` makes, after a warm-up GET.

    The warm-up takes out what only a first request does (such as checking that an
    account exists), so the count is the page's own.
    """
    client.get(url, **kwargs)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, **kwargs)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def person(owner, name: str, **fields):
    """A person named ``name``: the first word is the given name, the rest the family name."""
    first, _, last = name.partition(" ")
    return people.create_person(
        owner=owner, display_name=name, given_name=first, family_name=last, **fields
    )


def make_ben(owner, **fields):
    """Ben Ortega, the second person of many tests (the `ben` fixture); ``fields`` add to
    him what a test needs (a title, tags, an email address)."""
    return people.create_person(owner=owner, display_name="Ben Ortega", given_name="Ben", **fields)
