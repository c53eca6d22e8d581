"""Web pages for the coach area. Routes live beside the views (see urlpatterns)."""

from __future__ import annotations

urlpatterns: list = []
