"""A draft in a real browser, on a phone: edited before sending, the mail link carries the
edited words, and "Mark as sent" keeps them."""

from __future__ import annotations

from urllib.parse import unquote

import pytest

from goodwill.accounts import services as accounts
from goodwill.leads import services as leads
from goodwill.leads.models import ReportBack
from goodwill.people import services as people

PASSWORD = "a calm walk in the park"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_an_edited_draft_is_what_gets_sent(live_server, browser, screenshots):
    owner = accounts.create_account(username="sam", email="sam@example.org", password=PASSWORD)
    grace = people.create_person(
        owner=owner, display_name="Grace Liu", given_name="Grace", emails=["grace@example.org"]
    )
    tom = people.create_person(owner=owner, display_name="Tom Reyes", given_name="Tom")
    lead = leads.create_lead(
        owner=owner, referrer=grace.pk, prospect=tom.pk, opportunity="new website for RouteWise"
    )
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_load_state()
    page.goto(f"{live_server.url}/leads/{lead.pk}/")

    body = page.locator("#report-body")
    assert "Thank you" in body.input_value() and "RouteWise" in body.input_value()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"the lead page scrolls sideways on a phone ({width}px)"
    page.screenshot(path=screenshots / "draft-1-lead-phone.png", full_page=True)

    edited = "Hi Grace,\n\nThank you so much! Tom and I talk on Friday.\n\nSam"
    body.fill(edited)
    page.locator("#report-subject").fill("Thank you, Grace")
    # "Write the email" carries the edited words (the mail app itself is not opened here)
    page.evaluate(
        "document.addEventListener('click', e => {"
        "  if (e.target.closest('a[data-mailto-to]')) e.preventDefault(); });"
        "document.querySelector('a[data-mailto-to]').dispatchEvent("
        "new MouseEvent('click', {bubbles: true, cancelable: true}))"
    )
    href = unquote(page.locator("a[data-mailto-to]").get_attribute("href"))
    assert href.startswith("mailto:grace@example.org?subject=Thank you, Grace&body=Hi Grace,")
    assert "Tom and I talk on Friday" in href

    page.get_by_role("button", name="Mark as sent").click()
    page.wait_for_function(
        "() => document.querySelector('#story').innerText.includes('Thank you, Grace')"
    )
    report = ReportBack.objects.get(lead=lead)
    assert report.body == edited and report.subject == "Thank you, Grace"
    assert report.interaction.notes == edited
    assert not errors, errors
    context.close()
