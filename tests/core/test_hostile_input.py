"""Hostile text (issue 16, finding 5): a NUL character or a lone UTF-16 surrogate in any
input is refused with a message naming the field, on the web, in the API and in the CLI,
and nothing is saved. PostgreSQL refuses NUL in text, and no database stores a lone
surrogate: before the check these were 500s (and, on PostgreSQL, searches too)."""

from __future__ import annotations

import json

import pytest

from goodwill.core import rules
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person, Tag
from tests.api_support import assert_error

NUL = "\x00"
SURROGATE = "\ud800"


def _post_raw_json(api, path, text: str):
    """A JSON body as a client spells it: json.dumps escapes the surrogate as \\ud800."""
    return api.client.post(
        "/api/v1" + path, data=text, content_type="application/json", **api.headers
    )


@pytest.mark.parametrize("bad", [NUL, SURROGATE], ids=["nul", "surrogate"])
def test_the_api_refuses_hostile_text_in_a_body_naming_the_field(api, ana, bad):
    before = Person.objects.count()
    body = json.dumps({"display_name": "Eve", "about": f"hi{bad}there"})
    body = assert_error(_post_raw_json(api, "/people", body), 422, "validation_error", "about")
    assert "cannot be saved" in body["fields"]["about"][0]
    assert Person.objects.count() == before


def test_the_api_names_a_nested_field_with_hostile_text(api, ana):
    body = json.dumps(
        {"display_name": "Eve", "emails": [{"label": "w", "address": f"e{SURROGATE}@x.org"}]}
    )
    assert_error(_post_raw_json(api, "/people", body), 422, "validation_error", "emails.0.address")


def test_the_api_refuses_hostile_text_in_an_interaction(api, ana):
    body = json.dumps({"participants": [ana.pk], "summary": f"coffee{SURROGATE}"})
    assert_error(_post_raw_json(api, "/interactions", body), 422, "validation_error", "summary")
    assert not Interaction.objects.exists()


@pytest.mark.parametrize("path", ["/people", "/tags", "/organizations"])
@pytest.mark.parametrize("param", ["q", "tag"])
def test_the_api_refuses_a_nul_in_a_search(api, ana, path, param):
    response = api.client.get(f"/api/v1{path}?{param}=%00", **api.headers)
    body = assert_error(response, 422, "validation_error", param)
    assert "NUL" in body["message"]


@pytest.mark.parametrize(
    "url", ["/people/?q=%00", "/people/?tag=%00", "/tags/?q=%00", "/people/search/?q=a%00b"]
)
def test_web_pages_refuse_a_nul_in_a_search_with_a_page_that_says_why(alice_client, ana, url):
    response = alice_client.get(url)
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_the_network_path_search_refuses_a_nul(alice_client, ana):
    response = alice_client.get("/network/path/?to=%00")
    assert response.status_code == 400
    assert "NUL character" in response.content.decode()


def test_a_web_form_with_a_nul_saves_nothing_and_names_the_field(alice_client, ana):
    before = Person.objects.count()
    response = alice_client.post("/people/new/", {"display_name": "Eve", "about": f"a{NUL}"})
    assert response.status_code == 400
    assert "About: This text has a NUL character" in response.content.decode()
    assert Person.objects.count() == before


def test_the_cli_refuses_hostile_text_with_exit_2(run, alice):
    result = run("person", "add", f"Eve{NUL}")
    assert result.exit_code == 2, result.output
    assert "NUL character" in result.output
    assert not Person.objects.filter(owner=alice, display_name__startswith="Eve").exists()


def test_the_cli_refuses_a_nul_in_a_tag(run, alice):
    result = run("tag", "add", f"x{NUL}y")
    assert result.exit_code == 2, result.output
    assert not Tag.objects.exists()


def test_clean_text_drops_nul_and_marks_a_surrogate():
    assert rules.clean_text(f"a{NUL}b{SURROGATE}c") == "ab\ufffdc"
    assert rules.clean_text("plain") == "plain"
    assert rules.text_problem("plain") is None
    assert rules.text_problem(f"a{NUL}") and rules.text_problem(SURROGATE)


def test_the_api_refuses_a_surrogate_sent_as_raw_bytes_and_keeps_emoji(api, ana):
    """json.loads reads UTF-8 with surrogatepass: raw bytes ED A0 80 are a lone surrogate."""
    raw = '{"display_name": "Eve", "about": "x\ud800"}'.encode("utf-8", "surrogatepass")
    assert_error(_post_raw_json(api, "/people", raw), 422, "validation_error", "about")
    body = json.dumps({"display_name": "Eve 😀", "about": "fine \u00e9"})  # a pair: kept
    response = _post_raw_json(api, "/people", body)
    assert response.status_code == 201, response.content
    assert response.json()["display_name"] == "Eve 😀"


def test_the_page_says_the_search_in_plain_words(alice_client, ana):
    response = alice_client.get("/people/?q=a%00")
    assert "The search: This text has a NUL character" in response.content.decode()
