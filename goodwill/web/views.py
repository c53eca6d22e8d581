"""Small helpers the view modules share: the form dance, the method guards, deletion."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from goodwill.web.forms import apply_errors
from goodwill.web.htmx import redirect_or_partial


def safe_next(request, default: str = "home") -> str:
    """The ``next`` parameter when it is a path on this site, else ``default``.

    Only a path that starts with one "/" is taken: a bare word ("nope") or a URL name
    ("tokens.list") would reach ``redirect()``, which reverses names (a 500 or a jump
    the link did not show), and "//host" or a backslash would leave the site.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and not any(ord(c) < 32 or c == "\x7f" for c in target)
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default


def int_param(value) -> int | None:
    """An id from a query string or a form field, or None for anything else."""
    return int(value) if value and str(value).isdigit() and len(str(value)) < 19 else None


def not_post(request):
    """A 405 for anything but POST. Call it *after* the owned look-up, so that an
    outsider asking about someone else's id always gets the same 404."""
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    return None


def not_get(request):
    """A 405 for anything but GET (or HEAD); like ``not_post``, after the owned look-up."""
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    return None


def handle_form(
    request,
    form,
    save,
    *,
    page,
    success,
    partial=None,
    message=None,
    level=messages.SUCCESS,
    aliases: dict | None = None,
):
    """The one way a page hands a form to a service.

    When the form parses, ``save(cleaned_data)`` calls the area's service; a
    ValidationError it raises goes onto the form field by field (``aliases`` maps the
    service's field names to the form's). Anything wrong answers ``page()``, the page
    (or, for htmx, the partial) that shows the form, with status 422; a form that was
    not posted (the first GET of an add page) gets the same page with 200.

    Once saved, ``message`` is flashed (at ``level``) and the answer is a redirect to
    ``success``: anything ``redirect()`` takes. ``message`` and ``success`` may also be
    functions of what ``save`` returned (a message function may return None: nothing to
    say). With ``partial``, a function of the same, an htmx request gets that fragment
    instead of the redirect.
    """
    if form.is_valid():
        try:
            saved = save(form.cleaned_data)
        except ValidationError as exc:
            apply_errors(form, exc, aliases)
        else:
            _flash(request, message, saved, level)
            to = success(saved) if callable(success) else success
            if partial is None:
                return redirect(to)
            return redirect_or_partial(request, to, lambda: partial(saved))
    response = page()
    if form.is_bound:
        response.status_code = 422
    return response


def attempt(request, call, *, message=None) -> None:
    """A button that calls a service, with no form to show again: a ValidationError is
    flashed as one error message, else ``message`` (text, or a function of what
    ``call()`` returned) is flashed."""
    try:
        done = call()
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        _flash(request, message, done, messages.SUCCESS)


def _flash(request, message, done, level) -> None:
    text = message(done) if callable(message) else message
    if text:
        messages.add_message(request, level, text)


def confirm_delete(request, delete, *, message: str, to, page):
    """A deletion with a confirmation page: POST calls ``delete()`` (the area's service)
    and goes to ``to``; anything else answers ``page()``, the page asking to confirm."""
    if request.method != "POST":
        return page()
    delete()
    messages.success(request, message)
    return redirect(to)


def delete_owned(request, model, pk: int, delete, *, message: str, to: str):
    """POST-only deletion of one of the owner's objects through its service.

    ``delete(obj)`` calls the area's service; afterwards the page goes to a safe
    ``next`` or to ``to``. Anyone else's id is a 404 before the method is looked at.
    """
    obj = model.objects.get_owned_or_404(request.user, pk=pk)
    if refused := not_post(request):
        return refused
    delete(obj)
    messages.success(request, message)
    return redirect(safe_next(request, to))
