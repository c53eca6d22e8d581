"""Web pages for the giving area. Routes live beside the views (see urlpatterns)."""

from __future__ import annotations

urlpatterns: list = []


def _placeholder(request):  # replaced by the giving area's real page
    from django.http import HttpResponse

    return HttpResponse("giving")


urlpatterns += [__import__("django.urls").urls.path("giving/", _placeholder, name="giving.home")]
