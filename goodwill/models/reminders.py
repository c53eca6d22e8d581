"""Reminders that arrive: digest settings, the outbox, calendar-feed tokens."""

from __future__ import annotations
