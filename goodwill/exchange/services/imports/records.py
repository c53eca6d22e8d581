"""What every parser produces and the import pipeline consumes.

A parser never touches the database. It turns the bytes of one file into ContactRecords
(one per contact it could read) and Rejections (one per contact or line it could not,
with the line or card number and a reason a person can act on).
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Birthday:
    month: int
    day: int
    year: int | None = None


@dataclass
class Photo:
    """An inline photo (never a URL: URLs in files are kept as text, never fetched)."""

    data: bytes
    mime_type: str = ""  # as declared by the file; the pipeline checks the bytes


@dataclass(slots=True)
class ContactRecord:
    # Where it came from, for messages: "line 12" (CSV) or "card 3" (vCard).
    # (csvformats.build_plain passes the next six by position: keep their order.)
    position: str
    display_name: str = ""
    given_name: str = ""
    family_name: str = ""
    nickname: str = ""
    organization: str = ""
    title: str = ""
    location: str = ""
    linkedin_url: str = ""
    website: str = ""
    # (label, value) pairs; labels as the file gives them ("work", "home", "mobile").
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str]] = field(default_factory=list)
    birthday: Birthday | None = None
    met_on: str = ""  # ISO date, e.g. LinkedIn's "Connected On"
    met_how: str = ""  # e.g. "Connected on LinkedIn"
    tags: list[str] = field(default_factory=list)  # Google labels / groups, vCard CATEGORIES
    about: str = ""  # notes
    photo: Photo | None = None
    cadence_days: int | None = None  # the person's own keep-in-touch interval
    # Anything else worth keeping as inert text (addresses, other URLs, logo URLs...).
    extra: dict[str, str] = field(default_factory=dict)


@dataclass
class Rejection:
    position: str  # "line 12", "card 3", or "file"
    reason: str


@dataclass
class ParseResult:
    format: str  # "linkedin", "google", "vcard", "outlook", "csv"
    records: list[ContactRecord] = field(default_factory=list)
    rejected: list[Rejection] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)  # e.g. "photo on card 5 dropped: bad base64"
    encoding: str = ""
    # False when the parser knows no value holds a NUL or a lone surrogate (parse.py).
    may_hold_hostile: bool = True


class ImportFileError(Exception):
    """The file as a whole cannot be imported (too big, unknown format, no contacts).

    The message names the file and what is wrong, for the person who chose it.
    """
