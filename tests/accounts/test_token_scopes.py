"""Token scopes: a level (read or write) and, optionally, mcp, the same in the service, the
API, the CLI and the tokens page; the level rules the REST API whatever else is set."""

import json

import pytest
from django.core.exceptions import ValidationError

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken
from goodwill.people.models import Person

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("read", "read"),
        ("write", "write"),
        ("mcp", "write mcp"),
        ("read mcp", "read mcp"),
        ("MCP, read", "read mcp"),
        (["write", "mcp"], "write mcp"),
        ("", "write"),
    ],
)
def test_it_stores_the_level_then_mcp(alice, given, stored):
    token, _ = accounts.create_token(owner=alice, name="t", scope=given)
    assert token.scope == stored
    assert token.can_write == ("write" in stored)
    assert token.can_mcp == ("mcp" in stored)


@pytest.mark.parametrize(
    ("given", "message"),
    [("admin", "'admin' is not a scope"), ("read write", "Choose read or write, not both.")],
)
def test_it_names_the_scope_field_when_it_is_wrong(alice, given, message):
    with pytest.raises(ValidationError) as caught:
        accounts.create_token(owner=alice, name="t", scope=given)
    assert message in caught.value.message_dict["scope"][0]
    assert not ApiToken.objects.exists()


def test_the_api_takes_and_shows_scopes(alice_client, alice):
    created = alice_client.post(
        "/api/v1/tokens", {"name": "claude", "scope": "read mcp"}, content_type="application/json"
    )
    assert created.status_code == 201
    assert created.json()["scope"] == "read mcp"
    assert created.json()["scopes"] == ["read", "mcp"]
    as_list = alice_client.post(
        "/api/v1/tokens",
        {"name": "agent", "scope": ["write", "mcp"]},
        content_type="application/json",
    )
    assert as_list.status_code == 201 and as_list.json()["scope"] == "write mcp"
    listed = alice_client.get("/api/v1/tokens").json()["items"]
    assert {t["scope"] for t in listed} == {"read mcp", "write mcp"}
    bad = alice_client.post(
        "/api/v1/tokens", {"name": "x", "scope": "read write"}, content_type="application/json"
    )
    assert bad.status_code == 422 and "scope" in bad.json()["fields"]


def test_the_level_rules_the_rest_api_whatever_else_is_set(client, alice):
    _, reader = accounts.create_token(owner=alice, name="r", scope="read mcp")
    _, writer = accounts.create_token(owner=alice, name="w", scope="write mcp")
    body = json.dumps({"display_name": "Zoe"})
    read_auth = {"HTTP_AUTHORIZATION": f"Bearer {reader}"}
    assert client.get("/api/v1/people", **read_auth).status_code == 200
    refused = client.post("/api/v1/people", body, content_type="application/json", **read_auth)
    assert refused.status_code == 403 and "read-only" in refused.json()["message"]
    write_auth = {"HTTP_AUTHORIZATION": f"Bearer {writer}"}
    made = client.post("/api/v1/people", body, content_type="application/json", **write_auth)
    assert made.status_code == 201
    assert Person.objects.filter(owner=alice, display_name="Zoe").count() == 1


def test_the_cli_takes_scope_words(run, alice, settings):
    settings.GOODWILL_CLI_USER = "alice"
    assert run("token", "create", "claude", "--scope", "read", "--scope", "mcp").exit_code == 0
    assert run("token", "create", "desk", "--scope", "write mcp").exit_code == 0
    assert run("token", "create", "old", "--read-only", "--scope", "mcp").exit_code == 0
    scopes = dict(ApiToken.objects.filter(owner=alice).values_list("name", "scope"))
    assert scopes == {"claude": "read mcp", "desk": "write mcp", "old": "read mcp"}
    clash = run("token", "create", "x", "--read-only", "--scope", "write")
    assert clash.exit_code == 2 and "do not go together" in clash.output
    wrong = run("token", "create", "x", "--scope", "admin")
    assert wrong.exit_code == 2 and "scope: 'admin' is not a scope" in wrong.output
    listed = run("token", "list")
    assert "read only, MCP too" in listed.output and "read and write, MCP too" in listed.output
    as_json = json.loads(run("token", "list", "--json").output)
    assert {t["name"]: t["scopes"] for t in as_json}["desk"] == ["write", "mcp"]


def test_the_tokens_page_offers_mcp(alice_client, alice):
    page = alice_client.get("/settings/tokens/").content.decode()
    assert "An AI assistant may use it too (MCP)" in page
    alice_client.post("/settings/tokens/", {"name": "claude", "scope": "read", "mcp": "on"})
    alice_client.post("/settings/tokens/", {"name": "laptop", "scope": "write"})
    scopes = dict(ApiToken.objects.filter(owner=alice).values_list("name", "scope"))
    assert scopes == {"claude": "read mcp", "laptop": "write"}
    assert "read only, MCP too" in alice_client.get("/settings/tokens/").content.decode()
