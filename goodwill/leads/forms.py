"""Forms of the leads pages. They only parse input; the rules live in leads.services."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from goodwill.leads.models import LeadStatus, ReferralOutcome, ReportKind
from goodwill.people.forms import PersonNameField, person_from_name
from goodwill.web.forms import Form

DATE = forms.DateInput(attrs={"type": "date"})


class LeadForm(Form):
    referrer = PersonNameField(label="Who gave you the lead", field_name="referrer")
    prospect = PersonNameField(label="Who it is about", field_name="prospect")
    new_prospect = forms.BooleanField(label="They are new to me: add them", required=False)
    opportunity = forms.CharField(
        label="What is the opportunity",
        max_length=300,
        help_text="In a few words, e.g. needs a designer for their app.",
    )
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    received_on = forms.DateField(label="When it came", required=False, widget=DATE)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_referrer(self):
        return person_from_name(self.owner, self.cleaned_data["referrer"])

    def clean(self):
        data = super().clean()
        text = " ".join((data.get("prospect") or "").split())
        if not text:
            return data
        if data.get("new_prospect"):
            data["prospect_name"], data["prospect"] = text, None
            return data
        try:
            data["prospect"] = person_from_name(self.owner, text)
        except ValidationError as exc:
            message = exc.messages[0]
            if message.startswith("Nobody called"):
                message = f"Nobody called “{text}” yet. Tick “They are new to me” to add them."
            self.add_error("prospect", message)
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        return {
            "referrer": data["referrer"],
            "prospect": data.get("prospect"),
            "prospect_name": data.get("prospect_name", ""),
            "opportunity": data["opportunity"],
            "details": data["details"],
            "received_on": data["received_on"],
        }


class MoveForm(Form):
    status = forms.ChoiceField(choices=LeadStatus.choices)
    note = forms.CharField(required=False, max_length=500)
    reopen = forms.BooleanField(required=False)


class ReportForm(Form):
    kind = forms.ChoiceField(choices=ReportKind.choices, required=False)
    subject = forms.CharField(required=False, max_length=200)
    body = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 8}))
    channel = forms.ChoiceField(
        choices=[("email", "Email"), ("message", "Message")], required=False
    )


class SettingsForm(Form):
    contact_within_days = forms.IntegerField(
        label="Contact a prospect within … days", min_value=1, max_value=60
    )
    update_every_days = forms.IntegerField(
        label="Update the referrer at least every … days", min_value=1, max_value=180
    )
    referral_check_days = forms.IntegerField(
        label="Check on a referral after … days", min_value=1, max_value=365
    )


class ReferralForm(Form):
    person = PersonNameField(label="Whom you referred", field_name="person")
    referred_to = PersonNameField(label="To whom", field_name="referred_to")
    reason = forms.CharField(label="Why", max_length=500)
    referred_on = forms.DateField(label="When", required=False, widget=DATE)

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_person(self):
        return person_from_name(self.owner, self.cleaned_data["person"])

    def clean_referred_to(self):
        return person_from_name(self.owner, self.cleaned_data["referred_to"])


class CheckForm(Form):
    outcome = forms.ChoiceField(
        choices=[(c.value, c.label) for c in ReferralOutcome if c != ReferralOutcome.PENDING]
    )
    note = forms.CharField(required=False, max_length=500)
