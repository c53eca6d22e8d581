"""Telling which kind of contacts file some bytes are: vCard, jCard (JSON) or CSV."""

from __future__ import annotations

import re

_BEGIN_VCARD = re.compile(rb"(?im)^[ \t]*(?:[\w-]*\.)?begin[ \t]*:[ \t]*vcard")
_VCARD_LINE = re.compile(rb"(?im)^(?:version|fn|n|end)[;:].*")
_SAMPLE = 65536


def detect(data: bytes) -> str:
    """'vcard', 'jcard' or 'csv' (the CSV parser tells the CSV dialect by its header)."""
    head = data[:_SAMPLE]
    if _BEGIN_VCARD.search(head):
        return "vcard"
    stripped = head.lstrip()
    if stripped[:1] in (b"[", b"{") and b'"vcard"' in head.lower():
        return "jcard"
    if b"vcard" in head.lower() and len(_VCARD_LINE.findall(head)) >= 2:
        return "vcard"  # a card whose BEGIN line is missing or broken
    return "csv"
