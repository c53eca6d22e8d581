"""First run in a real browser: set up, add a person, log a coffee on a phone."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from goodwill.accounts.models import User
from goodwill.interactions.models import Interaction
from goodwill.people.models import Person

PASSWORD = "a calm walk in the park"
PHONE = {"width": 375, "height": 740}
DESKTOP = {"width": 1280, "height": 900}


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_walks_a_new_user_from_setup_to_a_logged_coffee(live_server, browser, screenshots):
    errors: list[str] = []
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    # No account yet: every page leads to "create your account".
    page.goto(live_server.url + "/")
    assert page.url.endswith("/setup/")
    page.screenshot(path=screenshots / "1-setup.png", full_page=True)
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    # A short welcome offers the check-in; this walk skips it.
    page.wait_for_url(live_server.url + "/coach/welcome/")
    page.get_by_role("link", name="Skip for now").click()
    page.wait_for_url(live_server.url + "/")
    assert page.get_by_role("heading", name="Today").is_visible()
    assert User.objects.get().username == "sam"
    page.screenshot(path=screenshots / "2-home-empty.png", full_page=True)

    # Add a person.
    page.get_by_role("link", name="Add one person").click()
    page.get_by_label("Name", exact=True).fill("Ana Ruiz")
    page.get_by_text("More details").click()  # the rest is optional, behind one tap
    page.get_by_label("Organization").fill("Ruiz Studio")
    page.get_by_label("Emails").fill("ana@ruiz.example")
    page.get_by_label("Tags").fill("design, madrid")
    page.get_by_role("button", name="Add person").click()
    page.wait_for_url(re.compile(r"/people/\d+/$"))
    ana = Person.objects.get(display_name="Ana Ruiz")

    # On a phone: log a coffee, picking Ana with the type-ahead.
    phone = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    mobile = phone.new_page()
    mobile.on("pageerror", lambda e: errors.append(str(e)))
    mobile.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    mobile.on(
        "response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    mobile.goto(live_server.url + "/people/")
    mobile.screenshot(path=screenshots / "3-people-phone.png", full_page=True)
    mobile.get_by_role("link", name="Log", exact=True).click()
    mobile.wait_for_url(live_server.url + "/log/")
    mobile.locator("label[for=kind-coffee]").click()
    mobile.get_by_label("Find someone").fill("ana")
    pick = mobile.locator("#who-results").get_by_text("Ana Ruiz")
    pick.click()
    chosen = mobile.locator("#chosen input[name=participants]")
    chosen.first.wait_for()
    assert chosen.count() == 1 and chosen.first.get_attribute("value") == str(ana.pk)
    mobile.get_by_label("In a few words").fill("Coffee by the river")
    mobile.get_by_label("Things to ask next time").fill("How did the pitch go?")
    mobile.screenshot(path=screenshots / "4-log-phone.png", full_page=True)
    width = mobile.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the log form scrolls sideways ({width}px)"
    mobile.get_by_role("button", name="Save", exact=True).last.click()

    # The coffee is on Ana's timeline.
    mobile.wait_for_url(live_server.url + f"/people/{ana.pk}/")
    timeline = mobile.get_by_role("region", name="Timeline")
    assert timeline.get_by_text("Coffee by the river").is_visible()
    assert mobile.get_by_text("How did the pitch go?").is_visible()
    interaction = Interaction.objects.get()
    assert interaction.kind == "coffee" and list(interaction.participants.all()) == [ana]
    mobile.screenshot(path=screenshots / "5-person-phone.png", full_page=True)
    page.goto(live_server.url + f"/people/{ana.pk}/")
    page.screenshot(path=screenshots / "6-person-desktop.png", full_page=True)
    page.goto(live_server.url + "/people/")
    page.screenshot(path=screenshots / "7-people-desktop.png", full_page=True)
    page.goto(live_server.url + "/")
    page.screenshot(path=screenshots / "8-home-desktop.png", full_page=True)

    assert not errors, errors  # no CSP violations, no script errors
    phone.close()
    context.close()


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_searches_and_ticks_asks_in_place_with_htmx(live_server, browser, screenshots):
    from goodwill.accounts import services as accounts
    from goodwill.interactions.models import AskNext, Promise
    from goodwill.people import services as people

    user = accounts.create_account(username="kim", password=PASSWORD)
    ana = people.create_person(owner=user, display_name="Ana Ruiz", tags=["design"])
    people.create_person(owner=user, display_name="Ben Ito")
    errors: list[str] = []
    context = browser.new_context(viewport=PHONE)
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("kim")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")

    # Live search swaps only the results: the search box keeps focus and its text.
    page.goto(live_server.url + "/people/")
    page.evaluate("window.__same_page = true")
    page.get_by_label("Search").press_sequentially("ben", delay=30)
    expect(page.locator("#results")).not_to_contain_text("Ana Ruiz")
    assert page.evaluate("window.__same_page") is True
    assert "Ben Ito" in page.locator("#results").inner_text()
    assert "q=ben" in page.url  # the URL follows, so reload and back work

    # Things to ask: add and tick off without leaving the page.
    page.goto(live_server.url + f"/people/{ana.pk}/")
    page.evaluate("window.__same_page = true")
    page.get_by_label("Something to ask next time").fill("Her trip to Japan")
    page.get_by_role("button", name="Add", exact=True).click()
    page.get_by_text("Her trip to Japan").wait_for()
    page.get_by_role("button", name="Mark “Her trip to Japan” as asked").click()
    page.get_by_text("Already asked (1)").wait_for()
    assert page.evaluate("window.__same_page") is True
    assert AskNext.objects.get(person=ana).done_at is not None
    # A promise: add it and keep it in place too.
    page.get_by_label("Something you promised").fill("Send her the case studies")
    page.get_by_role("button", name="Add promise").click()
    page.get_by_text("Send her the case studies").wait_for()
    page.get_by_role("button", name="Mark “Send her the case studies” as done").click()
    expect(page.locator("#promises")).not_to_contain_text("Send her the case studies")
    assert page.evaluate("window.__same_page") is True
    assert Promise.objects.get(person=ana).done_at is not None
    page.screenshot(path=screenshots / "9-asks-phone.png", full_page=True)
    assert not errors, errors
    context.close()
