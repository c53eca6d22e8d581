"""Links the accounts area hands out, built from GOODWILL_SITE_URL (never a request's Host)."""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.urls import reverse


def invite_link(secret: str) -> str:
    """Built from GOODWILL_SITE_URL, never from the request's Host header."""
    site = (getattr(settings, "GOODWILL_SITE_URL", "") or "").rstrip("/")
    return f"{site}{reverse('accounts.signup')}?invite={secret}"


INVITE_PREFIX = "gwi_"


def invite_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()
