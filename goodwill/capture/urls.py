"""Web routes of the capture area. URL names are ``area.action``."""

from django.urls import path

from goodwill.capture import views

urlpatterns = [
    path("capture/", views.home, name="capture.home"),
    path("capture/settings/", views.save_settings, name="capture.settings"),
    path("capture/add/mail/", views.add_mailbox, name="capture.add_mailbox"),
    path("capture/add/calendar/", views.add_calendar, name="capture.add_calendar"),
    path("capture/<int:connector_id>/", views.connector_page, name="capture.connector"),
    path("capture/<int:connector_id>/status/", views.progress, name="capture.status"),
    path("capture/<int:connector_id>/test/", views.test, name="capture.test"),
    path("capture/<int:connector_id>/run/", views.run_now, name="capture.run"),
    path("capture/<int:connector_id>/pause/", views.pause, name="capture.pause"),
    path("capture/<int:connector_id>/remove/", views.remove, name="capture.remove"),
    path("capture/review/", views.review_page, name="capture.review"),
    path("capture/review/<int:entry_id>/add/", views.review_add, name="capture.review_add"),
    path("capture/review/<int:entry_id>/merge/", views.review_merge, name="capture.review_merge"),
    path(
        "capture/review/<int:entry_id>/ignore/", views.review_ignore, name="capture.review_ignore"
    ),
    path("capture/forget/", views.forget, name="capture.forget"),
    path("capture/ignored/<int:ignored_id>/remove/", views.unignore, name="capture.unignore"),
]
