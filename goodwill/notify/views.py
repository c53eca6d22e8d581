"""Notification settings, the installable app (manifest, service worker, offline page),
"log it now" (kept on the phone while offline) and "finish these".

The service worker is served from the site root (``/sw.js``) so that it controls every
page; it caches the app shell only (styles, scripts, icons, the offline page and the
empty "log it now" form), never a page with anyone's data.
"""

from __future__ import annotations

import hashlib
import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.http import require_safe

from goodwill.notify import queries, rules
from goodwill.notify import services as service
from goodwill.notify.forms import ChannelForm, QuickLogForm, QuietForm, TopicsForm
from goodwill.notify.models import Channel, PushDevice, QuickLog
from goodwill.notify.services import outbox, senders
from goodwill.web.views import attempt, handle_form, not_post

TEMPLATE = "goodwill/notify/settings.html"
SHELL_ASSETS = (
    "goodwill/app.css",
    "goodwill/app.js",
    "goodwill/pwa.js",
    "goodwill/icon.svg",
    "goodwill/icons/icon-192.png",
    "goodwill/icons/icon-512.png",
    "goodwill/icons/maskable-192.png",
    "goodwill/icons/maskable-512.png",
)


def _quiet_initial(config) -> dict:
    return {
        "quiet_enabled": config.quiet_enabled,
        "quiet_start": config.quiet_start,
        "quiet_end": config.quiet_end,
        "morning_at": config.morning_at,
    }


def _page(request, *, form=None, quiet=None, status: int = 200):
    owner = request.user
    config = queries.settings_of(owner)
    channels = queries.channels(owner)
    context = {
        "form": form or ChannelForm(),
        "quiet": quiet or QuietForm(initial=_quiet_initial(config)),
        "channels": [
            (c, TopicsForm(initial={"topics": c.topics}, prefix=f"c{c.pk}")) for c in channels
        ],
        "devices": queries.devices(owner),
        "sends": outbox.recent(owner),
        "time_zone": str(rules.zone_of(owner)),
        "push_key": senders.public_key(),
        "waiting": queries.waiting_logs(owner).count(),
    }
    return render(request, TEMPLATE, context, status=status)


@login_required
def settings_page(request):
    if request.method != "POST":
        return _page(request)
    form = ChannelForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: service.add_channel(
            owner=request.user, name=data["name"], url=data["url"], topics=data["topics"]
        ),
        message=lambda c: f"{c.name} is added. Send a test to see how it looks.",
        success="notify.settings",
        page=lambda: _page(request, form=form),
    )


@login_required
def quiet_hours(request):
    if refused := not_post(request):
        return refused
    form = QuietForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: service.update_settings(owner=request.user, **data),
        message="Quiet hours saved.",
        success="notify.settings",
        page=lambda: _page(request, quiet=form),
    )


@login_required
def channel_topics(request, channel_id: int):
    if refused := not_post(request):
        return refused
    channel = Channel.objects.get_owned_or_404(request.user, pk=channel_id)
    form = TopicsForm(request.POST, prefix=f"c{channel.pk}")
    if form.is_valid():
        attempt(
            request,
            lambda: service.update_channel(
                owner=request.user, channel=channel, topics=form.cleaned_data["topics"]
            ),
            message=f"Saved what {channel.name} receives.",
        )
    return redirect("notify.settings")


@login_required
def channel_test(request, channel_id: int):
    if refused := not_post(request):
        return refused
    channel = Channel.objects.get_owned_or_404(request.user, pk=channel_id)
    error = service.send_test(owner=request.user, target=channel)
    if error:
        messages.error(request, f"The test to {channel.name} did not go. {error}")
    else:
        messages.success(request, f"A test is on its way to {channel.name}.")
    return redirect("notify.settings")


@login_required
def channel_remove(request, channel_id: int):
    if refused := not_post(request):
        return refused
    channel = Channel.objects.get_owned_or_404(request.user, pk=channel_id)
    service.remove_channel(owner=request.user, channel=channel)
    messages.success(request, f"{channel.name} is removed; Goodwill forgot its address.")
    return redirect("notify.settings")


@login_required
def device_test(request, device_id: int):
    if refused := not_post(request):
        return refused
    device = PushDevice.objects.get_owned_or_404(request.user, pk=device_id)
    error = service.send_test(owner=request.user, target=device)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, "A test is on its way to that device.")
    return redirect("notify.settings")


@login_required
def device_remove(request, device_id: int):
    if refused := not_post(request):
        return refused
    device = PushDevice.objects.get_owned_or_404(request.user, pk=device_id)
    service.remove_device(owner=request.user, device=device)
    messages.success(request, "That device no longer gets notifications.")
    return redirect("notify.settings")


# ---------------------------------------------------------------- log it now, finish these


@login_required
def log_now(request):
    """The quick log form. Its script keeps an entry on the phone and sends it when it
    can; ``?shell=1`` is how the service worker fetches the empty form to keep."""
    shell = request.GET.get("shell") == "1"
    waiting = 0 if shell else queries.waiting_logs(request.user).count()
    context = {"form": QuickLogForm(), "shell": shell, "waiting": waiting}
    response = render(request, "goodwill/notify/log_now.html", context)
    response["Cache-Control"] = "no-store"
    return response


@login_required
def finish_list(request):
    items = [
        (item, queries.name_choices(request.user, item))
        for item in queries.waiting_logs(request.user)[:50]
    ]
    return render(request, "goodwill/notify/finish.html", {"items": items, "errors": {}})


@login_required
def finish_one(request, quick_log_id: int):
    if refused := not_post(request):
        return refused
    item = QuickLog.objects.get_owned_or_404(request.user, pk=quick_log_id)
    if request.POST.get("drop"):
        service.drop_quick_log(owner=request.user, item=item)
        messages.success(request, "Removed. Nothing was logged from it.")
        return redirect("notify.finish")
    try:
        service.finish_quick_log(owner=request.user, item=item, choices=request.POST.dict())
    except ValidationError as exc:
        items = [
            (i, queries.name_choices(request.user, i))
            for i in queries.waiting_logs(request.user)[:50]
        ]
        errors = {item.pk: exc.message_dict}
        return render(
            request, "goodwill/notify/finish.html", {"items": items, "errors": errors}, status=422
        )
    messages.success(request, f"Logged, with {item.names}. It is on their timeline now.")
    return redirect("notify.finish")


# ---------------------------------------------------------------- the installable app


def _shell_urls() -> list[str]:
    return [static(path) for path in SHELL_ASSETS]


@require_safe
def manifest(request):
    data = {
        "name": "Goodwill",
        "short_name": "Goodwill",
        "description": "Your networking companion: who to reach today, and a quick log.",
        "id": "/",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#226a5b",
        "icons": [
            {
                "src": static("goodwill/icons/icon-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("goodwill/icons/icon-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "any",
            },
            {
                "src": static("goodwill/icons/maskable-192.png"),
                "sizes": "192x192",
                "type": "image/png",
                "purpose": "maskable",
            },
            {
                "src": static("goodwill/icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [{"name": "Log it now", "url": reverse("notify.log_now")}],
    }
    response = HttpResponse(json.dumps(data, indent=1), content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=3600"
    return response


@require_safe
def service_worker(request):
    assets = _shell_urls()
    version = hashlib.sha256("\n".join(assets).encode()).hexdigest()[:12]
    body = render(
        request,
        "goodwill/notify/sw.js",
        {
            "version": version,
            "assets_json": json.dumps([*assets, reverse("notify.offline")]),
            "log_now": reverse("notify.log_now"),
            "offline": reverse("notify.offline"),
        },
        content_type="text/javascript; charset=utf-8",
    )
    body["Cache-Control"] = "no-cache"
    body["Service-Worker-Allowed"] = "/"
    return body


@require_safe
def offline(request):
    """What an offline phone shows instead of a page it cannot load: no one's data."""
    return render(request, "goodwill/notify/offline.html", {"shell": True})
