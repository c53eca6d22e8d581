from __future__ import annotations

from django import forms

from goodwill.interactions.models import Kind
from goodwill.notify.models import Topic
from goodwill.web.forms import Form

TOPIC_CHOICES = [
    (Topic.TODAY, "The morning summary: who to reach today (names and a link)"),
    (Topic.LEAD, "A lead's clock running out"),
    (Topic.EVENT, "An event starting tomorrow"),
]


class ChannelForm(Form):
    name = forms.CharField(max_length=80, help_text="Anything that tells you which it is: phone.")
    url = forms.CharField(
        label="Apprise address",
        max_length=2000,
        widget=forms.TextInput(
            attrs={"placeholder": "ntfy://ntfy.sh/your-topic", "autocomplete": "off"}
        ),
        help_text="It holds a token, so Goodwill keeps it encrypted and shows only its start.",
    )
    topics = forms.MultipleChoiceField(
        label="It receives",
        choices=TOPIC_CHOICES,
        required=False,
        initial=[t for t, _ in TOPIC_CHOICES],
        widget=forms.CheckboxSelectMultiple,
    )


class TopicsForm(Form):
    topics = forms.MultipleChoiceField(
        label="It receives",
        choices=TOPIC_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class QuietForm(Form):
    quiet_enabled = forms.BooleanField(label="Keep quiet at night", required=False)
    quiet_start = forms.TimeField(
        label="Quiet from", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    quiet_end = forms.TimeField(
        label="Until", widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    morning_at = forms.TimeField(
        label="Morning summary at",
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )


class QuickLogForm(Form):
    """Only rendered: the page's script sends it as JSON (and keeps it offline)."""

    names = forms.CharField(
        label="Who",
        max_length=500,
        help_text="Names as you know them, separated by commas. Goodwill matches them later.",
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
    )
    kind = forms.ChoiceField(choices=Kind.choices, initial=Kind.COFFEE)
    heard = forms.CharField(
        label="What you heard", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ask_next = forms.CharField(
        label="Things to ask next time",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    needs = forms.CharField(
        label="What could help them?",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "looking for an accountant"}),
        help_text="One need per line.",
    )
