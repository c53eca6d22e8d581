"""Capture sources: each reads one kind of account (mail, calendar) into `Seen` items."""
