"""Small helpers the services share: owned look-ups and field errors."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

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
    return value
