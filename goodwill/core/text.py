"""The characters no text may hold, on their own: no Django here, so the command line
can check every word it is given before it loads anything (core.rules re-exports these).

Two kinds of character no database stores as text: NUL (PostgreSQL refuses it) and a
lone UTF-16 surrogate ("\\ud800", which JSON can spell but UTF-8 cannot encode). Every
way in (web, API, CLI, imports) checks with text_problem and clean_text.
"""

from __future__ import annotations

import re

HOSTILE = re.compile("[\x00\ud800-\udfff]")


def text_problem(text) -> str | None:
    """Why a text cannot be stored, or None. Non-texts are no concern of this check."""
    if not isinstance(text, str) or not HOSTILE.search(text):
        return None
    if "\x00" in text:
        return "This text has a NUL character (code 0) in it, which cannot be saved; remove it."
    return (
        "This text has a broken character in it (not valid Unicode), which cannot be "
        "saved; remove it."
    )


def clean_text(text: str) -> str:
    """The text without NUL characters, each lone surrogate replaced by U+FFFD: for files
    (imports), where one stray byte must not cost the whole row."""
    if not text or not HOSTILE.search(text):
        return text
    return HOSTILE.sub(lambda m: "" if m.group() == "\x00" else "\ufffd", text)
