"""Notification channels (Apprise URLs, web push) and what each one receives."""
