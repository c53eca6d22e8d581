from __future__ import annotations

from django import forms

from goodwill.interactions.models import Kind
from goodwill.web.forms import Form, IdListField


def _kind_choices():
    return Kind.choices


class LogForm(Form):
    kind = forms.ChoiceField(choices=_kind_choices, initial=Kind.COFFEE)
    participants = IdListField(required=False)
    new_people = forms.CharField(
        label="Someone new?",
        max_length=500,
        required=False,
        help_text="Type a name to add them; separate several with commas.",
    )
    occurred_on = forms.DateField(
        label="When", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    summary = forms.CharField(label="In a few words", max_length=200, required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))
    # Labels and examples guide the phrasing lightly, so that a draft can place the words
    # ("I've been wondering how the move to Lisbon went"); anything typed is kept as typed.
    ask_next = forms.CharField(
        label="Things to ask next time",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "how the move to Lisbon went"}),
        help_text="One per line, as it would follow “I wondered…”: how the move went, "
        "whether the pilot shipped.",
    )
    promised = forms.CharField(
        label="Anything you promised?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, e.g. send her the case studies. Due in three days; "
        "Today reminds you.",
    )
    asked = IdListField(required=False)
    # Serve first: what is going on for them, and what they could give (giving area).
    needs = forms.CharField(
        label="What's going on for them? What could help?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "looking for an accountant"}),
        help_text="One need per line, as you would say it: looking for an accountant, hiring a "
        "developer. With several people, start with a name: “Ana: moving to Berlin”.",
    )
    offers = forms.CharField(
        label="Did they offer anything?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line, e.g. happy to review pitch decks.",
    )

    def new_names(self) -> list[str]:
        return [n.strip() for n in self.cleaned_data["new_people"].split(",") if n.strip()]


class InteractionForm(Form):
    kind = forms.ChoiceField(choices=_kind_choices)
    participants = IdListField(required=False)
    occurred_on = forms.DateField(label="When", widget=forms.DateInput(attrs={"type": "date"}))
    summary = forms.CharField(label="In a few words", max_length=200, required=False)
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))


class AskForm(Form):
    text = forms.CharField(
        label="Something to ask next time",
        max_length=300,
        widget=forms.TextInput(attrs={"placeholder": "whether the pilot shipped"}),
    )


class PromiseForm(Form):
    text = forms.CharField(label="Something you promised", max_length=300)
    due_on = forms.DateField(
        label="By when",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave empty for three days from now.",
    )

    def __init__(self, *args, **kwargs):
        # its own ids: the person page also has the "things to ask" form's "text"
        kwargs.setdefault("auto_id", "promise_%s")
        super().__init__(*args, **kwargs)
