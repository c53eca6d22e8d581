"""Web routes of the exchange area. URL names are ``area.action``."""

from django.urls import path

from goodwill.exchange.views import (
    commit,
    dismiss,
    duplicate_list,
    history,
    merge,
    page,
    pick,
    pick_latest,
    preview,
    start,
    undo,
)

urlpatterns = [
    path("import/", start, name="imports.start"),
    path("import/history/", history, name="imports.list"),
    path("import/pick/", pick_latest, name="imports.pick_latest"),
    path("import/<int:pk>/pick/", pick, name="imports.pick"),
    path("import/<int:pk>/", preview, name="imports.preview"),
    path("import/<int:pk>/commit/", commit, name="imports.commit"),
    path("import/<int:pk>/undo/", undo, name="imports.undo"),
]

urlpatterns += [
    path("people/duplicates/", duplicate_list, name="duplicates.list"),
    path("people/<int:pk>/merge/<int:other>/", merge, name="duplicates.merge"),
    path("people/<int:pk>/not-duplicate/<int:other>/", dismiss, name="duplicates.dismiss"),
]

urlpatterns += [path("export/", page, name="exports.page")]
