"""Capture without typing: interactions from the user's mail and calendar, and the
review list of addresses not yet in Goodwill."""
