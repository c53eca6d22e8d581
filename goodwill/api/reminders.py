"""API routes for the reminders area."""

from ninja import Router

router = Router(tags=["reminders"])
