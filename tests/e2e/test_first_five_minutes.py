"""The first five minutes, in a real browser, on a phone and on a laptop: create an
account, take the check-in, import a LinkedIn Connections.csv, pick a few people, and
find Today naming one of them with words ready to send, in at most 15 clicks.

Clicks are taps on links and buttons (choosing the file counts as one). The check-in's
answers (one per statement) and typing are counted apart and printed too.
Screenshots of each step go to GOODWILL_SCREENSHOTS (e.g. /tmp/f19-shots/).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect

from goodwill.coach.rules import content
from goodwill.people.models import Person

PASSWORD = "a calm walk in the park"
CONNECTIONS = Path(__file__).parent.parent / "fixtures/first_run/Connections.csv"
SIZES = {"phone": {"width": 375, "height": 740}, "laptop": {"width": 1280, "height": 800}}
PICKED = ["Priya Raman", "Tomás Ferreira", "Grace Okafor"]
MAX_CLICKS = 15


class Walk:
    """The page, a click counter, and a screenshot (and a no-sideways-scroll check) per step."""

    def __init__(self, page, size: str, shots: Path):
        self.page, self.size, self.shots = page, size, shots
        self.clicks = self.answers = self.step = 0

    def click(self, locator) -> None:
        self.clicks += 1
        locator.click()

    def shot(self, name: str) -> None:
        self.step += 1
        self.page.wait_for_load_state("networkidle")
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = SIZES[self.size]["width"]
        assert width <= viewport, f"{name} scrolls sideways on a {self.size} ({width}px)"
        suffix = "" if self.size == "phone" else f"-{self.size}"
        path = self.shots / f"{self.step:02d}-{name}{suffix}.png"
        self.page.screenshot(path=path, full_page=self.size == "phone")


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("size", list(SIZES))
def test_a_new_user_reaches_a_real_first_step_with_a_real_person(
    live_server, browser, screenshots, size
):
    errors: list[str] = []
    context = browser.new_context(viewport=SIZES[size])
    page = context.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    walk = Walk(page, size, screenshots)

    # 1. Create the account.
    page.goto(live_server.url + "/")
    page.get_by_label("Your name").fill("Sam Rivera")
    page.get_by_label("Username").fill("sam")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password again").fill(PASSWORD)
    walk.shot("setup")
    walk.click(page.get_by_role("button", name="Create my account"))
    page.wait_for_url(live_server.url + "/coach/welcome/")
    walk.shot("welcome")
    assert page.locator("nav [aria-current=page]").count() == 0, "nothing is current on welcome"

    # 2. The check-in: one answer per statement, then the results.
    walk.click(page.get_by_role("link", name="Start the check-in"))
    page.wait_for_url(live_server.url + "/coach/assess/")
    assert page.locator("nav [aria-current=page]").count() == 0, "nothing is current in it"
    walk.answers += 1  # the situation, asked first
    page.locator("input[name=situation][value=between_jobs]").check()
    for statement in content.statements():
        walk.answers += 1
        page.locator(f"input[name={statement['key']}][value='4']").check()
    walk.shot("check-in")
    walk.click(page.get_by_role("button", name="See what to work on first"))
    page.wait_for_url(live_server.url + "/coach/results/")
    walk.shot("results")

    # 3. Today has nobody yet: it offers the import.
    walk.click(page.get_by_role("link", name="Go to Today"))
    page.wait_for_url(live_server.url + "/")
    walk.shot("today-empty")
    walk.click(page.get_by_role("link", name="Import your contacts"))
    page.wait_for_url(live_server.url + "/import/")
    expect(page.get_by_text("Choose your contacts file")).to_be_visible()
    walk.clicks += 1  # choosing the file in the picker
    page.locator("input[type=file]").set_input_files(CONNECTIONS)
    expect(page.get_by_text("Chosen: Connections.csv")).to_be_visible()
    walk.shot("import")
    walk.click(page.get_by_role("button", name="Check the file"))
    page.wait_for_url(f"{live_server.url}/import/*/")
    expect(page.get_by_text("This looks like a LinkedIn connections file")).to_be_visible()
    walk.shot("preview")
    walk.click(page.get_by_role("button", name="Add these 5 people"))
    done = page.get_by_text("5 new people from your LinkedIn file; 0 already here")
    expect(done).to_be_visible()
    walk.shot("imported")

    # 4. Pick a few people to hear from.
    walk.click(page.get_by_role("link", name="Pick a few people you'd like to hear from"))
    page.wait_for_url(f"{live_server.url}/import/*/pick/")
    rows = page.locator(".pick-row .row-title")
    assert rows.first.inner_text() == "Priya Raman", "the most recent connection comes first"
    for name in PICKED:
        choice = "close" if name == PICKED[0] else "keep in touch"
        button = page.get_by_role("button", name=f"{name}: {choice}")
        walk.click(button)
        expect(page.get_by_role("button", name=f"{name}: {choice}")).to_have_attribute(
            "aria-pressed", "true"
        )
    walk.shot("picked")
    if size == "phone":  # the list of past imports offers the pick too, and fits a phone
        page.goto(live_server.url + "/import/history/")
        expect(page.get_by_role("link", name="Pick people to hear from in import")).to_be_visible()
        walk.shot("past-imports")
        page.go_back()
    assert Person.objects.filter(display_name__in=PICKED, next_due_on__isnull=False).count() == 3

    # 5. Today names one of them, with words ready to send.
    walk.click(page.get_by_role("link", name="Done: see Today"))
    page.wait_for_url(live_server.url + "/")
    walk.shot("today")
    expect(page.locator("nav [aria-current=page]")).to_have_text("Today")
    actions = page.locator(".today-action")
    named = [
        actions.nth(i)
        for i in range(actions.count())
        if any(n.split()[0] in actions.nth(i).inner_text() for n in PICKED)
    ]
    assert named, f"Today names none of {PICKED}: {page.locator('#actions').inner_text()}"
    first = named[0]
    if not first.locator("details[open]").count():  # only the first draft starts open
        walk.click(first.locator("summary").first)
    draft = first.locator("textarea").input_value()
    person = next(n for n in PICKED if n.split()[0] in first.inner_text())
    assert person.split()[0] in draft and len(draft) > 40, draft

    print(
        f"\n[{size}] {walk.clicks} clicks (+ {walk.answers} check-in answers); "
        f"Today: {first.locator('.row-title').inner_text()!r}\n{draft}"
    )
    assert walk.clicks <= MAX_CLICKS, f"{walk.clicks} clicks"
    assert not errors, errors
    context.close()


def _in_view(page, locator) -> bool:
    box = locator.bounding_box()
    nav = page.locator("nav.nav").bounding_box()
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= nav["y"]


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_forms_show_their_errors_in_view_and_more_opens(
    live_server, browser, screenshots, django_user_model, tmp_path
):
    user = django_user_model.objects.create_user(username="sam", password=PASSWORD)
    context = browser.new_context(viewport=SIZES["phone"])
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/**")

    # More opens a menu of the rest; a tap elsewhere closes it.
    page.goto(live_server.url + "/people/")
    page.get_by_text("More", exact=True).click()
    menu = page.locator(".nav-menu")
    expect(menu.get_by_role("link", name="Import contacts")).to_be_visible()
    expect(menu.get_by_role("link", name="Settings")).to_be_visible()
    page.screenshot(path=screenshots / "20-more-menu.png")
    page.locator("h1").click()
    expect(menu).to_be_hidden()

    # Add a person: one name and one line; the save button is in view from the start.
    page.goto(live_server.url + "/people/new/")
    save = page.get_by_role("button", name="Add person")
    assert _in_view(page, save), "the save button is on screen without scrolling"
    page.screenshot(path=screenshots / "21-add-person.png")
    page.get_by_label("How do you know them?").fill("met at the design meetup")
    save.click()
    name = page.get_by_label("Name", exact=True)
    expect(page.get_by_text("Write their name, or a few words")).to_be_visible()
    assert _in_view(page, name), "the field to fix is on screen, above the save bar"
    page.screenshot(path=screenshots / "22-add-person-error.png")

    # A calendar file is described as one, with what to do.
    ics = tmp_path / "work.ics"
    ics.write_text(
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nEND:VEVENT\r\nEND:VCALENDAR\r\n"
    )
    page.goto(live_server.url + "/import/")
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Choose a file first.")).to_be_visible()
    page.locator("input[type=file]").set_input_files(ics)
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("work.ics looks like a calendar file, not contacts.")).to_be_visible()
    page.screenshot(path=screenshots / "23-import-calendar.png", full_page=True)
    # The log form: its save bar sits below the fields, never over the one to fix.
    page.goto(live_server.url + "/log/")
    page.get_by_role("button", name="Save", exact=True).last.click()
    page.wait_for_load_state("networkidle")
    page.screenshot(path=screenshots / "24-log-error.png")
    bar = page.locator(".sticky-save").bounding_box()
    for field in page.locator(".has-error, .form-errors").all():
        box = field.bounding_box()
        overlaps = (
            box and box["y"] < bar["y"] + bar["height"] and box["y"] + box["height"] > bar["y"]
        )
        assert not overlaps, "the save bar covers a field to fix"
    who = page.locator("#who-q")
    assert _in_view(page, who) and who.bounding_box()["y"] + 40 <= bar["y"], "who to fix is hidden"
    assert not errors, errors
    context.close()
