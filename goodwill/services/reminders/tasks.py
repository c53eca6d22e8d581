"""Background tasks (django.tasks, run by `goodwill worker` through django-tasks-db).

The digest itself is not a task: the worker's tick drains the outbox (see outbox.py),
which is what makes it exactly-once. Tasks carry the one-off mails a page asks for.
"""

from __future__ import annotations

from django.tasks import task
from django.urls import reverse

from goodwill.models.reminders import ReminderSettings
from goodwill.services.mail import send_notice


@task
def send_verification(owner_id: int, email: str) -> str:
    """E-mail the verification link, if the address is still the one to verify."""
    from goodwill.services.reminders import site_link, verification_token

    config = ReminderSettings.objects.select_related("owner").filter(owner_id=owner_id).first()
    if config is None or config.email.lower() != email.lower() or config.is_verified:
        return "skipped"
    link = site_link(reverse("reminders.verify", args=[verification_token(config)]))
    send_notice(
        to=config.email,
        subject="Goodwill: confirm your address for reminders",
        template="goodwill/reminders/email/verify.txt",
        context={"link": link, "username": config.owner.username},
    )
    return "sent"
