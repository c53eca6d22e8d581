"""Web routes of the notify area. URL names are ``area.action``."""

from django.urls import path

from goodwill.notify import views

urlpatterns = [
    path("settings/notifications/", views.settings_page, name="notify.settings"),
    path("settings/notifications/quiet/", views.quiet_hours, name="notify.quiet"),
    path(
        "settings/notifications/channels/<int:channel_id>/",
        views.channel_topics,
        name="notify.channel_topics",
    ),
    path(
        "settings/notifications/channels/<int:channel_id>/test/",
        views.channel_test,
        name="notify.channel_test",
    ),
    path(
        "settings/notifications/channels/<int:channel_id>/remove/",
        views.channel_remove,
        name="notify.channel_remove",
    ),
    path(
        "settings/notifications/devices/<int:device_id>/test/",
        views.device_test,
        name="notify.device_test",
    ),
    path(
        "settings/notifications/devices/<int:device_id>/remove/",
        views.device_remove,
        name="notify.device_remove",
    ),
    path("log/now/", views.log_now, name="notify.log_now"),
    path("log/finish/", views.finish_list, name="notify.finish"),
    path("log/finish/<int:quick_log_id>/", views.finish_one, name="notify.finish_one"),
    # The installable app: the service worker must be at the root to control every page.
    path("sw.js", views.service_worker, name="notify.sw"),
    path("manifest.webmanifest", views.manifest, name="notify.manifest"),
    path("offline/", views.offline, name="notify.offline"),
]
