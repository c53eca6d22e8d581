"""Preparing to meet: openers for the situation, an event's page, and the person brief
("last time she mentioned…")."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Q

from goodwill.coach.models import (
    Event,
    EventContact,
    Outreach,
)
from goodwill.coach.rules import content, drafts
from goodwill.core.language.letters import opener_for
from goodwill.core.language.phrases import names_of
from goodwill.giving.models import Need, NeedStatus, Offer
from goodwill.leads.queries import person_leads
from goodwill.leads.rules.drafts import first_name
from goodwill.network.models import Relationship
from goodwill.people.models import Person
from goodwill.people.queries import person_detail


def situation(name: str) -> dict:
    found = content.situations()
    return found.get(name) or found["coffee"]


def event_prep_text(event: Event) -> str:
    prep = situation("conference")
    openers = [o for o in prep["openers"] if "{" not in o] or prep["openers"]
    return drafts.write(
        "event_prep",
        event=event.name,
        goal=event.goal or "Meet three people and learn what each needs.",
        opener1=openers[0],
        opener2=openers[1 % len(openers)],
        question1=prep["questions"][0],
        question2=prep["questions"][1 % len(prep["questions"])],
    ).body


@dataclass
class EventPage:
    event: Event
    contacts: list[EventContact]
    attending: list[Person]
    prep: dict


def event_page(owner, event_id) -> EventPage:
    event = Event.objects.get_owned_or_404(owner, pk=event_id)
    return EventPage(
        event=event,
        contacts=list(event.contacts.select_related("person").order_by("position", "id")),
        attending=list(event.people.order_by("display_name", "id")),
        prep=situation("conference"),
    )


def events(owner, *, limit: int = 50) -> list[Event]:
    return list(Event.objects.filter(owner=owner).order_by("-starts_at", "-id")[:limit])


@dataclass
class Brief:
    person: Person
    timeline: list
    open_asks: list
    needs: list[Need]
    their_offers: list[Offer]
    my_offers: list[Offer]
    mutual: list[Relationship]
    leads: object
    outreach: list[Outreach]
    openers: list[str]
    questions: list[str]
    listen_for: list[str]


def person_brief(owner, person_id, *, how: str = "coffee") -> Brief:
    """What to know before meeting someone. A fixed number of queries."""

    page = person_detail(owner, person_id, timeline_limit=5)
    person = page.person
    needs = list(Need.objects.filter(owner=owner, person=person, status=NeedStatus.OPEN)[:10])
    offers = list(
        Offer.objects.filter(owner=owner, active=True)
        .filter(Q(person=person) | Q(person__is_me=True))
        .select_related("person")[:20]
    )
    prep = situation(how)
    # The first thing noted to ask becomes an opener when it can be said well; the
    # situation's openers never hold a slot (content/prep.toml).
    names = names_of(person.display_name, first_name(person))
    first_ask = opener_for(page.open_asks[0].text, names) if page.open_asks else ""
    openers = ([first_ask] if first_ask else []) + list(prep["openers"])
    return Brief(
        person=person,
        timeline=page.timeline,
        open_asks=page.open_asks,
        needs=needs,
        their_offers=[o for o in offers if o.person_id == person.pk],
        my_offers=[o for o in offers if o.person_id != person.pk][:5],
        mutual=page.relationships[:10],
        leads=person_leads(owner, person.pk, limit=5),
        outreach=list(Outreach.objects.filter(owner=owner, person=person)[:5]),
        openers=openers,
        questions=prep["questions"],
        listen_for=prep["listen_for"],
    )
