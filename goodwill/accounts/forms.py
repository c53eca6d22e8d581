from __future__ import annotations

from django import forms

from goodwill.web.forms import Form


class SetupForm(Form):
    display_name = forms.CharField(label="Your name", max_length=200, required=False)
    username = forms.CharField(max_length=150)
    email = forms.CharField(label="Email (optional)", max_length=254, required=False)
    password = forms.CharField(
        widget=forms.PasswordInput(render_value=False),
        help_text="At least 10 characters. A short sentence you will remember works well.",
    )
    password2 = forms.CharField(
        label="Password again", widget=forms.PasswordInput(render_value=False)
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password2") != data.get("password"):
            self.add_error("password2", "The two passwords differ.")
        return data


class TokenForm(Form):
    name = forms.CharField(
        label="Where will you use it?",
        max_length=100,
        help_text="For example: terminal at home, backup script.",
    )
    scope = forms.ChoiceField(
        label="It may",
        choices=[("write", "read and change your data"), ("read", "only read your data")],
        initial="write",
        required=False,
    )

    mcp = forms.BooleanField(
        label="An AI assistant may use it too (MCP)",
        required=False,
        help_text="For Claude and other assistants. They ask you before they change anything.",
    )

    def clean_scope(self):
        return self.cleaned_data.get("scope") or "write"

    def scope_words(self) -> str:
        """The scope as the service takes it: the level, and mcp when ticked."""
        data = self.cleaned_data
        return f"{data['scope']} mcp" if data.get("mcp") else data["scope"]


class PhoneRegionForm(Form):
    """The account's default region for phone numbers; accounts.services.set_phone_region
    checks it (and says so on the field when it is no region phone numbers know)."""

    phone_region = forms.CharField(
        label="Your country, for numbers written without +",
        max_length=20,
        required=False,
        help_text=(
            "Two letters, e.g. GB, US or DE: numbers written without + are read as "
            "numbers of this country, so 020 7946 0000 and +44 20 7946 0000 are one. "
            "Leave empty for none."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "country", "size": 4}),
    )
