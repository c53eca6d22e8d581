"""Capture's use cases, the only code of the area that writes.

connectors.py  adding, changing, pausing and removing connectors; the account's settings
record.py      what was read becomes interactions and review-list lines (record_seen)
review.py      the review list's answers: add, merge, ignore, forget
runs.py        running a connector: pages, progress, status and back-off
"""
