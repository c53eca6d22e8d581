"""Small helpers the services share: owned look-ups, field errors, the range of dates
and the characters no text may hold."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from goodwill.core.text import clean_text as clean_text  # re-exported: imports use it
from goodwill.core.text import text_problem

UNSET = object()


def field_error(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


def resolve_owned(model: type[models.Model], owner, value, field: str):
    """Turn an id or instance into an object the owner has; else a field error."""
    if value is None or value == "":
        return None
    label = model._meta.verbose_name
    if isinstance(value, model):
        if value.owner_id != owner.pk:
            raise field_error(field, f"No {label} with id {value.pk}.")
        return value
    try:
        pk = int(value)
    except (TypeError, ValueError):
        raise field_error(field, f"{value!r} is not a {label} id.") from None
    obj = model.objects.filter(owner=owner, pk=pk).first()
    if obj is None:
        raise field_error(field, f"No {label} with id {pk}.")
    return obj


def resolve_owned_many(model, owner, values: Iterable, field: str) -> list:
    values = list(values)
    ids, objs = [], []
    for value in values:
        if isinstance(value, model):
            if value.owner_id != owner.pk:
                raise field_error(field, f"No {model._meta.verbose_name} with id {value.pk}.")
            objs.append(value)
        else:
            try:
                ids.append(int(value))
            except (TypeError, ValueError):
                raise field_error(
                    field, f"{value!r} is not a {model._meta.verbose_name} id."
                ) from None
    if ids:
        # Ids beyond 64 bits cannot exist, and SQLite raises OverflowError on them in IN ().
        in_range = [i for i in ids if -(2**63) <= i < 2**63]
        found = {o.pk: o for o in model.objects.filter(owner=owner, pk__in=in_range)}
        missing = [i for i in ids if i not in found]
        if missing:
            raise field_error(
                field,
                f"No {model._meta.verbose_name} with id {', '.join(map(str, missing))}.",
            )
        objs.extend(found[i] for i in ids)
    unique, seen = [], set()
    for obj in objs:
        if obj.pk not in seen:
            seen.add(obj.pk)
            unique.append(obj)
    return unique


def check_fields(given: Iterable[str], allowed: Iterable[str]) -> None:
    unknown = sorted(set(given) - set(allowed))
    if unknown:
        raise ValidationError({name: ["Unknown field."] for name in unknown})


def clean_instance(instance: models.Model, exclude: Iterable[str] = ()) -> None:
    """Run model validation, reporting every bad field at once."""
    instance.full_clean(exclude=list(exclude), validate_unique=False, validate_constraints=False)


def parse_day(value, field: str) -> dt.date:
    """A past or present day from a date, an ISO string or nothing (today)."""
    if value in (None, ""):
        return timezone.localdate()
    if isinstance(value, dt.datetime):
        check_moment(value, field)
        value = timezone.localdate(value) if timezone.is_aware(value) else value.date()
    elif isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value.strip())
        except ValueError:
            raise field_error(field, f"{value!r} is not a date (YYYY-MM-DD).") from None
    if not isinstance(value, dt.date):
        raise field_error(field, f"{value!r} is not a date.")
    if value > timezone.localdate():
        raise field_error(field, "That day has not come yet.")
    return check_moment(value, field)


# ---------------------------------------------------------------- far dates
#
# What both databases and Python can hold, with room for the arithmetic the app does on
# them (a cadence added to a day, an anniversary, a time zone shift). PostgreSQL takes
# years from 4713 BC, SQLite stores text, but Python's datetime stops at year 1 and 9999:
# "0001-01-01T00:00:00+14:00" is 1 BC in UTC, which PostgreSQL saves and Python then
# cannot read back. A moment (something that happened or will: a coffee, an event) lies
# between 1900 and 2200 in UTC; a day (a birthday, the day you met, a lead's date) may be
# older, for the birthday of someone's grandparent, and lies between 1800 and 2200.

MOMENT_MIN = dt.datetime(1900, 1, 1, tzinfo=dt.UTC)
MOMENT_MAX = dt.datetime(2200, 12, 31, 23, 59, 59, tzinfo=dt.UTC)
DAY_MIN = dt.date(1800, 1, 1)
DAY_MAX = dt.date(2200, 12, 31)
MOMENT_RANGE = "Use a date and time between the years 1900 and 2200."
DAY_RANGE = "Use a date between the years 1800 and 2200."


def moment_problem(value) -> str | None:
    """Why a date or datetime cannot be stored (see above), or None when it can.

    Anything that is not a date is no concern of this check."""
    if isinstance(value, dt.datetime):
        try:
            utc = (
                value.astimezone(dt.UTC)
                if timezone.is_aware(value)
                else timezone.make_aware(value).astimezone(dt.UTC)
            )
        except (OverflowError, ValueError):
            return MOMENT_RANGE
        return None if MOMENT_MIN <= utc <= MOMENT_MAX else MOMENT_RANGE
    if isinstance(value, dt.date):
        return None if DAY_MIN <= value <= DAY_MAX else DAY_RANGE
    return None


def check_moment(value, field: str):
    """The value itself, or a field error when it is a date out of range."""
    if problem := moment_problem(value):
        raise field_error(field, problem)
    return value


def check_moments(instance: models.Model) -> None:
    """Every date and datetime column of a row in range, else a ValidationError naming
    each wrong field: the last guard before a write, whatever way the value came in."""
    errors = {}
    for f in instance._meta.concrete_fields:
        # A DateTimeField is a DateField too.
        if isinstance(f, models.DateField) and (
            problem := moment_problem(getattr(instance, f.attname, None))
        ):
            errors[f.name] = [problem]
    if errors:
        raise ValidationError(errors)


# ---------------------------------------------------------------- hostile text
#
# Two kinds of character no database stores as text: NUL and a lone surrogate. The two
# checks (text_problem, clean_text) live in core.text, which the command line uses
# before Django is loaded; they are imported above, so this module still offers them.


def check_text(value, field: str):
    """The value itself, or a field error naming ``field`` when it holds such a character."""
    if problem := text_problem(value):
        raise field_error(field, problem)
    return value
