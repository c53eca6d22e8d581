"""Leads: the board, a lead's story, moves, report-backs, settings, stats, referrals.

Its routes are listed here and added by views/urls.py.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from goodwill.leads import queries as lead_queries
from goodwill.leads import services as lead_service
from goodwill.leads.forms import (
    CheckForm,
    LeadForm,
    MoveForm,
    ReferralForm,
    ReportForm,
    SettingsForm,
)
from goodwill.leads.models import Lead, LeadStatus, Referral
from goodwill.leads.queries import stats as lead_stats
from goodwill.leads.services import referrals as referral_service
from goodwill.people.models import Person
from goodwill.web.forms import apply_errors
from goodwill.web.htmx import redirect_or_partial, render_page
from goodwill.web.views import not_post, safe_next

DUE_SHOWN = 8


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 19 else None


def _settings_form(owner, form=None) -> SettingsForm:
    if form is not None:
        return form
    config = lead_queries.settings_for(owner)
    return SettingsForm(
        initial={
            "contact_within_days": config.contact_within_days,
            "update_every_days": config.update_every_days,
            "referral_check_days": config.referral_check_days,
        }
    )


def _board_context(request, settings_form=None) -> dict:
    owner = request.user
    referrer = _int(request.GET.get("referrer"))
    due = lead_queries.due_actions(owner)
    return {
        "columns": lead_queries.board(owner, referrer=referrer),
        "referrers": lead_queries.referrers(owner),
        "referrer": referrer,
        "due": due[:DUE_SHOWN],
        "more_due": max(len(due) - DUE_SHOWN, 0),
        "settings_form": _settings_form(owner, settings_form),
        "today": lead_queries.today(),
    }


@login_required
@require_GET
def board(request):
    context = _board_context(request)
    return render_page(request, "goodwill/leads/board.html", context, partial="board")


@login_required
def add(request):
    owner = request.user
    initial = {}
    for key in ("referrer", "prospect"):
        if pk := _int(request.GET.get(key)):
            person = Person.objects.filter(owner=owner, pk=pk).first()
            if person is not None:
                initial[key] = f"{person.display_name} #{person.pk}"
    form = LeadForm(request.POST or None, initial=initial, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            lead = lead_service.create_lead(owner=owner, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"prospect_name": "prospect"})
        else:
            messages.success(
                request,
                f"Lead saved. Contact {lead.prospect} by {lead.contact_due_on:%-d %b}, "
                f"and thank {lead.referrer} while it is fresh.",
            )
            return redirect("leads.detail", pk=lead.pk)
    status = 422 if form.is_bound else 200
    return render(request, "goodwill/leads/form.html", {"form": form}, status=status)


def _detail_context(request, pk: int, **forms) -> dict:
    variant = _int(request.GET.get("variant"))
    page = lead_queries.lead_detail(request.user, pk, variant=variant)
    lead = page.lead
    draft = page.report_draft
    return {
        "page": page,
        "lead": lead,
        "moves": [(s, LeadStatus(s).label) for s in page.moves],
        "move_form": forms.get("move_form") or MoveForm(),
        "report_form": forms.get("report_form")
        or ReportForm(initial={"kind": draft.kind, "subject": draft.subject, "body": draft.body}),
        "next_variant": (draft.variant + 1) % draft.variants,
        "story": sorted(
            [(e.at, "event", e) for e in page.events]
            + [(r.sent_at, "report", r) for r in page.report_backs],
            key=lambda item: (item[0], item[1] == "report", item[2].pk),
        ),
        "today": lead_queries.today(),
    }


def render_detail(request, pk: int, *, status: int = 200, partial: str = "", **forms):
    context = _detail_context(request, pk, **forms)
    return render_page(
        request, "goodwill/leads/detail.html", context, partial=partial, status=status
    )


@login_required
def detail(request, pk: int):
    Lead.objects.get_owned_or_404(request.user, pk=pk)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render_detail(request, pk)


def _after(request, pk: int):
    target = safe_next(request, reverse("leads.detail", args=[pk]))
    return redirect_or_partial(request, target, lambda: render_detail(request, pk, partial="story"))


@login_required
def move(request, pk: int):
    lead = Lead.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = MoveForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead_service.move_lead(
                owner=request.user,
                lead=lead,
                status=data["status"],
                note=data["note"],
                reopen=data["reopen"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        return render_detail(request, pk, status=422, partial="story", move_form=form)
    lead.refresh_from_db()
    if lead.awaits_telling:
        messages.success(request, f"Noted. Now tell {lead.referrer} how it ended.")
    else:
        messages.success(request, f"Moved to {lead.get_status_display().lower()}.")
    return _after(request, pk)


@login_required
def report(request, pk: int):
    lead = Lead.objects.select_related("referrer").get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = ReportForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            lead_service.send_report_back(
                owner=request.user,
                lead=lead,
                kind=data["kind"] or None,
                subject=data["subject"] if "subject" in request.POST else None,
                body=data["body"] if "body" in request.POST else None,
                channel=data["channel"] or "email",
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        return render_detail(request, pk, status=422, partial="story", report_form=form)
    messages.success(request, f"Sent and noted on {lead.referrer}'s timeline.")
    return _after(request, pk)


@login_required
def delete(request, pk: int):
    lead = Lead.objects.select_related("prospect").get_owned_or_404(request.user, pk=pk)
    if request.method == "POST":
        lead_service.delete_lead(owner=request.user, lead=lead)
        messages.success(request, "Lead deleted. Messages you sent stay on the timeline.")
        return redirect("leads.board")
    return render(request, "goodwill/leads/delete.html", {"lead": lead})


@login_required
def lead_settings(request):
    if refused := not_post(request):
        return refused
    form = SettingsForm(request.POST)
    if form.is_valid():
        try:
            lead_service.update_lead_settings(owner=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        context = _board_context(request, settings_form=form)
        return render(request, "goodwill/leads/board.html", context, status=422)
    messages.success(request, "Clocks saved.")
    return redirect("leads.board")


@login_required
@require_GET
def stats(request):
    figures = lead_stats.lead_stats(request.user)
    context = {"stats": figures, "charts": lead_stats.charts(figures)}
    return render(request, "goodwill/leads/stats.html", context)


# ---------------------------------------------------------------- referrals you give


def _referrals_context(request, form=None) -> dict:
    owner = request.user
    return {
        "referrals": list(lead_queries.referrals(owner)[:100]),
        "form": form or ReferralForm(owner=owner),
        "check_form": CheckForm(),
        "today": lead_queries.today(),
    }


@login_required
def referrals(request):
    owner = request.user
    if request.method == "POST":
        form = ReferralForm(request.POST, owner=owner)
        if form.is_valid():
            try:
                referral = referral_service.create_referral(owner=owner, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    f"Noted. You'll be asked on {referral.check_due_on:%-d %b} how it went.",
                )
                return redirect("referrals.list")
        context = _referrals_context(request, form)
        return render(request, "goodwill/leads/referrals.html", context, status=422)
    return render(request, "goodwill/leads/referrals.html", _referrals_context(request))


@login_required
def referral_check(request, pk: int):
    referral = Referral.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = CheckForm(request.POST)
    if form.is_valid():
        referral_service.check_referral(
            owner=request.user,
            referral=referral,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["note"],
        )
        messages.success(request, "Thanks for checking. That's how referrals get better.")
    else:
        messages.error(request, "Choose how it went.")
    return redirect(safe_next(request, reverse("referrals.list")))


def person_panel(owner, person, forms) -> dict:
    """The person page's leads: the ones they gave you and the ones about them."""
    return {"person_leads": lead_queries.person_leads(owner, person.pk)}
