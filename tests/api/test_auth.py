"""API auth (tokens and session with CSRF), tokens, the error shape and the OpenAPI docs."""

import re

import pytest
from django.conf import settings
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken
from goodwill.people.models import Person
from tests.api_support import Api, api_for, assert_error


def test_it_accepts_a_valid_token(api, alice):
    response = api.get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["username"] == "alice" and body["id"] == alice.pk
    assert body["person"]["is_me"] is True
    assert ApiToken.objects.get(owner=alice).last_used_at is not None


def test_it_refuses_a_missing_token_with_401_in_the_error_shape(client, alice):
    response = Api(client, None).get("/people")
    assert_error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("header", ["Bearer gw_not-a-real-token", "Bearer nonsense", "Bearer "])
def test_it_refuses_a_wrong_token(client, alice, header):
    response = client.get("/api/v1/people", HTTP_AUTHORIZATION=header)
    assert_error(response, 401, "unauthorized")


def test_it_refuses_a_revoked_token(client, alice):
    token, secret = accounts.create_token(owner=alice, name="old laptop")
    api = Api(client, secret)
    assert api.get("/me").status_code == 200
    accounts.revoke_token(owner=alice, token=token)
    assert_error(api.get("/me"), 401, "unauthorized")


def test_it_refuses_a_wrong_token_even_with_a_logged_in_session(alice_client):
    response = alice_client.get("/api/v1/me", HTTP_AUTHORIZATION="Bearer gw_wrong")
    assert_error(response, 401, "unauthorized")


def test_it_accepts_the_logged_in_session_for_reads(alice_client):
    response = alice_client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["username"] == "alice"


def test_it_requires_the_csrf_token_for_session_writes(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    body = '{"display_name": "Cleo"}'
    refused = client.post("/api/v1/people", body, content_type="application/json")
    assert_error(refused, 403, "forbidden")
    assert not Person.objects.filter(owner=alice, display_name="Cleo").exists()
    token = _get_new_csrf_string()  # what the web pages put in the csrftoken cookie
    client.cookies[settings.CSRF_COOKIE_NAME] = token
    accepted = client.post(
        "/api/v1/people", body, content_type="application/json", HTTP_X_CSRFTOKEN=token
    )
    assert accepted.status_code == 201, accepted.content
    assert accepted.json()["display_name"] == "Cleo"


def test_it_does_not_need_csrf_with_a_token(alice):
    client = Client(enforce_csrf_checks=True)
    api = api_for(client, alice)
    assert api.post("/people", {"display_name": "Dana"}).status_code == 201


def test_it_creates_a_token_showing_the_secret_once(api, alice):
    response = api.post("/tokens", {"name": "phone"})
    assert response.status_code == 201
    body = response.json()
    secret = body["secret"]
    assert secret.startswith("gw_") and body["hint"] == secret[:8]
    stored = ApiToken.objects.get(pk=body["id"])
    assert stored.digest == ApiToken.hash(secret) and secret not in stored.digest
    listed = api.get("/tokens").json()
    assert {t["name"] for t in listed["items"]} == {"alice's tests", "phone"}
    assert all("secret" not in t for t in listed["items"])
    assert Api(api.client, secret).get("/me").status_code == 200


def test_it_revokes_a_token_so_it_stops_working(api, alice):
    created = api.post("/tokens", {"name": "script"}).json()
    response = api.delete(f"/tokens/{created['id']}")
    assert response.status_code == 200
    assert response.json()["revoked_at"] is not None
    assert ApiToken.objects.get(pk=created["id"]).revoked_at is not None
    assert_error(Api(api.client, created["secret"]).get("/me"), 401, "unauthorized")


def test_it_needs_a_name_for_a_token(api, alice):
    assert_error(api.post("/tokens", {"name": "  "}), 422, "validation_error", "name")
    assert_error(api.post("/tokens", {}), 422, "validation_error", "name")
    assert ApiToken.objects.filter(owner=alice).count() == 1


def test_it_404s_on_another_accounts_token(api, bob):
    bobs, _ = accounts.create_token(owner=bob, name="bob's")
    assert_error(api.delete(f"/tokens/{bobs.pk}"), 404, "not_found")
    bobs.refresh_from_db()
    assert bobs.revoked_at is None


def test_it_serves_the_openapi_schema_listing_the_paths(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    paths = schema["paths"]
    for path in (
        "/api/v1/people",
        "/api/v1/people/{person_id}",
        "/api/v1/people/{person_id}/cadence",
        "/api/v1/people/{person_id}/ask-next",
        "/api/v1/people/{person_id}/relationships",
        "/api/v1/interactions",
        "/api/v1/due",
        "/api/v1/me",
        "/api/v1/tags",
        "/api/v1/organizations",
        "/api/v1/tokens",
    ):
        assert path in paths, path
    schemes = schema["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}


def test_it_serves_the_docs_page_from_local_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    # Nothing is loaded from another host (a CDN); "cdn" itself may occur in a CSRF token.
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', html)
    assert "script-src 'self'" in response["Content-Security-Policy"]
    # No inline script for the CSP to block: only src= scripts and a JSON data block.
    assert html.count("<script") == html.count("<script src=") + html.count(
        '<script type="application/json"'
    )


def test_it_describes_itself_at_the_root(client):
    body = client.get("/api/v1/").json()
    assert body["openapi"].endswith("/api/v1/openapi.json")


def test_it_answers_a_wrong_method_in_the_error_shape(api):
    response = api.put("/people", {})
    assert_error(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"]


def test_it_answers_malformed_json_with_400_in_the_error_shape(api, alice):
    response = api.client.post(
        "/api/v1/people", data="{not json", content_type="application/json", **api.headers
    )
    assert_error(response, 400, "bad_request")


def test_it_never_leaks_a_traceback(api, monkeypatch):
    from goodwill.people import services as people

    def boom(**kwargs):
        raise RuntimeError("secret internals")

    monkeypatch.setattr(people, "create_person", boom)
    response = api.post("/people", {"display_name": "X"})
    body = assert_error(response, 500, "server_error")
    assert "secret internals" not in response.content.decode()
    assert "Traceback" not in body["message"]
