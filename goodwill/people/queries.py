"""Read-side query builders shared by pages, API and CLI. All scoped to an owner."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from anyascii import anyascii
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from goodwill.people.models import Person, PersonPhone, Tag
from goodwill.people.rules import phone_search, region_of

PEOPLE_FILTERS = {"all", "due", "dormant", "archived"}
CANDIDATES_SHOWN = 10


def today() -> dt.date:
    return timezone.localdate()


def dormant_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(days=settings.GOODWILL_DORMANT_DAYS)


def people(
    owner,
    *,
    q: str = "",
    tag: str = "",
    show: str = "all",
    include_me: bool = False,
) -> QuerySet[Person]:
    """The people list: search by name, email, organization, tag or phone number (see
    search()); filter by state.

    show: "all" (not archived), "due" (catch-up due today or earlier), "dormant" (no
    interaction for GOODWILL_DORMANT_DAYS, or none since they were added that long ago),
    "archived".
    """
    qs = Person.objects.filter(owner=owner)
    if not include_me:
        qs = qs.filter(is_me=False)
    qs = qs.filter(archived=(show == "archived"))
    if show == "due":
        qs = qs.filter(next_due_on__lte=today()).order_by("next_due_on", "sort_key", "id")
    elif show == "dormant":
        cutoff = dormant_before()
        qs = qs.filter(
            Q(last_contact_at__lt=cutoff) | Q(last_contact_at__isnull=True, created_at__lt=cutoff)
        ).order_by("last_contact_at", "sort_key", "id")
    if q and q.strip():
        qs = qs.filter(search(owner, q))
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    return qs.select_related("organization").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


def search(owner, q: str) -> Q:
    """Who a search text finds: everyone whose search column holds each of its words
    (case- and accent-insensitive), and, when it reads as a phone number, everyone with
    a phone of the same key (read in the owner's region: "020 7946 0000" finds
    "+44 20 7946 0000" when the region is GB) or whose number's key contains its digits."""
    match = Q()
    for word in q.split():
        folded, lowered = anyascii(word).lower(), word.lower()
        found = Q(search_text__contains=folded)
        if lowered != folded:  # the same LIKE twice would scan every row twice
            found |= Q(search_text__contains=lowered)
        match &= found
    if number := phone_search(q, region_of(owner)):
        key, digits = number
        phones = PersonPhone.objects.filter(owner=owner).filter(
            Q(normalized=key) | Q(normalized__contains=digits)
        )
        match |= Q(pk__in=phones.values("person_id"))
    return match


def person_page_prefix() -> str:
    """ "/people/": a person's page is this plus their id and "/", for lists that link
    every row without a reverse() per row."""
    return reverse("people.detail", args=[0]).removesuffix("0/")


def list_rows(people: list[Person]) -> list[Person]:
    """What a row of the people list needs beyond its columns: ``tag_names`` (sorted,
    from one query of plain values) and ``url``, the person's page (one reverse() for
    the whole list rather than one per row)."""
    page = person_page_prefix()
    names: dict[int, list[str]] = {p.pk: [] for p in people}
    rows = (
        Person.tags.through.objects.filter(person_id__in=names)
        .order_by("tag__name")
        .values_list("person_id", "tag__name")
    )
    for person_id, name in rows:
        names[person_id].append(name)
    for person in people:
        person.tag_names = names[person.pk]
        person.url = f"{page}{person.pk}/"
    return people


# ---------------------------------------------------------------- the person page
# People sit below every other area, yet a person's page shows their history, their
# relationships, their leads… Each of those areas adds a section here (goodwill/wiring.py
# connects them at start-up): ``load(owner, person, *, timeline_limit)`` returns the
# section's values, read as attributes of the PersonPage (page.timeline), and ``dump``
# turns them into the JSON of `goodwill person show --json`. Each section costs a fixed
# number of queries, so the page's count does not grow with the person's history.


@dataclass
class Section:
    load: Callable[..., dict]
    dump: Callable[[dict], dict] | None = None


PERSON_SECTIONS: dict[str, Section] = {}


def add_person_section(name: str, load, *, dump=None) -> None:
    PERSON_SECTIONS[name] = Section(load, dump)


# The web page's panels other areas add (the form to add a thing to ask, their leads,
# what they need…): ``panel(owner, person, forms)`` returns template values. Named by
# dotted path, so that wiring them imports no view: a process that shows no page (the
# command line, the worker, the MCP server) never loads the areas' views. people.views
# imports them the first time it draws a person page.
PAGE_PANELS: list[str] = []


def add_page_panel(path: str) -> None:
    """``path``: "goodwill.<area>.views.person_panel", a function the page calls."""
    if path not in PAGE_PANELS:
        PAGE_PANELS.append(path)


@dataclass
class PersonPage:
    person: Person
    introduced: list[Person]
    parts: dict = field(default_factory=dict)

    def __getattr__(self, name):
        try:
            return self.__dict__["parts"][name]
        except KeyError:
            raise AttributeError(f"No section of the person page gives {name!r}.") from None

    def dumped(self) -> dict:
        """The sections' JSON, in the order they were added."""
        out = {}
        for section in PERSON_SECTIONS.values():
            if section.dump:
                out.update(section.dump(self.parts))
        return out


TIMELINE_FIRST = 20
TIMELINE_ALL = 1000


def person_detail(owner, person_id, *, timeline_limit: int = TIMELINE_FIRST) -> PersonPage:
    person = (
        Person.objects.select_related("organization", "introduced_by")
        .prefetch_related(
            "emails", "phones", Prefetch("tags", queryset=Tag.objects.order_by("name"))
        )
        .get_owned_or_404(owner, pk=person_id)
    )
    introduced = list(
        Person.objects.filter(owner=owner, introduced_by=person).only("pk", "display_name")
    )
    parts: dict = {}
    for section in PERSON_SECTIONS.values():
        parts.update(section.load(owner, person, timeline_limit=timeline_limit))
    return PersonPage(person=person, introduced=introduced, parts=parts)


def participations() -> QuerySet:
    """Who took part in which interaction, and when (Participation rows, with the
    occurred_at they copy). The interactions area owns the table; the areas below it
    (people, network) read it through the foreign key that points at Person, without
    importing its model."""
    return Person._meta.get_field("participation").related_model.objects.all()


def me(owner) -> Person | None:
    return Person.objects.filter(owner=owner, is_me=True).first()


def people_by_ids(owner, ids) -> list[Person]:
    """These people of the owner's (others silently dropped), in the given order."""
    ids = [int(i) for i in ids]
    found = {p.pk: p for p in Person.objects.filter(owner=owner, pk__in=ids, is_me=False)}
    return [found[i] for i in ids if i in found]


def tags_with_counts(owner) -> QuerySet[Tag]:
    return Tag.objects.filter(owner=owner).annotate(n_people=Count("people")).order_by("name", "id")


def with_person_details(qs: QuerySet[Person]) -> QuerySet[Person]:
    """Everything a person's JSON shape shows besides tags, in a fixed number of queries."""
    return qs.select_related("organization", "introduced_by").prefetch_related("emails", "phones")


def person_full(owner, person_id) -> Person:
    """One person with everything their JSON shape shows; 404 unless the owner's."""
    return with_person_details(Person.objects.prefetch_related("tags")).get_owned_or_404(
        owner, pk=person_id
    )


def _prefer_active(people: list[Person]) -> list[Person]:
    active = [p for p in people if not p.archived]
    return active if len(active) == 1 else people


def find_people(owner, text: str) -> list[Person]:
    """Everyone `text` could mean: an exact name wins over a partial match."""
    text = " ".join((text or "").split())
    if not text:
        return []
    qs = Person.objects.filter(owner=owner).select_related("organization")
    exact = list(qs.filter(display_name__iexact=text)[: CANDIDATES_SHOWN + 1])
    if not exact:
        # SQLite's iexact folds ASCII only; compare case-folded names for the rest.
        exact = [
            p
            for p in qs.filter(search_text__contains=anyascii(text).lower())[:200]
            if p.display_name.casefold() == text.casefold()
        ]
    if exact:
        return _prefer_active(exact)
    partial = qs
    for word in text.split():
        partial = partial.filter(search_text__contains=anyascii(word).lower())
    return _prefer_active(list(partial.order_by("sort_key", "id")[: CANDIDATES_SHOWN + 1]))


def me_id(owner) -> int | None:
    return Person.objects.filter(owner=owner, is_me=True).values_list("pk", flat=True).first()
