"""Background tasks of the security area (run by `goodwill worker`)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.tasks import task
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from goodwill.accounts.models import User
from goodwill.accounts.services.audit import audit
from goodwill.core.mail import send_notice


def reset_link(user) -> str:
    """Built from GOODWILL_SITE_URL, never from a request's Host header."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts.reset_confirm")
    return f"{settings.GOODWILL_SITE_URL.rstrip('/')}{path}?u={uid}&t={token}"


@task
def send_password_reset(email: str) -> int:
    """E-mail a reset link to each active account using ``email``; how many were sent."""

    users = [
        u
        for u in User.objects.filter(email__iexact=email, is_active=True)
        if u.has_usable_password()
    ]
    for user in users:
        send_notice(
            to=user.email,
            subject="Goodwill: a link to choose a new password",
            template="goodwill/accounts/reset_email.txt",
            context={
                "user": user,
                "link": reset_link(user),
                "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
            },
        )
        audit("password.reset_sent", user=user)
    return len(users)
