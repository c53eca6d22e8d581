"""Warm introduction paths: who can introduce you to this person, organization or tag.

The graph is the owner's relationships (two directed rows per pair, see models/network.py)
plus you: you know directly everyone in ``direct_ids`` (see queries/network.py for what
that means). The search (services/path_search.py) is a level-synchronous bidirectional
breadth-first search that keeps every parent, so every shortest path can be listed and
ranked: fewest hops, then the strongest weakest link, then the freshest stalest link.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from itertools import pairwise

from django.utils import timezone

from goodwill.core.rules import field_error
from goodwill.network.models import Relationship
from goodwill.network.queries.search import MAX_HOPS, among, search_from_query, shortest_paths
from goodwill.people.models import Organization, Person, Tag
from goodwill.people.queries import find_people, me_id

DEFAULT_PATHS = 5


# ---------------------------------------------------------------- targets


@dataclass
class Target:
    kind: str  # person, organization, tag, offering
    label: str
    people: list[Person]


def _person_target(owner, text: str) -> Target | None:

    digits = text.lstrip("#")
    if digits.isdigit() and len(digits) < 19:
        person = Person.objects.filter(owner=owner, pk=int(digits), is_me=False).first()
        return Target("person", person.display_name, [person]) if person else None
    found = [p for p in find_people(owner, text) if not p.is_me]
    if not found:
        return None
    label = found[0].display_name if len(found) == 1 else f"people named {text!r}"
    return Target("person", label, found)


def _org_target(owner, text: str, exact: bool) -> Target | None:
    orgs = Organization.objects.filter(owner=owner)
    org = (orgs.filter(name__iexact=text) if exact else orgs.filter(name__icontains=text)).first()
    if org is None:
        return None
    people = list(Person.objects.filter(owner=owner, organization=org, is_me=False))
    return Target("organization", org.name, people)


def _tag_target(owner, text: str) -> Target | None:
    tag = Tag.objects.filter(owner=owner, name__iexact=text.lstrip("#")).first()
    if tag is None:
        return None
    return Target("tag", tag.name, list(tag.people.filter(owner=owner, is_me=False)))


# Kinds of target that other areas add, by prefix: giving adds "offering" (people whose
# offers match the words). Plain text tries them last. Filled in at start-up by
# goodwill/apps.py, so that this area needs nothing of the areas above it.
MORE_TARGETS: dict[str, Callable[[object, str], list[Person]]] = {}


def add_target(kind: str, find: Callable[[object, str], list[Person]]) -> None:
    MORE_TARGETS[kind] = find


def _more_target(kind: str, owner, text: str) -> Target | None:
    people = [p for p in MORE_TARGETS[kind](owner, text) if not p.is_me]
    return Target(kind, f"{kind} {text}", people) if people else None


PREFIXES = {"org": "organization", "tag": "tag", "person": "person"}


def resolve_target(owner, text: str, field: str = "to") -> Target:
    """What the user typed → the people a path may end at.

    ``org:Name``, ``tag:Name``, ``offering:words`` and ``person:Name`` (or ``#id``) say
    what is meant; plain text tries a tag, an organization, a person, part of an
    organization's name, then people offering it, in that order."""
    text = " ".join((text or "").split())
    if not text:
        raise field_error(field, "Name a person, an organization, a tag or what they offer.")
    prefix, _, rest = text.partition(":")
    prefix = prefix.strip().lower()
    kind = (
        (PREFIXES.get(prefix) or (prefix if prefix in MORE_TARGETS else None))
        if rest.strip()
        else None
    )
    if kind in MORE_TARGETS:
        found = _more_target(kind, owner, rest.strip())
    elif kind:
        rest = rest.strip()
        found = {
            "person": lambda: _person_target(owner, rest),
            "organization": lambda: (
                _org_target(owner, rest, True) or _org_target(owner, rest, False)
            ),
            "tag": lambda: _tag_target(owner, rest),
        }[kind]()
    elif text.startswith("#") and text[1:].isdigit():
        found = _person_target(owner, text)
    else:
        found = (
            _tag_target(owner, text)
            or _org_target(owner, text, True)
            or _person_target(owner, text)
            or _org_target(owner, text, False)
            or next(filter(None, (_more_target(k, owner, text) for k in MORE_TARGETS)), None)
        )
    if found is None:
        raise field_error(field, f"Nobody, no organization and no tag matches {text!r}.")
    if not found.people:
        raise field_error(field, f"Nobody is recorded under {found.kind} {found.label!r} yet.")
    return found


# ---------------------------------------------------------------- ranked, explained paths


@dataclass
class Link:
    a: Person
    b: Person
    strength: int
    kind: str
    reason: str
    fresh: dt.date | None  # when this tie was last known to be alive


@dataclass
class Path:
    people: list[Person]
    links: list[Link]

    @property
    def hops(self) -> int:
        return len(self.links)

    @property
    def weakest(self) -> int:
        return min((link.strength for link in self.links), default=5)

    @property
    def stalest(self) -> dt.date | None:
        dates = [link.fresh for link in self.links]
        return None if any(d is None for d in dates) else min(dates, default=None)

    @property
    def introducers(self) -> list[Person]:
        return self.people[1:-1]

    def rank(self) -> tuple:
        stalest = self.stalest
        stale = -(stalest.toordinal() if stalest else 0)
        return (self.hops, -self.weakest, stale, [p.pk for p in self.people])


@dataclass
class PathAnswer:
    target: Target
    paths: list[Path]
    direct: list[Person]  # targets you already know yourself

    @property
    def hops(self) -> int | None:
        return self.paths[0].hops if self.paths else None


# ---------------------------------------------------------------- you and who you know


def direct_people(owner, me: int | None):
    """Everyone you know directly: not archived, and either you have logged an
    interaction with them, you noted when you met, or you linked them to your own record."""
    from django.db.models import Q

    linked = Relationship.objects.filter(owner=owner, src_id=me).values("dst_id")
    known = Q(last_contact_at__isnull=False) | Q(met_on__isnull=False)
    if me is not None:
        known |= Q(pk__in=linked)
    return Person.objects.filter(known, owner=owner, is_me=False, archived=False)


def direct_ids(owner, me: int | None) -> set[int]:
    return set(direct_people(owner, me).values_list("pk", flat=True))


def ago(day: dt.date | None) -> str:
    if day is None:
        return "never"
    days = (timezone.localdate() - day).days
    if days <= 0:
        return "today"
    if days < 14:
        return f"{days} day{'s' if days != 1 else ''} ago"
    if days < 60:
        return f"{days // 7} weeks ago"
    if days < 730:
        return f"{days // 30} months ago"
    return f"{days // 365} years ago"


def _local(moment) -> dt.date | None:
    return timezone.localdate(moment) if moment else None


def _me_link(me: Person, person: Person, rel: Relationship | None) -> Link:
    last = _local(person.last_contact_at)
    parts = []
    if rel is not None:
        parts.append(f"your {rel.get_kind_display()}, strength {rel.strength}")
    if last:
        parts.append(f"you last talked {ago(last)}")
    elif person.met_on:
        parts.append(f"you met {person.met_on:%-d %b %Y}")
    if rel is not None:
        strength = rel.strength
    elif last is None:
        strength = 2
    else:
        age = (timezone.localdate() - last).days
        strength = 4 if age <= 90 else 3 if age <= 365 else 2
    fresh = max(d for d in (last, person.met_on, rel and rel.since, dt.date.min) if d)
    return Link(me, person, strength, rel.kind if rel else "knows", "; ".join(parts), fresh)


def _link(a: Person, b: Person, rel: Relationship) -> Link:
    if rel.kind == "knows":
        parts = [f"{a} knows {b}"]
    else:
        parts = [f"{b} is {a}'s {rel.get_kind_display()}"]
    fresh = rel.since or timezone.localdate(rel.created_at)
    meeting = rel.source_interaction
    if rel.source == "introduced_by":
        if b.introduced_by_id == a.pk:
            parts = [f"{a} introduced {b} to you"]
        elif a.introduced_by_id == b.pk:
            parts = [f"{b} introduced {a} to you"]
    elif rel.source == "interaction" and meeting is not None:
        what = meeting.summary or meeting.get_kind_display()
        parts.append(f"met at {what!r} ({_local(meeting.occurred_at):%-d %b %Y})")
        fresh = _local(meeting.occurred_at)
    elif rel.source == "event" and rel.source_event is not None:
        event = rel.source_event
        parts.append(f"both at {event.name!r} ({_local(event.starts_at):%-d %b %Y})")
    parts.append(f"strength {rel.strength}")
    if rel.since and rel.source not in ("interaction", "event"):
        parts.append(f"since {rel.since:%b %Y}")
    return Link(a, b, rel.strength, rel.kind, ", ".join(parts), fresh)


def explain(owner, node_paths: list[list[int]]) -> list[Path]:
    """Node lists → Paths with people and reasons, in two queries."""
    nodes = {n for p in node_paths for n in p}
    people = Person.objects.filter(owner=owner, pk__in=nodes).select_related("organization")
    by_id = {p.pk: p for p in people}
    rels = {
        (r.src_id, r.dst_id): r
        for r in Relationship.objects.filter(
            owner=owner, src_id__in=nodes, dst_id__in=nodes
        ).select_related("source_interaction", "source_event")
    }
    out = []
    for node_path in node_paths:
        links = []
        for a, b in pairwise(node_path):
            pa, pb = by_id[a], by_id[b]
            if pa.is_me:
                links.append(_me_link(pa, pb, rels.get((a, b))))
            else:
                links.append(_link(pa, pb, rels[(a, b)]))
        out.append(Path([by_id[n] for n in node_path], links))
    return out


def find_paths(owner, to: str, *, limit: int = DEFAULT_PATHS) -> PathAnswer:
    """The best ``limit`` warm paths from you to whoever ``to`` names."""
    target = resolve_target(owner, to)
    me = me_id(owner)
    if me is None:
        raise field_error("to", "Your own record is missing; open the app once to create it.")
    direct = direct_people(owner, me).order_by().values_list("pk", flat=True)
    targets = {p.pk for p in target.people}
    known = sorted(among(direct, sorted(targets)))  # never all you know: it may be 30,000
    if known:
        node_paths = [[me, t] for t in known]
    else:
        found = search_from_query(owner.pk, direct, targets, max_hops=MAX_HOPS - 1, exclude=me)
        node_paths = [[me, *p] for p in shortest_paths(found)]
    paths = sorted(explain(owner, node_paths), key=Path.rank)
    direct_people_ = [p for p in target.people if p.pk in known]
    return PathAnswer(target=target, paths=paths[:limit], direct=direct_people_)
