"""Tags: rename, set a default catch-up interval, delete."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from goodwill import queries
from goodwill.htmx import is_htmx, render_page
from goodwill.models import Tag
from goodwill.services import people
from goodwill.views.common import not_post
from goodwill.views.forms import TagForm, apply_errors

TEMPLATE = "goodwill/tags/list.html"


def _rows(owner, bound: dict | None = None) -> list[tuple[Tag, TagForm]]:
    bound = bound or {}
    return [
        (
            tag,
            bound.get(tag.pk)
            or TagForm(
                initial={"name": tag.name, "cadence_days": tag.cadence_days},
                prefix=f"tag{tag.pk}",
            ),
        )
        for tag in queries.tags_with_counts(owner)
    ]


@login_required
def tag_list(request):
    return render_page(request, TEMPLATE, {"rows": _rows(request.user)})


@login_required
def edit(request, pk: int):
    owner = request.user
    tag = Tag.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    form = TagForm(request.POST, prefix=f"tag{tag.pk}")
    if form.is_valid():
        try:
            tag = people.update_tag(
                owner=owner,
                tag=tag,
                name=form.cleaned_data["name"],
                cadence_days=form.cleaned_data["cadence_days"],
            )
        except ValidationError as exc:
            apply_errors(form, exc)
    if not form.is_valid():
        rows = _rows(owner, {tag.pk: form})
        context = {"rows": rows, "row": next(r for r in rows if r[0].pk == tag.pk)}
        return render_page(request, TEMPLATE, context, partial="row", status=422)
    if is_htmx(request):
        tag = queries.tags_with_counts(owner).get(pk=tag.pk)
        fresh = TagForm(
            initial={"name": tag.name, "cadence_days": tag.cadence_days}, prefix=f"tag{tag.pk}"
        )
        context = {"row": (tag, fresh), "saved": True}
        return render_page(request, TEMPLATE, context, partial="row")
    messages.success(request, f"Tag {tag.name} saved.")
    return redirect("tags.list")


@login_required
def delete(request, pk: int):
    owner = request.user
    tag = Tag.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    count = people.delete_tag(owner=owner, tag=tag)
    messages.success(request, f"Tag {tag.name} deleted; {count} people keep everything else.")
    return redirect("tags.list")
