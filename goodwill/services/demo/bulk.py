"""Moved to goodwill.services.bulk (the import pipeline uses it too); kept for old imports."""

from goodwill.services.bulk import adapters, chunks, insert_rows, update_column  # noqa: F401
