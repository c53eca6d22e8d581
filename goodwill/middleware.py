"""Send the very first visitor to "create your account" while no account exists."""

from __future__ import annotations

from django.shortcuts import redirect

from goodwill.models import User

_EXEMPT_PREFIXES = ("/setup/", "/static/", "/api/", "/healthz")


class FirstRunMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.has_account = False  # once true it stays true for this process

    def __call__(self, request):
        if not self.has_account and not request.path.startswith(_EXEMPT_PREFIXES):
            if User.objects.exists():
                self.has_account = True
            else:
                return redirect("accounts.setup")
        return self.get_response(request)
