"""Notifications: Apprise channels, quiet hours, web-push devices, and the quick log a
phone sends (offline entries arrive here when it is back online)."""

from __future__ import annotations

from ninja import Router, Status

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, changes, owned, owner
from goodwill.notify import queries
from goodwill.notify import services as service
from goodwill.notify.models import Channel, PushDevice
from goodwill.notify.schemas import (
    ChannelIn,
    ChannelOut,
    ChannelPatch,
    DeviceGone,
    DeviceIn,
    DeviceOut,
    NotifySettingsOut,
    NotifySettingsPatch,
    PushKeyOut,
    QuickLogIn,
    QuickLogOut,
    TestOut,
)
from goodwill.notify.services import senders

router = Router(tags=["notifications"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"channel_id": Channel, "device_id": PushDevice}


@router.get(
    "/notify/channels", response={200: list[ChannelOut], **READ_ERRORS}, url_name="channels"
)
def list_channels(request):
    """Your Apprise channels. The URL is never shown back: `url_hint` is its scheme and host."""
    return queries.channels(owner(request))


@router.post(
    "/notify/channels", response={201: ChannelOut, **WRITE_ERRORS}, url_name="channels.add"
)
def add_channel(request, payload: ChannelIn):
    """Add an Apprise URL (ntfy://, tgram://, matrix://, mailto://, json://…). `topics`:
    any of `today`, `lead`, `event` (all three when left out)."""
    return Status(201, service.add_channel(owner=owner(request), **payload.model_dump()))


@router.patch(
    "/notify/channels/{int:channel_id}",
    response={200: ChannelOut, **WRITE_ERRORS},
    url_name="channels.update",
)
def update_channel(request, channel_id: int, payload: ChannelPatch):
    """Only the fields sent change; a new `url` replaces the old one."""
    channel = owned(request, Channel, channel_id)
    return service.update_channel(owner=owner(request), channel=channel, **changes(payload))


@router.delete(
    "/notify/channels/{int:channel_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="channels.remove",
)
def remove_channel(request, channel_id: int):
    service.remove_channel(owner=owner(request), channel=owned(request, Channel, channel_id))
    return Status(204, None)


@router.post(
    "/notify/channels/{int:channel_id}/test",
    response={200: TestOut, **WRITE_ERRORS},
    url_name="channels.test",
)
def test_channel(request, channel_id: int):
    """Send a test now. `error` says why it did not go (also kept on the channel)."""
    error = service.send_test(owner=owner(request), target=owned(request, Channel, channel_id))
    return {"sent": error is None, "error": error or ""}


@router.get(
    "/notify/settings", response={200: NotifySettingsOut, **READ_ERRORS}, url_name="notify.settings"
)
def get_settings(request):
    """Quiet hours (nothing is sent between `quiet_start` and `quiet_end`, in `time_zone`,
    the zone of your digest settings) and when the morning summary goes."""
    return queries.settings_of(owner(request))


@router.patch(
    "/notify/settings",
    response={200: NotifySettingsOut, **WRITE_ERRORS},
    url_name="notify.settings_update",
)
def patch_settings(request, payload: NotifySettingsPatch):
    """Times are HH:MM. Quiet hours may cross midnight (21:00 to 08:00)."""
    return service.update_settings(owner=owner(request), **changes(payload))


@router.get("/notify/push/key", response={200: PushKeyOut, **READ_ERRORS}, url_name="push.key")
def push_key(request):
    """The install's VAPID public key, for `pushManager.subscribe`."""
    return {"public_key": senders.public_key()}


@router.get(
    "/notify/push/devices", response={200: list[DeviceOut], **READ_ERRORS}, url_name="push.devices"
)
def list_devices(request):
    """The browsers that receive your notifications by web push."""
    return queries.devices(owner(request))


@router.post(
    "/notify/push/devices", response={201: DeviceOut, **WRITE_ERRORS}, url_name="push.subscribe"
)
def subscribe(request, payload: DeviceIn):
    """Keep a browser's push subscription (the JSON of `PushSubscription`, and a name)."""
    device = service.subscribe_device(
        owner=owner(request),
        endpoint=payload.endpoint,
        p256dh=payload.keys.p256dh,
        auth=payload.keys.auth,
        name=payload.name,
    )
    return Status(201, device)


@router.post(
    "/notify/push/unsubscribe", response={204: None, **WRITE_ERRORS}, url_name="push.unsubscribe"
)
def unsubscribe(request, payload: DeviceGone):
    """Forget this browser's subscription (by its endpoint)."""
    service.remove_device(owner=owner(request), endpoint=payload.endpoint)
    return Status(204, None)


@router.delete(
    "/notify/push/devices/{int:device_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="push.remove",
)
def remove_device(request, device_id: int):
    service.remove_device(owner=owner(request), device=owned(request, PushDevice, device_id))
    return Status(204, None)


@router.post(
    "/notify/push/devices/{int:device_id}/test",
    response={200: TestOut, **WRITE_ERRORS},
    url_name="push.test",
)
def test_device(request, device_id: int):
    error = service.send_test(owner=owner(request), target=owned(request, PushDevice, device_id))
    return {"sent": error is None, "error": error or ""}


@router.post(
    "/notify/quick-log",
    response={200: QuickLogOut, 201: QuickLogOut, **WRITE_ERRORS},
    url_name="quick_log",
)
def quick_log(request, payload: QuickLogIn):
    """Log a conversation by names, once per `key` (a retry with the same key returns the
    first result: 200, nothing logged again). A name that matches nobody or several
    people is not guessed: the entry waits in "finish these" (`status` "waiting")."""
    item, created = service.quick_log(owner=owner(request), **payload.model_dump())
    return Status(201 if created else 200, item)


@router.get(
    "/notify/quick-log/waiting",
    response={200: list[QuickLogOut], **READ_ERRORS},
    url_name="quick_log.waiting",
)
def waiting(request):
    """The "finish these" list: entries whose names need you to say who."""
    return list(queries.waiting_logs(owner(request))[:200])
