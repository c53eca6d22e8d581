"""System checks that catch a deployment mistake before the first request does."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Warning, register


@register("goodwill")
def check_hosting(app_configs, **kwargs):
    problems = []
    if settings.DEBUG and any(
        h not in {"127.0.0.1", "localhost", "[::1]"} for h in settings.ALLOWED_HOSTS
    ):
        problems.append(
            Warning(
                "GOODWILL_DEBUG is on while the app answers to a public host name.",
                hint="Set GOODWILL_DEBUG=false on any host other people can reach.",
                id="goodwill.W001",
            )
        )
    return problems
