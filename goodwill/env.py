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
            "GOODWILL_SECRET_KEY",
            "generated once, kept in GOODWILL_DATA_DIR/secret_key (mode 0600)",
            "Django's secret key. Set it only when the data dir is not writable.",
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
    ]
}


def _raw(name: str) -> str | None:
    if name not in VARIABLES:  # pragma: no cover - a programming error
        raise KeyError(f"{name} is not declared in goodwill.env.VARIABLES")
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return None
    return value.strip()


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


def get_choice(name: str, default: str, choices: set[str]) -> str:
    value = _raw(name)
    if value is None:
        return default
    if value.upper() not in choices:
        raise ImproperlyConfigured(f"{name}={value!r} must be one of {', '.join(sorted(choices))}.")
    return value.upper()


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
