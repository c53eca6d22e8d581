"""API routes for the giving area."""

from ninja import Router

router = Router(tags=["giving"])
