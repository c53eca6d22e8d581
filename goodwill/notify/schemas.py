"""The one JSON shape of each notify object (API and the CLI's --json), and the request
bodies of its routes. A channel's URL never appears: only ``url_hint``."""

from __future__ import annotations

import datetime as dt

from pydantic import Field

from goodwill.api.schemas import In, Schema
from goodwill.notify.rules import zone_of


class ChannelOut(Schema):
    id: int
    name: str
    url_hint: str
    topics: list[str]
    last_ok_at: dt.datetime | None
    last_error: str
    last_error_at: dt.datetime | None
    created_at: dt.datetime


class ChannelIn(In):
    name: str = Field(max_length=200)
    url: str = Field(max_length=2000)
    topics: list[str] | None = None


class ChannelPatch(In):
    name: str | None = Field(None, max_length=200)
    url: str | None = Field(None, max_length=2000)
    topics: list[str] | None = None


class TestOut(Schema):
    sent: bool
    error: str


class NotifySettingsOut(Schema):
    quiet_enabled: bool
    quiet_start: str
    quiet_end: str
    morning_at: str
    time_zone: str

    @staticmethod
    def resolve_quiet_start(obj) -> str:
        return obj.quiet_start.strftime("%H:%M")

    @staticmethod
    def resolve_quiet_end(obj) -> str:
        return obj.quiet_end.strftime("%H:%M")

    @staticmethod
    def resolve_morning_at(obj) -> str:
        return obj.morning_at.strftime("%H:%M")

    @staticmethod
    def resolve_time_zone(obj) -> str:
        return str(zone_of(obj.owner))


class NotifySettingsPatch(In):
    quiet_enabled: bool | None = None
    quiet_start: str | None = Field(None, max_length=5)
    quiet_end: str | None = Field(None, max_length=5)
    morning_at: str | None = Field(None, max_length=5)


class DeviceOut(Schema):
    id: int
    name: str
    topics: list[str]
    last_ok_at: dt.datetime | None
    last_error: str
    created_at: dt.datetime


class PushKeys(In):
    p256dh: str = Field(max_length=200)
    auth: str = Field(max_length=100)


class DeviceIn(In):
    endpoint: str = Field(max_length=2000)
    keys: PushKeys
    name: str = Field("", max_length=200)


class DeviceGone(In):
    endpoint: str = Field(max_length=2000)


class PushKeyOut(Schema):
    public_key: str


class QuickLogIn(In):
    key: str = Field(max_length=64)
    names: str = Field(max_length=2000)
    kind: str = Field("coffee", max_length=20)
    occurred_at: dt.datetime | None = None
    heard: str = Field("", max_length=20000)
    ask_next: str = Field("", max_length=5000)
    needs: str = Field("", max_length=5000)


class QuickLogOut(Schema):
    id: int
    key: str
    status: str  # "logged", or "waiting" (in "finish these": a name was unclear)
    names: str
    kind: str
    occurred_at: dt.datetime
    interaction_id: int | None
