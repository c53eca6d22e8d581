from django.http import HttpResponse
from django.template.loader import render_to_string
from django.urls import include, path
from django.views import defaults

from goodwill import faults
from goodwill.api.errors import error_response
from goodwill.api.main import api


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("goodwill.views.urls")),
]


def handler404(request, exception):
    """Unknown paths under /api/ answer in the API's error shape, not with a web page."""
    if request.path.startswith("/api/"):
        return error_response(404, f"No API endpoint at {request.path}.")
    return defaults.page_not_found(request, exception)


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
