"""People: the list, the person page, add, edit, archive, delete, photo, cadence."""

from __future__ import annotations

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.module_loading import import_string
from django.views.decorators.http import require_GET

from goodwill.people import queries
from goodwill.people import services as people
from goodwill.people.forms import CadenceForm, PersonForm, TagForm
from goodwill.people.models import Person, Tag
from goodwill.people.rules import photo_type
from goodwill.people.services import cadence, organizations
from goodwill.web.htmx import is_htmx, render_page
from goodwill.web.views import attempt, confirm_delete, handle_form, not_post

PER_PAGE = 50
SEARCH_LIMIT = 8
# Name fields of the people and leads forms whose type-ahead asks this view.
NAME_FIELDS = {"other", "introduced_by", "referrer", "prospect", "person", "referred_to"}
QUICK_CADENCES = [(30, "Every month"), (90, "Every 3 months"), (180, "Every 6 months")]
# What a row of the list shows: fetching only these (and the tag names in one query of
# plain tuples) halves the page's cost, which the read-load proof counts per request.
LIST_COLUMNS = ("display_name", "title", "photo", "next_due_on", "organization__name")
SHOW_CHOICES = [
    ("all", "Everyone"),
    ("due", "Due"),
    ("dormant", "Gone quiet"),
    ("archived", "Archived"),
]


@login_required
@require_GET
def people_list(request):
    owner = request.user
    q = request.GET.get("q", "").strip()[:200]
    tag = request.GET.get("tag", "").strip()[:60]
    show = request.GET.get("show", "all")
    if show not in queries.PEOPLE_FILTERS:
        show = "all"
    listed = queries.people(owner, q=q, tag=tag, show=show).prefetch_related(None)
    paginator = Paginator(listed.only(*LIST_COLUMNS), PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "people": queries.list_rows(list(page.object_list)),
        "q": q,
        "tag": tag,
        "show": show,
        "show_choices": SHOW_CHOICES,
        "tags": list(Tag.objects.owned_by(owner).order_by("name").values_list("name", flat=True)),
        "filtered": bool(q or tag or show != "all"),
        "today": queries.today(),
    }
    return render_page(request, "goodwill/people/list.html", context, partial="results")


@login_required
@require_GET
def search(request):
    """Type-ahead: checkboxes for the log form's picker, or `as=options` for a datalist.

    The datalist variant is asked for by a name field (see forms.PersonNameField), whose
    own value arrives under the field's name.
    """
    field = request.GET.get("field", "")
    source = field if field in NAME_FIELDS else "q"
    q = request.GET.get(source, "").strip()[:200]
    chosen = set()
    for value in request.GET.getlist("participants"):
        if value.isdigit():
            chosen.add(int(value))
    results = []
    if q:
        results = [
            p
            for p in queries.people(request.user, q=q)[: SEARCH_LIMIT + len(chosen)]
            if p.pk not in chosen
        ][:SEARCH_LIMIT]
    context = {"results": results, "q": q}
    if request.GET.get("as") == "options":
        names = [p.display_name for p in results]
        context["ambiguous"] = {n for n in names if names.count(n) > 1}
        return render(request, "goodwill/people/_options.html", context)
    return render(request, "goodwill/interactions/_picks.html", context)


@login_required
def add(request):
    owner = request.user
    form = PersonForm(
        request.POST or None,
        request.FILES or None,
        initial={"display_name": request.GET.get("display_name", "")[:200]},
        owner=owner,
    )
    return handle_form(
        request,
        form,
        lambda data: people.create_person(owner=owner, **form.service_kwargs()),
        message=lambda person: f"{person} is in. Log how you met, while you remember.",
        success=lambda person: reverse("people.detail", args=[person.pk]),
        page=lambda: _form_page(request, form, None),
    )


def _form_page(request, form, person):
    return render(request, "goodwill/people/form.html", {"form": form, "person": person})


def _initial(person: Person) -> dict:
    return {
        **{f: getattr(person, f) for f in people.PERSON_FIELDS},
        "organization": person.organization.name if person.organization else "",
        "emails": "\n".join(e.address for e in person.emails.all()),
        "phones": "\n".join(p.number for p in person.phones.all()),
        "tags": ", ".join(t.name for t in person.tags.all()),
        "introduced_by": (
            f"{person.introduced_by.display_name} #{person.introduced_by_id}"
            if person.introduced_by_id
            else ""
        ),
    }


@login_required
def edit(request, pk: int):
    owner = request.user
    person = (
        Person.objects.select_related("organization", "introduced_by")
        .prefetch_related("emails", "phones", "tags")
        .get_owned_or_404(owner, pk=pk)
    )
    form = PersonForm(
        request.POST or None,
        request.FILES or None,
        initial=_initial(person),
        owner=owner,
        person=person,
    )
    return handle_form(
        request,
        form,
        lambda data: people.update_person(owner=owner, person=person, **form.service_kwargs()),
        message="Saved.",
        success=reverse("people.detail", args=[person.pk]),
        page=lambda: _form_page(request, form, person),
    )


def _href(value: str) -> str:
    url = value if "://" in value else "https://" + value
    return url if url.lower().startswith(("http://", "https://")) else ""


# Panels other areas add to the person page (queries.add_page_panel, by dotted path:
# goodwill/wiring.py names them at start-up); the page template places them.
@functools.cache
def _panels(paths: tuple[str, ...]) -> tuple:
    return tuple(import_string(path) for path in paths)


def page_panels() -> tuple:
    """The panels' functions, imported the first time a person page needs them."""
    return _panels(tuple(queries.PAGE_PANELS))


def detail_context(request, pk: int, **forms) -> dict:
    owner = request.user
    everything = request.GET.get("timeline") == "all"
    limit = queries.TIMELINE_ALL if everything else queries.TIMELINE_FIRST
    page = queries.person_detail(owner, pk, timeline_limit=limit)
    person = page.person
    tag_days = [t.cadence_days for t in person.tags.all() if t.cadence_days]
    context = {
        "page": page,
        "person": person,
        "tag_cadence": min(tag_days) if tag_days else None,
        "quick_cadences": QUICK_CADENCES,
        "today": queries.today(),
        "cadence_form": forms.get("cadence_form") or CadenceForm(),
        "links": [
            (label, href)
            for label, value in (("LinkedIn", person.linkedin_url), ("Website", person.website))
            if value and (href := _href(value))
        ],
        **page.parts,
    }
    for panel in page_panels():
        context.update(panel(owner, person, forms))
    return context


def render_detail(request, pk: int, *, status: int = 200, partial: str = "", **forms):
    context = detail_context(request, pk, **forms)
    return render_page(
        request, "goodwill/people/detail.html", context, partial=partial, status=status
    )


@login_required
def detail(request, pk: int):
    return render_detail(request, pk)


@login_required
def archive(request, pk: int):
    person = Person.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    attempt(
        request,
        lambda: people.set_archived(
            owner=request.user, person=person, archived=not person.archived
        ),
        message=lambda _: (
            f"{person} is back in your list."
            if person.archived
            else f"{person} is archived. Nothing is lost; undo any time."
        ),
    )
    return redirect("people.detail", pk=pk)


@login_required
def delete(request, pk: int):
    owner = request.user
    person = Person.objects.get_owned_or_404(owner, pk=pk)
    if person.is_me:
        raise Http404("Your own record cannot be deleted.")
    return confirm_delete(
        request,
        lambda: people.delete_person(owner=owner, person=person),
        message=f"{person} and what went with them are deleted.",
        to="people.list",
        page=lambda: render(
            request,
            "goodwill/people/delete.html",
            {"person": person, "summary": people.deletion_summary(owner=owner, person=person)},
        ),
    )


@login_required
def photo(request, pk: int):
    person = Person.objects.only("pk", "owner_id", "photo").get_owned_or_404(request.user, pk=pk)
    if not person.photo:
        raise Http404("No photo.")
    try:
        handle = person.photo.open("rb")
    except FileNotFoundError:
        raise Http404("No photo.") from None
    # The bytes decide, never the file's name: a stored file that is not an image (one
    # kept before uploads were re-encoded, or put there by hand) is served as no photo.
    content_type = photo_type(handle)
    if content_type is None:
        handle.close()
        raise Http404("No photo.")
    extension = content_type.removeprefix("image/").replace("jpeg", "jpg")
    response = FileResponse(handle, content_type=content_type, filename=f"photo.{extension}")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# What each action of the cadence form says once done.
CADENCE_DONE = {
    "set": "You'll be nudged every {days} days.",
    "clear": "Their own catch-up interval is cleared.",
    "snooze": "Snoozed for {days} days.",
    "unsnooze": "Snooze ended.",
}


@login_required
def set_cadence(request, pk: int):
    owner = request.user
    person = Person.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    form = CadenceForm(request.POST)

    def save(data):
        action, days = data["action"], data["days"]
        if action == "set":
            cadence.set_cadence(owner=owner, person=person, days=days)
        elif action == "clear":
            cadence.set_cadence(owner=owner, person=person, days=None)
        elif action == "snooze":
            cadence.snooze(owner=owner, person=person, days=days)
        else:
            cadence.snooze(owner=owner, person=person, until=None)

    return handle_form(
        request,
        form,
        save,
        message=lambda _: CADENCE_DONE[form.cleaned_data["action"]].format(**form.cleaned_data),
        success=reverse("people.detail", args=[pk]),
        page=lambda: render_detail(request, pk, cadence_form=form),
        aliases={"cadence_days": "days", "until": "days"},
    )


TEMPLATE = "goodwill/people/tags.html"


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
def tag_edit(request, pk: int):
    owner = request.user
    tag = Tag.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    form = TagForm(request.POST, prefix=f"tag{tag.pk}")

    def page():
        rows = _rows(owner, {tag.pk: form})
        context = {"rows": rows, "row": next(r for r in rows if r[0].pk == tag.pk)}
        return render_page(request, TEMPLATE, context, partial="row")

    def saved_row(saved):
        counted = queries.tags_with_counts(owner).get(pk=saved.pk)
        fresh = TagForm(
            initial={"name": counted.name, "cadence_days": counted.cadence_days},
            prefix=f"tag{counted.pk}",
        )
        context = {"row": (counted, fresh), "saved": True}
        return render_page(request, TEMPLATE, context, partial="row")

    return handle_form(
        request,
        form,
        lambda data: organizations.update_tag(
            owner=owner, tag=tag, name=data["name"], cadence_days=data["cadence_days"]
        ),
        # htmx shows "saved" in the row itself
        message=None if is_htmx(request) else lambda saved: f"Tag {saved.name} saved.",
        success="tags.list",
        partial=saved_row,
        page=page,
    )


@login_required
def tag_delete(request, pk: int):
    owner = request.user
    tag = Tag.objects.get_owned_or_404(owner, pk=pk)
    if refused := not_post(request):
        return refused
    count = organizations.delete_tag(owner=owner, tag=tag)
    messages.success(request, f"Tag {tag.name} deleted; {count} people keep everything else.")
    return redirect("tags.list")
