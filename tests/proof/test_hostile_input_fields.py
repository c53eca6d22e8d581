"""The probe's categories "hostile text" and "far dates" (issue 16), over every field of
the API: every string property of every request body, and every query parameter, of
every operation in /api/v1/openapi.json gets a NUL or a lone surrogate (hypothesis
places it anywhere in any text), and every date and date-time property and parameter a
date out of range (hypothesis picks the year and the offset). Each answer must be a 422
naming that field, never a 5xx, and nothing is saved.

The schemathesis run (test_api_schema.py) generates NUL characters in every string too
(allow_x00); it cannot put a lone surrogate in a URL, which this test covers in bodies."""

from __future__ import annotations

import json
import re

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.api.main import api as ninja_api
from goodwill.people.models import Person
from tests.api_support import api_for

pytestmark = pytest.mark.slow

HOSTILE = st.sampled_from(["\x00", "\ud800", "\udfff", "\udbff"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=20)


@st.composite
def hostile_text(draw):
    """Any text with a NUL or a lone surrogate somewhere in it."""
    before, after = draw(TEXT), draw(TEXT)
    return before + draw(HOSTILE) + after


@st.composite
def far_moment(draw):
    """A date-time whose UTC instant lies outside 1900..2200, in any offset."""
    year = draw(st.one_of(st.integers(1, 1898), st.integers(2202, 9999)))
    hours = draw(st.integers(-14, 14))
    offset = "Z" if hours == 0 else f"{'+' if hours > 0 else '-'}{abs(hours):02d}:00"
    return f"{year:04d}-01-01T00:00:00{offset}"


@st.composite
def far_day(draw):
    year = draw(st.one_of(st.integers(1, 1799), st.integers(2201, 9999)))
    return f"{year:04d}-06-15"


def _resolve(spec, schema):
    while "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        schema = spec["components"]["schemas"][name]
    return schema


def _kinds(spec, schema) -> set[str]:
    """ "text", "date", "date-time" as the property's schema allows (anyOf included)."""
    schema = _resolve(spec, schema)
    found = set()
    for option in schema.get("anyOf", []) + schema.get("oneOf", []) + [schema]:
        option = _resolve(spec, option)
        if option.get("type") == "string":
            found.add(
                option.get("format") if option.get("format") in ("date", "date-time") else "text"
            )
    return found


def _targets():
    spec = ninja_api.get_openapi_schema()
    bodies, queries = [], []
    for path, methods in spec["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", path)
        for method, op in methods.items():
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body:
                schema = _resolve(spec, body["schema"])
                for name, prop in schema.get("properties", {}).items():
                    for kind in _kinds(spec, prop):
                        bodies.append((method, url, name, kind))
            for param in op.get("parameters", []):
                if param["in"] == "query":
                    for kind in _kinds(spec, param.get("schema", {})):
                        queries.append((method, url, param["name"], kind))
    return bodies, queries


BODIES, QUERIES = _targets()
STRATEGY = {"text": hostile_text(), "date": far_day(), "date-time": far_moment()}
SETTINGS = settings(
    max_examples=5,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def test_the_walk_finds_the_fields():
    """Guards the walk itself: it must see the body texts and dates the probe hit."""
    assert ("post", "/api/v1/interactions", "occurred_at", "date-time") in BODIES
    assert ("post", "/api/v1/people", "about", "text") in BODIES
    assert ("get", "/api/v1/people", "q", "text") in QUERIES
    assert len(BODIES) > 100 and len(QUERIES) > 15


@pytest.fixture
def alice_api(alice):
    return api_for(Client(), alice)


@pytest.mark.parametrize(("method", "url", "field", "kind"), BODIES)
def test_every_body_field_refuses_hostile_text_and_far_dates(alice_api, method, url, field, kind):
    before = Person.objects.count()

    @SETTINGS
    @given(value=STRATEGY[kind])
    def check(value):
        response = getattr(alice_api.client, method)(
            url,
            data=json.dumps({field: value}),
            content_type="application/json",
            **alice_api.headers,
        )
        assert response.status_code == 422, (value, response.content)
        assert field in response.json()["fields"], (value, response.content)

    check()
    assert Person.objects.count() == before


@pytest.mark.parametrize(("method", "url", "field", "kind"), QUERIES)
def test_every_query_parameter_refuses_a_nul_and_far_dates(alice_api, method, url, field, kind):
    # A URL carries UTF-8, which has no lone surrogates: queries get a NUL.
    nul = st.builds(lambda a, b: f"{a}\x00{b}", TEXT, TEXT)
    strategy = nul if kind == "text" else STRATEGY[kind]

    @SETTINGS
    @given(value=strategy)
    def check(value):
        response = getattr(alice_api.client, method)(url, {field: value}, **alice_api.headers)
        assert response.status_code == 422, (value, response.content)
        assert field in response.json()["fields"], (value, response.content)

    check()
