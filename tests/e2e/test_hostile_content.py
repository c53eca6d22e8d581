"""Hostile text in every field of every object, shown on every page: nothing executes.

The world of tests/core/test_isolation.py is built, then every free-text field of every object
alice owns is overwritten with markup, event handlers, `javascript:` links and template
syntax. Chromium opens every web page of the URL list with those ids; a payload that ran
would set ``window.__pwned``, open a dialog, or (if the CSP stopped it) raise a
securitypolicyviolation. All three must stay silent on every page.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.db import models
from django.urls import get_resolver
from playwright.sync_api import Error as PlaywrightError

from tests.core.test_isolation import alices_world as alices_world  # the fixture
from tests.core.test_isolation import fill, walk

PAYLOAD = (
    '"><img src=x onerror="window.__pwned=1"><script>window.__pwned=1</script>'
    "<svg/onload=window.__pwned=1>{{ 7|add:1 }}{% now 'Y' %}</textarea>"
)
URL_PAYLOAD = "javascript:window.__pwned=1//"
SKIP_FIELDS = {"digest", "hint", "key", "search_text", "password", "username", "fingerprint"}
SKIP_ROUTES = ("static/", "api/", "logout/", "media")
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation',
  e => window.__violations.push(e.violatedDirective + ' ' + (e.sample || '')));
"""


def _poison(owner) -> int:
    """Overwrite every free-text field of everything the owner has. Returns fields set."""
    changed = 0
    for model in apps.get_app_config("goodwill").get_models():
        names = {f.name for f in model._meta.fields}
        if "owner" not in names:
            continue
        fields = [
            f
            for f in model._meta.fields
            if isinstance(f, models.CharField | models.TextField)
            and not f.choices
            and not f.unique
            and f.name not in SKIP_FIELDS
        ]
        for obj in model.objects.filter(owner=owner):
            for field in fields:
                if "url" in field.name or field.name == "website":
                    value = URL_PAYLOAD
                else:  # distinct, for unique names (tags, organizations)
                    value = f"{obj.pk}{PAYLOAD}"
                limit = getattr(field, "max_length", None) or len(value)
                setattr(obj, field.attname, value[:limit])
                changed += 1
            if fields:
                model.objects.filter(pk=obj.pk).update(
                    **{f.attname: getattr(obj, f.attname) for f in fields}
                )
    return changed


@pytest.mark.e2e
@pytest.mark.django_db(transaction=True)
def test_it_runs_no_hostile_text_on_any_page(live_server, browser, alice, request):
    alices_world = request.getfixturevalue("alices_world")
    assert _poison(alice) > 30
    context = browser.new_context()
    context.add_init_script(WATCH)
    dialogs: list[str] = []
    page = context.new_page()
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(live_server.url + "/login/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(live_server.url + "/")

    problems, visited = [], 0
    for name, pattern in walk(get_resolver().url_patterns):
        if pattern.startswith(SKIP_ROUTES) or name == "accounts.logout":
            continue
        if name.startswith("dav."):  # CardDAV: Basic auth and vCards, no page (tests/dav)
            continue
        url = fill(pattern, name, alices_world)
        page = context.new_page()  # one tab per page: nothing carries over
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        try:
            response = page.goto(live_server.url + url)
        except PlaywrightError:  # an empty 405 for a POST-only route
            page.close()
            continue
        if response is None or response.status == 405:
            page.close()
            continue
        if response.status >= 500:
            problems.append(f"{url}: answered {response.status}")
        if response.status >= 400:  # refused (a closed sign-up, no photo): shows nothing
            page.close()
            continue
        visited += 1
        pwned = page.evaluate("() => window.__pwned || 0")
        violations = page.evaluate("() => window.__violations")
        js_links = page.eval_on_selector_all(
            "a[href]",
            "els => els.filter(e => /^\\s*javascript:/i.test(e.getAttribute('href'))).length",
        )
        if pwned or violations or js_links:
            problems.append(f"{url}: pwned={pwned} csp={violations} javascript-links={js_links}")
        page.close()
    assert visited >= 20, visited
    assert not dialogs, dialogs
    assert not problems, "\n".join(problems)
