from django.http import HttpResponse
from django.urls import include, path
from django.views import defaults

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
