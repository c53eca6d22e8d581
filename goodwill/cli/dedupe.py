"""CLI commands of the dedupe area; register() adds them to the app."""


def register(app) -> None:
    """Add this module's commands to the root typer app."""
