"""Models of the exchange area (see docs/architecture.md)."""
