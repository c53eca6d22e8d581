"""First run (create the first account), log in and log out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login, logout
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from goodwill.models import User
from goodwill.services import accounts
from goodwill.views.common import safe_next
from goodwill.views.forms import SetupForm, apply_errors


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
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Welcome! Start small: add one person you enjoyed meeting.")
            return redirect("home")
    status = 422 if form.is_bound else 200
    return render(request, "goodwill/accounts/setup.html", {"form": form}, status=status)


def login_view(request):
    if request.user.is_authenticated:
        return redirect(safe_next(request))
    form = AuthenticationForm(request, data=request.POST or None, label_suffix="")
    if request.method == "POST" and form.is_valid():
        login(request, form.get_user())
        return redirect(safe_next(request))
    status = 422 if form.is_bound else 200
    context = {"form": form, "next": safe_next(request, "")}
    return render(request, "goodwill/accounts/login.html", context, status=status)


@require_POST
def logout_view(request):
    logout(request)
    messages.info(request, "You are logged out. See you soon.")
    return redirect("accounts.login")
