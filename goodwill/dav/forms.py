"""The address book settings form: parsed here, checked again by the service."""

from __future__ import annotations

from django import forms

from goodwill.web.forms import Form


class BookSettingsForm(Form):
    include_notes = forms.BooleanField(
        label="Put my notes about each person in their card", required=False
    )
