"""CardDAV's rules, without the database: addresses, sync tokens, ETags, the cards
themselves (Goodwill's one vCard writer), and reading and writing the XML of WebDAV
(RFC 4918), CardDAV (RFC 6352) and collection sync (RFC 6578)."""

from __future__ import annotations

import hashlib
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from urllib.parse import quote, unquote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from django.conf import settings

from goodwill.exchange.services.exports import vcard
from goodwill.people.models import Person

DAV = "DAV:"
CARD = "urn:ietf:params:xml:ns:carddav"
CS = "http://calendarserver.org/ns/"
NAMESPACES = {"d": DAV, "card": CARD, "cs": CS}
for _prefix, _uri in NAMESPACES.items():
    ET.register_namespace(_prefix, _uri)

BOOK = "contacts"  # the one address book's segment: /dav/<username>/contacts/
BOOK_NAME = "Goodwill"
CONTENT_TYPE = "text/vcard; charset=utf-8"
DAV_HEADER = "1, 3, addressbook"
ALLOW = "OPTIONS, GET, HEAD, PROPFIND, REPORT"
REALM = 'Basic realm="Goodwill"'
READ_ONLY = (
    "This address book is read-only for now. Change people in Goodwill itself; "
    "your contacts app shows the change at its next sync.\n"
)
TOKEN_PREFIX = "http://goodwill.invalid/ns/sync/"
RESOURCETYPE = "{DAV:}resourcetype"
GETETAG = "{DAV:}getetag"
GETCONTENTTYPE = "{DAV:}getcontenttype"
GETCONTENTLENGTH = "{DAV:}getcontentlength"
ADDRESS_DATA = "{urn:ietf:params:xml:ns:carddav}address-data"
CARD_DEFAULTS = (RESOURCETYPE, GETETAG, GETCONTENTTYPE)

_CARD_NAME = re.compile(r"^(\d{1,18})\.vcf$")


def tag(ns: str, name: str) -> str:
    return f"{{{ns}}}{name}"


# ------------------------------------------------------------------- addresses


def quote_name(username: str) -> str:
    return quote(username, safe="@+")


def root_href() -> str:
    return "/dav/"


def principal_href(username: str) -> str:
    return f"/dav/{quote_name(username)}/"


def book_href(username: str) -> str:
    return f"{principal_href(username)}{BOOK}/"


def card_href(username: str, person_id: int) -> str:
    return f"{book_href(username)}{person_id}.vcf"


def person_id_of(name: str) -> int | None:
    """The person id in a card's last path segment ("12.vcf"), or None."""
    found = _CARD_NAME.match(name)
    return int(found.group(1)) if found else None


def card_in_href(href: str, username: str) -> int | None:
    """The person id an href (absolute URL or path) names in this user's book, or None."""
    path = unquote(urlsplit(href.strip()).path)
    book = unquote(book_href(username))
    if not path.startswith(book):
        return None
    return person_id_of(path[len(book) :])


# ------------------------------------------------------------------- sync tokens


def sync_token(book_id: int, version: int) -> str:
    """A token names the book (so another account's token is never taken) and a version."""
    return f"{TOKEN_PREFIX}{book_id}-{version}"


def token_version(token: str, book_id: int) -> int | None:
    """The version a token of this book stands for, or None when it is not one of ours."""
    token = token.strip()
    if not token.startswith(TOKEN_PREFIX):
        return None
    book, _, version = token[len(TOKEN_PREFIX) :].partition("-")
    if book != str(book_id) or not version.isdigit() or len(version) > 18:
        return None
    return int(version)


# ------------------------------------------------------------------- cards


def card_text(person: Person, *, version: str = "3.0", notes: bool = False) -> str:
    """One person's card, written by the export's vCard writer (the one writer Goodwill
    has). Needs the person's organization, emails, phones and tags loaded."""
    return vcard.card(person, version=version, private=notes)


def digest(text: str) -> str:
    """What a card's ETag is made from: a hash of its 3.0 text."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def etag(card_digest: str, version: str = "3.0") -> str:
    """The quoted ETag of a card. The 4.0 text of the same card is another
    representation, so it has its own tag."""
    return f'"{card_digest}{"-4" if version == "4.0" else ""}"'


def wanted_version(accept: str = "", asked: str = "") -> str:
    """vCard 3.0 unless the client asks for 4.0: in a REPORT's ``address-data`` version,
    or in the Accept header of a GET."""
    if asked:
        return "4.0" if asked.strip() == "4.0" else "3.0"
    for part in (accept or "").split(","):
        kind, _, params = part.partition(";")
        if kind.strip().lower() in ("text/vcard", "text/x-vcard") and re.search(
            r"version\s*=\s*\"?4\.0", params
        ):
            return "4.0"
    return "3.0"


# ------------------------------------------------------------------- reading XML


class BadRequest(ValueError):
    """The request's XML could not be read; the message says what to send instead."""


def parse(body: bytes) -> ET.Element | None:
    """The root element of a request body, or None for an empty body. Documents with a
    DOCTYPE are refused: no request of these protocols needs one, and entities are how
    XML bodies are made to explode."""
    if not body or not body.strip():
        return None
    if b"<!DOCTYPE" in body.upper() or b"<!ENTITY" in body.upper():
        raise BadRequest("A DOCTYPE or entity is not accepted here.")
    try:
        # Safe without defusedxml: a body with a DOCTYPE (so any entity) is refused above,
        # and ElementTree never fetches anything external.
        return ET.fromstring(body)  # noqa: S314
    except ET.ParseError as exc:
        raise BadRequest(f"The request body is not well-formed XML ({exc}).") from None


@dataclass
class PropRequest:
    """What a PROPFIND (or a REPORT's prop) asks for: every property, their names, or a list."""

    props: list[str] = field(default_factory=list)
    allprop: bool = False
    propname: bool = False
    version: str = ""  # the address-data version asked for, "" when not asked


def prop_request(root: ET.Element | None) -> PropRequest:
    """Read ``propfind`` (or the prop list of a REPORT). An empty body is allprop."""
    if root is None:
        return PropRequest(allprop=True)
    if root.find(tag(DAV, "allprop")) is not None:
        return PropRequest(allprop=True)
    if root.find(tag(DAV, "propname")) is not None:
        return PropRequest(propname=True)
    prop = root.find(tag(DAV, "prop"))
    if prop is None:
        if root.tag == tag(DAV, "propfind"):
            raise BadRequest("A propfind needs a prop, allprop or propname element.")
        return PropRequest()
    asked = PropRequest(props=[child.tag for child in prop])
    data = prop.find(tag(CARD, "address-data"))
    if data is not None:
        asked.version = data.get("version", "")
        if not asked.version and "4.0" in data.get("content-type", ""):
            asked.version = "4.0"
    return asked


def hrefs_in(root: ET.Element) -> list[str]:
    return [(el.text or "").strip() for el in root.findall(tag(DAV, "href"))]


# ------------------------------------------------------------------- writing XML


def _el(parent: ET.Element, name: str, text: str | None = None) -> ET.Element:
    child = ET.SubElement(parent, name)
    if text is not None:
        child.text = text
    return child


Value = str | ET.Element | list[ET.Element] | None


def _escape(text: str) -> str:
    # A CR would be read back as a bare LF by any XML parser: sent as a reference, the
    # card keeps the CRLF line ends vCard asks for.
    return xml_escape(text).replace("\r", "&#13;")


def _prefixed(name: str) -> str:
    ns, _, local = name[1:].partition("}")
    for prefix, uri in NAMESPACES.items():
        if uri == ns:
            return f"{prefix}:{local}"
    return ""


def _empty(name: str) -> str:
    short = _prefixed(name)
    if short:
        return f"<{short}/>"
    ns, _, local = name[1:].partition("}")
    return f'<x:{local} xmlns:x="{_escape(ns)}"/>'


class Multistatus:
    """A 207 body, written as text: thousands of cards are a long list of the same few
    elements, so each card's response is a string, and only the rarer responses (the
    book, the principal) are built with ElementTree."""

    def __init__(self) -> None:
        self.parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<d:multistatus'
            + "".join(f' xmlns:{p}="{uri}"' for p, uri in NAMESPACES.items())
            + ">"
        ]

    def add_response(self, href: str, found: dict[str, Value], missing=()) -> None:
        """One ``response``: the found properties with 200, the unknown ones with 404."""
        response = ET.Element(tag(DAV, "response"))
        _el(response, tag(DAV, "href"), href)
        for props, status in ((found, "200 OK"), (dict.fromkeys(missing), "404 Not Found")):
            if not props:
                continue
            propstat = _el(response, tag(DAV, "propstat"))
            prop = _el(propstat, tag(DAV, "prop"))
            for name, value in props.items():
                el = _el(prop, name)
                if isinstance(value, str):
                    el.text = value
                elif isinstance(value, ET.Element):
                    el.append(value)
                elif isinstance(value, list):
                    el.extend(value)
            _el(propstat, tag(DAV, "status"), f"HTTP/1.1 {status}")
        self.parts.append(ET.tostring(response, encoding="unicode"))

    def add_card(self, href: str, names: list[str], etag: str, text: str | None) -> None:
        """A card's response, for the properties ``names`` (``text`` when it was asked for)."""
        found, missing = [], []
        for name in names:
            if name == GETETAG:
                found.append(f"<d:getetag>{_escape(etag)}</d:getetag>")
            elif name == GETCONTENTTYPE:
                found.append(f"<d:getcontenttype>{CONTENT_TYPE}</d:getcontenttype>")
            elif name == RESOURCETYPE:
                found.append("<d:resourcetype/>")
            elif name == ADDRESS_DATA and text is not None:
                found.append(f"<card:address-data>{_escape(text)}</card:address-data>")
            elif name == GETCONTENTLENGTH and text is not None:
                found.append(f"<d:getcontentlength>{len(text.encode())}</d:getcontentlength>")
            else:
                missing.append(_empty(name))
        parts = [f"<d:response><d:href>{_escape(href)}</d:href>"]
        for props, status in ((found, "200 OK"), (missing, "404 Not Found")):
            if props:
                parts.append(
                    f"<d:propstat><d:prop>{''.join(props)}</d:prop>"
                    f"<d:status>HTTP/1.1 {status}</d:status></d:propstat>"
                )
        parts.append("</d:response>")
        self.parts.append("".join(parts))

    def add_status(self, href: str, status: str) -> None:
        """A ``response`` that is only a status: a card that does not exist (or no longer)."""
        self.parts.append(
            f"<d:response><d:href>{_escape(href)}</d:href>"
            f"<d:status>HTTP/1.1 {status}</d:status></d:response>"
        )

    def add_sync_token(self, token: str) -> None:
        self.parts.append(f"<d:sync-token>{_escape(token)}</d:sync-token>")

    def body(self) -> bytes:
        return ("".join(self.parts) + "</d:multistatus>").encode()


def elements(*names: str) -> list[ET.Element]:
    return [ET.Element(name) for name in names]


def href_element(href: str) -> ET.Element:
    el = ET.Element(tag(DAV, "href"))
    el.text = href
    return el


def privileges(*names: str) -> list[ET.Element]:
    out = []
    for name in names:
        privilege = ET.Element(tag(DAV, "privilege"))
        ET.SubElement(privilege, tag(DAV, name))
        out.append(privilege)
    return out


def supported_reports(*reports: tuple[str, str]) -> list[ET.Element]:
    out = []
    for ns, name in reports:
        supported = ET.Element(tag(DAV, "supported-report"))
        report = ET.SubElement(supported, tag(DAV, "report"))
        ET.SubElement(report, tag(ns, name))
        out.append(supported)
    return out


def address_data_types() -> list[ET.Element]:
    out = []
    for version in ("3.0", "4.0"):
        el = ET.Element(tag(CARD, "address-data-type"))
        el.set("content-type", "text/vcard")
        el.set("version", version)
        out.append(el)
    return out


def error(ns: str, name: str) -> bytes:
    """A ``DAV:error`` body naming the precondition that failed."""
    root = ET.Element(tag(DAV, "error"))
    ET.SubElement(root, tag(ns, name))
    return serialize(root)


def serialize(root: ET.Element) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def server_url() -> str:
    """The address to give a contacts app: the site (GOODWILL_SITE_URL) and /dav/."""
    return settings.GOODWILL_SITE_URL + root_href()
