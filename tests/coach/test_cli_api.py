"""The coach from the CLI and the API: same services, same shapes."""

from __future__ import annotations

import json

import pytest

from goodwill.accounts import services as accounts
from goodwill.coach.models import Assessment, Event, EventContact, Outreach
from goodwill.coach.rules import content

pytestmark = pytest.mark.django_db
RATINGS = [f"{s['key']}=5" for s in content.statements()]


def test_it_takes_the_check_in_and_shows_today_in_the_terminal(run, alice, frozen_now):
    args = [x for r in RATINGS for x in ("-a", r)]
    result = run("assess", *args)
    assert result.exit_code == 0, result.output
    assert "Fear of rejection: 100/100" in result.output
    today = run("today", "--json")
    plan = json.loads(today.output)
    assert plan["sentence"].startswith("Today: ")
    (first,) = [a for a in plan["actions"] if a["kind"] == "launch"]
    assert first["key"].startswith("launch:") and first["title"]
    done = run("today", "--done", first["key"])
    assert done.exit_code == 0 and f"{first['key']}: done." in done.output
    assert "✓" in run("plan").output


def test_it_names_a_bad_rating_and_exits_2(run, alice):
    result = run("assess", "-a", "reject_avoid=9", *[x for r in RATINGS[1:] for x in ("-a", r)])
    assert result.exit_code == 2 and "reject_avoid" in result.output
    assert not Assessment.objects.exists()


def test_it_records_an_ask_and_its_no_in_the_terminal(run, alice, ana, frozen_now):
    added = run("outreach", "add", "Ana Ruiz", "--kind", "advice", "--json")
    item = json.loads(added.output)
    assert item["person"]["display_name"] == "Ana Ruiz" and item["answer"] == "pending"
    answered = run("outreach", "answer", str(item["id"]), "no")
    assert "Saved: No." in answered.output
    listed = json.loads(run("outreach", "list", "--json").output)
    assert listed["stats"]["rate"] == 0 and listed["stats"]["no"] == 1


def test_it_captures_and_debriefs_an_event_in_the_terminal(run, alice, frozen_now):
    made = json.loads(run("event", "add", "Meetup", "--at", "2026-06-14 19:00", "--json").output)
    run("event", "capture", str(made["id"]), "Eva Lind - print shop", "Tom Hale: Lisbon")
    result = run("event", "debrief", str(made["id"]))
    assert "2 people added" in result.output
    assert EventContact.objects.filter(person__isnull=False).count() == 2
    assert "Follow up with Eva Lind" in run("today").output


def test_it_edits_an_event_and_who_will_be_there_in_the_terminal(run, alice, ana, frozen_now):
    made = json.loads(run("event", "add", "Meetup", "--at", "2026-06-14 19:00", "--json").output)
    edited = run("event", "edit", str(made["id"]), "--name", "Design Meetup", "--with", "Ana")
    assert edited.exit_code == 0, edited.output
    event = Event.objects.get(pk=made["id"])
    assert event.name == "Design Meetup" and list(event.people.all()) == [ana]
    assert event.place == "" and event.goal  # options not given stay as they were
    unknown = run("event", "edit", str(made["id"]), "--with", "Nobody Known")
    assert unknown.exit_code == 2 and "--with" in unknown.stderr
    assert list(Event.objects.get(pk=made["id"]).people.all()) == [ana]


def test_it_prints_a_brief(run, alice, ana, coffee):
    result = run("brief", "Ana")
    assert "Before you meet Ana Ruiz" in result.output and "marathon" in result.output


@pytest.fixture
def api(client, alice):
    # Not the shared `api` (conftest.py): one call(method, url, body) function.
    _, secret = accounts.create_token(owner=alice, name="cli")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

    def call(method, url, body=None):
        kwargs = {"content_type": "application/json", **auth}
        if body is not None:
            kwargs["data"] = json.dumps(body)
        return getattr(client, method)("/api/v1" + url, **kwargs)

    return call


def test_it_serves_today_and_the_assessment_over_the_api(api, frozen_now):
    answers = {s["key"]: 1 for s in content.statements()}
    response = api("post", "/coach/assessments", {"answers": answers})
    assert response.status_code == 201
    assert all(c["score"] <= 50 for c in response.json())
    plan = api("get", "/today").json()
    assert plan["sentence"].startswith("Today: ") and plan["scores"]["rejection"] == 0
    today = plan["actions"]
    assert today and {"key", "reason", "draft", "mailto", "rule", "why"} <= set(today[0])
    acted = api("post", "/today/act", {"key": today[0]["key"], "choice": "snoozed", "days": 2})
    assert acted.status_code == 200 and acted.json()["choice"] == "snoozed"
    assert today[0]["key"] not in [a["key"] for a in api("get", "/today").json()["actions"]]


def test_it_answers_422_naming_the_field_and_writes_nothing(api, ana):
    response = api(
        "post", "/outreach", {"person": ana.pk, "kind": "coffee", "asked_on": "2999-01-01"}
    )
    assert response.status_code == 422 and "asked_on" in response.json()["fields"]
    response = api("post", "/coach/assessments", {"answers": {"reject_avoid": 3}})
    assert response.status_code == 422
    assert not Outreach.objects.exists() and not Assessment.objects.exists()


def test_it_records_outreach_and_events_over_the_api(api, ana, frozen_now):
    made = api("post", "/outreach", {"person": ana.pk, "kind": "intro"}).json()
    patched = api("patch", f"/outreach/{made['id']}", {"answer": "yes"})
    assert patched.json()["answer"] == "yes"
    assert api("get", "/outreach/stats").json()["rate"] == 100
    event = api("post", "/events", {"name": "Meetup", "starts_at": "2026-06-14T19:00:00Z"})
    assert event.status_code == 201, event.content
    eid = event.json()["id"]
    captured = api("post", f"/events/{eid}/capture", {"entries": [{"name": "Eva", "line": "x"}]})
    assert [c["name"] for c in captured.json()["contacts"]] == ["Eva"]
    debriefed = api("post", f"/events/{eid}/debrief", {})
    assert [p["display_name"] for p in debriefed.json()["people"]] == ["Eva"]
    brief = api("get", f"/people/{ana.pk}/brief").json()
    assert brief["person"]["display_name"] == "Ana Ruiz" and brief["openers"]
