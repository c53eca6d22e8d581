"""The MCP server through the SDK's in-memory client: every tool answers alice with
structured content and a short text, writes preview first and save only once confirmed,
a read-only principal never writes, and bob sees none of alice's data through any tool.

The tests are synchronous and drive the client with async_to_sync, so the tools' Django
work (sync_to_async, thread-sensitive) runs on the test's own thread and database
transaction."""

from __future__ import annotations

import json

import pytest
from asgiref.sync import async_to_sync
from mcp import Client
from mcp.shared.exceptions import MCPError

from goodwill.giving import services as giving
from goodwill.giving.models import Give, Need, Offer
from goodwill.giving.services import intros
from goodwill.interactions.models import AskNext, Interaction, Promise
from goodwill.leads import services as leads
from goodwill.leads.models import Lead
from goodwill.mcp import rules
from goodwill.mcp.server import Principal, build_server
from goodwill.people import services as people
from goodwill.people.models import Person

READ_TOOLS = {
    "today", "person_brief", "find_people", "who_can_help", "warm_paths",
    "lead_report", "draft_intro", "due",
}  # fmt: skip
WRITE_TOOLS = {"log_interaction", "record_need", "record_offer", "record_give", "lead_add"}


def session(user, steps, *, can_write: bool = True):
    """Run ``steps(client)`` against the server acting as ``user``; returns its result."""

    async def main():
        server = build_server(Principal(user_id=user.pk, can_write=can_write))
        async with Client(server) as client:
            return await steps(client)

    return async_to_sync(main)()


def call(user, name: str, arguments: dict | None = None, **kwargs):
    async def steps(client):
        return await client.call_tool(name, arguments or {})

    return session(user, steps, **kwargs)


@pytest.fixture
def world(alice, ana, ben, coffee, need, frozen_now):
    """alice's account: ana (a coffee, a thing to ask, a need), ben who offers React work,
    gave alice a lead about ana and could be introduced to her."""
    giving.create_offer(owner=alice, person=ben, text="React development, freelance")
    people.update_person(owner=alice, person=ben, cadence_days=7)  # due within 30 days
    lead = leads.create_lead(
        owner=alice, referrer=ben, prospect=ana, opportunity="A new website for Ruiz Studio"
    )
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, reason="React", need=need)
    return {"lead": lead, "intro": intro}


def text_of(result) -> str:
    return result.content[0].text


def test_it_lists_the_coachs_verbs_with_read_and_write_hints(alice):
    async def steps(client):
        return (await client.list_tools()).tools

    tools = {tool.name: tool for tool in session(alice, steps)}
    assert set(tools) == READ_TOOLS | WRITE_TOOLS
    for name in READ_TOOLS:
        assert tools[name].annotations.read_only_hint is True, name
    for name in WRITE_TOOLS:
        assert tools[name].annotations.read_only_hint is False, name
        assert "confirm" in tools[name].input_schema["properties"], name
        assert tools[name].description


def test_every_read_tool_answers_with_structure_and_a_short_text(alice, ana, ben, need, world):
    calls = {
        "today": {},
        "person_brief": {"person": "Ana Ruiz"},
        "find_people": {"query": "ruiz"},
        "who_can_help": {"need_id": need.pk},
        "warm_paths": {"to": "Ana Ruiz"},
        "lead_report": {"lead_id": world["lead"].pk},
        "draft_intro": {"intro_id": world["intro"].pk},
        "due": {"days": 30},
    }
    assert set(calls) == READ_TOOLS

    async def steps(client):
        return {name: await client.call_tool(name, args) for name, args in calls.items()}

    results = session(alice, steps)
    for name, result in results.items():
        assert not result.is_error, (name, text_of(result))
        assert isinstance(result.structured_content, dict) and result.structured_content, name
        assert text_of(result).strip(), name

    brief = results["person_brief"].structured_content
    assert brief["person"]["id"] == ana.pk
    assert "How did the marathon go?" in brief["open_asks"]
    assert "Looking for a React developer" in brief["needs"]
    assert "How did the marathon go?" in text_of(results["person_brief"])
    assert [p["id"] for p in results["find_people"].structured_content["people"]] == [ana.pk]
    helpers = results["who_can_help"].structured_content["helpers"]
    assert helpers and helpers[0]["person_id"] == ben.pk and helpers[0]["reasons"]
    assert "Ben Ortega" in text_of(results["who_can_help"])
    assert results["lead_report"].structured_content["draft"]["to_name"] == "Ben Ortega"
    assert results["draft_intro"].structured_content["draft"]["body"]
    assert [p["id"] for p in results["due"].structured_content["people"]] == [ben.pk]
    assert "Ben Ortega" in text_of(results["due"])
    plan = results["today"].structured_content
    assert plan["sentence"] and isinstance(plan["actions"], list)


def test_the_brief_says_what_you_owe_them(alice, ana, ben, world):
    Promise.objects.create(
        owner=alice, person=ben, text="Send Ben the pitch deck", due_on="2026-06-18"
    )
    result = call(alice, "person_brief", {"person": str(ben.pk)})
    assert not result.is_error, text_of(result)
    owed = result.structured_content["you_owe"]
    assert any("pitch deck" in line for line in owed)
    assert result.structured_content["lead_actions"], "the thank-you for the lead is owed"
    assert "What you owe them" in text_of(result)


WRITES = {
    "log_interaction": (
        {
            "people": ["Ana Ruiz"],
            "kind": "call",
            "summary": "Catch-up call",
            "needs": ["a photographer for the launch"],
            "offers": ["feedback on logos"],
            "ask_next": ["How was the launch?"],
            "promised": ["Send her two photographers"],
        },
        lambda alice: (
            Interaction.objects.filter(owner=alice, summary="Catch-up call").count(),
            Need.objects.filter(owner=alice, text="a photographer for the launch").count(),
            Offer.objects.filter(owner=alice, text="feedback on logos").count(),
            AskNext.objects.filter(owner=alice, text="How was the launch?").count(),
            Promise.objects.filter(owner=alice, text="Send her two photographers").count(),
        ),
    ),
    "record_need": (
        {"person": "Ben Ortega", "text": "A flat in Lisbon"},
        lambda alice: Need.objects.filter(owner=alice, text="A flat in Lisbon").count(),
    ),
    "record_offer": (
        {"person": "me", "text": "Reviews of pitch decks"},
        lambda alice: Offer.objects.filter(owner=alice, text="Reviews of pitch decks").count(),
    ),
    "record_give": (
        {"summary": "Sent two React names", "to": "Ana Ruiz", "kind": "referral"},
        lambda alice: Give.objects.filter(owner=alice, summary="Sent two React names").count(),
    ),
    "lead_add": (
        {
            "opportunity": "Hiring a CTO",
            "referrer": "Ana",
            "prospect": "Zoe Park",
            "new_prospect": True,
        },
        lambda alice: (
            Lead.objects.filter(owner=alice, opportunity="Hiring a CTO").count(),
            Person.objects.filter(owner=alice, display_name="Zoe Park").count(),
        ),
    ),
}


@pytest.mark.parametrize("tool", sorted(WRITE_TOOLS))
def test_every_write_previews_first_and_saves_once_confirmed(alice, ana, ben, world, tool):
    assert set(WRITES) == WRITE_TOOLS
    arguments, count = WRITES[tool]
    before = count(alice)

    preview = call(alice, tool, arguments)
    assert not preview.is_error, text_of(preview)
    data = preview.structured_content
    assert data["status"] == "preview" and data["confirm"] and data["result"]
    assert "nothing is saved yet" in text_of(preview)
    assert count(alice) == before, "a preview saves nothing"

    alice.refresh_from_db()
    revision = alice.data_revision
    saved = call(alice, tool, {**arguments, "confirm": data["confirm"]})
    assert not saved.is_error, text_of(saved)
    assert saved.structured_content["status"] == "saved"
    after = count(alice)
    assert after != before
    alice.refresh_from_db()
    assert alice.data_revision > revision, "a running web server shows the change at once"

    again = call(alice, tool, {**arguments, "confirm": data["confirm"]})
    assert again.is_error and "confirm" in again.structured_content["fields"]
    assert count(alice) == after, "a confirmation saves once"


def test_a_confirmation_covers_exactly_the_previewed_details(alice, ben):
    preview = call(alice, "record_need", {"person": "Ben", "text": "A flat in Lisbon"})
    token = preview.structured_content["confirm"]
    changed = call(
        alice, "record_need", {"person": "Ben", "text": "A flat in Porto", "confirm": token}
    )
    assert changed.is_error
    assert "details changed" in changed.structured_content["fields"]["confirm"][0]
    other_tool = call(
        alice, "record_offer", {"person": "Ben", "text": "A flat in Lisbon", "confirm": token}
    )
    assert other_tool.is_error and "another tool" in text_of(other_tool)
    forged = call(
        alice, "record_need", {"person": "Ben", "text": "A flat in Lisbon", "confirm": "x"}
    )
    assert forged.is_error and "not a confirmation" in text_of(forged)
    assert not Need.objects.filter(owner=alice).exists()


def test_an_old_confirmation_has_expired(alice, ben, monkeypatch):
    preview = call(alice, "record_need", {"person": "Ben", "text": "A flat in Lisbon"})
    monkeypatch.setattr(rules, "CONFIRM_SECONDS", -1)
    late = call(
        alice,
        "record_need",
        {
            "person": "Ben",
            "text": "A flat in Lisbon",
            "confirm": preview.structured_content["confirm"],
        },
    )
    assert late.is_error and "expired" in text_of(late)
    assert not Need.objects.filter(owner=alice).exists()


def test_a_confirmation_of_another_account_is_refused(alice, bob, ben):
    preview = call(alice, "record_need", {"person": "Ben", "text": "A flat in Lisbon"})
    bob_ben = Person.objects.create(owner=bob, display_name="Ben Ortega")
    stolen = call(
        bob,
        "record_need",
        {
            "person": "Ben",
            "text": "A flat in Lisbon",
            "confirm": preview.structured_content["confirm"],
        },
    )
    assert stolen.is_error
    assert not Need.objects.filter(person=bob_ben).exists()


def test_a_read_only_principal_reads_but_never_writes(alice, ana, world):
    assert not call(alice, "find_people", {"query": "Ana"}, can_write=False).is_error
    refused = call(alice, "record_need", {"person": "Ana", "text": "A flat"}, can_write=False)
    assert refused.is_error
    assert refused.structured_content["error"] == "forbidden"
    assert "read-only" in text_of(refused)
    assert not Need.objects.filter(owner=alice, text="A flat").exists()


def test_errors_name_the_field_as_the_api_does(alice, ana, twin):
    nobody = call(alice, "record_need", {"person": "Nobody Here", "text": "A flat"})
    assert nobody.is_error
    assert nobody.structured_content["error"] == "validation_error"
    assert "Nobody matches" in nobody.structured_content["fields"]["person"][0]
    two = call(alice, "person_brief", {"person": "Ana Ruiz"})
    assert two.is_error and "Send the id instead" in text_of(two)
    empty = call(alice, "record_need", {"person": str(ana.pk), "text": "  "})
    assert empty.is_error and "text" in empty.structured_content["fields"]
    when = call(alice, "log_interaction", {"people": [str(ana.pk)], "when": "yesterday"})
    assert when.is_error and "when" in when.structured_content["fields"]
    assert not Interaction.objects.filter(owner=alice).exists()


def test_bob_sees_none_of_alices_data_through_any_tool(alice, bob, ana, ben, need, world):
    lead, intro = world["lead"], world["intro"]
    calls = {
        "today": {},
        "due": {"days": 3650},
        "find_people": {"query": ""},
        "person_brief": {"person": str(ana.pk)},
        "who_can_help": {"need_id": need.pk},
        "warm_paths": {"to": f"#{ana.pk}"},
        "lead_report": {"lead_id": lead.pk},
        "draft_intro": {"intro_id": intro.pk},
        "record_need": {"person": str(ana.pk), "text": "A flat"},
        "record_give": {"summary": "Advice", "need_id": need.pk},
        "log_interaction": {"people": [str(ana.pk)]},
        "lead_add": {"opportunity": "x", "referrer": str(ben.pk), "prospect": str(ana.pk)},
        "record_offer": {"person": str(ben.pk), "text": "x"},
    }
    assert set(calls) == READ_TOOLS | WRITE_TOOLS

    async def steps(client):
        answers = {name: await client.call_tool(name, args) for name, args in calls.items()}
        found = await client.call_tool("find_people", {"query": "Ana"})
        read = []
        for uri in ("goodwill://people", f"goodwill://people/{ana.pk}/timeline"):
            try:
                read.append((await client.read_resource(uri)).contents[0].text)
            except MCPError as exc:
                read.append(f"error: {exc.message}")
        try:
            prompt = await client.get_prompt("prepare_meeting", {"person": str(ana.pk)})
            read.append(prompt.messages[0].content.text)
        except MCPError as exc:
            read.append(f"error: {exc.message}")
        return answers, found, read

    answers, found, read = session(bob, steps)
    assert found.structured_content["people"] == []
    secrets = ("Ana", "Ruiz", "Ben", "Ortega", "React", "marathon", "website")
    for name, result in answers.items():
        seen = text_of(result) + json.dumps(result.structured_content)
        for secret in secrets:
            assert secret not in seen, (name, secret, seen)
    for name in ("person_brief", "who_can_help", "lead_report", "draft_intro", "record_need"):
        assert answers[name].is_error, name
    assert answers["find_people"].structured_content["people"] == []
    assert read[0] == '{"people": [], "more": false}'
    assert read[1].startswith("error: ") and read[2].startswith("error: ")
    for text in read:
        assert not any(secret in text for secret in secrets), text
    assert not Need.objects.filter(owner=bob).exists()


def test_resources_give_people_and_a_timeline(alice, ana, coffee):
    async def steps(client):
        templates = (await client.list_resource_templates()).resource_templates
        people = (await client.read_resource("goodwill://people")).contents[0].text
        found = (await client.read_resource("goodwill://people?q=ruiz")).contents[0].text
        timeline = (
            (await client.read_resource(f"goodwill://people/{ana.pk}/timeline")).contents[0].text
        )
        return templates, people, found, timeline

    templates, people, found, timeline = session(alice, steps)
    assert {t.uri_template for t in templates} == {
        "goodwill://people{?q}",
        "goodwill://people/{person_id}/timeline",
    }
    assert [p["display_name"] for p in json.loads(people)["people"]] == ["Ana Ruiz"]
    assert [p["id"] for p in json.loads(found)["people"]] == [ana.pk]
    data = json.loads(timeline)
    assert data["person"]["id"] == ana.pk
    assert data["timeline"][0]["summary"] == "Coffee at Lavazza"
    assert data["ask_next"][0]["text"] == "How did the marathon go?"


def test_prompts_prepare_a_meeting_and_a_weekly_review(alice, ana, coffee, need):
    async def steps(client):
        names = [p.name for p in (await client.list_prompts()).prompts]
        meeting = await client.get_prompt("prepare_meeting", {"person": "Ana Ruiz"})
        review = await client.get_prompt("weekly_review", {})
        return names, meeting.messages[0].content.text, review.messages[0].content.text

    names, meeting, review = session(alice, steps)
    assert names == ["prepare_meeting", "weekly_review"]
    assert "Ana Ruiz" in meeting and "How did the marathon go?" in meeting
    assert "Looking for a React developer" in meeting
    assert "weekly" in review and "Today's plan" in review
