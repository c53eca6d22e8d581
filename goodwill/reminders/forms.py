"""The reminders settings form: parsed here, validated again by the service."""

from __future__ import annotations

from zoneinfo import available_timezones

from django import forms

from goodwill.reminders.models import Frequency, Weekday
from goodwill.web.forms import Form


def zone_choices() -> list[tuple[str, str]]:
    return [(name, name) for name in sorted(available_timezones()) if "/" in name or name == "UTC"]


class ReminderSettingsForm(Form):
    digest_enabled = forms.BooleanField(label="Send me a digest e-mail", required=False)
    frequency = forms.ChoiceField(label="How often", choices=Frequency.choices)
    weekday = forms.TypedChoiceField(
        label="On (weekly digest)", choices=Weekday.choices, coerce=int
    )
    send_time = forms.TimeField(
        label="At (your local time)",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=zone_choices)
    email = forms.EmailField(label="To this address", required=False, max_length=254)
    feed_include_notes = forms.BooleanField(
        label="Put notes, lead details and event goals in the calendar feed", required=False
    )

    def service_kwargs(self) -> dict:
        return dict(self.cleaned_data)
