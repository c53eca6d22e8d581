"""A new user, in a real browser on a phone: first account, check-in (with where they
are), what to work on first, the launch plan with its ready words, first Today action."""

from __future__ import annotations

import pytest

from goodwill.coach.models import Assessment, LaunchStep
from goodwill.coach.rules import content

PASSWORD = "a calm walk in the park"


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_walks_a_new_user_to_a_first_today_action_with_its_draft(
    live_server, browser, screenshots
):
    errors: list[str] = []
    context = browser.new_context(viewport={"width": 375, "height": 740})
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    page.wait_for_url(live_server.url + "/coach/welcome/")
    page.get_by_role("link", name="Start the check-in").click()
    page.wait_for_url(live_server.url + "/coach/assess/")
    page.get_by_label("Growing a business").check()
    for statement in content.statements():
        page.locator(f"input[name={statement['key']}][value='4']").check()
    # the five choices sit on one line: "5" is never alone on a line of its own
    tops = (
        page.locator(".checkin-scale")
        .first.locator("label")
        .evaluate_all("labels => labels.map(l => Math.round(l.getBoundingClientRect().top))")
    )
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    page.screenshot(path=screenshots / "coach-1-assess-phone.png", full_page=True)
    page.get_by_role("button", name="See what to work on first").click()
    page.wait_for_url(live_server.url + "/coach/results/")
    assert page.get_by_role("heading", name="What to work on first").is_visible()
    assert Assessment.objects.get().situation == "business"
    page.screenshot(path=screenshots / "coach-2-results-phone.png", full_page=True)
    page.get_by_role("link", name="See your first steps").click()
    page.wait_for_url(live_server.url + "/coach/plan/")
    first = LaunchStep.objects.order_by("position").first()
    assert first.key == "no_ask_hello"  # fear of rejection scored 75: the gentlest first
    assert page.get_by_text("Ready words").first.is_visible()
    assert "Hi there," in page.locator("#steps textarea").first.input_value()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"The plan scrolls sideways on a phone ({width}px)"
    page.screenshot(path=screenshots / "coach-3-plan-phone.png", full_page=True)
    page.locator("main").get_by_role("link", name="Go to Today").click()
    page.wait_for_url(live_server.url + "/")
    action = page.locator("#action-1")
    assert first.title in action.inner_text()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"Today scrolls sideways on a phone ({width}px)"
    page.screenshot(path=screenshots / "coach-4-today-phone.png", full_page=True)
    action.get_by_role("button", name=f"Done: {first.title}").click()
    page.wait_for_function(
        "title => !document.querySelector('#action-1')?.innerText.includes(title)",
        arg=first.title,
    )
    first.refresh_from_db()
    assert first.done_at is not None
    assert not errors, errors
    context.close()
