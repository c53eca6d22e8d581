"""Web push with real parts: pywebpush sends to a push endpoint on loopback, and the test
decrypts the body with the subscription's own keys (RFC 8291, aes128gcm)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import os
import stat

import http_ece
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from goodwill.notify import services as notify
from goodwill.notify.models import Notice, PushDevice
from goodwill.notify.services import outbox, senders
from tests.notify.receiver import Receiver


def b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode()


class Browser:
    """What a browser keeps for one push subscription: its key pair and auth secret."""

    def __init__(self):
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)

    @property
    def p256dh(self) -> str:
        return b64(
            self.key.public_key().public_bytes(
                serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
            )
        )

    def decrypt(self, body: bytes) -> dict:
        plain = http_ece.decrypt(body, private_key=self.key, auth_secret=self.auth)
        return json.loads(plain)


@pytest.fixture
def loopback_push(settings, tmp_path):
    settings.GOODWILL_PUSH_ALLOW_HTTP = True
    settings.DATA_DIR = tmp_path
    settings.GOODWILL_SITE_URL = "https://goodwill.example.org"
    senders.vapid.cache_clear()
    yield
    senders.vapid.cache_clear()


def test_the_vapid_keys_are_made_once_and_kept_private(loopback_push, tmp_path):
    first = senders.public_key()
    path = tmp_path / "vapid_private.pem"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    senders.vapid.cache_clear()
    assert senders.public_key() == first
    assert len(base64.urlsafe_b64decode(first + "==")) == 65  # an uncompressed P-256 point


def test_a_push_arrives_encrypted_for_the_subscription_and_decrypts(alice, loopback_push):
    browser = Browser()
    with Receiver() as push:
        device = notify.subscribe_device(
            owner=alice,
            endpoint=f"http://127.0.0.1:{push.port}/push/abc",
            p256dh=browser.p256dh,
            auth=b64(browser.auth),
            name="Android",
        )
        assert notify.send_test(owner=alice, target=device) is None
        request = push.requests[0]
    assert request.path == "/push/abc"
    assert request.headers["Content-Encoding"] == "aes128gcm"
    assert request.headers["Authorization"].startswith("vapid t=")
    assert notify.TEST_BODY.encode() not in request.body  # encrypted on the wire
    message = browser.decrypt(request.body)
    assert message["title"] == notify.TEST_TITLE and message["body"] == notify.TEST_BODY
    assert message["url"].startswith("https://goodwill.example.org/")


def test_the_outbox_pushes_the_same_notices_and_drops_a_dead_subscription(
    alice, loopback_push, frozen_now
):
    from goodwill.coach.services import events

    now = dt.datetime(2026, 6, 15, 9, 0, tzinfo=dt.UTC)
    frozen_now(now)
    events.create_event(
        owner=alice, name="Founders breakfast", starts_at=now + dt.timedelta(days=1)
    )
    browser = Browser()
    with Receiver() as push:
        notify.subscribe_device(
            owner=alice,
            endpoint=f"http://127.0.0.1:{push.port}/push/live",
            p256dh=browser.p256dh,
            auth=b64(browser.auth),
        )
        report = outbox.tick(worker="w", now=now)
        assert report.sent == 1, report
        assert "Founders breakfast" in browser.decrypt(push.requests[0].body)["title"]
        # The browser drops the subscription: the push service answers 410 Gone.
        push.recorder.status = 410
        events.create_event(owner=alice, name="Demo day", starts_at=now + dt.timedelta(days=1))
        report = outbox.tick(worker="w", now=now + dt.timedelta(minutes=1))
    assert report.gone == 1
    assert not PushDevice.objects.filter(owner=alice).exists()
    assert not Notice.objects.filter(owner=alice, status="pending").exists()


def test_a_push_address_must_be_https(alice, settings):
    settings.GOODWILL_PUSH_ALLOW_HTTP = False
    browser = Browser()
    with pytest.raises(Exception) as refused:
        notify.subscribe_device(
            owner=alice,
            endpoint="http://127.0.0.1:1/x",
            p256dh=browser.p256dh,
            auth=b64(browser.auth),
        )
    assert "https://" in str(refused.value)
