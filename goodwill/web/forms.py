"""Forms that only parse input. Rules and writes live in each area's services."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.core.exceptions import ValidationError
from django.utils.dateparse import parse_datetime

from goodwill.core import zones
from goodwill.core.rules import moment_problem


def lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def apply_errors(form: forms.Form, error: ValidationError, aliases: dict | None = None) -> None:
    """Put a service's ValidationError onto the form, field by field."""
    aliases = aliases or {}
    if not hasattr(error, "error_dict"):
        for message in error.messages:
            form.add_error(None, message)
        return
    for field, messages in error.message_dict.items():
        field = aliases.get(field, field)
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


class Form(forms.Form):
    """A form whose labels read as plain words ("Name", not "Name:"), and whose dates
    all lie in the range the databases hold (core.rules.moment_problem)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)

    def full_clean(self):
        super().full_clean()
        for name, value in list(getattr(self, "cleaned_data", {}).items()):
            if problem := moment_problem(value):
                self.add_error(name, problem)


class IdListField(forms.Field):
    """Several ids from repeated inputs (checkboxes); owners are checked by services."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value):
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        ids = []
        for item in values:
            try:
                ids.append(int(item))
            except (TypeError, ValueError):
                raise ValidationError(f"{item!r} is not an id.") from None
        return list(dict.fromkeys(ids))


class LocalDateTimeField(forms.DateTimeField):
    """A date and time typed in the account's zone (active for the request), as
    core.zones reads it: a time the clocks skip is refused naming it, a time that
    happens twice is the first (Django's own field refuses both)."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            result = value
        else:
            try:
                result = parse_datetime(str(value).strip())
            except ValueError:
                result = None
            if result is None:
                result = forms.fields.BaseTemporalField.to_python(self, value)
        try:
            return zones.aware(result, "when")
        except ValidationError as exc:
            raise ValidationError(exc.messages, code="invalid") from None
