"""The Export page: download your people as vCard or CSV, or the whole account as JSON."""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import path

from goodwill.services.exports import FORMATS, export_people
from goodwill.views.forms import Form


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


@login_required
def page(request):
    """GET shows the choices; a GET with ?format=… (the form is GET) downloads."""
    form = ExportForm(request.GET if "format" in request.GET else None)
    if form.is_bound and form.is_valid():
        result = export_people(
            owner=request.user,
            fmt=form.cleaned_data["format"],
            private=form.cleaned_data["private"],
        )
        response = HttpResponse(result.content, content_type=result.content_type)
        response["Content-Disposition"] = f'attachment; filename="{result.filename}"'
        response["Cache-Control"] = "private, no-store"
        return response
    status = 422 if form.is_bound else 200
    return render(request, "goodwill/exports/page.html", {"form": form}, status=status)


urlpatterns: list = [path("export/", page, name="exports.page")]
