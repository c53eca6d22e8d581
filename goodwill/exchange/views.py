"""Web views of the exchange area: importing contacts (upload, preview, commit, undo),
the likely duplicates (merge, "not the same") and the export page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from goodwill.exchange import queries as import_queries
from goodwill.exchange.models import ImportBatch, ImportStatus
from goodwill.exchange.queries import find_duplicates
from goodwill.exchange.rules import describe_file
from goodwill.exchange.services import duplicates
from goodwill.exchange.services.exports import FORMATS, export_people
from goodwill.exchange.services.imports import monica, pipeline, steps
from goodwill.people.models import Person
from goodwill.people.services import cadence
from goodwill.web.forms import Form
from goodwill.web.htmx import is_htmx, redirect_or_partial, render_page
from goodwill.web.views import attempt, handle_form, int_param, not_get, not_post, safe_next

FORMAT_CHOICES = [
    ("auto", "Find out for me"),
    ("linkedin", "LinkedIn (Connections.csv)"),
    ("google", "Google Contacts (CSV)"),
    ("vcard", "vCard (.vcf: iPhone, Android, iCloud, Outlook)"),
    ("outlook", "Outlook (CSV)"),
    ("csv", "Other CSV with a header row"),
]
HISTORY_PER_PAGE = 50


class ImportForm(Form):
    file = forms.FileField(
        label="Contacts file",
        help_text="A .csv or .vcf file, or a Monica export (.json), up to 20 MB.",
        widget=forms.ClearableFileInput(
            attrs={"accept": ".csv,.vcf,.vcard,.txt,.json,text/csv", "class": "file-input"}
        ),
        error_messages={
            "required": "Choose a file first.",
            "empty": "That file is empty: choose the file again, or export it once more.",
        },
    )
    format = forms.ChoiceField(label="Where it comes from", choices=FORMAT_CHOICES, initial="auto")

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > pipeline.MAX_BYTES:
            raise ValidationError(f"{upload.name} is larger than 20 MB; split it into parts.")
        return upload


@login_required
def start(request):
    """Upload a file; a good one leads to its preview, a bad one is named and not kept."""
    owner = request.user
    form = ImportForm(request.POST or None, request.FILES or None)
    return handle_form(
        request,
        form,
        lambda data: _preview(owner, data["file"].read(), data["file"].name, data["format"]),
        success=lambda batch: reverse("imports.preview", args=[batch.pk]),
        page=lambda: render(
            request,
            "goodwill/exchange/import.html",
            {"form": form, "recent": list(import_queries.batches(owner)[:5])},
        ),
    )


def _preview(owner, data: bytes, filename: str, format: str) -> ImportBatch:
    """The preview; a file that is clearly not contacts is described in plain words."""
    try:
        return pipeline.preview_import(owner=owner, data=data, filename=filename, format=format)
    except ValidationError as exc:
        errors = getattr(exc, "error_dict", {})
        if (
            "file" in errors
            and not monica.claims(data, format)  # its own refusal says what to do
            and (plain := describe_file(data, filename))
        ):
            raise ValidationError({"file": plain}) from None
        raise


# What the file was, in the words of the done page: "5 new people from your LinkedIn file".
SOURCE_WORDS = {
    "linkedin": "your LinkedIn file",
    "google": "your Google Contacts file",
    "outlook": "your Outlook file",
    "vcard": "your contacts file",
    "jcard": "your contacts file",
    "csv": "your file",
    "monica": "your Monica export",
}
SOURCE_KIND = {
    "linkedin": "a LinkedIn connections file",
    "google": "a Google Contacts file",
    "outlook": "an Outlook contacts file",
    "vcard": "a contacts card file (vCard)",
    "jcard": "a contacts card file (jCard)",
    "csv": "a table of contacts",
    "monica": "a Monica account export",
}

MATCHED_ON = {
    "email": "email",
    "linkedin_url": "LinkedIn URL",
    "phone": "phone",
    "name_organization": "name and organization",
}
FIELD_WORDS = {
    "given_name": "first name",
    "family_name": "last name",
    "linkedin_url": "LinkedIn",
    "met_on": "when you met",
    "met_how": "how you met",
    "about": "notes",
}


def words(names) -> str:
    return ", ".join(FIELD_WORDS.get(n, n.replace("_", " ")) for n in names)


def _report_page(request, batch: ImportBatch, *, error: str = "", status: int = 200):
    report = batch.report or {}
    context = {
        "batch": batch,
        "report": report,
        "counts": report.get("counts", {}),
        "error": error,
        "matched_on": [
            (MATCHED_ON.get(key, key), n) for key, n in report.get("matched_on", {}).items()
        ],
        "updates": [
            {**u, "what": words(u["fields"]), "on": MATCHED_ON.get(u["matched_on"], "")}
            for u in report.get("updates", [])
        ],
        "filled": words(report.get("filled", {})),
    }
    context["source"] = SOURCE_WORDS.get(batch.format, "your file")
    context["source_kind"] = SOURCE_KIND.get(batch.format, "a contacts file")
    context["to_pick"] = (
        batch.status == ImportStatus.COMMITTED
        and Person.objects.filter(owner=batch.owner, import_batch=batch, archived=False).exists()
    )
    progress = report.get("progress") or {}
    if batch.status == ImportStatus.IMPORTING:
        context["progress"] = {
            "done": progress.get("done", 0),
            "total": progress.get("total") or counts_total(report),
        }
    return render_page(
        request, "goodwill/exchange/preview.html", context, partial="report", status=status
    )


def counts_total(report: dict) -> int:
    """People a large import will write, before its worker has said (new + matched)."""
    counts = report.get("counts", {})
    return counts.get("created", 0) + counts.get("matched", 0)


@login_required
def preview(request, pk: int):
    """The preview of a batch, or what it did once committed (and undone)."""
    batch = import_queries.batch(request.user, pk)  # an outsider's 404 comes first
    if refused := not_get(request):
        return refused
    return _report_page(request, batch)


def _act(request, pk: int, action, done):
    owner = request.user
    batch = import_queries.batch(owner, pk)
    if refused := not_post(request):
        return refused
    error = ""
    try:
        result = action(owner=owner, batch=batch)
    except ValidationError as exc:
        error = " ".join(exc.messages)
    else:
        done = done(result) if callable(done) else done
    if not is_htmx(request):  # htmx shows the outcome in the swapped report itself
        messages.add_message(request, messages.ERROR if error else messages.SUCCESS, error or done)
    batch = import_queries.batch(owner, pk)
    return redirect_or_partial(
        request,
        reverse("imports.preview", args=[pk]),
        lambda: _report_page(request, batch, error=error, status=422 if error else 200),
    )


@login_required
def commit(request, pk: int):
    return _act(request, pk, steps.commit_import, _committed)


def _committed(batch: ImportBatch) -> str:
    if batch.status == ImportStatus.IMPORTING:
        return "Importing. This page shows how far it has got; you can leave it meanwhile."
    return "Imported. Next, pick a few people to hear from."


@login_required
def undo(request, pk: int):
    return _act(request, pk, pipeline.undo_import, "The import is undone.")


# A tap in the pick list: how often to keep in touch (days), or no rhythm ("not now").
PICKS = {"close": 30, "keep": 90, "later": None}
PICK_WORDS = {"close": "Close", "keep": "Keep in touch", "later": "Not now"}
PICK_SHOWN = 100


def _pick_state(person: Person) -> str:
    if person.cadence_days is None:
        return ""
    return "close" if person.cadence_days <= PICKS["close"] else "keep"


def _pick_rows(owner, batch: ImportBatch):
    people = list(
        Person.objects.filter(owner=owner, import_batch=batch, archived=False, is_me=False)
        .select_related("organization")
        .order_by(F("met_on").desc(nulls_last=True), "display_name", "id")[: PICK_SHOWN + 1]
    )
    return [(p, _pick_state(p)) for p in people[:PICK_SHOWN]], len(people) > PICK_SHOWN


@login_required
def pick(request, pk: int):
    """After an import: a tap per person marks close / keep in touch / not now. The chosen
    ones get a keep-in-touch rhythm whose first hello is due today, so Today names them."""
    owner = request.user
    batch = import_queries.batch(owner, pk)
    if request.method == "POST":
        person = Person.objects.get_owned_or_404(owner, pk=int_param(request.POST.get("person")))
        choice = request.POST.get("choice", "")
        error = ""
        if choice not in PICKS:
            error = "Choose close, keep in touch or not now."
        else:
            try:
                person = cadence.set_rhythm(owner=owner, person=person, interval_days=PICKS[choice])
            except ValidationError as exc:
                error = " ".join(exc.messages)
        if is_htmx(request):
            context = {"batch": batch, "p": person, "state": _pick_state(person), "error": error}
            return render(
                request,
                "goodwill/exchange/_pick_row.html",
                context,
                status=422 if error else 200,
            )
        if error:
            messages.error(request, error)
        return redirect(reverse("imports.pick", args=[pk]) + f"#pick-{person.pk}")
    if refused := not_get(request):
        return refused
    rows, more = _pick_rows(owner, batch)
    chosen = sum(1 for _, state in rows if state)
    context = {"batch": batch, "rows": rows, "more": more, "chosen": chosen, "shown": PICK_SHOWN}
    return render(request, "goodwill/exchange/pick.html", context)


@login_required
@require_GET
def pick_latest(request):
    """The pick list of the latest import that added people, else the import page."""
    done = import_queries.batches(request.user).filter(status=ImportStatus.COMMITTED)
    latest = done.filter(created_count__gt=0).first()
    if latest is None:
        return redirect("imports.start")
    return redirect("imports.pick", pk=latest.pk)


@login_required
@require_GET
def history(request):
    paginator = Paginator(import_queries.batches(request.user), HISTORY_PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    context = {"page": page, "batches": list(page.object_list)}
    return render(request, "goodwill/exchange/imports.html", context)


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
    return render(request, "goodwill/exchange/duplicates.html", context)


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
    return render(request, "goodwill/exchange/merge.html", context)


@login_required
def dismiss(request, pk: int, other: int):
    first, second = _people(request, pk, other)
    if refused := not_post(request):
        return refused
    attempt(
        request,
        lambda: duplicates.dismiss_duplicate(owner=request.user, a=first, b=second),
        message=f"Noted: {first} and {second} are different people.",
    )
    return redirect(safe_next(request, "duplicates.list"))


class ExportForm(Form):
    format = forms.ChoiceField(
        choices=[(key, label) for key, (label, _, _) in FORMATS.items()],
        initial="vcard",
        widget=forms.RadioSelect,
    )
    private = forms.BooleanField(
        required=False,
        label="Include private notes (“about them”) in vCard and CSV",
    )
    include_me = forms.BooleanField(
        required=False,
        label="Include your own record in vCard and CSV",
    )


@login_required
def page(request):
    """GET shows the choices; a GET with ?format=… (the form is GET) downloads."""
    form = ExportForm(request.GET if "format" in request.GET else None)
    if form.is_bound and form.is_valid():
        result = export_people(
            owner=request.user,
            fmt=form.cleaned_data["format"],
            private=form.cleaned_data["private"],
            include_me=form.cleaned_data["include_me"],
        )
        response = HttpResponse(result.content, content_type=result.content_type)
        # RFC 6266: filename* carries a name that is not ASCII (a username in any script).
        response["Content-Disposition"] = content_disposition_header(True, result.filename)
        response["Cache-Control"] = "private, no-store"
        return response
    status = 422 if form.is_bound else 200
    return render(request, "goodwill/exchange/export.html", {"form": form}, status=status)
