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

    def answer(self, ms: rules.Multistatus, asked: rules.PropRequest) -> None:
        if asked.propname:
            ms.add_response(self.href, dict.fromkeys(self.values))
            return
        names = list(self.defaults) if asked.allprop else asked.props
        found, missing = {}, []
        for name in names:
            if name in self.values:
                value = self.values[name]
                found[name] = value() if callable(value) else value
            else:
                missing.append(name)
        ms.add_response(self.href, found, missing)


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


def _cards(ms: rules.Multistatus, owner, book, asked: rules.PropRequest, ids) -> None:
    """A response for each card of ``ids`` still in the book: from the kept cards (their
    ETag, and their text when asked for), written afresh only for 4.0 or a photo."""
    version = rules.wanted_version(asked=asked.version)
    if asked.propname:
        for pid in ids:
            names = dict.fromkeys((*rules.CARD_DEFAULTS, rules.ADDRESS_DATA))
            ms.add_response(rules.card_href(owner.username, pid), names)
        return
    names = list(rules.CARD_DEFAULTS) if asked.allprop else asked.props
    with_text = rules.ADDRESS_DATA in names or rules.GETCONTENTLENGTH in names
    stored = queries.stored_cards(owner, ids, text=with_text)
    write = [pid for pid in ids if pid in stored and (version == "4.0" or not stored[pid][1])]
    written = {}
    if with_text and write:
        for person in queries.people_for_cards(owner, write):
            written[person.pk] = rules.card_text(person, version=version, notes=book.include_notes)
    for pid in ids:
        if pid not in stored:
            continue
        card_digest, text = stored[pid]
        if with_text:
            text = written.get(pid, text)
            if pid in write and pid not in written:
                continue  # gone since the book was last compared
        href = rules.card_href(owner.username, pid)
        ms.add_card(href, names, rules.etag(card_digest, version), text if with_text else None)


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
    ms = rules.Multistatus()
    _root_props(owner).answer(ms, asked)
    if _depth(request) == "1":
        _principal_props(owner).answer(ms, asked)
    return _xml(ms.body())


@endpoint
def principal(request, owner):
    if request.method in ("GET", "HEAD"):
        return _text(f"Goodwill's CardDAV address book home for {owner.username}.\n", 200)
    if request.method != "PROPFIND":
        return _unsupported_report()
    asked = rules.prop_request(_body(request))
    ms = rules.Multistatus()
    _principal_props(owner).answer(ms, asked)
    if _depth(request) == "1":
        _book_props(owner, service.refresh(owner)).answer(ms, asked)
    return _xml(ms.body())


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
    ms = rules.Multistatus()
    _book_props(owner, current).answer(ms, asked)
    if _depth(request) == "1":
        ids = queries.members(owner).values_list("person_id", flat=True)
        _cards(ms, owner, current, asked, list(ids))
    return _xml(ms.body())


@endpoint
def card(request, owner, name: str):
    person_id = rules.person_id_of(name)
    person = queries.one_person(owner, person_id) if person_id is not None else None
    if person is None:
        raise Http404("No such card.")
    if request.method == "PROPFIND":
        asked = rules.prop_request(_body(request))
        current = service.refresh(owner)
        ms = rules.Multistatus()
        _cards(ms, owner, current, asked, [person.pk])
        return _xml(ms.body())
    current = service.settings_for(owner)
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
    ms = rules.Multistatus()
    if root_el.tag == tag(CARD, "addressbook-multiget"):
        wanted, unknown = [], []
        for href in rules.hrefs_in(root_el):
            person_id = rules.card_in_href(href, owner.username)
            (wanted if person_id is not None else unknown).append((person_id, href))
        present = set(
            queries.members(owner)
            .filter(person_id__in=[pid for pid, _ in wanted])
            .values_list("person_id", flat=True)
        )
        _cards(ms, owner, current, asked, sorted({pid for pid, _ in wanted if pid in present}))
        for person_id, href in wanted:
            if person_id not in present:
                ms.add_status(href, "404 Not Found")
        for _, href in unknown:
            ms.add_status(href, "404 Not Found")
        return _xml(ms.body())
    if root_el.tag == tag(DAV, "sync-collection"):
        return _sync(owner, current, root_el, asked, ms)
    if root_el.tag == tag(CARD, "addressbook-query"):
        query_filter = root_el.find(tag(CARD, "filter"))
        if query_filter is not None and len(query_filter):
            response = _xml(rules.error(CARD, "supported-filter"), status=403)
            return response
        ids = queries.members(owner).values_list("person_id", flat=True)
        _cards(ms, owner, current, asked, list(ids))
        return _xml(ms.body())
    return _unsupported_report()


def _sync(owner, current, root_el, asked, ms) -> HttpResponse:
    token_el = root_el.find(tag(DAV, "sync-token"))
    token = (token_el.text or "").strip() if token_el is not None else ""
    if token:
        since = rules.token_version(token, current.pk)
        if since is None or since > current.version or since < current.oldest_token:
            return _xml(rules.error(DAV, "valid-sync-token"), status=403)
        rows = queries.changed_since(owner, since).values_list("person_id", "gone")
    else:
        rows = queries.members(owner).values_list("person_id", "gone")
    rows = list(rows)
    _cards(ms, owner, current, asked, [pid for pid, gone in rows if not gone])
    for pid, gone in rows:
        if gone:
            ms.add_status(rules.card_href(owner.username, pid), "404 Not Found")
    ms.add_sync_token(rules.sync_token(current.pk, current.version))
    return _xml(ms.body())
