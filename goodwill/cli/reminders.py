"""CLI commands for the reminders area."""

from __future__ import annotations


def register(root) -> None:
    """Add this module's commands to the root typer app."""
