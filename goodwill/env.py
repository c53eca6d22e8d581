"""Every setting Goodwill reads from the environment, in one place.

Each variable has the prefix ``GOODWILL_``. A bad value stops start-up with a message
that names the variable, so a typo never turns into a silently wrong setting.
``VARIABLES`` lists every variable with its default and meaning; a test keeps it in
step with ``.env.example`` and ``docs/configuration.md``.
"""

from __future__ import annotations

import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

PREFIX = "GOODWILL_"


@dataclass(frozen=True)
class Variable:
    name: str
    default: str
    help: str


VARIABLES: dict[str, Variable] = {
    v.name: v
    for v in [
        Variable(
            "GOODWILL_DATA_DIR",
            "the platform's user data dir",
            "Where the SQLite database, the secret key and uploaded photos live.",
        ),
        Variable(
            "GOODWILL_DATABASE_URL",
            "sqlite in GOODWILL_DATA_DIR",
            "A database URL, e.g. postgres://user@127.0.0.1:5432/goodwill. Empty: SQLite.",
        ),
        Variable(
            "GOODWILL_SQLITE_BUSY_TIMEOUT",
            "10",
            "Seconds a SQLite writer waits for another's lock before 'database is locked'.",
        ),
        Variable(
            "GOODWILL_SECRET_KEY",
            "generated once, kept in GOODWILL_DATA_DIR/secret_key (mode 0600)",
            "Django's secret key. Set it only when the data dir is not writable.",
        ),
        Variable(
            "GOODWILL_VAULT_KEY",
            "generated once, kept in GOODWILL_DATA_DIR/vault_key (mode 0600)",
            "The key that encrypts saved mail passwords and notification URLs (a Fernet key).",
        ),
        Variable("GOODWILL_DEBUG", "false", "Django debug mode. Never on a public host."),
        Variable(
            "GOODWILL_ALLOWED_HOSTS",
            "127.0.0.1,localhost,[::1]",
            "Comma-separated host names the app answers to.",
        ),
        Variable(
            "GOODWILL_CSRF_TRUSTED_ORIGINS",
            "",
            "Comma-separated origins (https://example.org) trusted for form posts.",
        ),
        Variable(
            "GOODWILL_SECURE_COOKIES",
            "false",
            "Send cookies over HTTPS only; turn on behind TLS.",
        ),
        Variable("GOODWILL_TIME_ZONE", "UTC", "Time zone for dates shown and 'today'."),
        Variable("GOODWILL_HOST", "127.0.0.1", "Address `goodwill serve` binds to."),
        Variable("GOODWILL_PORT", "8000", "Port `goodwill serve` binds to."),
        Variable("GOODWILL_WORKERS", "2", "Gunicorn worker processes for `goodwill serve`."),
        Variable(
            "GOODWILL_USER",
            "",
            "The account the CLI acts as when there is more than one (same as --user).",
        ),
        Variable("GOODWILL_LOG_LEVEL", "INFO", "DEBUG, INFO, WARNING or ERROR."),
        # Hosting and security (docs/hosting.md).
        Variable(
            "GOODWILL_ENV",
            "development",
            "development or production. Production refuses DEBUG, needs GOODWILL_SITE_URL "
            "(https) and GOODWILL_ALLOWED_HOSTS, and turns on secure cookies, HSTS and the "
            "HTTPS redirect.",
        ),
        Variable(
            "GOODWILL_SIGNUP",
            "closed",
            "closed (accounts by invitation link or `goodwill account create`) or open.",
        ),
        Variable(
            "GOODWILL_SESSION_IDLE_HOURS",
            "168",
            "A login ends after this many hours without a visit.",
        ),
        Variable(
            "GOODWILL_SESSION_MAX_DAYS",
            "30",
            "A login ends this many days after it began, used or not.",
        ),
        Variable(
            "GOODWILL_TRUSTED_PROXIES",
            "127.0.0.1,::1",
            "Comma-separated addresses or networks (CIDR) of your reverse proxies: only "
            "from these are X-Forwarded-For and X-Forwarded-Proto believed. none: no proxy.",
        ),
        # Reminders: the digest e-mail and the calendar feed (docs/reminders.md).
        Variable(
            "GOODWILL_SITE_URL",
            "http://127.0.0.1:8000",
            "The site's public address; the only host that e-mails and feeds link to.",
        ),
        Variable(
            "GOODWILL_EMAIL_URL",
            "",
            "Outgoing mail: smtp://, submission:// (STARTTLS), smtps:// or console://. "
            "Empty: no e-mail.",
        ),
        Variable(
            "GOODWILL_EMAIL_FROM",
            "Goodwill <goodwill@localhost>",
            "The From address of digests and verification e-mails.",
        ),
        Variable(
            "GOODWILL_TICK_SECONDS",
            "60",
            "How often `goodwill worker` checks for digests due (seconds).",
        ),
        # Capture: mail and calendars read into interactions (docs/capture.md).
        Variable(
            "GOODWILL_CAPTURE_PAGE",
            "500",
            "Messages capture reads before it saves where it got to.",
        ),
    ]
}


def _raw(name: str) -> str | None:
    if name not in VARIABLES:  # pragma: no cover - a programming error
        raise KeyError(f"{name} is not declared in goodwill.env.VARIABLES")
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


def is_set(name: str) -> bool:
    """Was the variable given (non-empty) rather than left to its default?"""
    return _raw(name) is not None


def get_str(name: str, default: str) -> str:
    value = _raw(name)
    return default if value is None else value


def get_bool(name: str, default: bool) -> bool:
    value = _raw(name)
    if value is None:
        return default
    lowered = value.lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean: use true or false.")


def get_int(name: str, default: int, *, minimum: int = 0, maximum: int = 65535) -> int:
    value = _raw(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if not minimum <= number <= maximum:
        raise ImproperlyConfigured(f"{name}={number} is out of range ({minimum} to {maximum}).")
    return number


def get_list(name: str, default: list[str]) -> list[str]:
    value = _raw(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


def trusted_proxies() -> tuple[str, ...]:
    """GOODWILL_TRUSTED_PROXIES as validated networks ("127.0.0.1/32", "10.0.0.0/8").
    ``none`` trusts no proxy at all."""
    import ipaddress

    name = "GOODWILL_TRUSTED_PROXIES"
    if (_raw(name) or "").casefold() == "none":
        return ()
    networks = []
    for item in get_list(name, ["127.0.0.1", "::1"]):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network (e.g. 10.0.0.5 or 10.0.0.0/24)."
            ) from None
    return tuple(networks)


def get_choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    by_key = {choice.casefold(): choice for choice in choices}
    if value.casefold() not in by_key:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(sorted(choices))}.")
    return by_key[value.casefold()]


def data_dir() -> Path:
    value = _raw("GOODWILL_DATA_DIR")
    if value is None:
        import platformdirs

        path = Path(platformdirs.user_data_dir("goodwill", appauthor=False))
    else:
        path = Path(value).expanduser()
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise ImproperlyConfigured(
            f"GOODWILL_DATA_DIR={str(path)!r} cannot be created: {exc.strerror}."
        ) from None
    return path.resolve()


def secret_key(directory: Path) -> str:
    """Return the install's secret key, generating it once (file mode 0600)."""
    value = _raw("GOODWILL_SECRET_KEY")
    if value is not None:
        if len(value) < 32:
            raise ImproperlyConfigured("GOODWILL_SECRET_KEY must be at least 32 characters long.")
        return value
    path = directory / "secret_key"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        mode = stat.S_IMODE(path.stat().st_mode)
        if mode & 0o077:
            path.chmod(0o600)
        key = path.read_text().strip()
        if len(key) < 32:
            raise ImproperlyConfigured(
                f"{path} holds no usable secret key; delete it to generate a new one."
            ) from None
        return key
    key = secrets.token_urlsafe(50)
    with os.fdopen(fd, "w") as handle:
        handle.write(key + "\n")
    return key


def time_zone() -> str:
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    name = get_str("GOODWILL_TIME_ZONE", "UTC")
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise ImproperlyConfigured(
            f"GOODWILL_TIME_ZONE={name!r} is not a known time zone (e.g. Europe/Madrid)."
        ) from None
    return name


def site_url() -> str:
    """GOODWILL_SITE_URL without a trailing slash: scheme and host (and perhaps a path)."""
    from urllib.parse import urlsplit

    value = get_str("GOODWILL_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.hostname or parts.query:
        raise ImproperlyConfigured(
            f"GOODWILL_SITE_URL={value!r} must be an http(s) address such as "
            "https://goodwill.example.org."
        )
    return value


def check_production(*, debug: bool, site_url: str) -> None:
    """GOODWILL_ENV=production refuses to start on settings that are unsafe in public."""
    problems = []
    if debug:
        problems.append("GOODWILL_DEBUG must be false")
    if not is_set("GOODWILL_SITE_URL") or not site_url.startswith("https://"):
        problems.append("GOODWILL_SITE_URL must be set to the site's https:// address")
    if not is_set("GOODWILL_ALLOWED_HOSTS"):
        problems.append("GOODWILL_ALLOWED_HOSTS must list the host names the site answers to")
    if problems:
        raise ImproperlyConfigured(
            "GOODWILL_ENV=production refuses to start: " + "; ".join(problems) + "."
        )


def mailer() -> tuple[bool, dict]:
    """(e-mail on?, Django's MAILERS["default"] or {}) parsed from GOODWILL_EMAIL_URL.

    smtp://user:password@host:25          plain SMTP (add ?starttls=true to upgrade)
    submission://user:password@host:587   SMTP with STARTTLS
    smtps://user:password@host:465        SMTP over TLS
    console://                            print messages on standard output (for trying out)
    empty                                 no e-mail: digests and verification are off
    """
    from urllib.parse import parse_qs, unquote, urlsplit

    name = "GOODWILL_EMAIL_URL"
    value = get_str(name, "")
    if not value:
        return False, {}
    try:
        parts = urlsplit(value)
        port = parts.port
    except ValueError:
        raise ImproperlyConfigured(f"{name} is not a usable URL.") from None
    if parts.scheme == "console":
        return True, {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    defaults = {"smtp": 25, "submission": 587, "smtps": 465}
    if parts.scheme not in defaults or not parts.hostname:
        raise ImproperlyConfigured(
            f"{name} must look like smtp://user:password@host:port "
            "(or submission://, smtps://, console://)."
        )
    query = {k: v[-1].lower() for k, v in parse_qs(parts.query).items()}
    timeout = query.get("timeout", "20")
    if not timeout.isdigit() or not 1 <= int(timeout) <= 600:
        raise ImproperlyConfigured(f"{name}: timeout must be 1 to 600 seconds.")
    options = {
        "host": parts.hostname,
        "port": port or defaults[parts.scheme],
        "use_tls": parts.scheme == "submission" or query.get("starttls") in {"1", "true", "yes"},
        "use_ssl": parts.scheme == "smtps",
        "timeout": int(timeout),
    }
    if parts.username:
        options["username"] = unquote(parts.username)
        options["password"] = unquote(parts.password or "")
    return True, {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
