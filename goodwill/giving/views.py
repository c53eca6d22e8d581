"""Serve first: the giving home, needs with who could help, offers, gives, the
double-opt-in introduction workflow and the give-first balance. Routes are listed here
(urlpatterns) and added by views/urls.py."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from goodwill.giving import queries
from goodwill.giving import services as service
from goodwill.giving.forms import (
    GiveEditForm,
    GiveForm,
    IntroForm,
    NeedEditForm,
    NeedForm,
    NeedStatusForm,
    OfferEditForm,
    OfferForm,
    StepForm,
)
from goodwill.giving.matching import search as matching
from goodwill.giving.models import Give, Introduction, Need, NeedStatus, Offer
from goodwill.giving.services import intros as intro_service
from goodwill.people.models import Person
from goodwill.people.services import ensure_me
from goodwill.web.forms import apply_errors
from goodwill.web.htmx import render_page
from goodwill.web.views import delete_owned, not_post, safe_next

SHOWN = 50


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() and len(str(value)) < 19 else None


def _name_of(owner, pk) -> str:
    if pk == "me":
        return "me"
    person = Person.objects.filter(owner=owner, pk=_int(pk)).first() if _int(pk) else None
    if person is None:
        return ""
    return "me" if person.is_me else f"{person.display_name} #{person.pk}"


@login_required
@require_GET
def home(request):
    owner = request.user
    me = ensure_me(owner=owner)
    result = queries.balance(owner, by_person=False)  # the home shows the totals only
    context = {
        "me": me,
        "with_helpers": queries.needs_you_can_meet(owner, limit=5),
        "open_needs": list(queries.needs(owner, status=NeedStatus.OPEN)[:SHOWN]),
        "my_offers": list(queries.offers(owner, active=True, person=me)[:20]),
        "their_offers": list(queries.offers(owner, active=True).exclude(person=me)[:SHOWN]),
        "recent_gives": list(queries.gives(owner)[:10]),
        "in_flight": list(queries.intros(owner, state="open")[:20]),
        "balance": result,
        "chart": queries.balance_chart(result),
    }
    return render(request, "goodwill/giving/home.html", context)


# ---------------------------------------------------------------- needs


def _form_page(request, form, *, title: str, intro: str, submit: str):
    """The shared add-form page; a bound form here is one that did not save (422)."""
    context = {"form": form, "title": title, "intro": intro, "submit": submit}
    return render(
        request, "goodwill/giving/form.html", context, status=422 if form.is_bound else 200
    )


@login_required
def need_add(request):
    owner = request.user
    initial = {"person": _name_of(owner, request.GET.get("person"))}
    form = NeedForm(request.POST or None, initial=initial, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            need = service.create_need(owner=owner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Noted. Here is who might help.")
            return redirect("giving.need", need_id=need.pk)
    return _form_page(
        request,
        form,
        title="Note a need",
        intro="What is going on for them? What are they looking for or struggling with?",
        submit="Save the need",
    )


def _need_context(request, need: Need, status_form=None) -> dict:
    owner = request.user
    me = ensure_me(owner=owner)
    helpers = matching.match_need(owner, need, limit=10)
    return {
        "need": need,
        "me": me,
        "helpers": helpers,
        "gives": list(need.gives.select_related("giver", "receiver")),
        "intros": list(need.introductions.select_related("a", "b")),
        "status_form": status_form or NeedStatusForm(),
        "statuses": [(v, label) for v, label in NeedStatus.choices if v != need.status],
    }


def _edit_page(request, obj, form_class, save, *, title: str, done: str, to: str):
    """The shared edit page: the form filled from ``obj``; ``save(cleaned_data)`` calls
    the area's update service."""
    initial = {name: getattr(obj, name) for name in form_class.base_fields}
    form = form_class(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, done)
            return redirect(safe_next(request, to))
    return _form_page(request, form, title=title, intro="", submit="Save")


@login_required
def need_edit(request, need_id: int):
    need = Need.objects.get_owned_or_404(request.user, pk=need_id)
    return _edit_page(
        request,
        need,
        NeedEditForm,
        lambda data: service.update_need(owner=request.user, need=need, **data),
        title="Edit the need",
        done="Need saved.",
        to=reverse("giving.need", args=[need.pk]),
    )


@login_required
def offer_edit(request, offer_id: int):
    offer = Offer.objects.get_owned_or_404(request.user, pk=offer_id)
    return _edit_page(
        request,
        offer,
        OfferEditForm,
        lambda data: service.update_offer(owner=request.user, offer=offer, **data),
        title="Edit the offer",
        done="Offer saved.",
        to="giving.home",
    )


@login_required
def give_edit(request, give_id: int):
    give = Give.objects.get_owned_or_404(request.user, pk=give_id)
    return _edit_page(
        request,
        give,
        GiveEditForm,
        lambda data: service.update_give(owner=request.user, give=give, **data),
        title="Edit what was given",
        done="Saved.",
        to="giving.home",
    )


@login_required
def need_detail(request, need_id: int):
    need = Need.objects.select_related("person", "interaction").get_owned_or_404(
        request.user, pk=need_id
    )
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
    return render_page(request, "goodwill/giving/need.html", _need_context(request, need))


@login_required
def need_status(request, need_id: int):
    need = Need.objects.select_related("person").get_owned_or_404(request.user, pk=need_id)
    if refused := not_post(request):
        return refused
    form = NeedStatusForm(request.POST)
    if form.is_valid():
        try:
            service.set_need_status(
                owner=request.user, need=need, status=form.cleaned_data["status"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        context = _need_context(request, need, status_form=form)
        return render(request, "goodwill/giving/need.html", context, status=422)
    messages.success(request, f"Marked {need.get_status_display().lower()}.")
    return redirect(safe_next(request, reverse("giving.need", args=[need.pk])))


@login_required
def need_delete(request, need_id: int):
    return delete_owned(
        request,
        Need,
        need_id,
        lambda obj: service.delete_need(owner=request.user, need=obj),
        message="Need deleted.",
        to="giving.home",
    )


# ---------------------------------------------------------------- offers


@login_required
def offer_add(request):
    owner = request.user
    initial = {"person": _name_of(owner, request.GET.get("person")) or "me"}
    form = OfferForm(request.POST or None, initial=initial, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            offer = service.create_offer(owner=owner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Offer saved. It will show up when someone needs it.")
            target = "giving.home" if offer.person.is_me else "people.detail"
            args = [] if offer.person.is_me else [offer.person_id]
            return redirect(safe_next(request, reverse(target, args=args)))
    return _form_page(
        request,
        form,
        title="Note an offer",
        intro="Skills, experience, resources, access: what can they (or you) give?",
        submit="Save the offer",
    )


@login_required
def offer_toggle(request, offer_id: int):
    offer = Offer.objects.get_owned_or_404(request.user, pk=offer_id)
    if refused := not_post(request):
        return refused
    service.update_offer(owner=request.user, offer=offer, active=not offer.active)
    return redirect(safe_next(request, reverse("giving.home")))


@login_required
def offer_delete(request, offer_id: int):
    return delete_owned(
        request,
        Offer,
        offer_id,
        lambda obj: service.delete_offer(owner=request.user, offer=obj),
        message="Offer deleted.",
        to="giving.home",
    )


# ---------------------------------------------------------------- gives


@login_required
def give_add(request):
    owner = request.user
    need = None
    if pk := _int(request.POST.get("need") or request.GET.get("need")):
        need = Need.objects.filter(owner=owner, pk=pk).select_related("person").first()
    initial = {
        "giver": _name_of(owner, request.GET.get("giver")) or "me",
        "receiver": _name_of(owner, request.GET.get("receiver") or (need and need.person_id)),
        "need": need.pk if need else None,
        "summary": request.GET.get("summary", "")[:300],
        "meets_need": bool(need),
    }
    form = GiveForm(request.POST or None, initial=initial, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            give = service.record_give(owner=owner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            met = " Their need is marked met." if form.cleaned_data["meets_need"] else ""
            messages.success(request, f"Logged: {give.summary}.{met}")
            return redirect(safe_next(request, reverse("giving.home")))
    context = {
        "form": form,
        "title": "Log some help",
        "intro": "Advice, a link, a name, a favour: small things count. Help you received too.",
        "submit": "Save",
        "need": need,
    }
    return render(
        request, "goodwill/giving/form.html", context, status=422 if form.is_bound else 200
    )


@login_required
def give_delete(request, give_id: int):
    return delete_owned(
        request,
        Give,
        give_id,
        lambda obj: service.delete_give(owner=request.user, give=obj),
        message="Deleted.",
        to="giving.home",
    )


# ---------------------------------------------------------------- introductions


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
    need_pk = _int(request.POST.get("need") or request.GET.get("need"))
    initial = {
        "a": _name_of(owner, request.GET.get("a")),
        "b": _name_of(owner, request.GET.get("b")),
        "need": need_pk,
        "reason": request.GET.get("reason", "")[:1000],
    }
    form = IntroForm(request.POST or None, initial=initial, owner=owner)
    if request.method == "POST" and form.is_valid():
        try:
            intro = intro_service.suggest_intro(owner=owner, **form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"Suggested. First, ask {intro.a.display_name}.")
            return redirect("giving.intro", intro_id=intro.pk)
    return _form_page(
        request,
        form,
        title="Suggest an introduction",
        intro="Double opt-in: the first person is asked, then the second, then you connect them.",
        submit="Suggest it",
    )


def _intro_context(request, intro_id: int, step_form=None) -> dict:
    owner = request.user
    intro = queries.intro_detail(owner, intro_id)
    variant = _int(request.GET.get("variant"))
    draft = intro_service.next_draft(intro, owner, variant=variant)
    return {
        "intro": intro,
        "steps": list(intro.steps.all()),
        "actions": intro_service.allowed_actions(intro),
        "draft": draft,
        "next_variant": (draft.variant + 1) % draft.variants if draft else 0,
        "step_form": step_form or StepForm(),
    }


@login_required
def intro_detail(request, intro_id: int):
    Introduction.objects.get_owned_or_404(request.user, pk=intro_id)
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET"])
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
    if form.is_valid():
        data = form.cleaned_data
        try:
            intro_service.advance_intro(
                owner=request.user,
                intro=intro,
                action=data["action"],
                message=data["message"] if "message" in request.POST else None,
                note=data["note"],
                outcome=data["outcome"],
                declined_by=data["declined_by"],
                meets_need=data["meets_need"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        context = _intro_context(request, intro_id, step_form=form)
        return render(request, "goodwill/giving/intro.html", context, status=422)
    done = STEP_DONE[form.cleaned_data["action"]]
    messages.success(request, done.format(a=intro.a.display_name, b=intro.b.display_name))
    return redirect("giving.intro", intro_id=intro_id)


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


# ---------------------------------------------------------------- the balance


@login_required
@require_GET
def balance(request):
    result = queries.balance(request.user)
    context = {"balance": result, "chart": queries.balance_chart(result)}
    return render(request, "goodwill/giving/balance.html", context)


def person_panel(owner, person, forms) -> dict:
    """The person page's needs and offers, and who could meet their needs."""
    return {"person_giving": queries.person_giving(owner, person)}
