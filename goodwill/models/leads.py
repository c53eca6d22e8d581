"""Models of the leads area (see docs/architecture.md)."""
