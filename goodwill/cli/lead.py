"""CLI commands of the lead area; register() adds them to the app."""


def register(app) -> None:
    """Add this module's commands to the root typer app."""
