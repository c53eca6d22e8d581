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
