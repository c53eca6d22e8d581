"""Use cases. The only code that writes: each function runs in one transaction.

Every function takes ``owner`` and refuses objects that belong to anyone else. Bad input
raises django.core.exceptions.ValidationError with a message per field, so the web form,
the API and the CLI can each say which field is wrong.
"""
