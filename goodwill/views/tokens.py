"""Personal access tokens for the API and the CLI."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from goodwill.models import ApiToken
from goodwill.services import accounts, security
from goodwill.views.common import not_post
from goodwill.views.forms import TokenForm, apply_errors


@login_required
def token_list(request):
    owner = request.user
    form = TokenForm(request.POST or None)
    secret = token = None
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = accounts.create_token(
                owner=owner, name=form.cleaned_data["name"], scope=form.cleaned_data["scope"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            form = TokenForm()
    context = {
        "form": form,
        "secret": secret,
        "new_token": token,
        "tokens": list(ApiToken.objects.owned_by(owner).order_by("-created_at", "-id")),
        "can_invite": security.can_invite(owner),
    }
    status = 422 if form.is_bound and form.errors else 200
    response = render(request, "goodwill/tokens/list.html", context, status=status)
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
