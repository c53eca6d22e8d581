"""Small helpers the view modules share."""

from __future__ import annotations

from django.http import HttpResponseNotAllowed
from django.utils.http import url_has_allowed_host_and_scheme


def safe_next(request, default: str = "home") -> str:
    """The ``next`` parameter when it points inside this site, else ``default``."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def not_post(request):
    """A 405 for anything but POST. Call it *after* the owned look-up, so that an
    outsider asking about someone else's id always gets the same 404."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None
