"""Importing contacts: parsers turn a file into ContactRecords (records.py), the
pipeline matches them against the owner's people, previews, commits and undoes."""
