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


def delete_owned(request, model, pk: int, delete, *, message: str, to: str):
    """POST-only deletion of one of the owner's objects through its service.

    ``delete(obj)`` calls the area's service; afterwards the page goes to a safe
    ``next`` or to ``to``. Anyone else's id is a 404 before the method is looked at.
    """
    from django.contrib import messages
    from django.shortcuts import redirect

    obj = model.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    delete(obj)
    messages.success(request, message)
    return redirect(safe_next(request, to))
