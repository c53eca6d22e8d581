"""htmx header handling, in one place.

A page that has an htmx-swappable region renders the whole template for a normal
request and only the named partial (``template.html#name``) for an htmx request, so
every ``hx-get``/``hx-post`` also works as a plain link or form.
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers


def is_htmx(request) -> bool:
    """True for a request made by htmx (boosted page loads excluded)."""
    htmx = getattr(request, "htmx", None)
    return bool(htmx) and not htmx.boosted


def target(request) -> str:
    """The id of the element htmx will swap, or ''."""
    return (getattr(request, "htmx", None) and request.htmx.target) or ""


def render_page(request, template: str, context: dict, *, partial: str = "", status: int = 200):
    """The full page, or just ``partial`` of it when htmx asked."""
    name = f"{template}#{partial}" if partial and is_htmx(request) else template
    response = render(request, name, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def redirect_or_partial(request, to, partial_response):
    """After a POST: htmx gets the updated fragment, a plain form gets a redirect."""
    if is_htmx(request):
        response = partial_response()
        patch_vary_headers(response, ["HX-Request"])
        return response
    return redirect(to)
