"""Web routes of the reminders area. URL names are ``area.action``."""

from django.urls import path

from goodwill.reminders.views import (
    feed,
    feed_revoke,
    feed_rotate,
    preview,
    send_verification,
    settings_page,
    unsubscribe,
    verify,
)

urlpatterns = [
    path("settings/reminders/", settings_page, name="reminders.settings"),
    path("settings/reminders/verify/", send_verification, name="reminders.send_verification"),
    path("settings/reminders/verify/<str:verify_token>/", verify, name="reminders.verify"),
    path("settings/reminders/feed/rotate/", feed_rotate, name="reminders.feed_rotate"),
    path("settings/reminders/feed/revoke/", feed_revoke, name="reminders.feed_revoke"),
    path("settings/reminders/preview/", preview, name="reminders.preview"),
    path("feed/<str:feed_token>.ics", feed, name="reminders.feed"),
    path("unsubscribe/<str:unsubscribe_token>/", unsubscribe, name="reminders.unsubscribe"),
]
