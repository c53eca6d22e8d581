"""The installable app in a real browser (Chromium, a 375x740 phone): the service worker
registers and controls the page, "log it now" keeps two entries offline, the shell loads
again while offline, and back online both arrive exactly once (an unclear name lands in
"finish these"); a push fired through the DevTools protocol shows a notification."""

from __future__ import annotations

import json
import time

import pytest
from playwright.sync_api import expect

from goodwill.accounts import services as accounts
from goodwill.interactions.models import Interaction
from goodwill.notify import services as notify
from goodwill.notify.models import QuickLog
from goodwill.people import services as people

PASSWORD = "a calm walk in the park"
PHONE = {"width": 375, "height": 740}


def log_in(page, base: str, username: str) -> None:
    page.goto(base + "/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.wait_for_load_state("networkidle")


def controlled(page) -> str:
    """Wait for the service worker to be active and control this page; its script URL."""
    page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
        page.reload()
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    return page.evaluate("navigator.serviceWorker.controller.scriptURL")


def keep(page, names: str, heard: str, kind: str = "coffee") -> None:
    page.get_by_label("Who").fill(names)
    page.get_by_label("Kind").select_option(kind)
    page.get_by_label("What you heard").fill(heard)
    page.get_by_role("button", name="Keep it").click()
    expect(page.locator("#quick-log-status")).to_contain_text("Kept")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_offline_log_it_now_arrives_once_when_back_online(live_server, browser, screenshots):
    user = accounts.create_account(username="noor", password=PASSWORD, display_name="Noor")
    ben = people.create_person(owner=user, display_name="Ben Ortega")
    for name in ("Ana Ruiz", "Ana Torres"):
        people.create_person(owner=user, display_name=name)
    errors: list[str] = []
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    log_in(page, live_server.url, "noor")

    # Lighthouse-style: the manifest is linked and parses; the worker controls the page.
    page.goto(live_server.url + "/log/now/")
    assert controlled(page).endswith("/sw.js")
    manifest = page.evaluate(
        "fetch(document.querySelector('link[rel=manifest]').href).then(r => r.json())"
    )
    assert manifest["start_url"] == "/" and len(manifest["icons"]) >= 3
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"log it now scrolls sideways ({width}px)"

    # Offline: two entries are kept on the phone; the badge counts them.
    context.set_offline(True)
    keep(page, "Ben Ortega", "Starting a bakery in the autumn", kind="call")
    keep(page, "Ana", "Back from Japan")
    badge = page.locator("#queue-badge")
    expect(badge).to_have_text("2 waiting to send")
    page.screenshot(path=screenshots / "offline-two-waiting.png", full_page=True)

    # Reload while offline: the shell comes from the service worker, the queue stays.
    page.reload()
    expect(page.get_by_role("heading", name="Log it now")).to_be_visible()
    expect(badge).to_have_text("2 waiting to send")
    assert Interaction.objects.filter(owner=user).count() == 0
    # Another page offline: the offline page, with no one's data.
    page.goto(live_server.url + "/people/")
    expect(page.get_by_role("heading", name="You are offline")).to_be_visible()
    assert "Ben Ortega" not in page.content()
    page.go_back()

    # Back online: both are sent, once. (One page sends at a time here: the test
    # database, SQLite in memory, refuses two writers where a real file would wait.)
    context.set_offline(False)
    page.evaluate("window.goodwillOffline.flush()")
    expect(badge).to_be_hidden(timeout=15000)
    expect(page.locator("#quick-log-status")).to_contain_text("1 logged; 1 to finish")
    expect(page.locator("#finish-link")).to_be_visible()
    page.reload()  # the page's own flush finds nothing left to send
    page.wait_for_load_state("networkidle")
    logged = Interaction.objects.filter(owner=user)
    assert logged.count() == 1
    assert list(logged.get().participants.all()) == [ben]
    assert QuickLog.objects.filter(owner=user).count() == 2
    page.goto(live_server.url + f"/people/{ben.pk}/")
    assert page.content().count("Starting a bakery in the autumn") == 1

    # The unclear "Ana" waits in "finish these"; picking Ana Torres logs it.
    page.goto(live_server.url + "/log/finish/")
    page.get_by_label("Ana Torres").check()
    page.get_by_role("button", name="Log it").click()
    expect(page.locator(".message")).to_contain_text("Logged")
    assert Interaction.objects.filter(owner=user).count() == 2
    page.screenshot(path=screenshots / "finish-these.png", full_page=True)
    assert not errors, errors
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_push_message_shows_a_notification(live_server, browser, screenshots):
    user = accounts.create_account(username="noor", password=PASSWORD, display_name="Noor")
    notify.add_channel(owner=user, name="phone", url="ntfy://ntfy.sh/noor-secret-topic")
    context = browser.new_context(viewport=PHONE)
    context.grant_permissions(["notifications"], origin=live_server.url)
    page = context.new_page()
    log_in(page, live_server.url, "noor")
    page.goto(live_server.url + "/settings/notifications/")
    controlled(page)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"notifications scroll sideways ({width}px)"
    page.screenshot(path=screenshots / "notifications.png", full_page=True)
    assert "noor-secret-topic" not in page.content()
    cdp = context.new_cdp_session(page)
    registrations: list[str] = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda e: registrations.extend(r["registrationId"] for r in e["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + 10
    while not registrations and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert registrations, "no service worker registration reported"
    message = {"title": "Today: 2 people to reach", "body": "Ana Ruiz and Ben Ortega.", "url": "/"}
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {
            "origin": live_server.url,
            "registrationId": registrations[-1],
            "data": json.dumps(message),
        },
    )
    shown = []
    deadline = time.monotonic() + 10
    while not shown and time.monotonic() < deadline:
        shown = page.evaluate(
            "navigator.serviceWorker.ready.then(r => r.getNotifications())"
            ".then(list => list.map(n => [n.title, n.body]))"
        )
        page.wait_for_timeout(100)
    assert shown == [[message["title"], message["body"]]]
    context.close()
