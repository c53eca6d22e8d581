"""Models of the duplicates area (see docs/architecture.md)."""
