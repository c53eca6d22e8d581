"""Adding, changing, pausing and removing connectors, and the account's capture settings.

A password or a private calendar address is sealed (core.vault) the moment it arrives and
is never given back: pages, the API and the CLI show its hint.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from goodwill.capture.models import (
    CALENDAR_KINDS,
    CaptureSettings,
    Connector,
    ConnectorKind,
    Security,
)
from goodwill.capture.rules import connectors as rules
from goodwill.core import vault
from goodwill.core.rules import UNSET, field_error, resolve_owned

MAX_CONNECTORS = 20


def settings_for(owner) -> CaptureSettings:
    found = CaptureSettings.objects.filter(owner=owner).first()
    return found or CaptureSettings(owner=owner)


@transaction.atomic
def update_settings(
    *, owner, my_addresses=UNSET, reply_nudges=UNSET, reply_after_days=UNSET, max_attendees=UNSET
) -> CaptureSettings:
    config, _ = CaptureSettings.objects.select_for_update().get_or_create(owner=owner)
    if my_addresses is not UNSET:
        values = rules.address_lines(
            my_addresses if isinstance(my_addresses, str) else "\n".join(my_addresses or [])
        )
        if bad := rules.bad_addresses(values):
            raise field_error("my_addresses", f"{bad[0]!r} is not an e-mail address.")
        config.my_addresses = "\n".join(values)
    if reply_nudges is not UNSET:
        config.reply_nudges = bool(reply_nudges)
    if reply_after_days is not UNSET:
        days = _int(reply_after_days, "reply_after_days")
        if not 1 <= days <= 60:
            raise field_error("reply_after_days", "Choose between 1 and 60 days.")
        config.reply_after_days = days
    if max_attendees is not UNSET:
        count = _int(max_attendees, "max_attendees")
        if not 2 <= count <= 100:
            raise field_error("max_attendees", "Choose between 2 and 100 people.")
        config.max_attendees = count
    config.save()
    return config


def _int(value, field: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise field_error(field, f"{value!r} is not a whole number.") from None


def _name(owner, name: str, *, exclude: int | None = None) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise field_error("name", "Give it a short name, e.g. Work mail.")
    if len(name) > 80:
        raise field_error("name", "Keep the name under 80 characters.")
    taken = Connector.objects.filter(owner=owner, name__iexact=name)
    if exclude:
        taken = taken.exclude(pk=exclude)
    if taken.exists():
        raise field_error("name", f"You already have a connection called {name!r}.")
    return name


def _check_server(connector: Connector) -> None:
    host = (connector.host or "").strip()
    if not host:
        raise field_error("host", "Enter the mail server, e.g. imap.fastmail.com.")
    if not rules.HOST.match(host) or len(host) > 255:
        raise field_error("host", f"{host!r} is not a server name.")
    connector.host = host.lower()
    if connector.security not in Security.values:
        raise field_error("security", "Choose TLS, STARTTLS or none.")
    if connector.security == Security.PLAIN and connector.host not in rules.LOOPBACK:
        raise field_error(
            "security",
            "Mail can go unencrypted only to this computer (127.0.0.1). "
            "Choose TLS (port 993) or STARTTLS (port 143).",
        )
    if connector.port is not None and not 1 <= connector.port <= 65535:
        raise field_error("port", "A port is a number from 1 to 65535.")
    if not (connector.username or "").strip():
        raise field_error("username", "Enter the user name, usually your e-mail address.")
    connector.username = connector.username.strip()[:255]


def _set_secret(connector: Connector, password: str) -> None:
    connector.secret = vault.seal(password)
    connector.secret_hint = vault.hint(password)


def _set_url(connector: Connector, url: str) -> None:
    url = (url or "").strip()
    if url.startswith("webcal://"):
        url = "https://" + url[len("webcal://") :]
    if not url.startswith(("https://", "http://")):
        raise field_error("url", "Paste the calendar's address; it starts with https://.")
    connector.url = vault.seal(url)
    connector.url_hint = rules.url_hint(url)


def _own(connector: Connector, own_addresses) -> None:
    if own_addresses is None:
        return
    text = own_addresses if isinstance(own_addresses, str) else "\n".join(own_addresses)
    values = rules.address_lines(text)
    if bad := rules.bad_addresses(values):
        raise field_error("own_addresses", f"{bad[0]!r} is not an e-mail address.")
    connector.own_addresses = "\n".join(values)


def _folders(value) -> str:
    if value is None:
        return ""
    items = value.splitlines() if isinstance(value, str) else list(value)
    names = [" ".join(str(f).split()) for f in items if str(f).strip()]
    if any(len(n) > 255 for n in names):
        raise field_error("folders", "A folder name is under 255 characters.")
    return "\n".join(names)


def _limit(owner) -> None:
    if Connector.objects.filter(owner=owner).count() >= MAX_CONNECTORS:
        raise field_error("name", f"You can have up to {MAX_CONNECTORS} connections.")


@transaction.atomic
def add_mailbox(
    *,
    owner,
    name: str,
    host: str,
    username: str,
    password: str,
    port: int | None = None,
    security: str = Security.TLS,
    forward: bool = False,
    folders=None,
    keep_first_lines: bool = False,
    own_addresses=None,
) -> Connector:
    """An IMAP mailbox to read (or a forwarding mailbox, with ``forward``)."""
    _limit(owner)
    connector = Connector(
        owner=owner,
        name=_name(owner, name),
        kind=ConnectorKind.FORWARD if forward else ConnectorKind.IMAP,
        host=host or "",
        port=port or None,
        security=security or Security.TLS,
        username=username or "",
        folders=_folders(folders),
        keep_first_lines=bool(keep_first_lines),
        every_minutes=rules.DEFAULT_EVERY,
    )
    _check_server(connector)
    if not password:
        raise field_error("password", "Enter the password (an app password, see the help).")
    _set_secret(connector, password)
    _own(connector, own_addresses)
    if not connector.own_addresses and rules.EMAIL.match(connector.username.lower()):
        connector.own_addresses = connector.username.lower()
    connector.status = "Added; the first read starts within a few minutes."
    return _save(connector)


@transaction.atomic
def add_calendar(
    *,
    owner,
    name: str,
    kind: str = ConnectorKind.ICS_URL,
    url: str = "",
    username: str = "",
    password: str = "",
    own_addresses=None,
) -> Connector:
    """A calendar: a private ICS address, a CalDAV calendar, or an uploaded file (then
    the file is read once by ``import_ics`` and the connector keeps nothing to fetch)."""
    if kind not in CALENDAR_KINDS:
        raise field_error("kind", "Choose an ICS address, a CalDAV calendar or a file.")
    _limit(owner)
    connector = Connector(
        owner=owner, name=_name(owner, name), kind=kind, every_minutes=rules.DEFAULT_EVERY
    )
    if kind in (ConnectorKind.ICS_URL, ConnectorKind.CALDAV):
        _set_url(connector, url)
    if kind == ConnectorKind.CALDAV:
        if not (username or "").strip():
            raise field_error("username", "Enter the CalDAV user name.")
        if not password:
            raise field_error("password", "Enter the password (an app password, see the help).")
        connector.username = username.strip()[:255]
        _set_secret(connector, password)
    if kind == ConnectorKind.ICS_FILE:
        connector.paused = True  # nothing to fetch again
        connector.status = "Read from an uploaded file."
    else:
        connector.status = "Added; the first read starts within a few minutes."
    _own(connector, own_addresses)
    return _save(connector)


def _save(connector: Connector) -> Connector:
    try:
        with transaction.atomic():
            connector.save()
    except IntegrityError:
        raise field_error(
            "name", f"You already have a connection called {connector.name!r}."
        ) from None
    return connector


@transaction.atomic
def update_connector(
    *,
    owner,
    connector,
    name=UNSET,
    host=UNSET,
    port=UNSET,
    security=UNSET,
    username=UNSET,
    password=UNSET,
    url=UNSET,
    folders=UNSET,
    keep_first_lines=UNSET,
    own_addresses=UNSET,
    every_minutes=UNSET,
) -> Connector:
    """Change what is given. An empty password or address keeps the one stored."""
    connector = resolve_owned(Connector, owner, connector, "connector")
    if name is not UNSET:
        connector.name = _name(owner, name, exclude=connector.pk)
    if connector.is_mail:
        if host is not UNSET:
            connector.host = host or ""
        if port is not UNSET:
            connector.port = int(port) if port not in (None, "") else None
        if security is not UNSET:
            connector.security = security
        if username is not UNSET:
            connector.username = username or ""
        _check_server(connector)
        if folders is not UNSET:
            connector.folders = _folders(folders)
        if keep_first_lines is not UNSET:
            connector.keep_first_lines = bool(keep_first_lines)
    if password not in (UNSET, None, ""):
        _set_secret(connector, password)
    if url not in (UNSET, None, "") and connector.kind != ConnectorKind.ICS_FILE:
        _set_url(connector, url)
    if own_addresses is not UNSET:
        _own(connector, own_addresses or "")
    if every_minutes is not UNSET:
        minutes = _int(every_minutes, "every_minutes")
        if not 5 <= minutes <= 24 * 60:
            raise field_error("every_minutes", "Choose between 5 minutes and a day.")
        connector.every_minutes = minutes
    # New settings deserve a try now, not after the back-off.
    connector.next_try_at = None
    connector.failures = 0
    return _save(connector)


@transaction.atomic
def set_paused(*, owner, connector, paused: bool) -> Connector:
    connector = resolve_owned(Connector, owner, connector, "connector")
    if connector.kind == ConnectorKind.ICS_FILE and not paused:
        raise field_error("paused", "A file is read once; upload it again to read it anew.")
    connector.paused = paused
    connector.next_try_at = None
    connector.failures = 0
    if paused:
        connector.status = f"Paused on {timezone.localtime():%-d %b at %H:%M}."
    connector.save()
    return connector


@transaction.atomic
def remove_connector(*, owner, connector) -> str:
    """Remove the connector and what it read; interactions already logged stay."""
    connector = resolve_owned(Connector, owner, connector, "connector")
    name = connector.name
    connector.delete()
    return name


def password_of(connector: Connector) -> str:
    return vault.unseal(connector.secret)


def url_of(connector: Connector) -> str:
    return vault.unseal(connector.url)
