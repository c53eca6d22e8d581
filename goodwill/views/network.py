"""Who knows whom: add or remove a relationship from a person's page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect

from goodwill.models import Person, Relationship
from goodwill.services import network
from goodwill.views.common import not_post
from goodwill.views.forms import RelationshipForm, apply_errors
from goodwill.views.people import render_detail


@login_required
def add(request, pk: int):
    owner = request.user
    person = Person.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    form = RelationshipForm(request.POST, owner=owner, person=person)
    if form.is_valid():
        data = form.cleaned_data
        try:
            rel = network.connect_people(
                owner=owner,
                a=person,
                b=data["other"],
                kind=data["kind"],
                strength=data["strength"],
            )
        except ValidationError as exc:
            apply_errors(form, exc, aliases={"b": "other", "a": "other"})
        else:
            messages.success(request, f"{rel.dst} is {person}'s {rel.get_kind_display()}.")
            return redirect("people.detail", pk=pk)
    return render_detail(request, pk, status=422, rel_form=form)


@login_required
def delete(request, pk: int, other: int):
    owner = request.user
    person = Person.objects.get_owned_or_404(owner, pk=pk)
    rel = Relationship.objects.select_related("dst").get_owned_or_404(owner, src=person, dst=other)
    if refused := not_post(request):
        return refused
    network.disconnect_people(owner=owner, a=person, b=rel.dst)
    messages.success(request, f"Removed the link between {person} and {rel.dst}.")
    return redirect("people.detail", pk=pk)


urlpatterns: list = []


def _placeholder(request):  # replaced by the network area's real page
    from django.http import HttpResponse

    return HttpResponse("network")


urlpatterns += [__import__("django.urls").urls.path("network/", _placeholder, name="network.home")]
