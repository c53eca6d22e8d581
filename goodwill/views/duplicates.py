"""Web views of the duplicates area: the list of likely pairs, merge, "not the same"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_GET

from goodwill.models import Person
from goodwill.queries.duplicates import find_duplicates
from goodwill.services import duplicates
from goodwill.views.common import not_post, safe_next

SHOWN = 100


@login_required
@require_GET
def duplicate_list(request):
    pairs = find_duplicates(request.user, limit=SHOWN + 1)
    ids = {i for p in pairs[:SHOWN] for i in (p.a_id, p.b_id)}
    people = {
        p.pk: p
        for p in Person.objects.filter(owner=request.user, pk__in=ids)
        .select_related("organization")
        .prefetch_related("emails")
    }
    rows = [(pair, people[pair.a_id], people[pair.b_id]) for pair in pairs[:SHOWN]]
    context = {"rows": rows, "more": len(pairs) > SHOWN}
    return render(request, "goodwill/duplicates/list.html", context)


def _people(request, pk: int, other: int) -> tuple[Person, Person]:
    qs = Person.objects.select_related("organization").prefetch_related("emails", "phones", "tags")
    return qs.get_owned_or_404(request.user, pk=pk), qs.get_owned_or_404(request.user, pk=other)


@login_required
def merge(request, pk: int, other: int):
    """Confirm a merge: what moves, and which record to keep. POST does it."""
    first, second = _people(request, pk, other)
    if first.pk == second.pk:
        messages.error(request, "Choose two different people.")
        return redirect("duplicates.list")
    if request.method == "POST":
        keep_id = request.POST.get("keep", str(first.pk))
        keep, gone = (second, first) if keep_id == str(second.pk) else (first, second)
        try:
            result = duplicates.merge_people(owner=request.user, keep=keep, merge=gone)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
            return redirect("duplicates.merge", pk=pk, other=other)
        moved = sum(n for label, n in result["moved"].items() if "both had" not in label)
        messages.success(request, f"Merged {gone} into {keep}: {moved} things moved, none lost.")
        return redirect("people.detail", pk=keep.pk)
    # The me-record can only be kept; otherwise keep the older record by default.
    keep = second if second.is_me or (not first.is_me and second.pk < first.pk) else first
    gone = first if keep is second else second
    choices = []
    for candidate, loser in ((first, second), (second, first)):
        if loser.is_me:
            continue
        preview = duplicates.merge_preview(owner=request.user, keep=candidate, merge=loser)
        choices.append({"keep": candidate, "merge": loser, "preview": preview})
    context = {"first": first, "second": second, "keep": keep, "gone": gone, "choices": choices}
    return render(request, "goodwill/duplicates/merge.html", context)


@login_required
def dismiss(request, pk: int, other: int):
    first, second = _people(request, pk, other)
    if refused := not_post(request):
        return refused
    try:
        duplicates.dismiss_duplicate(owner=request.user, a=first, b=second)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, f"Noted: {first} and {second} are different people.")
    return redirect(safe_next(request, "duplicates.list"))


urlpatterns: list = [
    path("people/duplicates/", duplicate_list, name="duplicates.list"),
    path("people/<int:pk>/merge/<int:other>/", merge, name="duplicates.merge"),
    path("people/<int:pk>/not-duplicate/<int:other>/", dismiss, name="duplicates.dismiss"),
]
