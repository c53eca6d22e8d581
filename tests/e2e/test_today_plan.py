"""Today's plan on a phone (375x740), in a real browser: the sentence, one action for
everything owed to one person, "Why these?", and Done on the whole group."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from goodwill.accounts import services as accounts
from goodwill.coach.models import ActionState, Assessment
from goodwill.coach.services import outreach
from goodwill.interactions import services as interactions
from goodwill.people import services as people
from goodwill.people.services import cadence

PASSWORD = "a calm walk in the park"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_a_phone_shows_the_plan_explains_it_and_marks_a_group_done(
    live_server, browser, screenshots
):
    user = accounts.create_account(username="noor", password=PASSWORD, display_name="Noor")
    Assessment.objects.create(
        owner=user, taken_at=timezone.now(), scores={"rejection": 88, "desperation": 88}
    )
    ivy = people.create_person(owner=user, display_name="Ivy Chen", given_name="Ivy")
    interactions.log_interaction(
        owner=user, participants=[ivy.pk], occurred_at=timezone.now() - dt.timedelta(days=40)
    )
    # weekly: the unanswered ask 9 days ago counts as contact, so the hello is due again
    cadence.set_cadence(owner=user, person=ivy, days=7)
    outreach.record_outreach(
        owner=user, person=ivy, asked_on=timezone.localdate() - dt.timedelta(days=9)
    )
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/login/")
    page.fill("input[name=username]", "noor")
    page.fill("input[name=password]", PASSWORD)
    page.locator("button[type=submit]").click()
    page.goto(live_server.url + "/")
    assert "Today: one gentle follow-up." in page.locator(".today-sentence").inner_text()
    action = page.locator("#action-1")
    assert "Follow up once with Ivy Chen" in action.inner_text()
    assert "Also: Your catch-up rhythm with Ivy is due" in action.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"Today scrolls sideways on a phone ({width}px)"
    page.screenshot(path=screenshots / "today-plan-phone.png", full_page=True)
    page.get_by_role("link", name="Why these?").click()
    page.wait_for_url(live_server.url + "/coach/why/")
    assert "Fear of rejection: 88 of 100" in page.content()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.screenshot(path=screenshots / "today-why-phone.png", full_page=True)
    page.go_back()
    page.locator("#action-1").get_by_role(
        "button", name="Done: Follow up once with Ivy Chen"
    ).click()
    page.wait_for_function("() => !document.querySelector('#action-1')")
    keys = set(ActionState.objects.filter(owner=user).values_list("key", flat=True))
    assert {k.split(":")[0] for k in keys} == {"follow_up", "catch_up"}
    assert not errors, errors
    context.close()
