"""Channels on every surface (web settings, API, CLI), the URL never shown back, and
the installable app's files checked the way Lighthouse would: the manifest parses, its
icons exist at the sizes it declares, the service worker is served at the root."""

from __future__ import annotations

import io
import json

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

from goodwill.core import vault
from goodwill.notify import services as notify
from goodwill.notify.models import Channel, NotifySettings
from tests.api_support import api_for

SECRET_URL = "ntfy://ntfy.sh/tk_very-secret-topic-0042"


def test_the_url_is_sealed_at_rest_and_only_its_start_is_shown(alice, alice_client, client):
    channel = notify.add_channel(owner=alice, name="phone", url=SECRET_URL)
    stored = Channel.objects.values_list("url_sealed", flat=True).get(pk=channel.pk)
    assert "very-secret" not in stored and vault.unseal(stored) == SECRET_URL
    assert channel.url_hint == "ntfy://ntfy.sh/…"
    page = alice_client.get("/settings/notifications/").content.decode()
    assert "ntfy://ntfy.sh/…" in page and "very-secret" not in page
    listed = api_for(client, alice).get("/notify/channels").content.decode()
    assert "ntfy.sh" in listed and "very-secret" not in listed


def test_the_web_page_adds_a_channel_and_names_a_bad_url(alice, alice_client):
    bad = alice_client.post(
        "/settings/notifications/", {"name": "chat", "url": "https://example.org"}
    )
    assert bad.status_code == 422
    assert "Apprise" in bad.content.decode()
    good = alice_client.post(
        "/settings/notifications/",
        {"name": "chat", "url": "tgram://123456:abcdef/987654", "topics": ["today", "event"]},
    )
    assert good.status_code == 302
    channel = Channel.objects.get(owner=alice)
    assert channel.topics == ["today", "event"] and channel.url_hint == "tgram://123456/…"
    alice_client.post(
        f"/settings/notifications/channels/{channel.pk}/", {f"c{channel.pk}-topics": ["lead"]}
    )
    channel.refresh_from_db()
    assert channel.topics == ["lead"]
    alice_client.post(f"/settings/notifications/channels/{channel.pk}/remove/")
    assert not Channel.objects.filter(owner=alice).exists()


def test_quiet_hours_on_the_page_and_in_the_api(alice, alice_client, client):
    response = alice_client.post(
        "/settings/notifications/quiet/",
        {
            "quiet_enabled": "on",
            "quiet_start": "22:30",
            "quiet_end": "07:00",
            "morning_at": "07:30",
        },
    )
    assert response.status_code == 302
    config = NotifySettings.objects.get(owner=alice)
    assert (config.quiet_start.hour, config.quiet_end.hour) == (22, 7)
    api = api_for(client, alice)
    refused = api.patch("/notify/settings", {"morning_at": "23:00"})
    assert refused.status_code == 422 and "morning_at" in refused.json()["fields"]
    assert api.patch("/notify/settings", {"quiet_end": "6:45"}).json()["quiet_end"] == "06:45"


def test_the_api_adds_tests_and_removes_a_channel(alice, client):
    api = api_for(client, alice)
    made = api.post("/notify/channels", {"name": "hook", "url": "json://127.0.0.1:9/x"})
    assert made.status_code == 201 and made.json()["url_hint"] == "json://127.0.0.1/…"
    assert "url" not in made.json()
    tested = api.post(f"/notify/channels/{made.json()['id']}/test").json()
    assert tested["sent"] is False and tested["error"]  # nothing listens on port 9
    again = api.post("/notify/channels", {"name": "HOOK", "url": "json://127.0.0.1:9/x"})
    assert again.status_code == 422 and "name" in again.json()["fields"]
    assert api.delete(f"/notify/channels/{made.json()['id']}").status_code == 204


def test_the_cli_adds_lists_chooses_and_removes(alice, run, settings):
    settings.GOODWILL_CLI_USER = "alice"
    added = run("notify", "add", SECRET_URL, "--name", "phone", "--json")
    assert added.exit_code == 0, added.output
    assert "very-secret" not in added.output and json.loads(added.output)["name"] == "phone"
    listed = run("notify", "list")
    assert "phone" in listed.output and "very-secret" not in listed.output
    chosen = run("notify", "choose", "phone", "today,event", "--json")
    assert json.loads(chosen.output)["topics"] == ["today", "event"]
    wrong = run("notify", "choose", "phone", "gossip")
    assert wrong.exit_code == 2 and "topics" in wrong.output
    quiet = run("notify", "quiet", "--from", "22:00", "--until", "07:00")
    assert "Quiet from 22:00 to 07:00" in quiet.output
    assert run("notify", "remove", "phone", "--yes").exit_code == 0
    assert not Channel.objects.filter(owner=alice).exists()


# ---------------------------------------------------------------- the installable app


def test_the_manifest_parses_and_its_icons_exist_at_the_declared_sizes(client, alice):
    response = client.get("/manifest.webmanifest")
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["start_url"] == "/" and manifest["display"] == "standalone"
    assert manifest["name"] and manifest["short_name"] and manifest["theme_color"]
    purposes = set()
    for icon in manifest["icons"]:
        served = client.get(icon["src"])
        assert served.status_code == 200, icon["src"]
        image = Image.open(io.BytesIO(b"".join(served.streaming_content)))
        assert f"{image.width}x{image.height}" == icon["sizes"] and image.format == "PNG"
        purposes.add((icon["sizes"], icon["purpose"]))
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes


def test_the_service_worker_is_served_from_the_root_and_keeps_no_data_pages(client, alice):
    response = client.get("/sw.js")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assets = json.loads(body.split("const ASSETS = ", 1)[1].split(";", 1)[0])
    for asset in assets:
        if asset.startswith("/static/"):
            assert finders.find(asset.removeprefix("/static/")), asset
    # The shell only: static files and the offline page, never a page of people.
    assert all(a.startswith("/static/") or a == "/offline/" for a in assets)
    assert '"/people/' not in body and "/api/" not in body


def test_the_offline_page_holds_no_one_and_every_page_links_the_manifest(alice_client, ana):
    offline = alice_client.get("/offline/").content.decode()
    assert "Ana Ruiz" not in offline and "Log it now" in offline
    home = alice_client.get("/").content.decode()
    assert 'rel="manifest"' in home and "pwa.js" in home and 'id="queue-badge"' in home


@pytest.mark.parametrize("url", ["/settings/notifications/", "/log/now/", "/log/finish/"])
def test_the_pages_load(alice_client, url):
    assert alice_client.get(url).status_code == 200
