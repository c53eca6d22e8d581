"""Capture: connectors (mailboxes, calendars), their runs, the review list, forgetting.

A connector's password and private calendar address are accepted, sealed and never
returned: the responses carry only their hints."""

from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.api.schemas import Ref
from goodwill.capture import queries
from goodwill.capture.models import Connector, Ignored, ReviewEntry
from goodwill.capture.rules.seen import SourceError
from goodwill.capture.schemas import (
    AddIn,
    CalendarIn,
    CaptureSettingsOut,
    CaptureSettingsPatch,
    ConnectorOut,
    ConnectorPatch,
    ForgetIn,
    IgnoredOut,
    IgnoreIn,
    MailboxIn,
    MergeIn,
    ReviewEntryOut,
)
from goodwill.capture.services import connectors, review, runs, tasks
from goodwill.core.vault import VaultError

router = Router(tags=["capture"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"connector_id": Connector, "entry_id": ReviewEntry, "ignored_id": Ignored}


class TestOut(Schema):
    ok: bool
    message: str


class ReviewFilters(Schema):
    q: str = ""


class ForgetOut(Schema):
    captured: int
    interactions: int
    review: int


@router.get(
    "/capture/connectors",
    response={200: list[ConnectorOut], **READ_ERRORS},
    url_name="capture.connectors",
)
def list_connectors(request):
    """Your mailboxes and calendars, with how their last run went."""
    return list(queries.connectors(owner(request)))


@router.post(
    "/capture/connectors/mailbox",
    response={201: ConnectorOut, **WRITE_ERRORS},
    url_name="capture.add_mailbox",
)
def add_mailbox(request, payload: MailboxIn):
    """Connect an IMAP mailbox (`forward: true` for a mailbox you forward or BCC to).
    `security` is tls, starttls or plain (plain only to 127.0.0.1)."""
    return Status(201, connectors.add_mailbox(owner=owner(request), **payload.model_dump()))


@router.post(
    "/capture/connectors/calendar",
    response={201: ConnectorOut, **WRITE_ERRORS},
    url_name="capture.add_calendar",
)
def add_calendar(request, payload: CalendarIn):
    """Connect a calendar: `kind` ics_url (a private ICS address in `url`) or caldav
    (`url`, `username`, `password`)."""
    return Status(201, connectors.add_calendar(owner=owner(request), **payload.model_dump()))


@router.get(
    "/capture/connectors/{int:connector_id}",
    response={200: ConnectorOut, **READ_ERRORS},
    url_name="capture.connector",
)
def get_connector(request, connector_id: int):
    return owned(request, Connector, connector_id)


@router.patch(
    "/capture/connectors/{int:connector_id}",
    response={200: ConnectorOut, **WRITE_ERRORS},
    url_name="capture.connector_update",
)
def update_connector(request, connector_id: int, payload: ConnectorPatch):
    """Change only what is sent. `paused` pauses or resumes; a password or address sent
    replaces the stored one."""
    connector = owned(request, Connector, connector_id)
    data = changes(payload)
    paused = data.pop("paused", None)
    if data:
        connector = connectors.update_connector(owner=owner(request), connector=connector, **data)
    if paused is not None:
        connector = connectors.set_paused(owner=owner(request), connector=connector, paused=paused)
    return connector


@router.delete(
    "/capture/connectors/{int:connector_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="capture.connector_delete",
)
def delete_connector(request, connector_id: int):
    """Remove the connector and what it read; interactions it logged stay."""
    connector = owned(request, Connector, connector_id)
    connectors.remove_connector(owner=owner(request), connector=connector)
    return Status(204, None)


@router.post(
    "/capture/connectors/{int:connector_id}/test",
    response={200: TestOut, **WRITE_ERRORS},
    url_name="capture.connector_test",
)
def test_connector(request, connector_id: int):
    """Log in and look, reading nothing into Goodwill."""
    connector = owned(request, Connector, connector_id)
    try:
        return {
            "ok": True,
            "message": runs.test_connection(owner=owner(request), connector=connector),
        }
    except (SourceError, VaultError) as exc:
        return {"ok": False, "message": str(exc)}


@router.post(
    "/capture/connectors/{int:connector_id}/run",
    response={202: ConnectorOut, **WRITE_ERRORS},
    url_name="capture.connector_run",
)
def run_connector(request, connector_id: int):
    """Queue a run now; the worker reads it (see `progress_done` / `progress_total`)."""
    connector = owned(request, Connector, connector_id)
    return Status(202, tasks.run_soon(owner=owner(request), connector=connector))


@router.get(
    "/capture/review",
    response={200: list[ReviewEntryOut], **READ_ERRORS},
    url_name="capture.review",
)
@paginate(Page)
def review_list(request, filters: Query[ReviewFilters]):
    """People you wrote to, heard from or met who are not in Goodwill, the ones you
    wrote to most first."""
    return queries.review_list(owner(request), q=filters.q)


@router.post(
    "/capture/review/{int:entry_id}/add",
    response={201: Ref, **WRITE_ERRORS},
    url_name="capture.review_add",
)
def review_add(request, entry_id: int, payload: AddIn):
    """Add them as a person; what was captured with them is logged."""
    entry = owned(request, ReviewEntry, entry_id)
    return Status(201, review.add_person(owner=owner(request), entry=entry, **payload.model_dump()))


@router.post(
    "/capture/review/{int:entry_id}/merge",
    response={200: Ref, **WRITE_ERRORS},
    url_name="capture.review_merge",
)
def review_merge(request, entry_id: int, payload: MergeIn):
    """Add the address to someone already in Goodwill."""
    entry = owned(request, ReviewEntry, entry_id)
    return review.merge_into(owner=owner(request), entry=entry, person=payload.person)


@router.post(
    "/capture/review/{int:entry_id}/ignore",
    response={201: IgnoredOut, **WRITE_ERRORS},
    url_name="capture.review_ignore",
)
def review_ignore(request, entry_id: int, domain: bool = False):
    """Ignore this address, or (`?domain=true`) its whole domain."""
    entry = owned(request, ReviewEntry, entry_id)
    if domain:
        return Status(201, review.ignore_domain(owner=owner(request), entry=entry))
    return Status(201, review.ignore_address(owner=owner(request), entry=entry))


@router.get(
    "/capture/ignored",
    response={200: list[IgnoredOut], **READ_ERRORS},
    url_name="capture.ignored",
)
def list_ignored(request):
    return list(queries.ignored(owner(request)))


@router.post(
    "/capture/ignored",
    response={201: IgnoredOut, **WRITE_ERRORS},
    url_name="capture.ignore",
)
def ignore(request, payload: IgnoreIn):
    """Ignore an `email` or a `domain` before it is ever read."""
    if payload.domain:
        return Status(201, review.ignore_domain(owner=owner(request), domain=payload.domain))
    return Status(201, review.ignore_address(owner=owner(request), email=payload.email))


@router.delete(
    "/capture/ignored/{int:ignored_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="capture.unignore",
)
def unignore(request, ignored_id: int):
    item = owned(request, Ignored, ignored_id)
    review.unignore(owner=owner(request), item=item)
    return Status(204, None)


@router.post(
    "/capture/forget",
    response={200: ForgetOut, **WRITE_ERRORS},
    url_name="capture.forget",
)
def forget(request, payload: ForgetIn):
    """Remove everything captured from an address (and the interactions logged from it
    alone), and ignore it from now on."""
    return review.forget_address(owner=owner(request), email=payload.email)


@router.get(
    "/capture/settings",
    response={200: CaptureSettingsOut, **READ_ERRORS},
    url_name="capture.settings",
)
def get_settings(request):
    return queries.settings_of(owner(request))


@router.patch(
    "/capture/settings",
    response={200: CaptureSettingsOut, **WRITE_ERRORS},
    url_name="capture.settings_update",
)
def patch_settings(request, payload: CaptureSettingsPatch):
    """Your addresses (all of them, with aliases), the "reply to …" nudge on Today
    (off by default) and after how many days, and the most people in a meeting."""
    return connectors.update_settings(owner=owner(request), **changes(payload))
