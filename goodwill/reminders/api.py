"""Reminders: digest settings, address verification, the calendar feed, digest preview."""

from __future__ import annotations

from django.utils import timezone
from ninja import Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owner
from goodwill.reminders import rules as reminder_rules
from goodwill.reminders import services as service
from goodwill.reminders.models import DigestSend
from goodwill.reminders.queries.digest import build_digest
from goodwill.reminders.schemas import (
    DigestOut,
    DigestSendOut,
    FeedCreatedOut,
    ReminderSettingsOut,
    ReminderSettingsPatch,
)

router = Router(tags=["reminders"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {}


@router.get(
    "/reminders/settings",
    response={200: ReminderSettingsOut, **READ_ERRORS},
    url_name="reminders.settings",
)
def get_settings(request):
    """How the digest reaches you, and whether a calendar feed is active."""
    return service.settings_for(owner(request))


@router.patch(
    "/reminders/settings",
    response={200: ReminderSettingsOut, **WRITE_ERRORS},
    url_name="reminders.settings_update",
)
def patch_settings(request, payload: ReminderSettingsPatch):
    """Only the fields sent change. `send_time` is HH:MM in `time_zone`; `weekday` is a
    name or 0 (Monday) … 6. A new `email` must be verified again before digests go there."""
    return service.update_settings(owner=owner(request), **changes(payload))


@router.post(
    "/reminders/verify",
    response={202: ReminderSettingsOut, **WRITE_ERRORS},
    url_name="reminders.verify",
)
def send_verification(request):
    """E-mail a confirmation link to the digest address (the worker sends it)."""
    return Status(202, service.request_verification(owner=owner(request)))


@router.post(
    "/reminders/feed", response={201: FeedCreatedOut, **WRITE_ERRORS}, url_name="reminders.feed"
)
def rotate_feed(request):
    """Make a new secret calendar-feed URL; the previous one stops working. The URL is
    in this response only."""
    config, secret = service.rotate_feed(owner=owner(request))
    return Status(
        201,
        {
            "url": reminder_rules.feed_link(secret),
            "hint": config.feed_hint,
            "created_at": config.feed_created_at,
        },
    )


@router.delete(
    "/reminders/feed",
    response={200: ReminderSettingsOut, **WRITE_ERRORS},
    url_name="reminders.feed_revoke",
)
def revoke_feed(request):
    """Turn the calendar feed off: its URL answers 404 from now on."""
    return service.revoke_feed(owner=owner(request))


@router.get(
    "/reminders/digest/preview",
    response={200: DigestOut, **READ_ERRORS},
    url_name="reminders.preview",
)
def preview_digest(request):
    """What a digest sent now would say (nothing is sent)."""
    me = owner(request)
    return build_digest(me, service.settings_for(me), timezone.now()).as_dict()


@router.get(
    "/reminders/sends",
    response={200: list[DigestSendOut], **READ_ERRORS},
    url_name="reminders.sends",
)
@paginate(Page)
def list_sends(request):
    """Your digests, newest first: pending, sent, skipped (nothing due) or failed."""
    return DigestSend.objects.filter(owner=owner(request)).order_by("-due_at", "-id")
