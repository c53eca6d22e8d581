"""Forms of the coach pages. They only parse input; the rules live in coach.services."""

from __future__ import annotations

from django import forms

from goodwill.coach.models import Answer, OutreachKind
from goodwill.people.forms import PersonNameField, person_from_name
from goodwill.web.forms import Form, LocalDateTimeField

DATE = forms.DateInput(attrs={"type": "date"})
WHEN = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class OutreachForm(Form):
    person = PersonNameField(label="Whom did you ask", field_name="person")
    kind = forms.ChoiceField(label="What you asked", choices=OutreachKind.choices)
    note = forms.CharField(label="In a few words", max_length=300, required=False)
    asked_on = forms.DateField(label="When", required=False, widget=DATE)
    answer = forms.ChoiceField(label="Answer so far", choices=Answer.choices, initial="pending")

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_person(self):
        return person_from_name(self.owner, self.cleaned_data["person"])


class AnswerForm(Form):
    answer = forms.ChoiceField(choices=Answer.choices)
    answered_on = forms.DateField(required=False, widget=DATE)


class EventForm(Form):
    name = forms.CharField(max_length=200)
    starts_at = LocalDateTimeField(label="Starts", widget=WHEN)
    place = forms.CharField(max_length=200, required=False)
    goal = forms.CharField(
        max_length=300,
        required=False,
        help_text="Keep it modest, e.g. meet three people and learn what each needs.",
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))


class EventEditForm(EventForm):
    people = forms.CharField(
        label="Who from your network will be there",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="One name per line (add “#id” when a name fits several people).",
    )

    def __init__(self, *args, owner, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner

    def clean_people(self):
        found, errors = [], []
        for line in self.cleaned_data["people"].splitlines():
            if not line.strip():
                continue
            try:
                person = person_from_name(self.owner, line)
            except forms.ValidationError as exc:
                errors.extend(exc.messages)
            else:
                if person.pk not in found:
                    found.append(person.pk)
        if errors:
            raise forms.ValidationError(errors)
        return found


class CaptureForm(Form):
    text = forms.CharField(
        label="Who did you meet",
        widget=forms.Textarea(attrs={"rows": 4, "placeholder": "Eva Lind - runs a print shop"}),
        help_text="One per line: a name, a dash, one line about them.",
    )


class GoalForm(Form):
    coffees = forms.IntegerField(label="Coffees and meetings", min_value=0, max_value=50)
    gives = forms.IntegerField(label="Gives", min_value=0, max_value=50)
    reach_outs = forms.IntegerField(label="Reach-outs", min_value=0, max_value=50)
