from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import include, path
from django.views import defaults

from goodwill import faults
from goodwill.api.errors import error_response
from goodwill.api.main import api_urls

# Every area with web pages keeps its routes in <area>/urls.py.
AREAS = (
    "accounts",
    "people",
    "interactions",
    "network",
    "exchange",
    "leads",
    "giving",
    "coach",
    "capture",
    "reminders",
    "dav",  # the CardDAV endpoint (/dav/, /.well-known/carddav) and its settings page
    "notify",
)


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api_urls()),
    *(path("", include(f"goodwill.{area}.urls")) for area in AREAS),
]


def handler404(request, exception):
    """Unknown paths under /api/ answer in the API's error shape, not with a web page."""
    if request.path.startswith("/api/"):
        return error_response(404, f"No API endpoint at {request.path}.")
    return defaults.page_not_found(request, exception)


def handler400(request, exception):
    """A request Django refused to read (too big, too many fields...): a page that says
    which limit, in the API's error shape under /api/. Nothing was saved."""
    from django.conf import settings
    from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent

    if isinstance(exception, RequestDataTooBig):
        size = settings.DATA_UPLOAD_MAX_MEMORY_SIZE // (1024 * 1024)
        message = f"This form was larger than the {size} MB Goodwill accepts. Nothing was saved."
    elif isinstance(exception, TooManyFieldsSent):
        count = settings.DATA_UPLOAD_MAX_NUMBER_FIELDS
        message = f"This form had more than {count:,} fields. Nothing was saved."
    else:
        message = "Goodwill could not read this request. Nothing was saved."
    if request.path.startswith("/api/"):
        return error_response(400, message)
    return render(request, "400.html", {"message": message}, status=400)


def handler500(request):
    """A full disk or read-only database is a 503 saying so (goodwill/faults.py); the rest
    is the plain 500 page. Rendered without the request: no database is touched."""
    fault = faults.current_fault()
    if fault is None:
        if request.path.startswith("/api/"):
            return error_response(500, "Something went wrong on the server; it has been logged.")
        return defaults.server_error(request)
    message = faults.MESSAGES[fault]
    if request.path.startswith("/api/"):
        response = error_response(503, message)
    else:
        html = render_to_string("503.html", {"message": message})
        response = HttpResponse(html, status=503)
    response["Retry-After"] = faults.RETRY_AFTER
    return response
