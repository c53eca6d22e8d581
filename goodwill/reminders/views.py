"""Reminders: the settings page, address verification, the calendar feed, unsubscribe.

Routes are in urls.py. The feed and the unsubscribe link are
capability URLs: the secret in the path is the permission, so they need no login.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_safe

from goodwill.reminders import rules as reminder_rules
from goodwill.reminders import services as service
from goodwill.reminders.forms import ReminderSettingsForm
from goodwill.reminders.queries import digest as digest_service
from goodwill.reminders.queries.feed import build_feed
from goodwill.reminders.services import outbox
from goodwill.web.views import handle_form, not_post

TEMPLATE = "goodwill/reminders/settings.html"


def _initial(config) -> dict:
    return {
        "digest_enabled": config.digest_enabled,
        "frequency": config.frequency,
        "weekday": config.weekday,
        "send_time": config.send_time,
        "time_zone": config.time_zone,
        "email": config.email,
        "feed_include_notes": config.feed_include_notes,
    }


def _page(request, *, form=None, feed_url: str = "", status: int = 200):
    owner = request.user
    config = service.settings_for(owner)
    now = timezone.now()
    context = {
        "form": form or ReminderSettingsForm(initial=_initial(config)),
        "config": config,
        "email_enabled": reminder_rules.email_enabled(),
        "next_due": reminder_rules.next_due(config, now) if config.digest_enabled else None,
        "sends": outbox.recent_sends(owner),
        "feed_url": feed_url,
    }
    response = render(request, TEMPLATE, context, status=status)
    if feed_url:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def settings_page(request):
    if request.method != "POST":
        return _page(request)
    form = ReminderSettingsForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: service.update_settings(owner=request.user, **form.service_kwargs()),
        message="Reminder settings saved.",
        success="reminders.settings",
        page=lambda: _page(request, form=form),
    )


@login_required
def send_verification(request):
    if refused := not_post(request):
        return refused
    try:
        config = service.request_verification(owner=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"A confirmation link is on its way to {config.email}.")
    return redirect("reminders.settings")


@login_required
def verify(request, verify_token: str):
    token = verify_token
    if reminder_rules.owner_of_verification(token) != request.user.pk:
        raise Http404("No such link.")
    if request.method == "POST":
        try:
            config = service.confirm_verification(owner=request.user, token=token)
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, f"{config.email} is verified: digests can go there now.")
        return redirect("reminders.settings")
    config = service.settings_for(request.user)
    return render(request, "goodwill/reminders/verify.html", {"config": config})


@login_required
def feed_rotate(request):
    if refused := not_post(request):
        return refused
    _, secret = service.rotate_feed(owner=request.user)
    return _page(request, feed_url=reminder_rules.feed_link(secret))


@login_required
def feed_revoke(request):
    if refused := not_post(request):
        return refused
    service.revoke_feed(owner=request.user)
    messages.success(request, "The calendar feed is off: its address no longer works.")
    return redirect("reminders.settings")


@login_required
@require_GET
def preview(request):
    config = service.settings_for(request.user)
    digest = digest_service.build_digest(request.user, config, timezone.now())
    return render(request, "goodwill/reminders/preview.html", {"digest": digest})


@require_safe
def feed(request, feed_token: str):
    config = service.feed_settings(feed_token)
    if config is None:
        raise Http404("No such feed.")
    body = build_feed(config, now=timezone.now())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(False, "goodwill.ics")
    response["Cache-Control"] = "private, max-age=300"
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@csrf_exempt  # only for the RFC 8058 one-click POST; any other POST is checked below
def unsubscribe(request, unsubscribe_token: str):
    """GET: a page with a button. POST "List-Unsubscribe=One-Click" (RFC 8058, what a
    mail client sends, with no session): done at once, the signed link is the proof.
    Any other POST (the button) must carry a CSRF token like every form."""
    if request.method not in ("GET", "HEAD", "POST"):
        return HttpResponseNotAllowed(["GET", "HEAD", "POST"])
    one_click = request.method == "POST" and (request.POST.get("List-Unsubscribe") == "One-Click")
    if request.method == "POST" and not one_click:
        return csrf_protect(_unsubscribe)(request, unsubscribe_token)
    return _unsubscribe(request, unsubscribe_token)


def _unsubscribe(request, token: str):
    if reminder_rules.owner_of_unsubscribe(token) is None:
        raise Http404("No such link.")
    if request.method == "POST":
        service.unsubscribe(token=token)
        return render(request, "goodwill/reminders/unsubscribed.html", {"done": True})
    return render(request, "goodwill/reminders/unsubscribed.html", {"done": False})
