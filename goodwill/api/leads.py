"""API routes of the leads area."""

from ninja import Router

router = Router(tags=["leads"])
