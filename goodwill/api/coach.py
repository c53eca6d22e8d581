"""API routes for the coach area."""

from ninja import Router

router = Router(tags=["coach"])
