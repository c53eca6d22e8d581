"""The one JSON shape of capture's objects (API and --json). A connector's password and
private calendar address never appear: only their hints."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from goodwill.api.schemas import Id, Schema


class ConnectorOut(Schema):
    id: int
    name: str
    kind: str
    host: str
    port: int | None
    security: str
    username: str
    password_hint: str = Field("", alias="secret_hint")
    url_hint: str
    folders: list[str] = Field(default_factory=list, alias="folder_list")
    keep_first_lines: bool
    own_addresses: list[str] = Field(default_factory=list, alias="address_list")
    paused: bool
    every_minutes: int
    status: str
    last_error: str
    failures: int
    last_run_at: dt.datetime | None
    last_ok_at: dt.datetime | None
    next_try_at: dt.datetime | None
    progress_done: int
    progress_total: int
    created_at: dt.datetime


class MailboxIn(Schema):
    name: str
    host: str
    username: str
    password: str
    port: int | None = Field(None, ge=1, le=65535)
    security: str = "tls"
    forward: bool = False
    folders: list[str] = Field(default_factory=list)
    keep_first_lines: bool = False
    own_addresses: list[str] = Field(default_factory=list)


class CalendarIn(Schema):
    name: str
    kind: str = "ics_url"
    url: str = ""
    username: str = ""
    password: str = ""
    own_addresses: list[str] = Field(default_factory=list)


class ConnectorPatch(Schema):
    name: str | None = None
    host: str | None = None
    port: int | None = Field(None, ge=1, le=65535)
    security: str | None = None
    username: str | None = None
    password: str | None = None
    url: str | None = None
    folders: list[str] | None = None
    keep_first_lines: bool | None = None
    own_addresses: list[str] | None = None
    every_minutes: int | None = None
    paused: bool | None = None


class RunOut(Schema):
    connector: str
    ok: bool
    read: int
    new: int
    logged: int
    joined: int
    filtered: int
    repeated: int
    to_review: int
    status: str
    skipped: str


class ReviewEntryOut(Schema):
    id: int
    email: str
    name: str
    names: list[str]
    sent_count: int
    received_count: int
    met_count: int
    last_seen_at: dt.datetime

    @staticmethod
    def resolve_names(obj) -> list[str]:
        return [n for n in obj.names.split("; ") if n]


class AddIn(Schema):
    display_name: str = ""


class MergeIn(Schema):
    person: Id


class IgnoreIn(Schema):
    email: str = ""
    domain: str = ""


class ForgetIn(Schema):
    email: str


class IgnoredOut(Schema):
    id: int
    value: str
    is_domain: bool


class CaptureSettingsOut(Schema):
    my_addresses: list[str] = Field(default_factory=list, alias="address_list")
    reply_nudges: bool
    reply_after_days: int
    max_attendees: int


class CaptureSettingsPatch(Schema):
    my_addresses: list[str] | None = None
    reply_nudges: bool | None = None
    reply_after_days: int | None = None
    max_attendees: int | None = None


def person_page_json(parts: dict) -> dict:
    """The capture section of `goodwill person show --json`: interaction id → source."""
    return {
        "captured_from": {
            str(pk): label.removeprefix("from ") for pk, label in parts["capture_marks"].items()
        }
    }
