"""Goodwill: a self-hosted, serve-first networking companion."""

__version__ = "0.1.0"
