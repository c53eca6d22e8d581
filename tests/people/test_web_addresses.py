"""Websites and LinkedIn links are web addresses (issue 16, finding 10): "javascript:" and
"data:" links were stored through the API and reached API clients and exports, where a
click would run them. Only http and https are kept; anything else is a field error."""

from __future__ import annotations

import pytest

from goodwill.people.models import Organization, Person
from goodwill.people.rules import web_address_problem
from tests.api_support import assert_error

HOSTILE = [
    "javascript:alert(1)",
    "JavaScript:alert(document.cookie)",
    "javascript://%0aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "vbscript:msgbox(1)",
    "file:///etc/passwd",
    "mailto:ana@example.org",
    "\tjavascript:alert(1)",
]


@pytest.mark.parametrize("url", HOSTILE)
@pytest.mark.parametrize("field", ["website", "linkedin_url"])
def test_the_api_refuses_a_link_that_is_not_a_web_address(api, url, field):
    before = Person.objects.count()
    response = api.post("/people", {"display_name": "Eve", field: url})
    body = assert_error(response, 422, "validation_error", field)
    assert "is not a web address" in body["fields"][field][0]
    assert Person.objects.count() == before


def test_the_api_refuses_it_on_an_edit_and_on_an_organization(api, ana):
    response = api.patch(f"/people/{ana.pk}", {"website": "javascript:alert(1)"})
    assert_error(response, 422, "validation_error", "website")
    ana.refresh_from_db()
    assert ana.website == ""
    response = api.post("/organizations", {"name": "Evil", "website": "data:text/html,x"})
    assert_error(response, 422, "validation_error", "website")
    assert not Organization.objects.filter(name="Evil").exists()


def test_the_person_form_names_the_field(alice_client):
    response = alice_client.post(
        "/people/new/", {"display_name": "Eve", "website": "javascript:alert(1)"}
    )
    assert response.status_code == 422
    assert "only links starting with https:// or http:// are kept" in response.content.decode()
    assert not Person.objects.filter(display_name="Eve").exists()


@pytest.mark.parametrize(
    "url",
    ["https://ana.example", "http://ana.example/x?y=1", "ana.example", "ana.example:8080/me"],
)
def test_ordinary_web_addresses_still_pass(url):
    assert web_address_problem(url) is None
