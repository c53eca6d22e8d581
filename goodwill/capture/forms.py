"""Capture's web forms: they only parse; the services check everything again."""

from __future__ import annotations

from django import forms

from goodwill.capture.models import Security
from goodwill.web.forms import Form


class MailboxForm(Form):
    name = forms.CharField(label="A name for it", max_length=80, initial="Mail")
    forward = forms.TypedChoiceField(
        label="What kind",
        choices=[
            ("", "My mailbox: read INBOX and Sent"),
            ("1", "A mailbox I forward or BCC messages to"),
        ],
        coerce=bool,
        required=False,
        empty_value=False,
    )
    host = forms.CharField(label="Mail server (IMAP)", max_length=255)
    security = forms.ChoiceField(label="Security", choices=Security.choices, initial="tls")
    port = forms.IntegerField(label="Port (leave empty for the usual one)", required=False)
    username = forms.CharField(label="User name (usually your address)", max_length=255)
    password = forms.CharField(
        label="App password", widget=forms.PasswordInput(render_value=False), max_length=500
    )
    own_addresses = forms.CharField(
        label="Your other addresses in this mailbox (aliases), one a line",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    keep_first_lines = forms.BooleanField(
        label="Keep the first lines of each message as notes", required=False
    )


class MailboxEditForm(MailboxForm):
    password = forms.CharField(
        label="New app password (leave empty to keep the saved one)",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        max_length=500,
    )
    folders = forms.CharField(
        label="Folders to read, one a line (empty: INBOX and Sent)",
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
    )
    every_minutes = forms.IntegerField(label="Read every (minutes)", min_value=5, max_value=1440)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["forward"]


class CalendarForm(Form):
    name = forms.CharField(label="A name for it", max_length=80, initial="Calendar")
    kind = forms.ChoiceField(
        label="What kind",
        choices=[
            ("ics_url", "A private calendar address (ICS)"),
            ("caldav", "A CalDAV calendar"),
            ("ics_file", "A calendar file (.ics), read once"),
        ],
    )
    url = forms.CharField(label="Calendar address", max_length=2000, required=False)
    username = forms.CharField(label="User name (CalDAV)", max_length=255, required=False)
    password = forms.CharField(
        label="App password (CalDAV)",
        widget=forms.PasswordInput(render_value=False),
        required=False,
        max_length=500,
    )
    file = forms.FileField(label="Calendar file (.ics)", required=False)


class SettingsForm(Form):
    my_addresses = forms.CharField(
        label="All your addresses, one a line (work, personal, old ones)",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
    )
    reply_nudges = forms.BooleanField(
        label="On Today, remind me of e-mails from people I care about that wait for a reply",
        required=False,
    )
    reply_after_days = forms.IntegerField(label="After how many days", min_value=1, max_value=60)
    max_attendees = forms.IntegerField(
        label="Skip meetings with more people than", min_value=2, max_value=100
    )


class ForgetForm(Form):
    email = forms.EmailField(label="Address to forget", max_length=254)


class MergeForm(Form):
    person = forms.IntegerField(label="Add this address to")
