"""Serve first: the giving home, needs with who could help, offers, gives and the
give-first balance. Introductions are in intros.py; routes in ../urls.py."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from goodwill.giving import queries
from goodwill.giving import services as service
from goodwill.giving.forms import (
    GiveEditForm,
    GiveForm,
    NeedEditForm,
    NeedForm,
    NeedStatusForm,
    OfferEditForm,
    OfferForm,
)
from goodwill.giving.matching import search as matching
from goodwill.giving.models import Give, Need, NeedStatus, Offer
from goodwill.people.models import Person
from goodwill.people.services import ensure_me
from goodwill.web.htmx import render_page
from goodwill.web.views import (
    delete_owned,
    handle_form,
    int_param,
    not_get,
    not_post,
    safe_next,
)

SHOWN = 50


def name_of(owner, pk) -> str:
    if pk == "me":
        return "me"
    person = Person.objects.filter(owner=owner, pk=int_param(pk)).first() if int_param(pk) else None
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


def form_page(request, form, *, title: str, intro: str, submit: str, **more):
    """The shared form page (handle_form answers it 422 for a form that did not save)."""
    context = {"form": form, "title": title, "intro": intro, "submit": submit, **more}
    return render(request, "goodwill/giving/form.html", context)


@login_required
def need_add(request):
    owner = request.user
    initial = {"person": name_of(owner, request.GET.get("person"))}
    form = NeedForm(request.POST or None, initial=initial, owner=owner)
    return handle_form(
        request,
        form,
        lambda data: service.create_need(owner=owner, **data),
        message="Noted. Here is who might help.",
        success=lambda need: reverse("giving.need", args=[need.pk]),
        page=lambda: form_page(
            request,
            form,
            title="Note a need",
            intro="What is going on for them? What are they looking for or struggling with?",
            submit="Save the need",
        ),
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
    return handle_form(
        request,
        form,
        save,
        message=done,
        success=safe_next(request, to),
        page=lambda: form_page(request, form, title=title, intro="", submit="Save"),
    )


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
    if refused := not_get(request):
        return refused
    return render_page(request, "goodwill/giving/need.html", _need_context(request, need))


@login_required
def need_status(request, need_id: int):
    need = Need.objects.select_related("person").get_owned_or_404(request.user, pk=need_id)
    if refused := not_post(request):
        return refused
    form = NeedStatusForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: service.set_need_status(owner=request.user, need=need, status=data["status"]),
        message=lambda _: f"Marked {need.get_status_display().lower()}.",
        success=safe_next(request, reverse("giving.need", args=[need.pk])),
        page=lambda: render(
            request, "goodwill/giving/need.html", _need_context(request, need, status_form=form)
        ),
    )


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
    initial = {"person": name_of(owner, request.GET.get("person")) or "me"}
    form = OfferForm(request.POST or None, initial=initial, owner=owner)

    def offered(offer):
        target = "giving.home" if offer.person.is_me else "people.detail"
        args = [] if offer.person.is_me else [offer.person_id]
        return safe_next(request, reverse(target, args=args))

    return handle_form(
        request,
        form,
        lambda data: service.create_offer(owner=owner, **data),
        message="Offer saved. It will show up when someone needs it.",
        success=offered,
        page=lambda: form_page(
            request,
            form,
            title="Note an offer",
            intro="Skills, experience, resources, access: what can they (or you) give?",
            submit="Save the offer",
        ),
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
    if pk := int_param(request.POST.get("need") or request.GET.get("need")):
        need = Need.objects.filter(owner=owner, pk=pk).select_related("person").first()
    initial = {
        "giver": name_of(owner, request.GET.get("giver")) or "me",
        "receiver": name_of(owner, request.GET.get("receiver") or (need and need.person_id)),
        "need": need.pk if need else None,
        "summary": request.GET.get("summary", "")[:300],
        "meets_need": bool(need),
    }
    form = GiveForm(request.POST or None, initial=initial, owner=owner)

    def logged(give):
        met = " Their need is marked met." if form.cleaned_data["meets_need"] else ""
        return f"Logged: {give.summary}.{met}"

    return handle_form(
        request,
        form,
        lambda data: service.record_give(owner=owner, **data),
        message=logged,
        success=safe_next(request, reverse("giving.home")),
        page=lambda: form_page(
            request,
            form,
            title="Log some help",
            intro="Advice, a link, a name, a favour: small things count. Help you received too.",
            submit="Save",
            need=need,
        ),
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
