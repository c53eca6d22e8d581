"""The CardDAV endpoint under /dav/: discovery, PROPFIND, REPORT and GET, read-only.

    /dav/                              the root: says who you are (current-user-principal)
    /dav/<username>/                   your principal, which is also your address book home
    /dav/<username>/contacts/          the one address book, "Goodwill"
    /dav/<username>/contacts/<id>.vcf  one person's card

Every request needs HTTP Basic with the account's user name and one of its API tokens
(an app password); a path of another account, or a person who is not in your book, is
a 404 exactly like an id that never existed. Writes are refused with 403: editing from
the phone is a later step. No session is read or made, and no CSRF token is needed
(nothing here writes the account's data).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.views.decorators.csrf import csrf_exempt

from goodwill.dav import queries, rules
from goodwill.dav import services as service
from goodwill.dav.rules import CARD, CS, DAV, tag

WRITES = {
    "PUT",
    "DELETE",
    "PROPPATCH",
    "MKCOL",
    "MKCALENDAR",
    "MOVE",
    "COPY",
    "POST",
    "PATCH",
    "LOCK",
    "UNLOCK",
    "ACL",
}
READS = {"OPTIONS", "GET", "HEAD", "PROPFIND", "REPORT"}
UNAUTHORIZED = (
    "Goodwill needs your user name and an app password here. Make one under "
    "Settings, Access tokens (read-only is enough). Your account password does not "
    "work here, by design.\n"
)
XML = "application/xml; charset=utf-8"


def _text(body: str, status: int, **headers) -> HttpResponse:
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def _xml(body: bytes, status: int = 207) -> HttpResponse:
    return HttpResponse(body, status=status, content_type=XML)


def endpoint(view: Callable) -> Callable:
    """Authenticate, check the path's user, refuse writes, answer bad XML with 400."""

    @csrf_exempt
    @wraps(view)
    def wrapper(request, username: str | None = None, **kwargs):
        owner = service.authenticate(request.headers.get("Authorization", ""))
        if owner is None:
            response = _text(UNAUTHORIZED, 401)
            response["WWW-Authenticate"] = rules.REALM
        elif username is not None and username != owner.username:
            raise Http404("No such address book.")
        elif request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = rules.ALLOW
        elif request.method in WRITES:
            response = _text(rules.READ_ONLY, 403)
        elif request.method not in READS:
            response = _text(f"{request.method} is not something this address book does.\n", 405)
            response["Allow"] = rules.ALLOW
        else:
            try:
                response = view(request, owner, **kwargs)
            except rules.BadRequest as exc:
                response = _text(f"{exc}\n", 400)
        response["DAV"] = rules.DAV_HEADER
        response["Cache-Control"] = "private, no-cache"
        return response

    return wrapper


def _depth(request) -> str:
    depth = request.headers.get("Depth", "infinity").strip().lower()
    return depth if depth in ("0", "1") else "1"


class Props:
    """The properties of one resource: ``values`` maps each known name to its value, or
    to a function that makes it (only called when asked)."""

    def __init__(self, href: str, values: dict, defaults: tuple[str, ...]):
        self.href, self.values, self.defaults = href, values, defaults

    def answer(self, ms, asked: rules.PropRequest) -> None:
        if asked.propname:
            rules.add_response(ms, self.href, dict.fromkeys(self.values))
            return
        names = list(self.defaults) if asked.allprop else asked.props
        found, missing = {}, []
        for name in names:
            if name in self.values:
                value = self.values[name]
                found[name] = value() if callable(value) else value
            else:
                missing.append(name)
        rules.add_response(ms, self.href, found, missing)


def _common(owner) -> dict:
    return {
        tag(DAV, "current-user-principal"): lambda: rules.href_element(
            rules.principal_href(owner.username)
        ),
        tag(DAV, "principal-collection-set"): lambda: rules.href_element(rules.root_href()),
        tag(DAV, "current-user-privilege-set"): lambda: rules.privileges(
            "read", "read-current-user-privilege-set"
        ),
    }


def _root_props(owner) -> Props:
    values = {
        tag(DAV, "resourcetype"): lambda: rules.elements(tag(DAV, "collection")),
        tag(DAV, "displayname"): rules.BOOK_NAME,
        **_common(owner),
    }
    return Props(rules.root_href(), values, (tag(DAV, "resourcetype"), tag(DAV, "displayname")))


def _principal_props(owner) -> Props:
    principal = rules.principal_href(owner.username)
    values = {
        tag(DAV, "resourcetype"): lambda: rules.elements(
            tag(DAV, "collection"), tag(DAV, "principal")
        ),
        tag(DAV, "displayname"): owner.get_full_name() or owner.username,
        tag(DAV, "principal-URL"): lambda: rules.href_element(principal),
        tag(CARD, "addressbook-home-set"): lambda: rules.href_element(principal),
        **_common(owner),
    }
    return Props(principal, values, (tag(DAV, "resourcetype"), tag(DAV, "displayname")))


def _book_props(owner, book) -> Props:
    principal = rules.principal_href(owner.username)
    token = rules.sync_token(book.pk, book.version)
    values = {
        tag(DAV, "resourcetype"): lambda: rules.elements(
            tag(DAV, "collection"), tag(CARD, "addressbook")
        ),
        tag(DAV, "displayname"): rules.BOOK_NAME,
        tag(CARD, "addressbook-description"): "Your people in Goodwill (read-only)",
        tag(DAV, "getetag"): f'"book-{book.pk}-{book.version}"',
        tag(CS, "getctag"): token,
        tag(DAV, "sync-token"): token,
        tag(DAV, "owner"): lambda: rules.href_element(principal),
        tag(DAV, "supported-report-set"): lambda: rules.supported_reports(
            (CARD, "addressbook-multiget"), (CARD, "addressbook-query"), (DAV, "sync-collection")
        ),
        tag(CARD, "supported-address-data"): rules.address_data_types,
        **_common(owner),
    }
    defaults = (
        tag(DAV, "resourcetype"),
        tag(DAV, "displayname"),
        tag(DAV, "getetag"),
        tag(CS, "getctag"),
        tag(DAV, "sync-token"),
    )
    return Props(rules.book_href(owner.username), values, defaults)


CARD_DEFAULTS = (tag(DAV, "resourcetype"), tag(DAV, "getetag"), tag(DAV, "getcontenttype"))
ADDRESS_DATA = tag(CARD, "address-data")


def _card_props(owner, person_id: int, etag: str, text: str | None = None) -> Props:
    values = {
        tag(DAV, "resourcetype"): lambda: [],
        tag(DAV, "getetag"): etag,
        tag(DAV, "getcontenttype"): rules.CONTENT_TYPE,
    }
    if text is not None:
        values[ADDRESS_DATA] = text
        values[tag(DAV, "getcontentlength")] = str(len(text.encode()))
    return Props(rules.card_href(owner.username, person_id), values, CARD_DEFAULTS)


def _cards(ms, owner, book, asked: rules.PropRequest, rows, *, render: bool = False) -> None:
    """A response for each card row: from the stored ETags, or written afresh when the
    client asked for the cards themselves (address-data)."""
    version = rules.wanted_version(asked=asked.version)
    if not (render or ADDRESS_DATA in asked.props):
        for person_id, card_digest in rows:
            _card_props(owner, person_id, rules.etag(card_digest, version)).answer(ms, asked)
        return
    ids = [person_id for person_id, _ in rows]
    for person in queries.people_in_chunks(owner, ids):
        text = rules.card_text(person, version=version, notes=book.include_notes)
        base = rules.card_text(person, notes=book.include_notes) if version == "4.0" else text
        card_etag = rules.etag(rules.digest(base), version)
        _card_props(owner, person.pk, card_etag, text).answer(ms, asked)


@csrf_exempt
def well_known(request):
    """RFC 6764: a contacts app given only the server's name finds the endpoint here."""
    response = HttpResponsePermanentRedirect(rules.root_href())
    response["Cache-Control"] = "no-cache"
    return response


def _body(request):
    return rules.parse(request.body)


@endpoint
def root(request, owner):
    if request.method in ("GET", "HEAD"):
        return _text(f"Goodwill's CardDAV address book for {owner.username}.\n", 200)
    if request.method != "PROPFIND":
        return _unsupported_report()
    asked = rules.prop_request(_body(request))
    ms = rules.multistatus()
    _root_props(owner).answer(ms, asked)
    if _depth(request) == "1":
        _principal_props(owner).answer(ms, asked)
    return _xml(rules.serialize(ms))


@endpoint
def principal(request, owner):
    if request.method in ("GET", "HEAD"):
        return _text(f"Goodwill's CardDAV address book home for {owner.username}.\n", 200)
    if request.method != "PROPFIND":
        return _unsupported_report()
    asked = rules.prop_request(_body(request))
    ms = rules.multistatus()
    _principal_props(owner).answer(ms, asked)
    if _depth(request) == "1":
        _book_props(owner, service.refresh(owner)).answer(ms, asked)
    return _xml(rules.serialize(ms))


@endpoint
def book(request, owner):
    if request.method in ("GET", "HEAD"):
        return _text(
            "This is your Goodwill address book. Add it to a contacts app as a CardDAV "
            "account; docs/carddav.md says how.\n",
            200,
        )
    root_el = _body(request)
    current = service.refresh(owner)
    if request.method == "REPORT":
        return _report(request, owner, current, root_el)
    asked = rules.prop_request(root_el)
    ms = rules.multistatus()
    _book_props(owner, current).answer(ms, asked)
    if _depth(request) == "1":
        rows = queries.members(owner).values_list("person_id", "etag")
        _cards(ms, owner, current, asked, list(rows))
    return _xml(rules.serialize(ms))


@endpoint
def card(request, owner, name: str):
    person_id = rules.person_id_of(name)
    person = queries.one_person(owner, person_id) if person_id is not None else None
    if person is None:
        raise Http404("No such card.")
    current = service.settings_for(owner)
    if request.method == "PROPFIND":
        asked = rules.prop_request(_body(request))
        ms = rules.multistatus()
        _cards(ms, owner, current, asked, [(person.pk, "")], render=True)
        return _xml(rules.serialize(ms))
    if request.method == "REPORT":
        return _unsupported_report()
    version = rules.wanted_version(accept=request.headers.get("Accept", ""))
    text = rules.card_text(person, version=version, notes=current.include_notes)
    base = rules.card_text(person, notes=current.include_notes) if version == "4.0" else text
    card_etag = rules.etag(rules.digest(base), version)
    asked_tags = [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]
    if card_etag in asked_tags or "*" in asked_tags:
        response = HttpResponse(status=304)
    else:
        body = b"" if request.method == "HEAD" else text.encode()
        response = HttpResponse(body, content_type=rules.CONTENT_TYPE)
        if request.method == "HEAD":
            response["Content-Length"] = str(len(text.encode()))
    response["ETag"] = card_etag
    return response


def _unsupported_report() -> HttpResponse:
    response = _xml(rules.error(DAV, "supported-report"), status=403)
    return response


def _report(request, owner, current, root_el) -> HttpResponse:
    if root_el is None:
        raise rules.BadRequest("A REPORT needs a body saying which report.")
    asked = rules.prop_request(root_el)
    ms = rules.multistatus()
    if root_el.tag == tag(CARD, "addressbook-multiget"):
        wanted, unknown = [], []
        for href in rules.hrefs_in(root_el):
            person_id = rules.card_in_href(href, owner.username)
            (wanted if person_id is not None else unknown).append((person_id, href))
        present = set(
            queries.book_people(owner)
            .filter(pk__in=[pid for pid, _ in wanted])
            .values_list("pk", flat=True)
        )
        _cards(ms, owner, current, asked, [(pid, "") for pid, _ in wanted if pid in present])
        for person_id, href in wanted:
            if person_id not in present:
                rules.add_status(ms, href, "404 Not Found")
        for _, href in unknown:
            rules.add_status(ms, href, "404 Not Found")
        return _xml(rules.serialize(ms))
    if root_el.tag == tag(DAV, "sync-collection"):
        return _sync(owner, current, root_el, asked, ms)
    if root_el.tag == tag(CARD, "addressbook-query"):
        query_filter = root_el.find(tag(CARD, "filter"))
        if query_filter is not None and len(query_filter):
            response = _xml(rules.error(CARD, "supported-filter"), status=403)
            return response
        rows = queries.members(owner).values_list("person_id", "etag")
        _cards(ms, owner, current, asked, list(rows))
        return _xml(rules.serialize(ms))
    return _unsupported_report()


def _sync(owner, current, root_el, asked, ms) -> HttpResponse:
    token_el = root_el.find(tag(DAV, "sync-token"))
    token = (token_el.text or "").strip() if token_el is not None else ""
    if token:
        since = rules.token_version(token, current.pk)
        if since is None or since > current.version or since < current.oldest_token:
            return _xml(rules.error(DAV, "valid-sync-token"), status=403)
        rows = queries.changed_since(owner, since).values_list("person_id", "etag", "gone")
    else:
        rows = queries.members(owner).values_list("person_id", "etag", "gone")
    rows = list(rows)
    present = [(pid, card_digest) for pid, card_digest, gone in rows if not gone]
    _cards(ms, owner, current, asked, present)
    for pid, _digest, gone in rows:
        if gone:
            rules.add_status(ms, rules.card_href(owner.username, pid), "404 Not Found")
    token_out = ms.makeelement(tag(DAV, "sync-token"), {})
    token_out.text = rules.sync_token(current.pk, current.version)
    ms.append(token_out)
    return _xml(rules.serialize(ms))
