"""Forms of the giving pages. They only parse input; the rules live in giving.services
and giving.services.intros."""

from __future__ import annotations

from django import forms

from goodwill.giving.models import DECLINERS, GiveKind, NeedStatus
from goodwill.people.forms import PersonNameField, person_from_name
from goodwill.web.forms import Form

DATE = forms.DateInput(attrs={"type": "date"})
ME_WORDS = {"me", "i", "myself", "you"}


class _Owned(Form):
    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def _person(self, name: str, *, me_ok: bool = False):
        text = (self.cleaned_data.get(name) or "").strip()
        if me_ok and text.lower() in ME_WORDS:
            return "me"
        return person_from_name(self.owner, text)


class NeedForm(_Owned):
    person = PersonNameField(label="Whose need", field_name="person")
    text = forms.CharField(
        label="What they need",
        max_length=300,
        help_text="In a few words, e.g. hiring a designer, moving to Berlin, finding a mentor.",
    )
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    heard_on = forms.DateField(label="When you heard", required=False, widget=DATE)

    def clean_person(self):
        return self._person("person")


class OfferForm(_Owned):
    person = PersonNameField(
        label="Whose offer", field_name="person", help_text="Type “me” for your own."
    )
    text = forms.CharField(
        label="What they can give",
        max_length=300,
        help_text="A skill, experience, a resource or access, e.g. React development.",
    )
    details = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def clean_person(self):
        return self._person("person", me_ok=True)


class GiveForm(_Owned):
    giver = PersonNameField(
        label="Who helped", field_name="giver", help_text="“me” for you.", initial="me"
    )
    receiver = PersonNameField(label="Who was helped", field_name="receiver")
    kind = forms.ChoiceField(label="What kind of help", choices=GiveKind.choices)
    summary = forms.CharField(label="In a few words", max_length=300)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    given_on = forms.DateField(label="When", required=False, widget=DATE)
    need = forms.IntegerField(required=False, widget=forms.HiddenInput, max_value=2**62)
    meets_need = forms.BooleanField(label="This meets their need: mark it met", required=False)

    def clean_giver(self):
        return self._person("giver", me_ok=True)

    def clean_receiver(self):
        return self._person("receiver", me_ok=True)


class NeedStatusForm(Form):
    status = forms.ChoiceField(choices=NeedStatus.choices)


class IntroForm(_Owned):
    a = PersonNameField(label="Introduce", field_name="a", help_text="Asked first.")
    b = PersonNameField(label="To", field_name="b")
    reason = forms.CharField(
        label="Why they should meet",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    need = forms.IntegerField(required=False, widget=forms.HiddenInput, max_value=2**62)

    def clean_a(self):
        return self._person("a")

    def clean_b(self):
        return self._person("b")


class StepForm(Form):
    action = forms.ChoiceField(
        choices=[(a, a) for a in ("ask_a", "ask_b", "made", "outcome", "decline")]
    )
    message = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 9}))
    note = forms.CharField(required=False, max_length=500)
    outcome = forms.CharField(required=False, max_length=1000)
    declined_by = forms.ChoiceField(choices=[("", "—"), *DECLINERS], required=False)
    meets_need = forms.BooleanField(required=False)


# Editing keeps who it is about (delete and note it again to change that).
class NeedEditForm(Form):
    text = NeedForm.base_fields["text"]
    details = NeedForm.base_fields["details"]
    heard_on = NeedForm.base_fields["heard_on"]


class OfferEditForm(Form):
    text = OfferForm.base_fields["text"]
    details = OfferForm.base_fields["details"]


class GiveEditForm(Form):
    kind = GiveForm.base_fields["kind"]
    summary = GiveForm.base_fields["summary"]
    notes = GiveForm.base_fields["notes"]
    given_on = GiveForm.base_fields["given_on"]
