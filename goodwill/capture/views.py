"""Capture's pages: the connections, adding one, its page, and the review list."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from goodwill.capture import queries
from goodwill.capture.forms import (
    CalendarForm,
    ForgetForm,
    MailboxEditForm,
    MailboxForm,
    MergeForm,
    SettingsForm,
)
from goodwill.capture.models import Connector, Ignored, ReviewEntry
from goodwill.capture.rules.seen import SourceError
from goodwill.capture.services import connectors, review, runs, tasks
from goodwill.core.rules import field_error
from goodwill.core.vault import VaultError
from goodwill.people.models import Person
from goodwill.web.views import attempt, confirm_delete, handle_form, not_get, not_post

MAX_ICS = 10 * 1024 * 1024


def _settings_form(owner) -> SettingsForm:
    config = queries.settings_of(owner)
    return SettingsForm(
        initial={
            "my_addresses": config.my_addresses,
            "reply_nudges": config.reply_nudges,
            "reply_after_days": config.reply_after_days,
            "max_attendees": config.max_attendees,
        }
    )


def _home(request, *, settings_form=None, forget_form=None, status=200):
    owner = request.user
    context = {
        "connectors": list(queries.connectors(owner)),
        "review_count": queries.review_count(owner),
        "settings_form": settings_form or _settings_form(owner),
        "forget_form": forget_form or ForgetForm(),
        "ignored": list(queries.ignored(owner)[:50]),
    }
    return render(request, "goodwill/capture/home.html", context, status=status)


@login_required
def home(request):
    if refused := not_get(request):
        return refused
    return _home(request)


@login_required
def save_settings(request):
    if refused := not_post(request):
        return refused
    form = SettingsForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: connectors.update_settings(owner=request.user, **data),
        message="Saved.",
        success="capture.home",
        page=lambda: _home(request, settings_form=form),
    )


@login_required
def add_mailbox(request):
    form = MailboxForm(request.POST or None)
    return handle_form(
        request,
        form,
        lambda data: connectors.add_mailbox(owner=request.user, **data),
        message=lambda c: f"Added {c.name}. The password is kept encrypted and never shown.",
        success=lambda c: reverse("capture.connector", args=[c.pk]),
        page=lambda: render(request, "goodwill/capture/add_mailbox.html", {"form": form}),
    )


def _add_calendar(owner, data, upload):
    if data["kind"] == "ics_file":
        if upload is None:
            raise field_error("file", "Choose the .ics file to read.")
        if upload.size > MAX_ICS:
            raise field_error("file", "This file is over 10 MB; export a shorter period.")
        try:
            connector, _ = runs.import_ics(owner=owner, name=data["name"], data=upload.read())
        except SourceError as exc:
            raise field_error("file", str(exc)) from None
        return connector
    return connectors.add_calendar(
        owner=owner,
        name=data["name"],
        kind=data["kind"],
        url=data["url"],
        username=data["username"],
        password=data["password"],
    )


@login_required
def add_calendar(request):
    form = CalendarForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: _add_calendar(request.user, data, request.FILES.get("file")),
        message=lambda c: f"Added {c.name}.",
        success=lambda c: reverse("capture.connector", args=[c.pk]),
        page=lambda: render(request, "goodwill/capture/add_calendar.html", {"form": form}),
    )


def _edit_form(connector: Connector, data=None) -> MailboxEditForm:
    return MailboxEditForm(
        data,
        initial={
            "name": connector.name,
            "host": connector.host,
            "security": connector.security,
            "port": connector.port,
            "username": connector.username,
            "own_addresses": connector.own_addresses,
            "keep_first_lines": connector.keep_first_lines,
            "folders": connector.folders,
            "every_minutes": connector.every_minutes,
        },
    )


def _connector_page(request, connector, *, form=None, status=200):
    context = {
        "connector": connector,
        "form": form or (_edit_form(connector) if connector.is_mail else None),
    }
    return render(request, "goodwill/capture/connector.html", context, status=status)


@login_required
def connector_page(request, connector_id: int):
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    if request.method != "POST":
        return _connector_page(request, connector)
    if not connector.is_mail:
        return not_get(request)
    form = _edit_form(connector, request.POST)
    return handle_form(
        request,
        form,
        lambda data: connectors.update_connector(owner=request.user, connector=connector, **data),
        message="Saved.",
        success=reverse("capture.connector", args=[connector.pk]),
        page=lambda: _connector_page(request, connector, form=form),
    )


@login_required
def progress(request, connector_id: int):
    """The status line and progress bar, polled by the page while a run goes on."""
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    if refused := not_get(request):
        return refused
    return render(request, "goodwill/capture/_status.html", {"connector": connector})


@login_required
def test(request, connector_id: int):
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    if refused := not_post(request):
        return refused
    try:
        messages.success(request, runs.test_connection(owner=request.user, connector=connector))
    except (SourceError, VaultError) as exc:
        text = str(exc)
        messages.error(request, f"{text[:1].upper()}{text[1:]}.")
    return redirect("capture.connector", connector.pk)


@login_required
def run_now(request, connector_id: int):
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    if refused := not_post(request):
        return refused
    attempt(
        request,
        lambda: tasks.run_soon(owner=request.user, connector=connector),
        message="Reading starts in a moment; this page shows how far it got.",
    )
    return redirect("capture.connector", connector.pk)


@login_required
def pause(request, connector_id: int):
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    if refused := not_post(request):
        return refused
    paused = request.POST.get("paused", "1") == "1"
    attempt(
        request,
        lambda: connectors.set_paused(owner=request.user, connector=connector, paused=paused),
        message="Paused. Nothing is read until you turn it on." if paused else "On again.",
    )
    return redirect("capture.connector", connector.pk)


@login_required
def remove(request, connector_id: int):
    connector = Connector.objects.get_owned_or_404(request.user, pk=connector_id)
    return confirm_delete(
        request,
        lambda: connectors.remove_connector(owner=request.user, connector=connector),
        message=f"Removed {connector.name}. Interactions it logged stay on the timelines.",
        to="capture.home",
        page=lambda: render(request, "goodwill/capture/remove.html", {"connector": connector}),
    )


# ---------------------------------------------------------------- the review list


@login_required
def review_page(request):
    if refused := not_get(request):
        return refused
    owner = request.user
    q = request.GET.get("q", "")[:100]
    entries = list(queries.review_list(owner, q=q)[: queries.REVIEW_PAGE])
    context = {
        "entries": entries,
        "q": q,
        "total": queries.review_count(owner),
    }
    return render(request, "goodwill/capture/review.html", context)


def _entry(request, entry_id: int) -> ReviewEntry:
    return ReviewEntry.objects.get_owned_or_404(request.user, pk=entry_id)


@login_required
def review_add(request, entry_id: int):
    entry = _entry(request, entry_id)
    if refused := not_post(request):
        return refused
    attempt(
        request,
        lambda: review.add_person(
            owner=request.user, entry=entry, display_name=request.POST.get("name", "")
        ),
        message=lambda p: f"Added {p.display_name}, with what your mail and calendar showed.",
    )
    return redirect("capture.review")


@login_required
def review_merge(request, entry_id: int):
    """GET: choose whom the address belongs to; POST: add it to them."""
    entry = _entry(request, entry_id)
    form = MergeForm(request.POST or None)

    def page():
        people = Person.objects.filter(owner=request.user, archived=False, is_me=False).only(
            "pk", "display_name"
        )
        return render(
            request,
            "goodwill/capture/merge.html",
            {"entry": entry, "form": form, "people": people},
        )

    return handle_form(
        request,
        form,
        lambda data: review.merge_into(owner=request.user, entry=entry, person=data["person"]),
        message=lambda p: f"Added {entry.email} to {p.display_name}.",
        success="capture.review",
        page=page,
    )


@login_required
def review_ignore(request, entry_id: int):
    entry = _entry(request, entry_id)
    if refused := not_post(request):
        return refused
    if request.POST.get("domain") == "1":
        attempt(
            request,
            lambda: review.ignore_domain(owner=request.user, entry=entry),
            message=lambda i: f"Everything from {i.value} is left alone from now on.",
        )
    else:
        attempt(
            request,
            lambda: review.ignore_address(owner=request.user, entry=entry),
            message=lambda i: f"{i.value} is left alone from now on.",
        )
    return redirect("capture.review")


@login_required
def forget(request):
    if refused := not_post(request):
        return refused
    form = ForgetForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: review.forget_address(owner=request.user, email=data["email"]),
        message=lambda done: (
            f"Forgotten: {done['captured']} message(s) and {done['interactions']} "
            "interaction(s) removed. That address is not read again."
        ),
        success="capture.home",
        page=lambda: _home(request, forget_form=form),
    )


@login_required
def unignore(request, ignored_id: int) -> HttpResponse:
    item = Ignored.objects.get_owned_or_404(request.user, pk=ignored_id)
    if refused := not_post(request):
        return refused
    attempt(
        request,
        lambda: review.unignore(owner=request.user, item=item),
        message=f"{item.value} is read again from the next run.",
    )
    return redirect("capture.home")
