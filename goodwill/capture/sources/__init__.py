"""Capture sources: each turns what it reads into Seen items (rules/seen.py)."""
