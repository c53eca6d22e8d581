"""Leads: the board, a lead's story, moves, report-backs, settings, stats, referrals."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from goodwill.web.htmx import render_page
from goodwill.web.views import (
    confirm_delete,
    handle_form,
    int_param,
    not_get,
    not_post,
    safe_next,
)

DUE_SHOWN = 8


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
    referrer = int_param(request.GET.get("referrer"))
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
        if pk := int_param(request.GET.get(key)):
            person = Person.objects.filter(owner=owner, pk=pk).first()
            if person is not None:
                initial[key] = f"{person.display_name} #{person.pk}"
    form = LeadForm(request.POST or None, initial=initial, owner=owner)
    return handle_form(
        request,
        form,
        lambda data: lead_service.create_lead(owner=owner, **form.service_kwargs()),
        message=lambda lead: (
            f"Lead saved. Contact {lead.prospect} by {lead.contact_due_on:%-d %b}, "
            f"and thank {lead.referrer} while it is fresh."
        ),
        success=lambda lead: reverse("leads.detail", args=[lead.pk]),
        page=lambda: render(request, "goodwill/leads/form.html", {"form": form}),
        aliases={"prospect_name": "prospect"},
    )


def _detail_context(request, pk: int, **forms) -> dict:
    variant = int_param(request.GET.get("variant"))
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
        "other_wording_url": f"?variant={(draft.variant + 1) % draft.variants}#story",
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
    if refused := not_get(request):
        return refused
    return render_detail(request, pk)


def _story_form(request, pk: int, form, save, *, message, form_name: str):
    """A form on the lead's page: htmx swaps the story, a plain form goes to ``next``."""
    return handle_form(
        request,
        form,
        save,
        message=message,
        success=safe_next(request, reverse("leads.detail", args=[pk])),
        partial=lambda _: render_detail(request, pk, partial="story"),
        page=lambda: render_detail(request, pk, partial="story", **{form_name: form}),
    )


@login_required
def move(request, pk: int):
    lead = Lead.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = MoveForm(request.POST)

    def save(data):
        lead_service.move_lead(
            owner=request.user,
            lead=lead,
            status=data["status"],
            note=data["note"],
            reopen=data["reopen"],
        )
        lead.refresh_from_db()

    return _story_form(
        request,
        pk,
        form,
        save,
        message=lambda _: (
            f"Noted. Now tell {lead.referrer} how it ended."
            if lead.awaits_telling
            else f"Moved to {lead.get_status_display().lower()}."
        ),
        form_name="move_form",
    )


@login_required
def report(request, pk: int):
    lead = Lead.objects.select_related("referrer").get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = ReportForm(request.POST)
    return _story_form(
        request,
        pk,
        form,
        lambda data: lead_service.send_report_back(
            owner=request.user,
            lead=lead,
            kind=data["kind"] or None,
            subject=data["subject"] if "subject" in request.POST else None,
            body=data["body"] if "body" in request.POST else None,
            channel=data["channel"] or "email",
        ),
        message=f"Sent and noted on {lead.referrer}'s timeline.",
        form_name="report_form",
    )


@login_required
def delete(request, pk: int):
    lead = Lead.objects.select_related("prospect").get_owned_or_404(request.user, pk=pk)
    return confirm_delete(
        request,
        lambda: lead_service.delete_lead(owner=request.user, lead=lead),
        message="Lead deleted. Messages you sent stay on the timeline.",
        to="leads.board",
        page=lambda: render(request, "goodwill/leads/delete.html", {"lead": lead}),
    )


@login_required
def lead_settings(request):
    if refused := not_post(request):
        return refused
    form = SettingsForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: lead_service.update_lead_settings(owner=request.user, **data),
        message="Clocks saved.",
        success="leads.board",
        page=lambda: render(
            request, "goodwill/leads/board.html", _board_context(request, settings_form=form)
        ),
    )


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
    form = ReferralForm(request.POST if request.method == "POST" else None, owner=owner)
    return handle_form(
        request,
        form,
        lambda data: referral_service.create_referral(owner=owner, **data),
        message=lambda referral: (
            f"Noted. You'll be asked on {referral.check_due_on:%-d %b} how it went."
        ),
        success="referrals.list",
        page=lambda: render(
            request, "goodwill/leads/referrals.html", _referrals_context(request, form)
        ),
    )


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
