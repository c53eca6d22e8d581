"""Template tags every template has (registered as builtins in settings.TEMPLATES).

Small pieces repeated on every row of a list are written here in Python rather than as
included templates: cheaper per row, and one definition for the pages that show them.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html

register = template.Library()


@register.simple_tag
def avatar(person, big: bool = False) -> str:
    """The person's photo, or their initials in a circle (decorative: the name is beside)."""
    css = "avatar avatar-big" if big else "avatar"
    if person.photo:
        return format_html(
            '<img class="{}" src="{}" alt="">', css, reverse("people.photo", args=[person.pk])
        )
    return format_html('<span class="{}" aria-hidden="true">{}</span>', css, person.initials)


# The main navigation: which item a page belongs to, by its URL name (``area.action``).
# Pages that belong to no item (the welcome, the check-in) highlight none.
NAV_EXACT = {
    "home": "today",
    "coach.act": "today",
    "coach.goal": "today",
    "interactions.log": "log",
    "coach.welcome": "",
    "coach.assess": "",
}
NAV_PREFIXES = (
    ("people.", "people"),
    ("tags.", "people"),
    ("duplicates.", "people"),
    ("asks.", "people"),
    ("relationships.", "people"),
    ("interactions.", "log"),
    ("giving.", "help"),
    ("leads.", "leads"),
    ("referrals.", "leads"),
    ("network.", "network"),
)


def nav_item(url_name: str | None) -> str:
    """'today', 'people', 'log', 'help', 'leads', 'network', 'more' or '' (none)."""
    if not url_name:
        return ""
    if url_name in NAV_EXACT:
        return NAV_EXACT[url_name]
    for prefix, item in NAV_PREFIXES:
        if url_name.startswith(prefix):
            return item
    return "more"  # events, asks and answers, imports, exports, settings, the check-in results


@register.simple_tag(takes_context=True)
def nav_current(context) -> str:
    match = getattr(context.get("request"), "resolver_match", None)
    return nav_item(match.url_name if match else None)


@register.filter
def lookup(mapping, key):
    """``mapping|lookup:key``: the value for a key, or "" (a dict a page section gives)."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
