"""Who knows whom: relationships on a person's page, and the network page (reach, paths,
the graph view)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET

from goodwill.core import revision
from goodwill.network import queries as network_queries
from goodwill.network import services as network
from goodwill.network.forms import RelationshipForm
from goodwill.network.models import Relationship
from goodwill.network.queries import graph as network_graph
from goodwill.network.queries import paths
from goodwill.people.models import Person, Tag
from goodwill.people.views import render_detail
from goodwill.web.htmx import render_page
from goodwill.web.views import handle_form, int_param, not_post


@login_required
def add(request, pk: int):
    owner = request.user
    person = Person.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    form = RelationshipForm(request.POST, owner=owner, person=person)
    return handle_form(
        request,
        form,
        lambda data: network.connect_people(
            owner=owner, a=person, b=data["other"], kind=data["kind"], strength=data["strength"]
        ),
        message=lambda rel: f"{rel.dst} is {person}'s {rel.get_kind_display()}.",
        success=reverse("people.detail", args=[pk]),
        page=lambda: render_detail(request, pk, rel_form=form),
        aliases={"b": "other", "a": "other"},
    )


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


def _tag_id(request, owner) -> tuple[int | None, list]:
    tags = list(Tag.objects.filter(owner=owner).annotate(n=Count("people")).filter(n__gt=0))
    raw = request.GET.get("tag", "")
    chosen = int_param(raw)
    return (chosen if any(t.pk == chosen for t in tags) else None), tags


def _network_data(owner, tag_id: int | None) -> dict:
    reach = network_queries.reach(owner)
    return {
        "reach": reach,
        "charts": network_queries.reach_charts(reach),
        "overview": network_graph.overview(network_graph.load_graph(owner, tag_id=tag_id)),
        "dormant": network_queries.dormant_strong_ties(owner),
    }


@login_required
@require_GET
def home(request):
    """Your reach, its growth, the path finder, the graph and (without JS) its summary."""
    owner = request.user
    tag_id, tags = _tag_id(request, owner)
    context = {
        # Seconds of work at 30,000 people: kept until the data changes (or a minute).
        **revision.kept(owner, f"network:{tag_id}", lambda: _network_data(owner, tag_id)),
        "tags": tags,
        "tag_id": tag_id,
        "dormant_days": network_queries.DORMANT_DAYS,
        "limit": network_graph.GRAPH_LIMIT,
    }
    return render_page(request, "goodwill/network/home.html", context)


@login_required
@require_GET
def find_path(request):
    """Who can introduce you to whoever `to` names; htmx swaps just the answer."""
    to = request.GET.get("to", "").strip()
    answer, error = None, ""
    if to:
        try:
            answer = paths.find_paths(request.user, to)
        except ValidationError as exc:
            error = " ".join(exc.message_dict.get("to", exc.messages))
    context = {"to": to, "answer": answer, "error": error}
    status = 422 if error else 200
    return render_page(
        request, "goodwill/network/path.html", context, partial="answer", status=status
    )


@login_required
@require_GET
def graph_json(request):
    """Nodes and links for the graph view (yours only), filtered by ?tag=<id>."""
    owner = request.user
    tag_id, _ = _tag_id(request, owner)
    data = revision.kept(
        owner, f"graph:{tag_id}", lambda: network_graph.graph_data(owner, tag_id=tag_id)
    )
    return JsonResponse(data)


def person_panel(owner, person, forms) -> dict:
    """The person page's form to link someone they know, and their place in your network."""
    return {
        "rel_form": forms.get("rel_form") or RelationshipForm(owner=owner, person=person),
        "person_network": network_queries.person_network(owner, person),
    }
