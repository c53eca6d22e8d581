"""Rules about people that every area shares: naming someone by id, a phone number's
comparable form, URLs, the text people are found by, and what a photo may be."""

from __future__ import annotations

import functools
import io
import re
import unicodedata
import warnings
from collections.abc import Iterable
from pathlib import Path
from urllib.parse import urlparse

from anyascii import anyascii
from django.core.exceptions import ValidationError

from goodwill.core.rules import field_error, resolve_owned
from goodwill.people.models import (
    SEARCH_TEXT_MAX,
    Person,
)


def resolve_someone(owner, value, field: str, missing: str):
    """One of the owner's people other than themselves, or a field error saying why."""
    person = resolve_owned(Person, owner, value, field)
    if person is None:
        raise field_error(field, missing)
    if person.is_me:
        raise field_error(field, "That is you; name someone else.")
    return person


def resolve_two_people(
    owner, a, b, *, fields=("a", "b"), same: str = "Choose two different people."
):
    """Two different people of the owner's, from ids or instances; else a field error."""
    first = resolve_owned(Person, owner, a, fields[0])
    second = resolve_owned(Person, owner, b, fields[1])
    if first is None or second is None:
        raise field_error(fields[0] if first is None else fields[1], "Name both people.")
    if first.pk == second.pk:
        raise field_error(fields[1], same)
    return first, second


# ---------------------------------------------------------------- phone numbers
# One rule says when two phone numbers are the same: phone_key. It is what
# PersonPhone.normalized stores, what imports and the duplicate finder match on and what
# the people search looks up, always with the account's default region
# (User.phone_region, "" for none).

# Words that name a company, clinic or group rather than a person: a record called
# "Movewell Clinics" with no given name is greeted "Hello,", never "Hi Movewell,".
ORGANIZATION_WORDS = frozenset(
    (
        "agency",
        "agencies",
        "associates",
        "clinic",
        "clinics",
        "company",
        "consulting",
        "corp",
        "corporation",
        "foundation",
        "gmbh",
        "group",
        "hospital",
        "inc",
        "institute",
        "labs",
        "limited",
        "llc",
        "llp",
        "ltd",
        "partners",
        "plc",
        "sarl",
        "services",
        "solutions",
        "studio",
        "studios",
        "university",
    )
)


def looks_like_organization(
    display_name: str, given_name: str = "", organization: str = ""
) -> bool:
    """A record that names an organization, not a person (no first name to greet)."""
    if given_name.strip():
        return False
    name = " ".join(display_name.split()).casefold()
    if not name:
        return False
    if organization and name == " ".join(organization.split()).casefold():
        return True
    return any(word.strip(".,&") in ORGANIZATION_WORDS for word in name.split())


PHONE_KEY_MAX = 40  # PersonPhone.normalized
MIN_PHONE_DIGITS_TO_MATCH = 6  # shorter keys (short codes, typos) never make a match
_PHONE_PUNCTUATION = frozenset(" +-.()/\t")  # what a search text read as a number may hold
_SEPARATORS = frozenset("-.()/[]")  # with spaces and dashes of any script: dropped


@functools.cache
def _phonenumbers():
    """The phonenumbers library, loaded the first time a number or a region is read: its
    metadata costs 50 ms, which a command that reads no number never needs to pay."""
    import phonenumbers

    return phonenumbers


@functools.cache
def phone_regions() -> frozenset[str]:
    """The regions phonenumbers knows: what an account's default region may be."""
    return frozenset(_phonenumbers().SUPPORTED_REGIONS)


def clean_phone_region(value, field: str = "phone_region") -> str:
    """A default region as stored: an upper-case ISO 3166 code phonenumbers knows, or ""
    for none. Anything else is a field error naming ``field``."""
    region = value.strip().upper() if isinstance(value, str) else value
    if region is None or region == "":
        return ""
    if region not in phone_regions():
        raise field_error(
            field,
            f"{value!r} is not a region Goodwill knows phone numbers for. Use a two-letter "
            "country code such as GB, US or DE, or leave it empty.",
        )
    return region


def region_of(owner) -> str:
    """The owner's default region for phone numbers ("" for none)."""
    return getattr(owner, "phone_region", "") or ""


def _digits(text: str) -> str:
    """The decimal digits of ``text`` as ASCII (any script's), a leading + kept."""
    digits = "".join(str(unicodedata.decimal(ch)) for ch in text if ch.isdecimal())
    return ("+" + digits if digits and text.startswith("+") else digits)[:PHONE_KEY_MAX]


def _compact(text: str) -> str:
    """``text`` without spaces, dashes, dots, slashes and brackets: how a number is
    spaced out never changes what it is."""
    return "".join(
        ch
        for ch in text
        if not (ch.isspace() or ch in _SEPARATORS or unicodedata.category(ch) == "Pd")
    )


@functools.lru_cache(maxsize=8192)
def phone_key(number: str, region: str = "") -> str:
    """What two spellings of one phone number share, read with a default region.

    A number that parses (with ``region`` for one written without +, and with 00 read
    as + when there is no region) as a possible number is keyed by its E.164 form, its
    extension after ";ext=": with region GB, "020 7946 0000" and "+44 20 7946 0000" are
    both "+442079460000". Anything else (a short code, letters, a national number with
    no region to read it in) falls back to its digits, a leading + kept. Spaces and
    separators never matter. Never raises.
    """
    text = _compact(number or "")
    if text[:4].lower() == "tel:":
        text = text[4:]
    region = (region or "").upper()
    if not region and text.startswith("00"):
        text = "+" + text[2:]  # 00 is read as +: the international prefix of most places
    phonenumbers = _phonenumbers()
    try:
        parsed = phonenumbers.parse(text, region or None)
    except phonenumbers.NumberParseException:
        parsed = None
    if parsed is not None and phonenumbers.is_possible_number(parsed):
        key = phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)
        if parsed.extension:
            key += ";ext=" + _digits(parsed.extension)
        return key[:PHONE_KEY_MAX]
    return _digits(text)


def phone_match_key(key: str) -> str:
    """``key`` when it is long enough to say two people are one (imports and the
    duplicate finder alike), else ""."""
    number = (key or "").partition(";")[0]
    return key if len(number.lstrip("+")) >= MIN_PHONE_DIGITS_TO_MATCH else ""


def phone_search(text: str, region: str = "") -> tuple[str, str] | None:
    """(key, digits) when a search text reads as a phone number (digits, spaces, + and
    the usual separators, 3 digits or more), else None: the people whose number has
    this key, or contains these digits, are found by it."""
    text = (text or "").strip()
    if not text or any(not (ch.isdecimal() or ch in _PHONE_PUNCTUATION) for ch in text):
        return None
    digits = _digits(text).lstrip("+")
    if len(digits) < 3:
        return None
    return phone_key(text, region), digits


# "name:" at the start of an address: a scheme ("javascript:", "data:"), unless digits
# follow (then it is a host and its port: "example.org:8080/").
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):(?!\d)")


def web_address_problem(value: str) -> str | None:
    """Why a text is not a web address we store (only http and https: a "javascript:"
    or "data:" link would run when clicked in an app that shows it), or None."""
    if not value:
        return None
    if any(ord(c) <= 32 for c in value):
        return f"{value!r} is not a web address (a web address has no spaces)."
    if (scheme := _SCHEME.match(value)) and scheme.group(1).lower() not in {"http", "https"}:
        return (
            f"{value!r} is not a web address: only links starting with https:// or "
            "http:// are kept."
        )
    try:
        parsed = urlparse(value if "://" in value else "https://" + value)
    except ValueError:  # e.g. "http://[": an unclosed IPv6 bracket
        return f"{value!r} is not a web address."
    if parsed.scheme not in {"http", "https"} or not parsed.netloc:
        return f"{value!r} is not a web address."
    return None


def check_url(field: str, value: str) -> None:
    if problem := web_address_problem(value):
        raise field_error(field, problem)


def search_text_for(
    person: Person,
    emails: Iterable[str] = (),
    tags: Iterable[str] = (),
    organization: str = "",
) -> str:
    parts = [
        person.display_name,
        person.given_name,
        person.family_name,
        person.nickname,
        organization,
        *emails,
        *tags,
    ]
    text = " ".join(p for p in parts if p)
    folded = anyascii(text).lower()
    original = text.lower()
    combined = folded if folded == original else f"{folded} {original}"
    return combined[:SEARCH_TEXT_MAX]


# ------------------------------------------------------------------ photos

# The image kinds a photo may be, by what Pillow finds in the bytes (never the name).
PHOTO_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}
PHOTO_MAX_SIDE = 2048  # pixels: a photo is shown small; larger ones are scaled down
PHOTO_MAX_PIXELS = 50_000_000  # refused before decoding: a tiny file can claim a huge image
NOT_A_PHOTO = "That file is not a photo Goodwill can read. Use a JPEG, PNG, GIF or WebP image."


def photo_type(handle) -> str | None:
    """The content type of a stored photo when its bytes are one of PHOTO_TYPES, else
    None (a PDF, an SVG or an HTML page named .png). Reads only the header; the file is
    left at its start."""
    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(handle) as image:
                kind = image.format
    except Exception:  # Pillow raises many kinds for bytes it cannot read
        return None
    finally:
        handle.seek(0)
    return PHOTO_TYPES.get(kind or "")


def reencode_photo(upload):
    """An uploaded photo decoded and written again (a ContentFile): only the pixels
    are kept, never what else the file carried (metadata, appended bytes, a second
    format). Turned upright from its EXIF orientation, scaled to PHOTO_MAX_SIDE; a JPEG
    stays JPEG, every other kind becomes PNG. Anything that is not a PHOTO_TYPES image is a field
    error on ``photo``."""
    from django.core.files.base import ContentFile
    from PIL import Image, ImageOps

    try:
        upload.seek(0)
        data = upload.read()
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                if kind not in PHOTO_TYPES:
                    raise field_error("photo", NOT_A_PHOTO)
                if image.width * image.height > PHOTO_MAX_PIXELS:
                    raise field_error("photo", "That image is too large; choose a smaller photo.")
                image.load()
                picture = ImageOps.exif_transpose(image)
        picture.thumbnail((PHOTO_MAX_SIDE, PHOTO_MAX_SIDE))
        # A photograph stays JPEG; anything else (a drawing, a logo, a GIF) becomes a
        # lossless PNG, with its transparency.
        as_jpeg = kind == "JPEG"
        clear = picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info
        pixels = picture.convert("RGBA" if clear and not as_jpeg else "RGB")
        pixels.info = {}  # no EXIF (where it was taken), comment or colour profile
        out = io.BytesIO()
        if as_jpeg:
            pixels.save(out, format="JPEG", quality=88, optimize=True)
        else:
            pixels.save(out, format="PNG", optimize=True)
    except ValidationError:
        raise
    except Exception:  # Pillow raises many kinds for bytes it cannot read
        raise field_error("photo", NOT_A_PHOTO) from None
    stem = "".join(c for c in Path(getattr(upload, "name", "") or "").stem if c.isalnum())
    return ContentFile(out.getvalue(), name=f"{stem[:40] or 'photo'}.{'jpg' if as_jpeg else 'png'}")
