"""Digests travel through a real SMTP server on loopback, once, to a verified address."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.test import override_settings

from goodwill.people import services as people
from goodwill.people.models import Person
from goodwill.reminders import rules as reminder_rules
from goodwill.reminders import services as service
from goodwill.reminders.models import DigestSend, ReminderSettings, SendStatus
from goodwill.reminders.services import outbox
from tests.reminders_helpers import (
    SITE,
    Inbox,
    SmtpServer,
    html_part,
    subscribe,
    text_part,
    use_smtp,
)
from tests.support import IMMEDIATE

NOW = dt.datetime(2026, 6, 15, 8, 5, tzinfo=dt.UTC)  # a Monday, 08:05 UTC


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    with SmtpServer(inbox) as server:
        use_smtp(settings, server.port)
        settings.GOODWILL_SITE_URL = SITE
        yield inbox


def make_due(owner, name: str, on: dt.date = NOW.date()) -> Person:
    person = people.create_person(owner=owner, display_name=name)
    Person.objects.filter(pk=person.pk).update(next_due_on=on - dt.timedelta(days=3))
    return person


def test_it_delivers_a_digest_through_smtp_with_both_parts(smtp, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")

    report = outbox.tick(now=NOW)

    assert (report.planned, report.sent) == (1, 1)
    [message] = smtp.messages
    assert message["To"] == "alice@example.org"
    assert message["Subject"].startswith("Goodwill: ")
    assert message["Subject"].endswith(" to do (Mon 15 Jun)")
    assert "Ana Ruiz" in text_part(message)
    assert "Ana Ruiz" in html_part(message)
    row = DigestSend.objects.get(owner=alice)
    assert row.status == SendStatus.SENT
    assert message["Message-ID"].strip() == row.message_id


def test_it_sends_each_period_once_however_often_it_ticks(smtp, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")
    for minutes in range(0, 120, 5):
        outbox.tick(now=NOW + dt.timedelta(minutes=minutes))
    assert len(smtp.messages) == 1
    outbox.tick(now=NOW + dt.timedelta(days=1))
    assert len(smtp.messages) == 2


def test_it_escapes_hostile_names_and_links_only_to_the_site(smtp, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, '<script>alert(1)</script><a href="https://evil.example/x">win</a>')

    outbox.tick(now=NOW)

    [message] = smtp.messages
    html = html_part(message)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="https://evil.example' not in html
    links = re.findall(r'(?:href|src)="([^"]*)"', html)
    assert links
    assert all(link.startswith(SITE + "/") for link in links), links
    for part in (html, text_part(message)):
        addresses = re.findall(r"(?:https?|ftp)://[^\s\"'<>]+|www\.\S+", part)
        assert addresses
        assert all(a.startswith(SITE + "/") for a in addresses), addresses


def test_it_never_takes_the_host_from_a_request(smtp, alice, alice_client, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    response = alice_client.get("/settings/reminders/preview/", HTTP_HOST="evil.example")
    # The preview page is refused for a foreign Host, and the digest never asks for one.
    assert response.status_code == 400
    make_due(alice, "Ana Ruiz")
    outbox.tick(now=NOW)
    assert "evil.example" not in smtp.messages[0].as_string()


def test_it_offers_one_click_unsubscribe(smtp, alice, client, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")
    outbox.tick(now=NOW)
    [message] = smtp.messages
    assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    url = re.fullmatch(r"<(.+)>", message["List-Unsubscribe"]).group(1)
    assert url.startswith(SITE + "/unsubscribe/")

    # What a mail client does (RFC 8058): a POST with no session and no CSRF token.
    client.handler.enforce_csrf_checks = True
    response = client.post(
        url.removeprefix(SITE), data="List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )  # fmt: skip
    assert response.status_code == 200
    assert not ReminderSettings.objects.get(owner=alice).digest_enabled
    outbox.tick(now=NOW + dt.timedelta(days=1))
    assert len(smtp.messages) == 1


def test_it_refuses_a_forged_unsubscribe_link(client, alice, bob):
    subscribe(alice)
    token = reminder_rules.unsubscribe_token(alice.pk)
    forged = f"{bob.pk}:{token.split(':', 1)[1]}"
    assert client.post(f"/unsubscribe/{forged}/").status_code == 404
    assert ReminderSettings.objects.get(owner=alice).digest_enabled


def test_it_sends_nothing_to_an_unverified_or_changed_address(smtp, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")
    service.update_settings(owner=alice, email="new@example.org")
    assert not ReminderSettings.objects.get(owner=alice).is_verified

    report = outbox.tick(now=NOW)

    assert report.planned == 0
    assert smtp.messages == []


def test_it_skips_an_empty_digest_without_mailing(smtp, alice, frozen_now, monkeypatch):
    from goodwill.reminders.queries import digest

    monkeypatch.setattr(digest, "today_actions", lambda owner, **kw: [])
    frozen_now(NOW)
    subscribe(alice)
    report = outbox.tick(now=NOW)
    assert (report.planned, report.skipped, report.sent) == (1, 1, 0)
    assert smtp.messages == []
    assert DigestSend.objects.get(owner=alice).status == SendStatus.SKIPPED


def test_it_retries_a_refused_send_with_the_same_message_id(settings, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")
    inbox = Inbox()
    with SmtpServer(inbox) as server:
        use_smtp(settings, server.port)
    # The server is gone: the send fails and the row waits for a retry.
    report = outbox.tick(now=NOW)
    assert report.retrying == 1
    row = DigestSend.objects.get(owner=alice)
    assert (row.status, row.attempts) == (SendStatus.PENDING, 1)
    assert "Connection" in row.error or "refused" in row.error.lower()

    with SmtpServer(inbox) as server:
        use_smtp(settings, server.port)
        assert outbox.tick(now=NOW + dt.timedelta(minutes=5)).sent == 0  # not yet
        assert outbox.tick(now=NOW + outbox.RETRY_AFTER).sent == 1
    [message] = inbox.messages
    assert message["Message-ID"].strip() == row.message_id


def test_it_gives_up_after_the_last_attempt(settings, alice, frozen_now):
    frozen_now(NOW)
    subscribe(alice)
    make_due(alice, "Ana Ruiz")
    with SmtpServer(Inbox()) as server:
        use_smtp(settings, server.port)
    at = NOW
    for _ in range(DigestSend.MAX_ATTEMPTS):
        outbox.tick(now=at)
        at += outbox.RETRY_AFTER
    row = DigestSend.objects.get(owner=alice)
    assert (row.status, row.attempts) == (SendStatus.FAILED, DigestSend.MAX_ATTEMPTS)


@override_settings(TASKS=IMMEDIATE)
def test_it_verifies_an_address_through_a_signed_link(
    smtp, alice, alice_client, django_capture_on_commit_callbacks
):
    service.update_settings(owner=alice, email="alice@mail.example", digest_enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = alice_client.post("/settings/reminders/verify/")
    assert response.status_code == 302
    [message] = smtp.messages
    assert message["To"] == "alice@mail.example"
    link = re.search(r"https://\S+", message.get_content()).group(0)
    assert link.startswith(SITE + "/settings/reminders/verify/")
    path = link.removeprefix(SITE)

    assert alice_client.get(path).status_code == 200  # a confirm button, not a GET side effect
    assert not ReminderSettings.objects.get(owner=alice).is_verified
    alice_client.post(path)
    assert ReminderSettings.objects.get(owner=alice).is_verified

    service.update_settings(owner=alice, email="other@mail.example")
    assert not ReminderSettings.objects.get(owner=alice).is_verified
    alice_client.post(path)  # the old link was for the old address
    assert not ReminderSettings.objects.get(owner=alice).is_verified


def test_it_keeps_bob_off_alices_verification_link(smtp, alice, bob, bob_client):
    service.update_settings(owner=alice, email="alice@mail.example")
    token = reminder_rules.verification_token(ReminderSettings.objects.get(owner=alice))
    assert bob_client.post(f"/settings/reminders/verify/{token}/").status_code == 404
    assert not ReminderSettings.objects.get(owner=alice).is_verified


def test_it_refuses_verification_without_a_mail_server(settings, alice):
    settings.GOODWILL_EMAIL_ENABLED = False
    service.update_settings(owner=alice, email="alice@mail.example")
    with pytest.raises(Exception, match="GOODWILL_EMAIL_URL"):
        service.request_verification(owner=alice)
    assert mail.outbox == []


def test_it_wants_a_csrf_token_for_any_other_unsubscribe_post(alice, client):
    subscribe(alice)
    client.handler.enforce_csrf_checks = True
    url = f"/unsubscribe/{reminder_rules.unsubscribe_token(alice.pk)}/"
    assert client.post(url, {}).status_code == 403  # a forged form, not the RFC 8058 request
    assert ReminderSettings.objects.get(owner=alice).digest_enabled
    page = client.get(url)  # the page's button carries the token
    token = page.cookies["csrftoken"].value
    assert client.post(url, {"csrfmiddlewaretoken": token}).status_code == 200
    assert not ReminderSettings.objects.get(owner=alice).digest_enabled
