"""API tokens after a password reset or change (issue 16): a reset turns them all off
and says which; a change offers to, with the count."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken, AuditEvent
from tests.conftest import PASSWORD


def _call_api(client, secret):
    return client.get("/api/v1/people", HTTP_AUTHORIZATION=f"Bearer {secret}").status_code


def test_a_reset_turns_off_every_token_and_names_them(client, alice, bob):
    _, home = accounts.create_token(owner=alice, name="terminal at home")
    _, backup = accounts.create_token(owner=alice, name="backup script")
    _, bobs = accounts.create_token(owner=bob, name="bob's laptop")
    assert _call_api(client, home) == 200
    uid = urlsafe_base64_encode(force_bytes(alice.pk))
    token = default_token_generator.make_token(alice)
    done = client.post(
        f"/password-reset/confirm/?u={uid}&t={token}",
        {"new_password": "a fresh passphrase"},
        follow=True,
    )
    page = done.content.decode()
    assert "Your new password is set" in page
    assert "These access tokens are turned off: “backup script”, “terminal at home”" in page
    assert _call_api(client, home) == _call_api(client, backup) == 401
    assert _call_api(client, bobs) == 200  # another account's tokens are untouched
    event = AuditEvent.objects.get(action="tokens.revoke_all")
    assert event.user == alice and event.detail == {"reason": "password.reset", "count": 2}


def test_a_change_offers_to_turn_tokens_off_with_their_count(alice_client, alice):
    _, first = accounts.create_token(owner=alice, name="phone")
    accounts.create_token(owner=alice, name="cron")
    page = alice_client.get("/settings/account/").content.decode()
    assert "Also turn off my 2 access tokens" in page
    kept = alice_client.post(
        "/settings/account/password/",
        {"old_password": PASSWORD, "new_password": "a new long passphrase"},
    )
    assert kept.status_code == 302
    assert _call_api(alice_client, first) == 200  # not ticked: tokens keep working
    changed = alice_client.post(
        "/settings/account/password/",
        {
            "old_password": "a new long passphrase",
            "new_password": "another long passphrase",
            "revoke_tokens": "on",
        },
        follow=True,
    )
    assert "These access tokens are turned off: “cron”, “phone”" in changed.content.decode()
    assert not ApiToken.objects.filter(owner=alice, revoked_at__isnull=True).exists()
    assert "turn off my" not in alice_client.get("/settings/account/").content.decode()


def test_a_refused_change_turns_nothing_off(alice_client, alice):
    _, secret = accounts.create_token(owner=alice, name="phone")
    bad = alice_client.post(
        "/settings/account/password/",
        {"old_password": "wrong", "new_password": "a new long passphrase", "revoke_tokens": "on"},
    )
    assert bad.status_code == 422
    assert _call_api(alice_client, secret) == 200
