"""Web pages for the reminders area. Routes live beside the views (see urlpatterns)."""

from __future__ import annotations

urlpatterns: list = []
