"""Every API error in one shape: {"error": code, "message": text, "fields": {name: [msg]}}.

Service validation errors, ninja's request validation, 404s, auth failures, wrong
methods and unexpected exceptions all leave through here; none carries a traceback.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DatabaseError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from goodwill import faults
from goodwill.core.models import OwnedNotFound

logger = logging.getLogger("goodwill.api")

# Where ninja puts a parameter: the first part of each error location.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}
_STATUS_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    422: "validation_error",
    429: "throttled",
    503: "unavailable",
}


def error_body(error: str, message: str, fields: dict | None = None) -> dict:
    return {"error": error, "message": message, "fields": fields or {}}


def error_response(status: int, message: str, fields: dict | None = None) -> JsonResponse:
    code = _STATUS_CODES.get(status, "server_error" if status >= 500 else "error")
    return JsonResponse(error_body(code, message, fields), status=status)


def _field_name(loc: tuple | list, body_params: set[str]) -> str:
    parts = list(loc)
    if parts and parts[0] in _SOURCES:
        source = parts.pop(0)
        # A whole-body schema parameter (named "payload" in our routers) adds its own
        # name to the location; clients know only the field names inside it.
        if source == "body" and parts and parts[0] in body_params:
            parts.pop(0)
    # Inside a union pydantic adds the tried member's type ("int", "literal['me']",
    # "AskNextNew") after the field; field names are snake_case, so drop those.
    parts = parts[:1] + [p for p in parts[1:] if not (isinstance(p, str) and _is_type_tag(p))]
    return ".".join(str(p) for p in parts) or "body"


def _is_type_tag(part: str) -> bool:
    return (
        part in {"int", "str", "float", "bool", "date", "datetime", "list", "dict", "none"}
        or "[" in part
        or part[:1].isupper()
    )


def _fields_from_ninja(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for item in errors:
        name = _field_name(item.get("loc", ()), {"payload"})
        if item.get("type") == "extra_forbidden":
            message = "Unknown field."
        elif item.get("type") == "missing":
            message = "This field is required."
        else:
            message = str(item.get("msg", "Invalid value."))
        messages = fields.setdefault(name, [])
        if message not in messages:
            messages.append(message)
    return fields


def fields_from_django(exc: DjangoValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return {
            ("non_field_errors" if k == "__all__" else k): list(v)
            for k, v in exc.message_dict.items()
        }
    return {"non_field_errors": list(exc.messages)}


def _summary(fields: dict[str, list[str]]) -> str:
    parts = [f"{name}: {msgs[0]}" for name, msgs in fields.items() if msgs]
    return "; ".join(parts) or "The request is not valid."


@contextmanager
def renamed_fields(mapping: dict[str, str]):
    """Report a service's field names under the names the API's request body uses."""
    try:
        yield
    except DjangoValidationError as exc:
        fields = fields_from_django(exc)
        raise DjangoValidationError(
            {mapping.get(name, name): msgs for name, msgs in fields.items()}
        ) from None


def on_service_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
    fields = fields_from_django(exc)
    return error_response(422, _summary(fields), fields)


# What to do when a request names another account's object: goodwill.api.main sets
# accounts' note_denied here, which tells the host's log (this module sits below the
# accounts area).
_on_denied = [lambda model, owner, pk: None]


def on_denied(note) -> None:
    _on_denied[0] = note


# Path parameter name -> the owned model it names, for every API route; each area's
# api.py declares its own in PATH_MODELS and goodwill.api.main adds them here.
# tests/core/test_isolation.py fails when a route's id parameter is missing, so a new route
# cannot skip the "foreign id in the path is a 404" rule below.
_PATH_MODELS: dict = {}


def add_path_models(models: dict) -> None:
    for name, model in models.items():
        known = _PATH_MODELS.setdefault(name, model)
        if known is not model:
            raise ValueError(f"The path parameter {name} names both {known} and {model}.")


def path_models() -> dict:
    return dict(_PATH_MODELS)


def _path_objects_missing(request: HttpRequest) -> bool:
    """Does an id in the URL name something the caller does not own?

    ninja validates the body before the view looks objects up; checking here keeps the
    rule "a foreign or unknown id in the path is a 404" ahead of any 422.
    """
    user = getattr(request, "auth", None)
    match = getattr(request, "resolver_match", None)
    if user is None or match is None:
        return False
    models = path_models()
    for name, value in match.kwargs.items():
        model = models.get(name)
        if model and not model.objects.filter(owner=user, pk=value).exists():
            _on_denied[0](model, user, value)
            return True
    return False


def on_request_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    if _path_objects_missing(request):
        return on_not_found(request, exc)
    fields = _fields_from_ninja(exc.errors)
    return error_response(422, _summary(fields), fields)


def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    if isinstance(exc, OwnedNotFound):
        _on_denied[0](exc.model, exc.owner, exc.pk)
    return error_response(404, "Not found.")


def on_authentication(request: HttpRequest, exc: Exception) -> HttpResponse:
    response = error_response(
        401, "Authenticate with 'Authorization: Bearer gw_...' or a logged-in session."
    )
    response["WWW-Authenticate"] = 'Bearer realm="goodwill"'
    return response


def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    response = error_response(exc.status_code, str(exc.message))
    if isinstance(exc, Throttled) and exc.wait:
        response["Retry-After"] = str(int(exc.wait))
    return response


def on_integrity_error(request: HttpRequest, exc: IntegrityError) -> HttpResponse:
    logger.warning("API integrity error on %s %s: %s", request.method, request.path, exc)
    return error_response(409, "That conflicts with something saved meanwhile; try again.")


def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.error(
        "API error on %s %s",
        request.method,
        request.path,
        exc_info=(type(exc), exc, exc.__traceback__),
    )
    return error_response(500, "Something went wrong on the server; it has been logged.")


def on_database_error(request: HttpRequest, exc: DatabaseError) -> HttpResponse:
    """A full disk or read-only database is a 503 saying so (goodwill/faults.py)."""

    fault = faults.storage_fault(exc)
    if fault is None:
        return on_unexpected(request, exc)
    logger.error("API storage fault (%s) on %s %s: %s", fault, request.method, request.path, exc)
    response = error_response(503, faults.MESSAGES[fault])
    response["Retry-After"] = faults.RETRY_AFTER
    return response


def on_request_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
    """A body over DATA_UPLOAD_MAX_MEMORY_SIZE (or too many fields) is refused, not a 500."""
    logger.warning("API request refused on %s %s: %s", request.method, request.path, exc)
    if isinstance(exc, TooManyFieldsSent):
        return error_response(400, "The request has too many fields.")
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
    return error_response(413, f"The request body is too large (the limit is {limit} MB).")


def register(api) -> None:
    api.add_exception_handler(DjangoValidationError, on_service_validation)
    api.add_exception_handler(NinjaValidationError, on_request_validation)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(IntegrityError, on_integrity_error)
    api.add_exception_handler(DatabaseError, on_database_error)
    api.add_exception_handler(RequestDataTooBig, on_request_too_big)
    api.add_exception_handler(TooManyFieldsSent, on_request_too_big)
    api.add_exception_handler(Exception, on_unexpected)
