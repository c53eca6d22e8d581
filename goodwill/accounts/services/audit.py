"""The security log: one row per event (sign-ins, refusals, denied lookups), with the
client's address of the request being served (set by the web middleware)."""

from __future__ import annotations

import contextvars

from goodwill.accounts.models import AuditEvent


def audit(action: str, *, user=None, username: str = "", **detail) -> AuditEvent:
    """Record one security event. ``detail`` must hold no secret and no note text."""
    if user is not None and not username:
        username = user.get_username()
    return AuditEvent.objects.create(
        user=user if user is not None and user.pk else None,
        username=username[:150],
        action=action,
        ip=current_ip.get(),
        detail=detail,
    )


# The client address of the request being served (set by goodwill.middleware).
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("ip", default=None)
