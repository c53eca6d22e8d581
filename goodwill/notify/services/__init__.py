"""Notification use cases: channels, quiet hours, push devices, and quick logs from phones.

Every write is here, in ``transaction.atomic()``, raising ``ValidationError`` keyed by
field. The outbox and its tick are in ``outbox.py``; the two ways out in ``senders.py``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from goodwill.core import vault
from goodwill.core.rules import check_text, field_error
from goodwill.interactions import services as interactions
from goodwill.interactions.models import Kind
from goodwill.notify import rules
from goodwill.notify.models import (
    Channel,
    NotifySettings,
    PushDevice,
    QuickLog,
    QuickLogStatus,
    Topic,
)
from goodwill.notify.services import senders
from goodwill.people.models import Person
from goodwill.people.queries import find_people

TOPIC_FIELDS = {Topic.TODAY: "wants_today", Topic.LEAD: "wants_leads", Topic.EVENT: "wants_events"}
MAX_CHANNELS = 20
MAX_DEVICES = 20


def _topics(target, topics) -> None:
    if topics is None:
        return
    unknown = [t for t in topics if t not in TOPIC_FIELDS]
    if unknown:
        raise field_error("topics", f"{unknown[0]!r} is not one of {', '.join(TOPIC_FIELDS)}.")
    for topic, name in TOPIC_FIELDS.items():
        setattr(target, name, topic in topics)


def _name(owner, name: str, *, exclude=None) -> str:
    name = " ".join((check_text(name, "name") or "").split())
    if not name:
        raise field_error("name", "Give this channel a name, like “phone” or “work chat”.")
    if len(name) > 80:
        raise field_error("name", "Keep the name under 80 characters.")
    taken = Channel.objects.filter(owner=owner, name__iexact=name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise field_error("name", f"You already have a channel called {name}; pick another name.")
    return name


@transaction.atomic
def add_channel(*, owner, name: str, url: str, topics=None) -> Channel:
    """Add an Apprise URL. It is sealed at once; only its scheme and host are shown."""
    url = (check_text(url, "url") or "").strip()
    if problem := senders.apprise_url_problem(url):
        raise field_error("url", problem)
    name = _name(owner, name)
    if Channel.objects.filter(owner=owner).count() >= MAX_CHANNELS:
        raise field_error("url", f"You have {MAX_CHANNELS} channels, the most Goodwill keeps.")
    channel = Channel(
        owner=owner, name=name, url_sealed=vault.seal(url), url_hint=rules.url_hint(url)
    )
    _topics(channel, topics)
    channel.save()
    return channel


@transaction.atomic
def update_channel(*, owner, channel: Channel, name=None, url=None, topics=None) -> Channel:
    channel = Channel.objects.select_for_update().get_owned_or_404(owner, pk=channel.pk)
    if name is not None:
        channel.name = _name(owner, name, exclude=channel)
    if url:
        url = check_text(url, "url").strip()
        if problem := senders.apprise_url_problem(url):
            raise field_error("url", problem)
        channel.url_sealed, channel.url_hint = vault.seal(url), rules.url_hint(url)
        channel.last_error, channel.last_error_at = "", None
    _topics(channel, topics)
    channel.save()
    return channel


@transaction.atomic
def remove_channel(*, owner, channel: Channel) -> None:
    Channel.objects.get_owned_or_404(owner, pk=channel.pk).delete()


TEST_TITLE = "Goodwill: a test"
TEST_BODY = "This is how your reminders will arrive here. Nothing else to do."


def send_test(*, owner, target) -> str | None:
    """Send a test now, to a channel or a device. None when it went, else the reason
    (also written on the channel)."""
    now = timezone.now()
    try:
        if isinstance(target, Channel):
            error = senders.send_apprise(target.url_sealed, title=TEST_TITLE, body=TEST_BODY)
        else:
            error = senders.send_push(
                target, title=TEST_TITLE, body=TEST_BODY, url=rules.site_link("/")
            )
    except senders.Gone:
        PushDevice.objects.filter(owner=owner, pk=target.pk).delete()
        return "This browser's subscription has ended; it is removed. Turn notifications on again."
    model = type(target)
    if error:
        model.objects.filter(owner=owner, pk=target.pk).update(last_error=error, last_error_at=now)
    else:
        model.objects.filter(owner=owner, pk=target.pk).update(
            last_ok_at=now, last_error="", last_error_at=None
        )
    return error


# ---------------------------------------------------------------- quiet hours


def _time(value, field: str) -> dt.time:
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0, tzinfo=None)
    match = re.fullmatch(r"(\d{1,2}):(\d{2})", str(value or "").strip())
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise field_error(field, f"{value!r} is not a time of day; write it as 21:30.")
    return dt.time(int(match[1]), int(match[2]))


@transaction.atomic
def update_settings(
    *, owner, quiet_enabled=None, quiet_start=None, quiet_end=None, morning_at=None
) -> NotifySettings:
    config, _ = NotifySettings.objects.select_for_update().get_or_create(owner=owner)
    if quiet_enabled is not None:
        config.quiet_enabled = bool(quiet_enabled)
    times = {"quiet_start": quiet_start, "quiet_end": quiet_end, "morning_at": morning_at}
    for field, value in times.items():
        if value is not None:
            setattr(config, field, _time(value, field))
    if rules.in_quiet(config, config.morning_at):
        raise field_error(
            "morning_at",
            "The morning summary would fall inside your quiet hours; pick a time after they end.",
        )
    config.save()
    return config


# ---------------------------------------------------------------- web push devices


def _key(value, field: str, low: int, high: int) -> str:
    value = (value or "").strip()
    if not re.fullmatch(r"[A-Za-z0-9_\-]+=*", value) or not low <= len(value) <= high:
        raise field_error(field, "This key is not what a browser sends; subscribe again.")
    return value


@transaction.atomic
def subscribe_device(*, owner, endpoint: str, p256dh: str, auth: str, name: str = "") -> PushDevice:
    """Keep a browser's push subscription (the same endpoint again updates it)."""
    endpoint = (check_text(endpoint, "endpoint") or "").strip()
    if problem := rules.push_endpoint_problem(endpoint):
        raise field_error("endpoint", problem)
    if len(endpoint) > 2000:
        raise field_error("endpoint", "This push address is too long.")
    digest = hashlib.sha256(endpoint.encode()).hexdigest()
    values = {
        "p256dh": _key(p256dh, "p256dh", 80, 100),
        "auth": _key(auth, "auth", 16, 30),
        "name": " ".join((check_text(name, "name") or "").split())[:80],
    }
    device = PushDevice.objects.filter(endpoint_hash=digest).first()
    if device is not None and device.owner_id != owner.pk:
        device.delete()  # the browser now belongs to someone else's session
        device = None
    if device is None:
        if PushDevice.objects.filter(owner=owner).count() >= MAX_DEVICES:
            raise field_error("endpoint", f"You have {MAX_DEVICES} devices; remove one first.")
        device = PushDevice(owner=owner, endpoint=endpoint, endpoint_hash=digest)
    for field, value in values.items():
        setattr(device, field, value)
    device.save()
    return device


@transaction.atomic
def remove_device(*, owner, device=None, endpoint: str = "") -> int:
    """Forget a device (by row, or by the endpoint a browser reports); how many went."""
    if device is not None:
        PushDevice.objects.get_owned_or_404(owner, pk=device.pk).delete()
        return 1
    digest = hashlib.sha256((endpoint or "").strip().encode()).hexdigest()
    return (
        PushDevice.objects.filter(owner=owner, endpoint_hash=digest)
        .delete()[1]
        .get(PushDevice._meta.label, 0)
    )


@transaction.atomic
def update_device(*, owner, device: PushDevice, name=None, topics=None) -> PushDevice:
    device = PushDevice.objects.select_for_update().get_owned_or_404(owner, pk=device.pk)
    if name is not None:
        device.name = " ".join(check_text(name, "name").split())[:80]
    _topics(device, topics)
    device.save()
    return device


# ---------------------------------------------------------------- quick logs from phones

KEY = re.compile(r"[A-Za-z0-9_\-]{8,64}")


def _lines(text: str, field: str) -> list[str]:
    return [line.strip() for line in (check_text(text, field) or "").splitlines() if line.strip()]


def _moment(value) -> dt.datetime:
    if value in (None, ""):
        return timezone.now()
    moment = value if isinstance(value, dt.datetime) else parse_datetime(str(value))
    if moment is None:
        raise field_error("occurred_at", f"{value!r} is not a date and time.")
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment)
    if moment > timezone.now() + dt.timedelta(days=1):
        raise field_error("occurred_at", "This cannot be in the future.")
    return moment


def _resolve(owner, names: list[str]) -> list[Person] | None:
    """One person for each name, or None when any name is unclear (nobody, several)."""
    found = []
    for name in names:
        matches = find_people(owner, name)
        if len(matches) != 1:
            return None
        found.append(matches[0])
    return found


def quick_log(
    *,
    owner,
    key: str,
    names: str,
    kind: str = Kind.COFFEE,
    occurred_at=None,
    heard: str = "",
    ask_next: str = "",
    needs: str = "",
) -> tuple[QuickLog, bool]:
    """Log what a phone sent, once per ``key``; returns (row, created).

    Names are matched now: when each names exactly one person, the interaction is
    logged; otherwise the entry waits in "finish these". A second call with the same
    key changes nothing and returns the first result."""
    if not isinstance(key, str) or not KEY.fullmatch(key):
        raise field_error("key", "Each entry needs its own key (8 to 64 letters, digits, - or _).")
    earlier = QuickLog.objects.filter(owner=owner, key=key).first()
    if earlier is not None:
        return earlier, False
    name_list = [n.strip() for n in (check_text(names, "names") or "").split(",") if n.strip()]
    if not name_list:
        raise field_error("names", "Type at least one name: who was it?")
    if len(", ".join(name_list)) > 500:
        raise field_error("names", "That is a lot of names; keep them under 500 characters.")
    if kind not in Kind.values:
        raise field_error("kind", f"{kind!r} is not one of {', '.join(Kind.values)}.")
    moment = _moment(occurred_at)
    item = QuickLog(
        owner=owner,
        key=key,
        names=", ".join(name_list),
        kind=kind,
        occurred_at=moment,
        heard=(check_text(heard, "heard") or "").strip(),
        ask_next="\n".join(_lines(ask_next, "ask_next")),
        needs="\n".join(_lines(needs, "needs")),
        status=QuickLogStatus.WAITING,
    )
    try:
        with transaction.atomic():
            people = _resolve(owner, name_list)
            if people is not None:
                item.interaction = _log(owner, item, people, [])
                item.status = QuickLogStatus.LOGGED
            item.save()
    except IntegrityError:
        # The same key arrived twice at once: the other request logged it.
        earlier = QuickLog.objects.filter(owner=owner, key=key).first()
        if earlier is None:
            raise
        return earlier, False
    return item, True


def _log(owner, item: QuickLog, people: list[Person], new_names: list[str]):
    return interactions.log_interaction(
        owner=owner,
        participants=people,
        new_people=new_names,
        kind=item.kind,
        occurred_at=item.occurred_at,
        notes=item.heard,
        ask_next=item.ask_next.splitlines(),
        heard={"needs": item.needs.splitlines()} if item.needs else None,
    )


@transaction.atomic
def finish_quick_log(*, owner, item: QuickLog, choices: dict[str, str]) -> QuickLog:
    """Log a waiting entry with the people the user picked: for each name, a person id
    or "new" (add them). Field errors are keyed "name-<n>"."""
    item = QuickLog.objects.select_for_update().get_owned_or_404(owner, pk=item.pk)
    if item.status != QuickLogStatus.WAITING:
        return item
    people, new_names, errors = [], [], {}
    for n, name in enumerate(item.name_list()):
        choice = (choices.get(f"name-{n}") or "").strip()
        if choice == "new":
            new_names.append(name)
        elif choice.isdigit() and (
            person := Person.objects.filter(owner=owner, pk=int(choice)).first()
        ):
            people.append(person)
        else:
            errors[f"name-{n}"] = [f"Pick who “{name}” is, or add them as someone new."]
    if errors:
        raise ValidationError(errors)
    item.interaction = _log(owner, item, people, new_names)
    item.status = QuickLogStatus.LOGGED
    item.save(update_fields=["interaction", "status", "updated_at"])
    return item


@transaction.atomic
def drop_quick_log(*, owner, item: QuickLog) -> None:
    QuickLog.objects.get_owned_or_404(owner, pk=item.pk).delete()
