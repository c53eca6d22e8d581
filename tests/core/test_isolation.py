"""bob must get 404 on every one of alice's objects, on every web and API route.

The test walks the project's URL list: a new route with an object id in its path fails
here until it is added to ROUTE_OBJECTS, so no route can escape the check.
"""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken, Invite
from goodwill.accounts.services import security
from goodwill.api.errors import path_models
from goodwill.exchange.models import ImportBatch
from goodwill.exchange.services.imports import pipeline
from goodwill.giving import services as giving
from goodwill.giving.models import Give, Introduction, Need, Offer
from goodwill.giving.services import intros
from goodwill.interactions import services as interactions
from goodwill.interactions.models import AskNext, Interaction, Promise
from goodwill.leads import services as leads
from goodwill.leads.models import Lead, Referral
from goodwill.leads.services import referrals
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.people import services as people
from goodwill.people.models import Organization, Person, PersonEmail, Tag
from goodwill.reminders import rules as reminder_rules

# Path parameter name → which of alice's objects it names. Routes may override below.
PARAM_OBJECTS = {
    "person_id": "person",
    "interaction_id": "interaction",
    "tag_id": "tag",
    "organization_id": "organization",
    "org_id": "organization",
    "token_id": "token",
    "ask_id": "ask",
    "item_id": "ask",
    "promise_id": "promise",
    "other": "other",
    "other_id": "other",
    # Reminders. The feed and unsubscribe URLs are capability URLs (the secret in the path
    # is the permission, no login), so bob holds what an outsider could have: alice's
    # rotated-away feed secret and an unsubscribe link with a forged signature.
    "verify_token": "verify_link",
    "feed_token": "old_feed",
    "unsubscribe_token": "forged_unsubscribe",
    "need_id": "need",
    "offer_id": "offer",
    "give_id": "give",
    "intro_id": "intro",
    "outreach_id": "outreach",
    "event_id": "event",
    "step_id": "step",
    # Notifications: a channel, a push device, a quick log waiting in "finish these".
    "channel_id": "channel",
    "device_id": "device",
    "quick_log_id": "quick_log",
    "connector_id": "connector",
    "entry_id": "review_entry",
    "ignored_id": "ignored",
}
# For routes whose parameter is a bare "pk": URL name prefix → object.
PK_OBJECTS = {
    "people.": "person",
    "interactions.": "interaction",
    "asks.": "ask",
    "promises.": "promise",
    "relationships.": "person",
    "tags.": "tag",
    "organizations.": "organization",
    "tokens.": "token",
    "imports.": "batch",
    "duplicates.": "person",
    "leads.": "lead",
    "referrals.": "referral",
    "accounts.invite": "invite",
}
PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>")


def walk(resolvers, prefix="", namespace=""):
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            ns = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from walk(entry.url_patterns, prefix + str(entry.pattern), ns)
        elif isinstance(entry, URLPattern):
            yield f"{namespace}{entry.name or ''}", prefix + str(entry.pattern)


# The CardDAV routes sign in with HTTP Basic and an app password, never with the session
# this walk uses (bob's session gets a 401 there, not a 404): tests/dav/test_isolation.py
# walks them with bob's own app password instead.
OWN_WALK = ("dav.",)


def routes_with_ids():
    found = []
    for name, pattern in walk(get_resolver().url_patterns):
        if name.startswith(OWN_WALK):
            continue
        params = [m.group("name") for m in PARAM.finditer(pattern)]
        if params:
            found.append((name, pattern, params))
    return found


def object_for(name: str, param: str) -> str:
    if param in PARAM_OBJECTS:
        return PARAM_OBJECTS[param]
    short = name.split(":")[-1]
    for prefix, obj in PK_OBJECTS.items():
        if short.startswith(prefix):
            return obj
    raise AssertionError(
        f"Route {name!r} has a parameter {param!r} this test cannot map to an object: "
        "add it to PARAM_OBJECTS or PK_OBJECTS so bob's access to it is checked."
    )


@pytest.fixture
def alices_world(alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben Ortega", tags=["climbing"])
    network.connect_people(owner=alice, a=ana, b=ben, kind="friend")
    token, _ = accounts.create_token(owner=alice, name="laptop")
    csv = b"First Name,Last Name,Email Address,Company,Position,Connected On\n"
    batch = pipeline.preview_import(
        owner=alice, data=csv + b"Cleo,Vidal,cleo@vidal.example,Vidal SL,CEO,09 Oct 2024\n"
    )
    alice.is_staff = True  # a host, so that she has invitations to protect
    alice.save(update_fields=["is_staff"])
    need = giving.create_need(owner=alice, person=ana, text="Hiring a designer")
    return {
        "need": need,
        "offer": giving.create_offer(owner=alice, person=ben, text="Design mentoring"),
        "give": giving.record_give(owner=alice, receiver=ana, summary="Sent a portfolio link"),
        "intro": intros.suggest_intro(owner=alice, a=ben, b=ana, need=need),
        "invite": security.create_invite(by=alice, note="for Cleo")[0],
        "person": ana,
        "other": ben,
        "interaction": coffee,
        "tag": Tag.objects.get(owner=alice, name="design"),
        "organization": Organization.objects.get(owner=alice),
        "ask": AskNext.objects.get(owner=alice),
        "promise": interactions.add_promise(owner=alice, person=ana, text="the deck"),
        "token": token,
        "batch": batch,
        "lead": leads.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="A site"),
        "referral": referrals.create_referral(
            owner=alice, person=ben, referred_to=ana, reason="Needs a designer"
        ),
        **_coach_world(alice, ana),
        **_reminders_world(alice),
        **_notify_world(alice),
        **_capture_world(alice),
    }


def _notify_world(alice):
    from goodwill.notify import services as notify

    key = "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM"
    return {
        "channel": notify.add_channel(owner=alice, name="phone", url="ntfy://ntfy.sh/alice-secret"),
        "device": notify.subscribe_device(
            owner=alice,
            endpoint="https://push.example/alice",
            p256dh=key,
            auth="tBHItJI5svbpez7KI4CCXg",
        ),
        "quick_log": notify.quick_log(owner=alice, key="alice-key-1", names="Vidal Nobody")[0],
    }


def _notify_snapshot(alice):
    from goodwill.notify.models import Channel, NotifySettings, PushDevice, QuickLog

    return (
        sorted(Channel.objects.filter(owner=alice).values_list("pk", "name", "wants_today")),
        sorted(PushDevice.objects.filter(owner=alice).values_list("pk", "name")),
        sorted(QuickLog.objects.filter(owner=alice).values_list("pk", "status")),
        NotifySettings.objects.filter(owner=alice).count(),
    )


def _capture_world(alice):
    import datetime as dt

    from django.utils import timezone

    from goodwill.capture.models import ReviewEntry
    from goodwill.capture.rules.seen import Address, Seen
    from goodwill.capture.services import connectors, record, review

    connector = connectors.add_mailbox(
        owner=alice, name="Vidal mail", host="imap.example.org", username="a", password="pw"
    )
    items = [
        Seen(
            key=f"<v{n}@vidal.example>",
            kind="email",
            occurred_at=timezone.now() - dt.timedelta(days=1),
            direction="sent",
            counterparts=(Address(f"v{n}@vidal.example", "Cleo Vidal"),),
        )
        for n in (1, 2)
    ]
    record.record_seen(owner=alice, connector=connector, items=items)
    ignored = review.ignore_address(owner=alice, email="v2@vidal.example")
    return {
        "connector": connector,
        "review_entry": ReviewEntry.objects.get(owner=alice),
        "ignored": ignored,
    }


def _capture_snapshot(alice):
    from goodwill.capture.models import Connector, Ignored, ReviewEntry

    return (
        sorted(Connector.objects.filter(owner=alice).values_list("pk", "name", "paused", "secret")),
        sorted(ReviewEntry.objects.filter(owner=alice).values_list("pk", "email")),
        sorted(Ignored.objects.filter(owner=alice).values_list("pk", "value")),
    )


def _reminders_world(alice):
    from types import SimpleNamespace

    from goodwill.reminders import services as reminders

    reminders.update_settings(owner=alice, email="alice@mail.example", digest_enabled=True)
    _, old_feed = reminders.rotate_feed(owner=alice)
    reminders.rotate_feed(owner=alice)
    signature = reminder_rules.unsubscribe_token(alice.pk).split(":", 1)[1]
    verify = reminder_rules.verification_token(reminders.settings_for(alice))
    return {
        "verify_link": SimpleNamespace(pk=verify),
        "old_feed": SimpleNamespace(pk=old_feed),
        "forged_unsubscribe": SimpleNamespace(pk=f"{alice.pk}:{signature[::-1]}"),
    }


def _reminders_snapshot(alice):
    from goodwill.reminders.models import ReminderSettings

    return list(
        ReminderSettings.objects.filter(owner=alice).values_list(
            "digest_enabled", "email", "verified_at", "feed_digest"
        )
    )


def _coach_world(alice, ana):
    from goodwill.coach.models import LaunchStep
    from goodwill.coach.rules import content
    from goodwill.coach.services import assessment, events, outreach

    assessment.take_assessment(owner=alice, answers=dict.fromkeys(content.statements_keys(), 4))
    event = events.create_event(owner=alice, name="Design Meetup", starts_at="2026-06-01 18:00")
    events.capture_people(owner=alice, event=event, text="Vidal Cleo - prints")
    return {
        "outreach": outreach.record_outreach(owner=alice, person=ana, note="coffee"),
        "event": event,
        "step": LaunchStep.objects.filter(owner=alice).first(),
    }


def _coach_snapshot(alice):
    from goodwill.coach.models import ActionState, Event, EventContact, LaunchStep, Outreach

    return (
        sorted(Outreach.objects.filter(owner=alice).values_list("pk", "answer", "note")),
        sorted(Event.objects.filter(owner=alice).values_list("pk", "name", "debriefed_at")),
        sorted(EventContact.objects.filter(owner=alice).values_list("pk", "person_id")),
        sorted(LaunchStep.objects.filter(owner=alice).values_list("pk", "done_at")),
        ActionState.objects.filter(owner=alice).count(),
    )


def snapshot(alice):
    return {
        "people": sorted(
            Person.objects.filter(owner=alice).values_list("pk", "display_name", "archived")
        ),
        "interactions": sorted(
            Interaction.objects.filter(owner=alice).values_list("pk", "summary")
        ),
        "asks": sorted(AskNext.objects.filter(owner=alice).values_list("pk", "done_at")),
        "promises": sorted(Promise.objects.filter(owner=alice).values_list("pk", "done_at")),
        "tags": sorted(Tag.objects.filter(owner=alice).values_list("pk", "name", "cadence_days")),
        "edges": Relationship.objects.filter(owner=alice).count(),
        "emails": PersonEmail.objects.filter(owner=alice).count(),
        "tokens": sorted(ApiToken.objects.filter(owner=alice).values_list("pk", "revoked_at")),
        "batches": sorted(ImportBatch.objects.filter(owner=alice).values_list("pk", "status")),
        "leads": sorted(Lead.objects.filter(owner=alice).values_list("pk", "status")),
        "referrals": sorted(Referral.objects.filter(owner=alice).values_list("pk", "outcome")),
        "coach": _coach_snapshot(alice),
        "reminders": _reminders_snapshot(alice),
        "notify": _notify_snapshot(alice),
        "capture": _capture_snapshot(alice),
        "needs": sorted(Need.objects.filter(owner=alice).values_list("pk", "status", "text")),
        "offers": sorted(Offer.objects.filter(owner=alice).values_list("pk", "active", "text")),
        "gives": sorted(Give.objects.filter(owner=alice).values_list("pk", "summary")),
        "intros": sorted(Introduction.objects.filter(owner=alice).values_list("pk", "status")),
        "invites": sorted(
            Invite.objects.filter(created_by=alice).values_list("pk", "revoked_at", "used_at")
        ),
    }


def fill(pattern: str, name: str, world) -> str:
    def sub(match):
        return str(world[object_for(name, match.group("name"))].pk)

    path = PARAM.sub(sub, pattern)
    return "/" + path.replace("^", "").replace("$", "")


def test_it_maps_every_route_with_an_id_to_an_object():
    routes = routes_with_ids()
    assert len(routes) >= 10, routes
    for name, _pattern, params in routes:
        for param in params:
            object_for(name, param)


@pytest.mark.parametrize("method", ["get", "post", "put", "patch", "delete"])
def test_it_answers_bob_404_on_every_route_with_alices_ids(
    client, alices_world, alice, bob, method
):
    _, bob_secret = accounts.create_token(owner=bob, name="bob's")
    client.force_login(bob)
    before = snapshot(alice)
    leaks = []
    for name, pattern, _params in routes_with_ids():
        url = fill(pattern, name, alices_world)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {bob_secret}"} if url.startswith("/api/") else {}
        response = getattr(client, method)(url, data={}, content_type="application/json", **headers)
        if response.status_code not in (404, 405):
            leaks.append(f"{method.upper()} {url} ({name}) → {response.status_code}")
    assert not leaks, "\n".join(leaks)
    assert snapshot(alice) == before


LIST_PAGES = [
    "/",
    "/people/",
    "/people/?show=due",
    "/people/?q=ana",
    "/people/search/?q=ana",
    "/log/",
    "/tags/",
    "/settings/tokens/",
    "/import/history/",
    "/leads/",
    "/leads/stats/",
    "/referrals/",
    "/settings/reminders/",
    "/settings/contacts-app/",
    "/settings/notifications/",
    "/log/now/",
    "/log/finish/",
    "/coach/outreach/",
    "/coach/events/",
    "/coach/plan/",
    "/coach/prep/",
    "/giving/",
    "/giving/balance/",
    "/giving/intros/",
    "/giving/intros/?state=",
    "/network/",
    "/network/path/",
    "/network/graph.json",
    "/capture/",
    "/capture/review/",
]


def test_it_shows_bob_none_of_alices_data_on_list_pages(client, alices_world, bob):
    client.force_login(bob)
    for url in LIST_PAGES:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for secret in ("Ana Ruiz", "Ben Ortega", "Ruiz Studio", "design", "laptop", "Vidal"):
            assert secret not in body, f"{secret!r} leaked on {url}"


def test_it_shows_bob_none_of_alices_data_in_api_lists(client, alices_world, bob):
    _, secret = accounts.create_token(owner=bob, name="bob's")
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    for name, pattern in walk(get_resolver().url_patterns):
        if not pattern.startswith("api/") or PARAM.search(pattern) or "openapi" in pattern:
            continue
        if "docs" in pattern:
            continue
        response = client.get("/" + pattern, **auth)
        if response.status_code == 405:
            continue
        assert response.status_code == 200, (pattern, response.status_code)
        body = response.content.decode()
        for leaked in ("Ana Ruiz", "Ben Ortega", "Ruiz Studio", "laptop", "Vidal"):
            assert leaked not in body, f"{leaked!r} leaked on /{pattern}"


def test_it_knows_the_model_behind_every_api_path_id():
    """The API turns a foreign id in any path into a 404 before it reads the body."""
    known = path_models()
    for name, pattern, params in routes_with_ids():
        if name.startswith("api:"):
            missing = [p for p in params if p not in known]
            assert not missing, f"{pattern}: add {missing} to PATH_MODELS in the area's api.py"
