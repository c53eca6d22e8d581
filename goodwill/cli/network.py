"""CLI commands for the network area (`goodwill path`, `goodwill reach`)."""

from __future__ import annotations


def register(root) -> None:
    """Add this module's commands to the root typer app."""
