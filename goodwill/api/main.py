"""The JSON API, mounted at /api/v1/. OpenAPI at openapi.json, interactive docs at docs.

Auth: a personal access token (Authorization: Bearer gw_…) or the browser session with
CSRF. Every error has the shape of schemas.ErrorOut (see goodwill.api.errors).
"""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.http import HttpResponseNotAllowed, JsonResponse
from ninja import NinjaAPI
from ninja.openapi.docs import Swagger

from goodwill.accounts import api as accounts
from goodwill.accounts.services import security
from goodwill.api import errors
from goodwill.api.auth import SessionAuth, TokenAuth
from goodwill.capture import api as capture
from goodwill.coach import api as coach
from goodwill.dav import api as dav
from goodwill.exchange import api as exchange
from goodwill.giving import api as giving
from goodwill.interactions import api as interactions
from goodwill.leads import api as leads
from goodwill.network import api as network
from goodwill.notify import api as notify
from goodwill.people import api as people
from goodwill.reminders import api as reminders


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


class LocalSwagger(Swagger):
    """The docs page with its scripts from Goodwill's own /static/ (no CDN). ninja is no
    installed app (settings.py: it would slow every command line down), so ninja takes
    the page from this file path; it is the local page, not the CDN one."""

    template_cdn = str(settings.NINJA_DIR / "templates" / "ninja" / "swagger.html")


api = NinjaAPI(
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
    docs=LocalSwagger(),
)
errors.register(api)
errors.on_denied(security.note_denied)


def _add_routers() -> None:
    # Each area keeps its routes in <area>/api.py; imported here, after the API object
    # exists, because the area routers use the shared error shapes and auth of this module.

    areas = (
        people,
        interactions,
        network,
        accounts,
        exchange,
        leads,
        giving,
        coach,
        capture,
        reminders,
        dav,
        notify,
    )
    for area in areas:
        api.add_router("", area.router)
        errors.add_path_models(area.PATH_MODELS)


_add_routers()


def api_urls():
    """The API's URL patterns (ninja's public ``api.urls``) with two changes: a wrong
    method answers in the one error shape, and the root describes the API instead of
    redirecting to the docs."""
    patterns, app_name, namespace = api.urls
    for pattern in patterns:
        if pattern.name == "api-root":
            pattern.callback = _index
        else:
            pattern.callback = _json_not_allowed(pattern.callback)
    return patterns, app_name, namespace
