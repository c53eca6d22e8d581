"""Hostile requests are refused with a clear answer and write nothing: bodies over
DATA_UPLOAD_MAX_MEMORY_SIZE, 10,000 form fields, absurd page numbers and page sizes.

The served version (gunicorn, memory of the worker before and after a burst) is
proof/hostile_http.py.
"""

from __future__ import annotations

import json

import pytest
from django.conf import settings

from goodwill.people.models import Person
from tests.api_support import assert_error

pytestmark = pytest.mark.slow

TOO_BIG = settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1024


def test_it_refuses_an_api_body_over_the_upload_limit_with_a_413(api, ana):
    before = Person.objects.count()
    body = json.dumps({"display_name": "Big", "notes": "x" * TOO_BIG})
    response = api.client.post(
        "/api/v1/people", data=body, content_type="application/json", **api.headers
    )
    assert_error(response, 413, "too_large")
    assert "limit is 5 MB" in response.json()["message"]
    assert Person.objects.count() == before


def test_it_refuses_an_api_body_with_10k_form_fields_with_a_400(api):
    before = Person.objects.count()
    fields = {f"f{i}": "1" for i in range(10_000)}
    response = api.client.post("/api/v1/people", data=fields, **api.headers)
    assert response.status_code in (400, 413), response.content
    assert response.json()["error"] in ("bad_request", "too_large")
    assert Person.objects.count() == before


def test_it_refuses_a_web_form_over_the_upload_limit(alice_client):
    before = Person.objects.count()
    body = "display_name=Big&notes=" + "x" * TOO_BIG
    response = alice_client.post(
        "/people/new/", data=body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "larger than the 5 MB Goodwill accepts" in response.content.decode()
    assert Person.objects.count() == before


def test_it_refuses_a_web_form_with_10k_fields(alice_client):
    before = Person.objects.count()
    response = alice_client.post("/people/new/", {f"f{i}": "1" for i in range(10_000)})
    assert response.status_code == 400
    assert "more than 1,000 fields" in response.content.decode()
    assert Person.objects.count() == before


@pytest.mark.parametrize("page", ["1000000000000", "9" * 60, "-5", "0", "abc", "1e9", ""])
def test_it_answers_absurd_page_numbers_with_a_real_page(alice_client, ana, page):
    response = alice_client.get("/people/", {"page": page})
    assert response.status_code == 200
    assert b"Ana Ruiz" in response.content


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"limit": 10**9}, "limit"),
        ({"limit": -1}, "limit"),
        ({"limit": 0}, "limit"),
        ({"offset": -1}, "offset"),
        ({"offset": 10**30}, "offset"),
        ({"limit": "lots"}, "limit"),
    ],
)
def test_it_refuses_absurd_api_page_sizes_naming_the_field(api, ana, query, field):
    assert_error(api.get("/people", **query), 422, "validation_error", field)


def test_it_answers_an_offset_past_the_end_with_an_empty_page(api, ana):
    body = api.get("/people", offset=10**12).json()
    assert body["items"] == [] and body["offset"] == 10**12


@pytest.mark.parametrize("url", ["http://[", "https://[::1", "[bad]x"])
def test_it_refuses_a_broken_ipv6_web_address_naming_the_field(api, url):
    """Found by proof/api_schema.py: urlparse raised ValueError, a 500."""
    before = Person.objects.count()
    response = api.post("/people", {"display_name": "Ipv", "website": url})
    assert_error(response, 422, "validation_error", "website")
    assert Person.objects.count() == before


def test_it_stores_an_event_time_with_an_odd_offset_in_utc(api):
    """Found by proof/api_schema.py on PostgreSQL: an offset of -18:24 was a 500."""
    response = api.post("/events", {"name": "Odd", "starts_at": "2026-04-19T19:37:52-18:24"})
    assert response.status_code == 201, response.content
    assert response.json()["starts_at"].startswith("2026-04-20T14:01:52")


def test_it_refuses_an_event_time_out_of_range_naming_the_field(api):
    response = api.post("/events", {"name": "Odd", "starts_at": "0001-01-01T00:00:00+23:00"})
    assert_error(response, 422, "validation_error", "starts_at")
