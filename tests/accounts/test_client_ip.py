"""The audit log's client address behind a reverse proxy (issue 16, finding 7)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import RequestFactory

from goodwill import env
from goodwill.accounts.services.security import client_ip
from goodwill.cli import serve


def _ip(peer, forwarded=None):
    headers = {"REMOTE_ADDR": peer}
    if forwarded is not None:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_ip(RequestFactory().get("/", **headers))


def test_the_trusted_proxy_gives_the_clients_address(settings):
    settings.GOODWILL_TRUSTED_PROXIES = ("127.0.0.1/32", "::1/128")
    assert _ip("127.0.0.1", "203.0.113.9") == "203.0.113.9"
    assert _ip("::1", "2001:db8::7") == "2001:db8::7"
    # What the client wrote itself, left of what the proxy appended, is not believed.
    assert _ip("127.0.0.1", "198.51.100.66, 203.0.113.9") == "203.0.113.9"
    # A chain of trusted proxies is walked from the right.
    settings.GOODWILL_TRUSTED_PROXIES = ("127.0.0.1/32", "10.0.0.0/8")
    assert _ip("127.0.0.1", "198.51.100.66, 203.0.113.9, 10.1.2.3") == "203.0.113.9"


def test_the_header_is_ignored_from_anyone_else(settings):
    settings.GOODWILL_TRUSTED_PROXIES = ("127.0.0.1/32",)
    assert _ip("198.51.100.20", "203.0.113.9") == "198.51.100.20"
    assert _ip("127.0.0.1", "not-an-address") == "127.0.0.1"
    assert _ip("127.0.0.1") == "127.0.0.1"
    settings.GOODWILL_TRUSTED_PROXIES = ()
    assert _ip("127.0.0.1", "203.0.113.9") == "127.0.0.1"


def test_the_setting_is_checked_and_reaches_gunicorn(monkeypatch, settings):
    monkeypatch.setenv("GOODWILL_TRUSTED_PROXIES", "10.0.0.5, 192.168.1.7/24")
    assert env.trusted_proxies() == ("10.0.0.5/32", "192.168.1.0/24")
    monkeypatch.setenv("GOODWILL_TRUSTED_PROXIES", "none")
    assert env.trusted_proxies() == ()
    monkeypatch.setenv("GOODWILL_TRUSTED_PROXIES", "10.0.0.5,proxy.local")
    with pytest.raises(ImproperlyConfigured, match=r"GOODWILL_TRUSTED_PROXIES: 'proxy\.local'"):
        env.trusted_proxies()
    monkeypatch.delenv("GOODWILL_TRUSTED_PROXIES")
    assert env.trusted_proxies() == ("127.0.0.1/32", "::1/128")
    settings.GOODWILL_TRUSTED_PROXIES = ("10.0.0.5/32",)
    argv = serve.gunicorn_argv("127.0.0.1", 8000, 2)
    assert argv[argv.index("--forwarded-allow-ips") + 1] == "10.0.0.5/32"
    assert argv[argv.index("--logger-class") + 1] == "goodwill.gunicorn_hooks.RedactingLogger"
