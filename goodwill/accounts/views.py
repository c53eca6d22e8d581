"""First run (create the first account), log in and out, sign-up by invitation, password
reset, the account settings page (password, phone region, sessions, deletion, security
log) and personal access tokens."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goodwill.accounts import queries as account_queries
from goodwill.accounts import services as accounts
from goodwill.accounts.forms import PhoneRegionForm, SetupForm, TokenForm
from goodwill.accounts.models import ApiToken, Invite, User
from goodwill.accounts.rules import invite_link
from goodwill.accounts.services import security
from goodwill.accounts.services.audit import audit
from goodwill.web.forms import Form, apply_errors
from goodwill.web.views import handle_form, not_post, safe_next

THROTTLED = (
    "Too many failed attempts for this account in the last hour. Wait a while and try again."
)


def setup(request):
    """Create the very first account. Once any account exists this page is gone."""
    if User.objects.exists():
        return redirect("accounts.login")
    form = SetupForm(request.POST or None)

    def save(data):
        user = accounts.create_account(
            username=data["username"],
            password=data["password"],
            email=data["email"],
            display_name=data["display_name"],
            host=True,
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")

    return handle_form(
        request,
        form,
        save,
        # The coach's welcome: a short check-in first (skippable), then Today.
        success="coach.welcome",
        page=lambda: render(request, "goodwill/accounts/setup.html", {"form": form}),
    )


def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = AuthenticationForm(request, data=request.POST or None, label_suffix="")
    status = 422 if form.is_bound else 200
    throttled = ""
    if request.method == "POST":
        username = request.POST.get("username", "")
        # Checked before the form runs, so a flood of guesses costs no password hashing.
        if security.login_blocked(username):
            security.record_login_failure(username, throttled=True)
            form = AuthenticationForm(request, label_suffix="", initial={"username": username})
            throttled = THROTTLED
            status = 429
        elif form.is_valid():
            user = form.get_user()
            login(request, user)
            audit("login.success", user=user)
            return redirect(safe_next(request))
        else:
            security.record_login_failure(username)
    context = {"form": form, "next": safe_next(request, ""), "throttled": throttled}
    return render(request, "goodwill/accounts/login.html", context, status=status)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        audit("logout", user=request.user)
    logout(request)
    messages.info(request, "You are logged out. See you soon.")
    return redirect("accounts.login")


AUDIT_SHOWN = 20


class PasswordForm(Form):
    old_password = forms.CharField(label="Current password", widget=forms.PasswordInput)
    new_password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput,
        help_text="At least 10 characters. Other devices are signed out when it changes.",
    )
    revoke_tokens = forms.BooleanField(required=False)

    def __init__(self, *args, tokens: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        if tokens:
            self.fields["revoke_tokens"].label = (
                "Also turn off my access token"
                if tokens == 1
                else f"Also turn off my {tokens} access tokens"
            )
            self.fields["revoke_tokens"].help_text = (
                "Tick this if someone else may have known your password: they could have "
                "made a token. Scripts and apps that use a token stop until you make a new one."
            )
        else:
            del self.fields["revoke_tokens"]


def _active_tokens(user) -> int:
    return ApiToken.objects.filter(owner=user, revoked_at__isnull=True).count()


def _tokens_off(names: list[str]) -> str:
    """Which tokens a password change or reset turned off, by name."""
    if not names:
        return ""
    listed = ", ".join(f"“{name}”" for name in names)
    one = len(names) == 1
    return (
        f" {'This access token is' if one else 'These access tokens are'} turned off: "
        f"{listed}. Wherever you still need one, make a new token under Settings → "
        "Access tokens."
    )


class DeleteForm(Form):
    password = forms.CharField(label="Your password", widget=forms.PasswordInput)
    confirm = forms.CharField(label='Type "delete my account"', max_length=40)

    def clean_confirm(self):
        value = " ".join(self.cleaned_data["confirm"].split()).casefold()
        if value != "delete my account":
            raise ValidationError('Type the words "delete my account" to confirm.')
        return value


class InviteForm(Form):
    note = forms.CharField(
        label="Who is it for? (only you see this)", max_length=200, required=False
    )
    days = forms.IntegerField(label="Valid for (days)", min_value=1, max_value=90, initial=14)


def _settings_page(request, *, password_form=None, region_form=None, status=200):
    region = request.user.phone_region
    context = {
        "password_form": password_form or PasswordForm(tokens=_active_tokens(request.user)),
        "region_form": region_form or PhoneRegionForm(initial={"phone_region": region}),
        "events": list(account_queries.audit_log(request.user, limit=AUDIT_SHOWN)),
        "can_invite": security.can_invite(request.user),
    }
    return render(request, "goodwill/accounts/settings.html", context, status=status)


@login_required
def account_settings(request):
    return _settings_page(request)


@login_required
def change_password(request):
    if refused := not_post(request):
        return refused
    form = PasswordForm(request.POST, tokens=_active_tokens(request.user))
    return handle_form(
        request,
        form,
        lambda data: security.change_password(
            request,
            old=data["old_password"],
            new=data["new_password"],
            revoke_tokens=bool(data.get("revoke_tokens")),
        ),
        message=lambda names: (
            "Password changed. Your other devices are signed out." + _tokens_off(names)
        ),
        success="accounts.settings",
        page=lambda: _settings_page(request, password_form=form),
    )


@login_required
def change_phone_region(request):
    if refused := not_post(request):
        return refused
    form = PhoneRegionForm(request.POST)
    return handle_form(
        request,
        form,
        lambda data: accounts.set_phone_region(owner=request.user, region=data["phone_region"]),
        message=lambda user: (
            f"Saved. Numbers written without + now count as {user.phone_region} numbers."
            if user.phone_region
            else "Saved. With no region, two numbers count as one only when both start with +."
        ),
        success="accounts.settings",
        page=lambda: _settings_page(request, region_form=form),
    )


@login_required
def sign_out_others(request):
    if refused := not_post(request):
        return refused
    security.sign_out_other_sessions(request)
    messages.success(request, "Every other device is signed out; this one stays in.")
    return redirect("accounts.settings")


@login_required
def delete_account(request):
    form = DeleteForm(request.POST or None)

    def save(data):
        security.delete_account(user=request.user, password=data["password"])
        logout(request)

    return handle_form(
        request,
        form,
        save,
        message="Your account and everything in it are deleted.",
        level=messages.INFO,
        success="accounts.login",
        page=lambda: render(request, "goodwill/accounts/delete.html", {"form": form}),
    )


@login_required
def invites(request):
    if not security.can_invite(request.user):
        raise Http404("Only hosts can invite people.")
    # Not handle_form: success shows the new link once on this page, never a redirect.
    form = InviteForm(request.POST or None)
    link = None
    if request.method == "POST" and form.is_valid():
        try:
            _invite, secret = security.create_invite(
                by=request.user, note=form.cleaned_data["note"], days=form.cleaned_data["days"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            link, form = invite_link(secret), InviteForm()
    context = {
        "form": form,
        "link": link,
        "invites": account_queries.invites_made(request.user),
        "signup": settings.GOODWILL_SIGNUP,
    }
    status = 422 if form.is_bound and form.errors else 200
    response = render(request, "goodwill/accounts/invites.html", context, status=status)
    if link:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def revoke_invite(request, pk: int):
    if not Invite.objects.filter(pk=pk, created_by=request.user).exists():
        raise Http404("No such invitation.")
    if refused := not_post(request):
        return refused
    security.revoke_invite(by=request.user, invite_id=pk)
    messages.success(request, "The invitation link no longer works.")
    return redirect("accounts.invites")


def signup(request):
    """Create an account through an invitation link, or freely when sign-up is open."""
    secret = request.POST.get("invite") or request.GET.get("invite")
    if secret is None and settings.GOODWILL_SIGNUP != "open":
        return render(request, "goodwill/accounts/signup_closed.html", status=403)
    if secret is not None and account_queries.find_invite(secret) is None:
        return render(request, "goodwill/accounts/signup_closed.html", {"bad": True}, status=403)
    form = SetupForm(request.POST or None)

    def save(data):
        user = security.sign_up(
            invite_secret=secret,
            username=data["username"],
            password=data["password"],
            email=data["email"],
            display_name=data["display_name"],
        )
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")

    def page():
        context = {"form": form, "invite": secret}
        response = render(request, "goodwill/accounts/signup.html", context)
        response["Cache-Control"] = "no-store"
        return response

    return handle_form(
        request,
        form,
        save,
        message="Welcome! Start small: add one person you enjoyed meeting.",
        success="home",
        page=page,
    )


class ResetRequestForm(Form):
    email = forms.EmailField(label="Your account's e-mail address", max_length=254)


class ResetForm(Form):
    new_password = forms.CharField(
        label="New password",
        widget=forms.PasswordInput,
        help_text="At least 10 characters. Every device is signed out when it changes.",
    )


def password_reset(request):
    """Ask for a reset link. The answer is the same whether an account matches or not."""
    form = ResetRequestForm(request.POST or None)
    sent = False
    if request.method == "POST" and form.is_valid():
        sent = security.request_password_reset(form.cleaned_data["email"])
        if sent:
            form = ResetRequestForm()
    context = {"form": form, "sent": sent, "email_enabled": settings.GOODWILL_EMAIL_ENABLED}
    status = 422 if form.is_bound and form.errors else 200
    return render(request, "goodwill/accounts/reset.html", context, status=status)


def password_reset_confirm(request):
    """Choose a new password from the link in the e-mail (?u=…&t=…)."""
    uid = request.POST.get("u") or request.GET.get("u") or ""
    token = request.POST.get("t") or request.GET.get("t") or ""
    user = security.reset_user(uid, token)
    if user is None:
        return render(request, "goodwill/accounts/reset_bad.html", status=400)
    form = ResetForm(request.POST or None)

    def page():
        context = {"form": form, "u": uid, "t": token}
        response = render(request, "goodwill/accounts/reset_confirm.html", context)
        response["Cache-Control"] = "no-store"
        response["Referrer-Policy"] = "no-referrer"
        return response

    return handle_form(
        request,
        form,
        lambda data: security.reset_password(user=user, new=data["new_password"]),
        message=lambda names: "Your new password is set. Log in with it." + _tokens_off(names),
        success="accounts.login",
        page=page,
    )


@login_required
def token_list(request):
    owner = request.user
    # Not handle_form: success shows the new secret once on this page, never a redirect.
    form = TokenForm(request.POST or None)
    secret = token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = accounts.create_token(
                owner=owner, name=form.cleaned_data["name"], scope=form.scope_words()
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "new_token": token,
        "tokens": list(account_queries.tokens(owner)),
        "can_invite": security.can_invite(owner),
    }
    status = 422 if form.is_bound and form.errors else 200
    response = render(request, "goodwill/accounts/tokens.html", context, status=status)
    if secret:
        response["Cache-Control"] = "no-store"
    return response


@login_required
def revoke(request, pk: int):
    token = ApiToken.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    accounts.revoke_token(owner=request.user, token=token)
    messages.success(request, f"Token {token.name} is revoked: it no longer works.")
    return redirect("tokens.list")
