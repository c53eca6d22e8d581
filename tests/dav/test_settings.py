"""The one setting (notes in cards), the same from the web page, the API and the CLI."""

from __future__ import annotations

import json

import pytest

from goodwill.dav import services as dav_service

pytestmark = pytest.mark.django_db


def test_the_page_says_how_to_connect_and_saves_the_notes_switch(alice_client, alice):
    page = alice_client.get("/settings/contacts-app/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "/dav/" in text and "alice" in text
    assert "not your account password" in text
    assert "read-only for now" in text
    saved = alice_client.post("/settings/contacts-app/", {"include_notes": "on"}, follow=True)
    assert saved.status_code == 200
    assert "Cards now carry your notes" in saved.content.decode()
    assert dav_service.settings_for(alice).include_notes is True
    alice_client.post("/settings/contacts-app/", {})
    assert dav_service.settings_for(alice).include_notes is False


def test_the_tokens_page_leads_to_the_contacts_app_page(alice_client):
    assert "/settings/contacts-app/" in alice_client.get("/settings/tokens/").content.decode()


def test_the_page_needs_a_login(client, alice):
    response = client.get("/settings/contacts-app/")
    assert response.status_code == 302


def test_the_api_reads_and_changes_the_setting(api, alice):
    got = api.get("/carddav/settings")
    assert got.status_code == 200, got.content
    data = got.json()
    assert data["include_notes"] is False and data["username"] == "alice"
    assert data["server"].endswith("/dav/") and data["read_only"] is True
    changed = api.patch("/carddav/settings", {"include_notes": True})
    assert changed.status_code == 200 and changed.json()["include_notes"] is True
    wrong = api.patch("/carddav/settings", {"include_notes": "maybe"})
    assert wrong.status_code == 422
    assert "include_notes" in wrong.content.decode()
    assert dav_service.settings_for(alice).include_notes is True


def test_the_cli_shows_and_changes_the_setting(run, alice, settings):
    settings.GOODWILL_CLI_USER = "alice"
    shown = run("carddav", "settings")
    assert shown.exit_code == 0, shown.output
    assert "User name: alice" in shown.output and "not your password" in shown.output
    changed = run("carddav", "settings", "--notes", "--json")
    assert changed.exit_code == 0, changed.output
    assert json.loads(changed.output)["include_notes"] is True
    assert dav_service.settings_for(alice).include_notes is True
