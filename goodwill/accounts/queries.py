"""Reads of the accounts area: your tokens, invitations, the security log."""

from __future__ import annotations

from django.utils import timezone

from goodwill.accounts.models import ApiToken, AuditEvent, Invite
from goodwill.accounts.rules import INVITE_PREFIX, invite_digest

# Rows an account never sees in its own log: "access.denied" rows were written there
# until the probe of December 2026 showed they told a prober which ids exist (they now go
# to the host's goodwill.security logger); older ones stay for the host only.
HOST_ONLY = ("access.denied",)


def audit_log(user, *, limit: int = 50):
    return AuditEvent.objects.filter(user=user).exclude(action__in=HOST_ONLY)[:limit]


def find_invite(secret: str) -> Invite | None:
    """The usable invitation for this secret, or None (unknown, used, expired, revoked)."""
    if not secret or not secret.startswith(INVITE_PREFIX):
        return None
    return Invite.objects.filter(
        digest=invite_digest(secret),
        used_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).first()


def tokens(owner):
    """Your API tokens, newest first, revoked ones included."""
    return ApiToken.objects.filter(owner=owner).order_by("-created_at", "-id")


def invites_made(user, *, limit: int = 100) -> list[Invite]:
    return list(Invite.objects.filter(created_by=user)[:limit])
