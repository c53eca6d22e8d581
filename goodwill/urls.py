from django.http import HttpResponse
from django.urls import include, path

from goodwill.api import api


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("", include("goodwill.views.urls")),
]
