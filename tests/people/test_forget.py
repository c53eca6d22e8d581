"""'Forget this person': deleting someone leaves no trace of them in any table."""

from __future__ import annotations

from django.apps import apps
from django.db import models

from goodwill.interactions import services as interactions
from goodwill.leads import services as leads
from goodwill.network import services as network
from goodwill.people import services as people


def _rows_mentioning(needle: str) -> list[str]:
    found = []
    for model in apps.get_app_config("goodwill").get_models():
        text = [
            f.attname
            for f in model._meta.fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField)
        ]
        for row in model.objects.values(*text) if text else []:
            if any(needle.casefold() in str(v).casefold() for v in row.values()):
                found.append(f"{model.__name__}: {row}")
    return found


def test_it_forgets_a_person_everywhere(alice, ana, coffee):
    zed = people.create_person(
        owner=alice,
        display_name="Zebulon Quarrie",
        emails=[{"label": "home", "address": "zq@quarrie.example"}],
        phones=[{"label": "mobile", "number": "+44 7700 900123"}],
        organization="Quarrie Works",
        title="Zebulon's title",
        about="Zebulon likes kites",
        tags=["kites"],
    )
    interactions.log_interaction(
        owner=alice,
        participants=[zed.pk],
        kind="call",
        summary="Call with Zebulon",
        notes="Zebulon's private worries",
        ask_next=["Ask Zebulon about the kite"],
    )
    network.connect_people(owner=alice, a=ana, b=zed, kind="friend")
    leads.create_lead(owner=alice, referrer=zed, prospect=ana, opportunity="Zebulon's lead")
    assert _rows_mentioning("Zebulon")
    people.delete_person(owner=alice, person=zed)
    assert _rows_mentioning("Zebulon") == []
    assert _rows_mentioning("zq@quarrie.example") == []
    # Ana and the coffee with her are untouched.
    assert _rows_mentioning("Ana Ruiz") and _rows_mentioning("Valencia marathon")
