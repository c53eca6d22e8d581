"""GOODWILL_EMAIL_URL and GOODWILL_SITE_URL: parsed strictly, errors name the variable."""

from __future__ import annotations

import pytest
from django.core.exceptions import ImproperlyConfigured

from goodwill import env


@pytest.mark.parametrize(
    ("url", "options"),
    [
        ("smtp://127.0.0.1:2525", {"host": "127.0.0.1", "port": 2525, "use_tls": False}),
        ("smtp://mail.example?starttls=true", {"port": 25, "use_tls": True, "use_ssl": False}),
        (
            "submission://me%40example.org:p%2Fss@smtp.example.org",
            {"port": 587, "use_tls": True, "username": "me@example.org", "password": "p/ss"},
        ),
        ("smtps://smtp.example.org?timeout=5", {"port": 465, "use_ssl": True, "timeout": 5}),
    ],
)
def test_it_reads_the_mail_server_from_one_url(monkeypatch, url, options):
    monkeypatch.setenv("GOODWILL_EMAIL_URL", url)
    enabled, mailer = env.mailer()
    assert enabled
    assert mailer["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert options.items() <= mailer["OPTIONS"].items()


def test_it_turns_mail_off_without_a_url(monkeypatch):
    monkeypatch.delenv("GOODWILL_EMAIL_URL", raising=False)
    assert env.mailer() == (False, {})


@pytest.mark.parametrize("url", ["http://mail.example", "smtp://", "smtp://h?timeout=0"])
def test_it_refuses_a_bad_mail_url_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("GOODWILL_EMAIL_URL", url)
    with pytest.raises(ImproperlyConfigured, match="GOODWILL_EMAIL_URL"):
        env.mailer()


@pytest.mark.parametrize("url", ["goodwill.example.org", "ftp://x.example", "https://x.org/?a=1"])
def test_it_refuses_a_bad_site_url_naming_the_variable(monkeypatch, url):
    monkeypatch.setenv("GOODWILL_SITE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="GOODWILL_SITE_URL"):
        env.site_url()


def test_it_drops_a_trailing_slash_from_the_site_url(monkeypatch):
    monkeypatch.setenv("GOODWILL_SITE_URL", "https://goodwill.example.org/")
    assert env.site_url() == "https://goodwill.example.org"
