"""What a CSV column holds, told by its header name (never by its position).

Covers LinkedIn Connections.csv, Google Contacts (current and legacy headers), Outlook
(Outlook.com, desktop English and German), Thunderbird, Roundcube and Tine 2.0.
Goodwill's own export is told apart before this (csvgoodwill.py). Each header maps
to a slot: ("given",), ("email", label), ("phone", label), ("gmail", n, "value"|"label"),
("address", group, part), ... ; None for columns we do not read.
"""

from __future__ import annotations

import re

_SIMPLE = {
    "first name": "given",
    "given name": "given",
    "vorname": "given",
    "last name": "family",
    "family name": "family",
    "surname": "family",
    "nachname": "family",
    "middle name": "middle",
    "additional name": "middle",
    "weitere vornamen": "middle",
    "display name": "display",
    "name": "display",
    "full name": "display",
    "anzeigename": "display",
    "title": "prefix",
    "name prefix": "prefix",
    "prefix": "prefix",
    "anrede": "prefix",
    "suffix": "suffix",
    "name suffix": "suffix",
    "nickname": "nickname",
    "spitzname": "nickname",
    "company": "org",
    "organization": "org",
    "organisation": "org",
    "organization name": "org",
    "organization 1 - name": "org",
    "firma": "org",
    "job title": "title",
    "organization title": "title",
    "organization 1 - title": "title",
    "position": "title",
    "department": "department",
    "organization department": "department",
    "organization 1 - department": "department",
    "abteilung": "department",
    "birthday": "birthday",
    "birth date": "birthday",
    "date of birth": "birthday",
    "geburtstag": "birthday",
    "birth year": "birth year",
    "birth month": "birth month",
    "birth day": "birth day",
    "notes": "notes",
    "note": "notes",
    "notizen": "notes",
    "categories": "tags",
    "kategorien": "tags",
    "labels": "tags",
    "group membership": "tags",
    "url": "url",
    "profile url": "url",
    "linkedin": "url",
    "web page": "url",
    "personal web page": "url",
    "web page 1": "url",
    "web page 2": "url",
    "website": "url",
    "webseite": "url",
    "homepage": "url",
    "connected on": "connected",
    "photo": "photo url",
    "location": "location",
}
# Dates and related people that have no field of their own: kept in the notes under
# these words (Outlook, Thunderbird, Roundcube columns).
_EXTRA = {
    "anniversary": "anniversary",
    "spouse": "related (spouse)",
    "children": "related (children)",
    "manager's name": "related (manager)",
    "assistant's name": "related (assistant)",
    "referred by": "related (referred by)",
}
# Tine 2.0's Addressbook CSV export names its columns after its database fields.
_TINE = {
    "n_given": ("given",),
    "n_family": ("family",),
    "n_middle": ("middle",),
    "n_prefix": ("prefix",),
    "n_suffix": ("suffix",),
    "n_fn": ("display",),
    "org_name": ("org",),
    "org_unit": ("department",),
    "bday": ("birthday",),
    "tel_work": ("phone", "work"),
    "tel_cell": ("phone", "mobile"),
    "tel_cell_private": ("phone", "mobile"),
    "tel_home": ("phone", "home"),
    "tel_fax": ("phone", "work fax"),
    "tel_fax_home": ("phone", "home fax"),
    "tel_pager": ("phone", "pager"),
    "tel_car": ("phone", "car"),
    "tel_other": ("phone", "other"),
    "tel_prefer": ("phone", "main"),
    "tel_assistent": ("phone", "assistant"),
    "email": ("email", "work"),
    "email_home": ("email", "home"),
    "url": ("url",),
    "url_home": ("url",),
    "note": ("notes",),
    "adr_one_street": ("address", "work", "street"),
    "adr_one_street2": ("address", "work", "ext"),
    "adr_one_locality": ("address", "work", "city"),
    "adr_one_region": ("address", "work", "region"),
    "adr_one_postalcode": ("address", "work", "code"),
    "adr_one_countryname": ("address", "work", "country"),
    "adr_two_street": ("address", "home", "street"),
    "adr_two_street2": ("address", "home", "ext"),
    "adr_two_locality": ("address", "home", "city"),
    "adr_two_region": ("address", "home", "region"),
    "adr_two_postalcode": ("address", "home", "code"),
    "adr_two_countryname": ("address", "home", "country"),
}
_IGNORED_MAIL = ("type", "typ", "display", "angezeigt")
_GOOGLE_NUMBERED = re.compile(
    r"^(e-mail|phone|website|address|organization|relation|event|im|custom field) (\d+) - (.+)$"
)
_ADDRESS_GROUP = re.compile(
    r"\b(home|privat|business|work|geschäftlich|other|weitere[rs]?(?:/[a-z]+)?)\b"
)
_ADDRESS_PARTS = (
    ("street", ("street", "straße", "strasse", "address")),
    ("code", ("postal code", "zipcode", "zip", "postleitzahl")),
    ("country", ("country", "land/region", "land")),
    ("region", ("state", "bundesland", "region")),
    ("city", ("city", "ort")),
)
_GROUP_NAMES = {"privat": "home", "business": "work", "geschäftlich": "work"}


def normalize(header: str) -> str:
    return " ".join(header.replace("\ufeff", "").strip().strip('"').lower().split())


def phone_label(header: str) -> str:
    """The label a phone column's header gives: "Business Fax" is "work fax"."""
    for kind in ("fax", "pager"):
        if kind in header:
            place = next(
                (
                    label
                    for words, label in (
                        (("home", "privat"), "home"),
                        (("business", "work", "geschäftlich", "company", "firma"), "work"),
                    )
                    if any(w in header for w in words)
                ),
                "",
            )
            return f"{place} {kind}" if place else kind
    for words, label in (
        (("mobile", "cell", "handy", "mobil"), "mobile"),
        (("fax",), "fax"),
        (("pager",), "pager"),
        (("primary", "haupt"), "main"),
        (("home", "privat"), "home"),
        (("business", "work", "geschäftlich", "company", "firma"), "work"),
    ):
        if any(w in header for w in words):
            return label
    return "other"


def classify(raw_header: str) -> tuple | None:
    header = normalize(raw_header)
    if not header:
        return None
    if header in _SIMPLE:
        return (_SIMPLE[header],)
    if header in _TINE:
        return _TINE[header]
    if header in _EXTRA:
        return ("extra", _EXTRA[header])
    if m := _GOOGLE_NUMBERED.match(header):
        kind, number, part = m[1], int(m[2]), m[3]
        if kind == "address":
            part = {"po box": "pobox", "postal code": "code", "extended address": "ext"}.get(
                part, part
            )
            return ("address", f"g{number}", "label" if part == "type" else part)
        if kind in ("e-mail", "phone", "website", "event", "relation"):
            role = "label" if part in ("type", "label") else "value" if part == "value" else None
            return (f"g-{kind}", number, role) if role else None
        return None
    if "mail" in header:
        if any(w in header for w in _IGNORED_MAIL):
            return None
        label = next((w for w in ("home", "work", "other") if w in header), "")
        return ("email", label)
    if "yomi" not in header and any(
        w in header for w in ("phone", "telefon", "mobile", "fax", "pager", "mobil", "handy")
    ):
        return ("phone", phone_label(header))
    return _address_slot(header)


def _address_slot(header: str) -> tuple | None:
    m = _ADDRESS_GROUP.search(header)
    if not m:
        return None
    group = _GROUP_NAMES.get(m[1], "other" if m[1].startswith("weiter") else m[1])
    rest = (header[: m.start()] + header[m.end() :]).strip()
    if any(w in rest for w in ("po box", "po container", "postfach")):
        return ("address", group, "pobox")
    for part, words in _ADDRESS_PARTS:
        if any(rest.startswith(w) for w in words):
            return ("address", group, part)
    return None


def detect_format(slots: list[tuple | None], headers: list[str]) -> str:
    names = {normalize(h) for h in headers}
    kinds = {s[0] for s in slots if s}
    if "connected" in kinds:
        return "linkedin"
    if kinds & {"g-e-mail", "g-phone", "g-website"} or names & {"group membership", "labels"}:
        return "google"
    if any(s and s[0] == "address" and s[1].startswith("g") for s in slots):
        return "google"
    if names & {"given name", "family name", "organization name"}:
        return "google"
    if names >= {"n_given", "n_family"}:
        return "csv"  # Tine 2.0
    outlook = {"e-mail address", "e-mail 2 address", "e-mail-adresse"}
    if names & outlook:
        return "outlook"
    return "csv"
