"""Introductions, double opt-in: suggest, ask A, ask B, introduce, and how it went."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from goodwill.giving import queries
from goodwill.giving.forms import (
    IntroForm,
    StepForm,
)
from goodwill.giving.models import Introduction
from goodwill.giving.services import intros as intro_service
from goodwill.giving.views import SHOWN, form_page, name_of
from goodwill.web.htmx import render_page
from goodwill.web.views import (
    delete_owned,
    handle_form,
    int_param,
    not_get,
    not_post,
)


@login_required
@require_GET
def intro_list(request):
    owner = request.user
    state = request.GET.get("state", "open")
    state = state if state in ("open", "made", "declined", "") else "open"
    context = {"intros": list(queries.intros(owner, state=state)[:SHOWN]), "state": state}
    return render(request, "goodwill/giving/intros.html", context)


@login_required
def intro_add(request):
    owner = request.user
    need_pk = int_param(request.POST.get("need") or request.GET.get("need"))
    initial = {
        "a": name_of(owner, request.GET.get("a")),
        "b": name_of(owner, request.GET.get("b")),
        "need": need_pk,
        "reason": request.GET.get("reason", "")[:1000],
    }
    form = IntroForm(request.POST or None, initial=initial, owner=owner)
    return handle_form(
        request,
        form,
        lambda data: intro_service.suggest_intro(owner=owner, **data),
        message=lambda intro: f"Suggested. First, ask {intro.a.display_name}.",
        success=lambda intro: reverse("giving.intro", args=[intro.pk]),
        page=lambda: form_page(
            request,
            form,
            title="Suggest an introduction",
            intro="Double opt-in: the first person is asked, then the second, "
            "then you connect them.",
            submit="Suggest it",
        ),
    )


def _intro_context(request, intro_id: int, step_form=None) -> dict:
    owner = request.user
    intro = queries.intro_detail(owner, intro_id)
    variant = int_param(request.GET.get("variant"))
    draft = intro_service.next_draft(intro, owner, variant=variant)
    return {
        "intro": intro,
        "steps": list(intro.steps.all()),
        "actions": intro_service.allowed_actions(intro),
        "draft": draft,
        "next_variant": (draft.variant + 1) % draft.variants if draft else 0,
        "other_wording_url": f"?variant={(draft.variant + 1) % draft.variants}" if draft else "",
        "step_form": step_form or StepForm(),
    }


@login_required
def intro_detail(request, intro_id: int):
    Introduction.objects.get_owned_or_404(request.user, pk=intro_id)
    if refused := not_get(request):
        return refused
    return render_page(
        request, "goodwill/giving/intro.html", _intro_context(request, intro_id), partial="flow"
    )


STEP_DONE = {
    "ask_a": "Noted: {a} was asked.",
    "ask_b": "Noted: {b} was asked.",
    "made": "Introduced! {a} and {b} now know each other, and it counts as a give.",
    "outcome": "Outcome noted.",
    "decline": "Noted. A no is normal; there will be other chances.",
}


@login_required
def intro_step(request, intro_id: int):
    intro = Introduction.objects.select_related("a", "b").get_owned_or_404(
        request.user, pk=intro_id
    )
    if refused := not_post(request):
        return refused
    form = StepForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: intro_service.advance_intro(
            owner=request.user,
            intro=intro,
            action=data["action"],
            message=data["message"] if "message" in request.POST else None,
            note=data["note"],
            outcome=data["outcome"],
            declined_by=data["declined_by"],
            meets_need=data["meets_need"],
        ),
        message=lambda _: STEP_DONE[form.cleaned_data["action"]].format(
            a=intro.a.display_name, b=intro.b.display_name
        ),
        success=reverse("giving.intro", args=[intro_id]),
        page=lambda: render(
            request, "goodwill/giving/intro.html", _intro_context(request, intro_id, step_form=form)
        ),
    )


@login_required
def intro_delete(request, intro_id: int):
    return delete_owned(
        request,
        Introduction,
        intro_id,
        lambda obj: intro_service.delete_intro(owner=request.user, intro=obj),
        message="Introduction deleted.",
        to="giving.intros",
    )
