"""Logging interactions (fast, on a phone), editing them, and things to ask next time."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import services as interactions
from goodwill.interactions.forms import AskForm, InteractionForm, LogForm, PromiseForm
from goodwill.interactions.models import KIND_GROUPS, AskNext, Interaction, Promise
from goodwill.people import queries
from goodwill.people.models import Person
from goodwill.people.views import SEARCH_LIMIT, detail_context, render_detail
from goodwill.web.forms import lines
from goodwill.web.htmx import is_htmx, redirect_or_partial, render_page, target
from goodwill.web.views import confirm_delete, handle_form, not_post, safe_next

ASKS_TARGET = "log-asks"
# Service field names that the forms call something else.
ALIASES = {"occurred_at": "occurred_on"}


def _ids(values) -> list[int]:
    return [int(v) for v in values if str(v).isdigit()]


def _moment(day):
    """A date from the form: today means now; another day means that day."""
    if day is None or day == timezone.localdate():
        return None
    return day


def _search(owner, q: str, chosen: list) -> list:
    """People matching q for the picker's no-JavaScript fallback, minus those chosen."""
    if not q.strip():
        return []
    found = queries.people(owner, q=q.strip())[: SEARCH_LIMIT + len(chosen)]
    return [p for p in found if p not in chosen][:SEARCH_LIMIT]


def _log_context(request, form, chosen_ids: list[int]) -> dict:
    owner = request.user
    chosen = queries.people_by_ids(owner, chosen_ids)
    source = form.data if form.is_bound else request.GET
    q = source.get("q", "")[:200]
    return {
        "form": form,
        "kind_groups": KIND_GROUPS,
        "chosen": chosen,
        "asks": interaction_queries.open_asks_of(owner, [p.pk for p in chosen]),
        "asked": set(_ids(source.getlist("asked"))),
        "q": q,
        "results": _search(owner, q, chosen),
    }


@login_required
def log(request):
    owner = request.user
    if request.method != "POST":
        chosen_ids = _ids(request.GET.getlist("participants") + request.GET.getlist("person"))
        initial = {
            key: request.GET[key]
            for key in (
                "kind",
                "summary",
                "notes",
                "ask_next",
                "promised",
                "new_people",
                "occurred_on",
            )
            if request.GET.get(key)
        }
        form = LogForm(initial={"occurred_on": timezone.localdate(), **initial})
        context = _log_context(request, form, chosen_ids)
        partial = "asks" if target(request) == ASKS_TARGET else ""
        return render_page(request, "goodwill/interactions/log.html", context, partial=partial)

    form = LogForm(request.POST)
    chosen_ids = _ids(request.POST.getlist("participants"))

    def logged(interaction):
        """Say who it was with, then go to them (or home, for several)."""
        who = list(interaction.participants.all())
        names = ", ".join(p.display_name for p in who)
        messages.success(request, f"Logged. Nice work keeping in touch with {names}.")
        if lines(form.cleaned_data["needs"]):
            messages.info(request, "Needs noted: see who could help on the Give page.")
        return reverse("people.detail", args=[who[0].pk]) if len(who) == 1 else "home"

    return handle_form(
        request,
        form,
        lambda data: interactions.log_interaction(
            owner=owner,
            participants=data["participants"],
            new_people=form.new_names(),
            kind=data["kind"],
            occurred_at=_moment(data["occurred_on"]),
            summary=data["summary"],
            notes=data["notes"],
            ask_next=lines(data["ask_next"]),
            asked=data["asked"],
            promised=lines(data["promised"]),
            heard={"needs": lines(data["needs"]), "offers": lines(data["offers"])},
        ),
        success=logged,
        page=lambda: render(
            request, "goodwill/interactions/log.html", _log_context(request, form, chosen_ids)
        ),
        aliases=ALIASES,
    )


@login_required
def edit(request, pk: int):
    owner = request.user
    interaction = Interaction.objects.get_owned_or_404(owner, pk=pk)
    current = list(interaction.participants.order_by("display_name").values_list("pk", flat=True))
    initial = {
        "kind": interaction.kind,
        "occurred_on": timezone.localdate(interaction.occurred_at),
        "summary": interaction.summary,
        "notes": interaction.notes,
    }
    finding = request.method != "POST" and request.GET.get("find")
    if finding:  # the picker's "Find" button without JavaScript: keep what was typed
        initial.update({k: request.GET[k] for k in initial if request.GET.get(k)})
        current = _ids(request.GET.getlist("participants"))
    form = InteractionForm(request.POST or None, initial=initial)

    def save(data):
        changes = {}
        if data["occurred_on"] != timezone.localdate(interaction.occurred_at):
            changes["occurred_at"] = data["occurred_on"]
        interactions.update_interaction(
            owner=owner,
            interaction=interaction,
            participants=data["participants"],
            kind=data["kind"],
            summary=data["summary"],
            notes=data["notes"],
            **changes,
        )

    def page():
        chosen = queries.people_by_ids(
            owner, _ids(request.POST.getlist("participants")) if form.is_bound else current
        )
        q = (request.POST if form.is_bound else request.GET).get("q", "")[:200]
        context = {
            "form": form,
            "interaction": interaction,
            "chosen": chosen,
            "q": q,
            "results": _search(owner, q, chosen),
            "kind_groups": KIND_GROUPS,
            "next": safe_next(request, ""),
        }
        return render(request, "goodwill/interactions/edit.html", context)

    return handle_form(
        request,
        form,
        save,
        message="Saved.",
        success=safe_next(request, reverse("home")),
        page=page,
        aliases=ALIASES,
    )


@login_required
def delete(request, pk: int):
    owner = request.user
    interaction = Interaction.objects.get_owned_or_404(owner, pk=pk)

    def page():
        context = {
            "interaction": interaction,
            "participants": list(interaction.participants.all()),
            "next": safe_next(request, ""),
        }
        return render(request, "goodwill/interactions/delete.html", context)

    return confirm_delete(
        request,
        lambda: interactions.delete_interaction(owner=owner, interaction=interaction),
        message="Deleted.",
        to=safe_next(request, reverse("home")),
        page=page,
    )


# ---------------------------------------------------------------- things to ask next time


def _asks_response(request, person_pk: int):
    return redirect_or_partial(
        request,
        reverse("people.detail", args=[person_pk]),
        lambda: render_detail(request, person_pk, partial="asks"),
    )


@login_required
def ask_add(request, pk: int):
    person = Person.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = AskForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: interactions.add_ask_next(
            owner=request.user, person=person, text=data["text"]
        ),
        success=reverse("people.detail", args=[pk]),
        partial=lambda _: render_detail(request, pk, partial="asks"),
        page=lambda: render_detail(request, pk, partial="asks", ask_form=form),
    )


@login_required
def ask_toggle(request, pk: int):
    item = AskNext.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    interactions.set_ask_done(owner=request.user, item=item, done=item.done_at is None)
    return _asks_response(request, item.person_id)


@login_required
def ask_delete(request, pk: int):
    item = AskNext.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    interactions.delete_ask_next(owner=request.user, item=item)
    return _asks_response(request, item.person_id)


# ---------------------------------------------------------------- promises

PROMISES = "goodwill/interactions/_promises.html"


def _promises_response(request, person_pk: int, *, form=None, status: int = 200):
    def fragment():
        forms = {"promise_form": form} if form is not None else {}
        return render(request, PROMISES, detail_context(request, person_pk, **forms), status=status)

    return redirect_or_partial(request, reverse("people.detail", args=[person_pk]), fragment)


@login_required
def promise_add(request, pk: int):
    person = Person.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    form = PromiseForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: interactions.add_promise(
            owner=request.user, person=person, text=data["text"], due_on=data["due_on"]
        ),
        message=lambda item: f"Noted. Due {item.due_on:%-d %b}; Today will remind you.",
        success=reverse("people.detail", args=[pk]),
        partial=lambda _: render(request, PROMISES, detail_context(request, pk)),
        page=lambda: (
            render(request, PROMISES, detail_context(request, pk, promise_form=form))
            if is_htmx(request)
            else render_detail(request, pk, promise_form=form)
        ),
    )


@login_required
def promise_toggle(request, pk: int):
    item = Promise.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    interactions.set_promise_done(owner=request.user, item=item, done=item.done_at is None)
    if item.done_at:
        messages.success(request, "Promise kept. That is what people remember.")
    return _promises_response(request, item.person_id)


@login_required
def promise_delete(request, pk: int):
    item = Promise.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    interactions.delete_promise(owner=request.user, item=item)
    return _promises_response(request, item.person_id)


def person_panel(owner, person, forms) -> dict:
    """The person page's forms: a thing to ask next time, a promise."""
    return {
        "ask_form": forms.get("ask_form") or AskForm(),
        "promise_form": forms.get("promise_form") or PromiseForm(),
    }
