"""One plain-text notice from Goodwill to one address (verification, password reset).

Marked ``Auto-Submitted: auto-generated`` (RFC 3834) so that no auto-responder answers
it. Sent from the worker's tasks, never inside a web request.
"""

from __future__ import annotations

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string


def send_notice(*, to: str, subject: str, template: str, context: dict) -> None:
    EmailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        headers={"Auto-Submitted": "auto-generated"},
    ).send()
