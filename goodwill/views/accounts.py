"""First run (create the first account), log in and log out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goodwill.models import User
from goodwill.services import accounts, security
from goodwill.views.common import safe_next
from goodwill.views.forms import SetupForm, apply_errors

THROTTLED = (
    "Too many failed attempts for this account in the last hour. Wait a while and try again."
)


def setup(request):
    """Create the very first account. Once any account exists this page is gone."""
    if User.objects.exists():
        return redirect("accounts.login")
    form = SetupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = accounts.create_account(
                username=data["username"],
                password=data["password"],
                email=data["email"],
                display_name=data["display_name"],
                host=True,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            # The coach's welcome: a short check-in first (skippable), then Today.
            return redirect("coach.welcome")
    status = 422 if form.is_bound else 200
    return render(request, "goodwill/accounts/setup.html", {"form": form}, status=status)


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
            security.audit("login.success", user=user)
            return redirect(safe_next(request))
        else:
            security.record_login_failure(username)
    context = {"form": form, "next": safe_next(request, ""), "throttled": throttled}
    return render(request, "goodwill/accounts/login.html", context, status=status)


@require_POST
def logout_view(request):
    if request.user.is_authenticated:
        security.audit("logout", user=request.user)
    logout(request)
    messages.info(request, "You are logged out. See you soon.")
    return redirect("accounts.login")
