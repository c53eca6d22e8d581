"""Read-side query builders shared by pages, API and CLI. All scoped to an owner."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from anyascii import anyascii
from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from goodwill.interactions.models import AskNext, Interaction, Participation
from goodwill.network.models import Relationship
from goodwill.people.models import Person, Tag

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
    """The people list: search by name, email, organization or tag; filter by state.

    show: "all" (not archived), "due" (catch-up due today or earlier), "dormant" (no
    interaction for GOODWILL_DORMANT_DAYS, or none since they were added that long ago),
    "archived".
    """
    qs = Person.objects.filter(owner=owner)
    if not include_me:
        qs = qs.filter(is_me=False)
    qs = qs.filter(archived=(show == "archived"))
    if show == "due":
        qs = qs.filter(next_due_on__lte=today()).order_by("next_due_on", "display_name", "id")
    elif show == "dormant":
        cutoff = dormant_before()
        qs = qs.filter(
            Q(last_contact_at__lt=cutoff) | Q(last_contact_at__isnull=True, created_at__lt=cutoff)
        ).order_by("last_contact_at", "display_name", "id")
    for word in (q or "").split():
        folded, lowered = anyascii(word).lower(), word.lower()
        match = Q(search_text__contains=folded)
        if lowered != folded:  # the same LIKE twice would scan every row twice
            match |= Q(search_text__contains=lowered)
        qs = qs.filter(match)
    if tag:
        qs = qs.filter(tags__name__iexact=tag)
    return qs.select_related("organization").prefetch_related(
        Prefetch("tags", queryset=Tag.objects.order_by("name"))
    )


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


RELATIONSHIP_COLUMNS = (
    *("id", "owner_id", "src_id", "dst_id", "kind", "strength", "since", "source"),
    *("dst__id", "dst__owner_id", "dst__display_name"),
)


@dataclass
class PersonPage:
    person: Person
    timeline: list[Interaction]
    more_timeline: bool
    open_asks: list[AskNext]
    done_asks: list[AskNext]
    relationships: list[Relationship]
    introduced: list[Person]


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
    interaction_ids = list(
        Participation.objects.filter(person=person)
        .order_by("-occurred_at", "-interaction_id")
        .values_list("interaction_id", flat=True)[: timeline_limit + 1]
    )
    more_timeline = len(interaction_ids) > timeline_limit
    interaction_ids = interaction_ids[:timeline_limit]
    timeline = list(
        Interaction.objects.filter(pk__in=interaction_ids)
        .select_related("initiated_by")
        .prefetch_related(
            Prefetch("participants", queryset=Person.objects.only("pk", "display_name", "owner_id"))
        )
        .order_by("-occurred_at", "-id")
    )
    asks = list(AskNext.objects.filter(person=person).order_by("done_at", "created_at", "id"))
    relationships = list(
        Relationship.objects.filter(src=person)
        .select_related("dst")
        .only(*RELATIONSHIP_COLUMNS)
        .order_by("-strength", "dst__display_name")
    )
    introduced = list(
        Person.objects.filter(owner=owner, introduced_by=person).only("pk", "display_name")
    )
    return PersonPage(
        person=person,
        timeline=timeline,
        more_timeline=more_timeline,
        open_asks=[a for a in asks if a.done_at is None],
        done_asks=[a for a in asks if a.done_at is not None][-10:],
        relationships=relationships,
        introduced=introduced,
    )


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
    return _prefer_active(list(partial.order_by("display_name", "id")[: CANDIDATES_SHOWN + 1]))
