from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy

from goodwill.people import queries
from goodwill.people.models import CADENCE_MAX_DAYS, Person
from goodwill.web.forms import Form, lines

PHOTO_MAX_BYTES = 5 * 1024 * 1024


class PersonNameField(forms.CharField):
    """One of the owner's people, typed by name; suggestions come from a type-ahead.

    Without JavaScript it still works: the typed name is matched on the server, and a
    name that fits several people gets an error listing them with their #id.
    """

    def __init__(self, *args, field_name: str, **kwargs):
        kwargs.setdefault("max_length", 220)
        super().__init__(*args, **kwargs)
        self.widget.attrs.update(
            {
                "list": "people-names",
                "autocomplete": "off",
                "hx-get": reverse_lazy("people.search"),
                "hx-vals": f'{{"as": "options", "field": "{field_name}"}}',
                "hx-trigger": "input changed delay:250ms",
                "hx-target": "#people-names",
            }
        )


def person_from_name(owner, text: str, *, exclude: int | None = None) -> Person | None:
    """The person `text` names ("Ana Ruiz", "Ana Ruiz #42" or "#42"), else a form error."""
    text = " ".join((text or "").split())
    if not text:
        return None
    ident = text.rpartition("#")[2]
    if ident.isdigit():
        person = Person.objects.filter(owner=owner, pk=int(ident), is_me=False).first()
        if person is None or person.pk == exclude:
            raise ValidationError(f"No one here has the id #{ident}.")
        return person
    found = [p for p in queries.find_people(owner, text) if p.pk != exclude and not p.is_me]
    if not found:
        raise ValidationError(f"Nobody called “{text}” yet. Add them first, then link them.")
    if len(found) > 1:
        options = ", ".join(
            f"{p.display_name} #{p.pk}" + (f" ({p.organization})" if p.organization_id else "")
            for p in found[: queries.CANDIDATES_SHOWN]
        )
        raise ValidationError(f"“{text}” could be several people: type one of {options}.")
    return found[0]


def split_name(name: str) -> tuple[str, str]:
    """First and last name from the one Name field: the first word, then the rest."""
    words = name.split()
    return (words[0], " ".join(words[1:])) if words else ("", "")


class PersonForm(Form):
    """One Name field (first and last name are derived from it), one optional line on how
    you know them; the rest is optional and sits behind "More details" on the page."""

    display_name = forms.CharField(
        label="Name",
        max_length=200,
        error_messages={"required": "Write their name, or a few words that tell you who they are."},
    )
    met_how = forms.CharField(
        label="How do you know them?",
        max_length=500,
        required=False,
        help_text="Optional, e.g. “met at the design meetup” or “Sara's colleague”.",
    )
    nickname = forms.CharField(label="What they like to be called", max_length=100, required=False)
    organization = forms.CharField(max_length=200, required=False)
    title = forms.CharField(label="Role or title", max_length=200, required=False)
    location = forms.CharField(max_length=200, required=False)
    emails = forms.CharField(
        label="Emails",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    phones = forms.CharField(
        label="Phones",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="One per line.",
    )
    tags = forms.CharField(required=False, help_text="Separate with commas, e.g. design, madrid.")
    linkedin_url = forms.CharField(label="LinkedIn", max_length=500, required=False)
    website = forms.CharField(max_length=500, required=False)
    birthday_day = forms.IntegerField(label="Day", required=False, min_value=1, max_value=31)
    birthday_month = forms.IntegerField(label="Month", required=False, min_value=1, max_value=12)
    birthday_year = forms.IntegerField(label="Year", required=False)
    met_on = forms.DateField(
        label="When you met", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    introduced_by = PersonNameField(
        label="Introduced by", required=False, field_name="introduced_by"
    )
    about = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 4}))
    cadence_days = forms.IntegerField(
        label="Catch up every … days",
        required=False,
        min_value=1,
        max_value=CADENCE_MAX_DAYS,
        help_text="Leave empty to use the tag's default, or none.",
    )
    photo = forms.ImageField(required=False)
    remove_photo = forms.BooleanField(label="Remove the photo", required=False)

    def __init__(self, *args, owner, person: Person | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner, self.person = owner, person

    def clean_introduced_by(self):
        exclude = self.person.pk if self.person else None
        return person_from_name(self.owner, self.cleaned_data["introduced_by"], exclude=exclude)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise ValidationError("Choose a photo under 5 MB.")
        return photo

    def service_kwargs(self) -> dict:
        data = dict(self.cleaned_data)
        name = data["display_name"] = " ".join(data["display_name"].split())
        if self.person is None or name != " ".join(self.person.display_name.split()):
            data["given_name"], data["family_name"] = split_name(name)
        data["emails"] = lines(data["emails"])
        data["phones"] = lines(data["phones"])
        data["tags"] = [t for t in data["tags"].split(",") if t.strip()]
        photo, remove = data.pop("photo"), data.pop("remove_photo")
        if photo:
            data["photo"] = photo
        elif remove:
            data["photo"] = None
        return data


class TagForm(Form):
    name = forms.CharField(max_length=60)
    cadence_days = forms.IntegerField(
        label="Catch up every … days", required=False, min_value=1, max_value=CADENCE_MAX_DAYS
    )


class CadenceForm(Form):
    ACTIONS = ["set", "snooze", "clear", "unsnooze"]
    action = forms.ChoiceField(choices=[(a, a) for a in ACTIONS])
    days = forms.IntegerField(required=False, min_value=1, max_value=CADENCE_MAX_DAYS)

    def clean(self):
        data = super().clean()
        if data.get("action") in {"set", "snooze"} and not data.get("days"):
            self.add_error("days", "Give a number of days.")
        return data
