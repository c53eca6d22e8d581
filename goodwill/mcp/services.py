"""Preview, then commit: the one way an MCP tool writes.

A write tool never has a write path of its own: it hands this module a function that
calls the area's service (the same one the web page, the API and the CLI call). Without
a confirmation the function runs inside a transaction that is then rolled back, so the
preview is exactly what would be saved, checked by the same rules, and nothing stays.
With the preview's confirmation (goodwill.mcp.rules) it runs once more and commits.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction

from goodwill.core import revision
from goodwill.core.rules import field_error
from goodwill.mcp import rules


class _Rollback(Exception):
    """Raised inside the preview's transaction to undo it, carrying what it showed."""

    def __init__(self, shown: Any) -> None:
        super().__init__("preview")
        self.shown = shown


def preview_or_commit[T](
    *,
    owner,
    tool: str,
    arguments: dict,
    confirm: str | None,
    write: Callable[[], T],
    show: Callable[[T], Any],
) -> tuple[bool, Any, str | None]:
    """(saved, what show() made of the result, the confirmation for a preview)."""
    if not confirm:
        try:
            with transaction.atomic():
                raise _Rollback(show(write()))
        except _Rollback as preview:
            token = rules.confirmation(owner_id=owner.pk, tool=tool, arguments=arguments)
            return False, preview.shown, token
    rules.check_confirmation(confirm, owner_id=owner.pk, tool=tool, arguments=arguments)
    if not rules.use_once(confirm):
        raise field_error(
            rules.CONFIRM_FIELD,
            "This preview was saved already. Call the tool again without confirm to add another.",
        )
    try:
        with transaction.atomic():
            shown = show(write())
    except BaseException:
        rules.forget_use(confirm)
        raise
    revision.bump(owner)
    return True, shown, None
