"""The full JSON export holds any value of any field (issue 16, finding 3): with an import
preview pending, its stored file bytes reached json.dumps and the export was a 500 on the
web and in the API and a traceback in the CLI. This walks the model registry, fills every
field of a row of every model (binary and JSON ones included) and exports, so a new
binary or odd field cannot break it again. Downloads name their file by RFC 6266
(finding 11): a username that is not ASCII reaches the file name intact."""

from __future__ import annotations

import datetime as dt
import itertools
import json
from urllib.parse import quote

import pytest
from django.apps import apps
from django.db import models

from goodwill.accounts import services as accounts
from goodwill.accounts.models import User
from goodwill.exchange.services.exports import export_people
from goodwill.exchange.services.exports.account import (
    NOT_EXPORTED,
    NOT_EXPORTED_FIELDS,
    dump_account,
    other_models,
)
from goodwill.exchange.services.exports.load import load_account_json
from goodwill.exchange.services.imports import pipeline
from tests.api_support import api_for
from tests.import_support import FILE

_n = itertools.count(1)


def _sample(field: models.Field):
    """A value for any kind of column, as odd as the column allows."""
    n = next(_n)
    if field.choices:
        return field.choices[-1][0]
    if isinstance(field, models.BinaryField):
        return b"\x00\xff\xfe binary \x89PNG"
    if isinstance(field, models.JSONField):
        return {"list": [1, 2.5, None, "é"], "nested": {"ok": True}, "n": n}
    if isinstance(field, models.BooleanField):
        return True
    if isinstance(field, models.DateTimeField):
        return dt.datetime(2026, 6, 1, 12, n % 60, tzinfo=dt.UTC)
    if isinstance(field, models.DateField):
        return dt.date(2026, 6, 1)
    if isinstance(field, models.TimeField):
        return dt.time(9, 30)
    if isinstance(field, models.DurationField):
        return dt.timedelta(days=2, seconds=n)
    if isinstance(field, models.UUIDField):
        import uuid

        return uuid.UUID(int=n)
    if isinstance(field, models.DecimalField):
        import decimal

        return decimal.Decimal("1.5")
    if isinstance(field, models.FloatField):
        return 0.5
    if isinstance(field, models.IntegerField):
        return 1
    if isinstance(field, models.GenericIPAddressField):
        return "203.0.113.9"
    if isinstance(field, models.EmailField):
        return f"x{n}@example.org"
    if isinstance(field, models.FileField):
        return ""
    if isinstance(field, models.CharField | models.TextField):
        text = f"Zoë 😀 «{n}»"
        return text[: field.max_length] if field.max_length else text
    raise AssertionError(f"No sample for {type(field).__name__}: teach _sample about it.")


def _conditioned(model) -> set[str]:
    """Fields a conditional unique constraint depends on ("one is_me per account")."""
    return {
        name
        for c in model._meta.constraints
        if isinstance(c, models.UniqueConstraint) and c.condition is not None
        for name, _ in c.condition.children
    }


def _make(model, owner, depth=0):
    """A saved row of ``model`` with every column filled; relations get rows of their own."""
    values, later = {}, []
    for f in model._meta.concrete_fields:
        if f.primary_key:
            continue
        if f.is_relation:
            if f.related_model is User:
                values[f.name] = owner
            elif f.related_model is model or depth > 4:
                later.append(f) if f.null else None
            else:
                values[f.name] = _make(f.related_model, owner, depth + 1)
            continue
        values[f.attname] = False if f.name in _conditioned(model) else _sample(f)
    row = model(**values)
    row.save()
    for f in later:
        setattr(row, f.name, row)
    if later:
        row.save()
    return row


def _owned_models():
    return [
        m
        for m in apps.get_app_config("goodwill").get_models()
        if "owner" in {f.name for f in m._meta.concrete_fields}
        and m._meta.label_lower not in NOT_EXPORTED
        and m._meta.label_lower != "goodwill.apitoken"
    ]


@pytest.fixture
def everything(alice, frozen_now):
    for model in _owned_models():
        if model._base_manager.filter(owner=alice).exists() and any(
            isinstance(c, models.UniqueConstraint) and list(c.fields) == ["owner"]
            for c in model._meta.constraints
        ):
            continue  # a per-account singleton the account already has
        _make(model, alice)
    return alice


def test_every_field_of_every_model_exports_as_json(everything):
    data = dump_account(everything)
    text = json.dumps(data)  # the 500 was here: bytes are not JSON
    assert json.loads(text)["format"] == "goodwill-account"
    for model in other_models():
        name = model._meta.label_lower
        rows = data["other"].get(name)
        assert rows, f"{name} is missing from the export"
        skipped = {"owner", *NOT_EXPORTED_FIELDS.get(name, ())}
        expected = {f.name for f in model._meta.concrete_fields} - skipped
        assert expected <= set(rows[0]), f"{name} lacks {expected - set(rows[0])}"


def test_the_export_with_every_field_loads_back(everything):
    data = json.loads(json.dumps(dump_account(everything)))
    carol = accounts.create_account(username="carol", email="", password="a long password 123")
    counts = load_account_json(owner=carol, data=data)
    for model in other_models():
        assert counts.get(model._meta.label_lower), model._meta.label_lower


def test_a_pending_preview_does_not_break_the_export_anywhere(client, run, alice, tiny_parser):
    batch = pipeline.preview_import(owner=alice, data=FILE, filename="Connections.csv")
    assert batch.data  # the file bytes are kept for the commit
    data = json.loads(export_people(owner=alice, fmt="json").content)
    [row] = data["other"]["goodwill.importbatch"]
    assert "data" not in row and row["report"]["counts"]["created"] == 2
    client.force_login(alice)
    assert client.get("/export/", {"format": "json"}).status_code == 200
    api = api_for(client, alice)
    assert api.get("/export", format="json").status_code == 200
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["format"] == "goodwill-account"


@pytest.mark.parametrize("fmt", ["json", "vcard", "csv"])
def test_a_download_names_a_non_ascii_account_by_rfc_6266(client, db, fmt):
    zoe = accounts.create_account(username="zoë_李", email="", password="a long password 123")
    client.force_login(zoe)
    for response in (
        client.get("/export/", {"format": fmt}),
        api_for(client, zoe).get("/export", format=fmt),
    ):
        assert response.status_code == 200
        header = response["Content-Disposition"]
        assert header.startswith("attachment; filename*=utf-8''"), header
        assert quote("goodwill-zoë_李-") in header and "=?utf-8?" not in header
