"""Read-side queries of imports, shared by the pages, the API and the CLI."""

from __future__ import annotations

from django.db.models import QuerySet

from goodwill.models.exchange import ImportBatch


def batches(owner) -> QuerySet[ImportBatch]:
    """The owner's imports, newest first, without the uploaded bytes."""
    return ImportBatch.objects.owned_by(owner).defer("data").order_by("-created_at", "-id")


def batch(owner, pk) -> ImportBatch:
    """One of the owner's imports (404 for anyone else's), without the uploaded bytes."""
    return ImportBatch.objects.defer("data").get_owned_or_404(owner, pk=pk)
