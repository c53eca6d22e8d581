"""API routes of the duplicates area."""

from ninja import Router

router = Router(tags=["duplicates"])
