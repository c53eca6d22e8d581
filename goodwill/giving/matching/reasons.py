"""Reasons in plain words: which of a person's fields met which words of a need.

Every reason quotes the person's own data (their title, an offer, a tag, a sentence of
their notes, where they live), so what the user reads is true of that person.
"""

from __future__ import annotations

import re

from goodwill.giving.matching.text import location_terms, split_wanting, terms
from goodwill.giving.models import Offer
from goodwill.people.models import Person

MAX_QUOTE = 80
_SENTENCE = re.compile(r"[^.!?\n;]+")


def _quote(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= MAX_QUOTE else text[: MAX_QUOTE - 1].rstrip() + "…"


def _hits(text: str, wanted: set[str]) -> bool:
    return bool(wanted.intersection(terms(text)))


def load_people(owner, person_ids) -> dict[int, dict]:
    """What the reasons need of these people, in three queries."""
    found: dict[int, dict] = {}
    rows = Person.objects.filter(owner=owner, pk__in=list(person_ids)).select_related(
        "organization"
    )
    for p in rows.only(
        "pk", "display_name", "title", "about", "location", "is_me", "organization__name"
    ):
        found[p.pk] = {"person": p, "tags": [], "offers": []}
    through = Person.tags.through.objects.filter(person_id__in=list(found))
    for pid, name in through.values_list("person_id", "tag__name").order_by("tag__name"):
        found[pid]["tags"].append(name)
    offers = Offer.objects.filter(owner=owner, person_id__in=list(found), active=True)
    for offer in offers.only("pk", "person_id", "text", "details", "offered_on"):
        found[offer.person_id]["offers"].append(offer)
    return found


def reasons_for(info: dict, query: set[str]) -> list[str]:
    """Why this person could help with a need whose terms are ``query``."""
    person = info["person"]
    plain = {t for t in query if not t.startswith("loc:")}
    reasons = []
    offered = [o for o in info["offers"] if _hits(f"{o.text}. {o.details}", plain)]
    if person.title and _hits(person.title, plain):
        reasons.append(f"{person.title} (title)")
    for offer in offered[:2]:
        when = offer.offered_on.strftime("%B %Y") if offer.offered_on else ""
        reasons.append(f"offered “{_quote(offer.text)}”" + (f" in {when}" if when else ""))
    tags = [t for t in info["tags"] if _hits(t, plain)]
    if tags:
        reasons.append("tagged " + ", ".join(tags[:4]))
    org = person.organization.name if person.organization_id else ""
    if org and _hits(org, plain):
        reasons.append(f"works at {org}")
    about, _wanted = split_wanting(person.about)
    for sentence in _SENTENCE.findall(about):
        if _hits(sentence, plain):
            reasons.append(f"notes: “{_quote(sentence)}”")
            break
    if person.location and query.intersection(location_terms(person.location)):
        reasons.append(f"lives in {person.location}")
    if person.is_me and reasons:
        reasons[0] = "You could help: " + reasons[0]
    return reasons
