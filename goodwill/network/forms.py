from __future__ import annotations

from django import forms

from goodwill.network.models import RelKind
from goodwill.people.forms import PersonNameField, person_from_name
from goodwill.people.models import Person
from goodwill.web.forms import Form


class RelationshipForm(Form):
    other = PersonNameField(label="Who", field_name="other")
    kind = forms.ChoiceField(choices=RelKind.choices, initial=RelKind.KNOWS)
    strength = forms.TypedChoiceField(
        label="How close",
        coerce=int,
        initial=3,
        required=False,
        empty_value=3,
        choices=[(1, "1 · barely"), (2, "2"), (3, "3 · well"), (4, "4"), (5, "5 · very close")],
    )

    def __init__(self, *args, owner, person: Person, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.person = owner, person

    def clean_other(self):
        return person_from_name(self.owner, self.cleaned_data["other"], exclude=self.person.pk)
