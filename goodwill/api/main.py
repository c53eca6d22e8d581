"""The JSON API, mounted at /api/v1/. OpenAPI at openapi.json, interactive docs at docs.

Auth: a personal access token (Authorization: Bearer gw_…) or the browser session with
CSRF. Every error has the shape of schemas.ErrorOut (see goodwill.api.errors).
"""

from __future__ import annotations

from functools import wraps

from django.http import HttpResponseNotAllowed, JsonResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from goodwill.api import errors
from goodwill.api.auth import SessionAuth, TokenAuth


def _json_not_allowed(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if isinstance(response, HttpResponseNotAllowed):
            allowed = response["Allow"]
            response = errors.error_response(
                405, f"{request.method} is not allowed here; use {allowed}."
            )
            response["Allow"] = allowed
        return response

    return wrapper


def _index(request, *args, **kwargs):
    """The API root: where its description and docs are. Public; it names no data."""
    return JsonResponse(
        {
            "name": "Goodwill API",
            "version": "1",
            "openapi": request.build_absolute_uri("openapi.json"),
            "docs": request.build_absolute_uri("docs"),
        }
    )


_index.csrf_exempt = True


class GoodwillAPI(NinjaAPI):
    """NinjaAPI whose wrong-method answers use the one error shape, and whose root
    describes the API instead of redirecting."""

    def _get_urls(self):
        patterns = super()._get_urls()
        for pattern in patterns:
            if pattern.name == "api-root":
                pattern.callback = _index
            else:
                pattern.callback = _json_not_allowed(pattern.callback)
        return patterns


api = GoodwillAPI(
    title="Goodwill API",
    version="1",
    description=(
        "Goodwill's JSON API. Authenticate with a personal access token "
        "(`Authorization: Bearer gw_…`, create one under /api/v1/tokens or in Settings) "
        "or a logged-in session with its CSRF token. Errors always look like "
        '`{"error": "...", "message": "...", "fields": {"name": ["..."]}}`.'
    ),
    urls_namespace="api",
    auth=[TokenAuth(), SessionAuth()],
    docs=Swagger(),
)
errors.register(api)


def _add_routers() -> None:
    from goodwill.api import (
        cadence,
        coach,
        duplicates,
        exchange,
        exports,
        giving,
        interactions,
        leads,
        network,
        organizations,
        people,
        reminders,
        tags,
        tokens,
    )

    for module in (people, interactions, network, cadence, tags, organizations, tokens):
        api.add_router("", module.router)
    for module in (exchange, duplicates, leads, exports, giving, coach, reminders):
        api.add_router("", module.router)


_add_routers()
