"""Organizations and tags as objects of their own: create, rename, delete.

People pick organizations and tags up by name (people.services.organizations.get_or_create_*); these
are the explicit use cases the API and CLI need to manage them directly.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models.functions import Lower

from goodwill.core.rules import UNSET, clean_instance, field_error, resolve_owned
from goodwill.people.models import Organization, Tag
from goodwill.people.rules import check_url
from goodwill.people.services import cadence
from goodwill.people.services.search import reindex


def _clean_name(value, *, limit: int, what: str) -> str:
    name = " ".join((value or "").split())
    if not name:
        raise field_error("name", f"{what} needs a name.")
    if len(name) > limit:
        raise field_error("name", f"{what} name is at most {limit} characters.")
    return name


def _check_domain(domain: str) -> None:
    if domain and (" " in domain or "." not in domain or "/" in domain):
        raise field_error("domain", f"{domain!r} is not a domain name like example.org.")


@transaction.atomic
def create_organization(*, owner, name: str, domain: str = "", website: str = "") -> Organization:
    name = _clean_name(name, limit=200, what="An organization")
    if Organization.objects.filter(owner=owner, name__iexact=name).exists():
        raise field_error("name", f"There is already an organization called {name!r}.")
    org = Organization(
        owner=owner,
        name=name,
        domain=(domain or "").strip().lower(),
        website=(website or "").strip(),
    )
    _check_domain(org.domain)
    check_url("website", org.website)
    clean_instance(org, exclude=["owner"])
    org.save()
    return org


@transaction.atomic
def update_organization(
    *, owner, organization, name=UNSET, domain=UNSET, website=UNSET
) -> Organization:
    org = resolve_owned(Organization, owner, organization, "organization")
    renamed = False
    if name is not UNSET:
        name = _clean_name(name, limit=200, what="An organization")
        clash = Organization.objects.filter(owner=owner, name__iexact=name).exclude(pk=org.pk)
        if clash.exists():
            raise field_error("name", f"There is already an organization called {name!r}.")
        renamed = name != org.name
        org.name = name
    if domain is not UNSET:
        org.domain = (domain or "").strip().lower()
        _check_domain(org.domain)
    if website is not UNSET:
        org.website = (website or "").strip()
        check_url("website", org.website)
    clean_instance(org, exclude=["owner"])
    org.save()
    if renamed:
        reindex(org.people.values_list("pk", flat=True))
    return org


@transaction.atomic
def delete_organization(*, owner, organization) -> int:
    """Delete an organization; its people stay, without one. Returns how many they were."""
    org = resolve_owned(Organization, owner, organization, "organization")
    people = list(org.people.values_list("pk", flat=True))
    org.delete()
    reindex(people)
    return len(people)


@transaction.atomic
def create_tag(*, owner, name: str, cadence_days: int | None = None) -> Tag:
    name = _clean_name((name or "").strip().lstrip("#"), limit=60, what="A tag")
    if Tag.objects.filter(owner=owner, name__iexact=name).exists():
        raise field_error("name", f"There is already a tag called {name!r}.")
    tag = Tag(owner=owner, name=name, cadence_days=cadence_days or None)
    clean_instance(tag, exclude=["owner"])
    tag.save()
    return tag


def get_or_create_organization(*, owner, name: str) -> Organization | None:
    name = " ".join((name or "").split())
    if not name:
        return None
    if len(name) > 200:
        raise field_error("organization", "An organization name is at most 200 characters.")
    org = Organization.objects.filter(owner=owner).filter(name__iexact=name).first()
    if org is None:
        org = Organization.objects.create(owner=owner, name=name)
    return org


def get_or_create_tags(*, owner, names: Iterable[str]) -> list[Tag]:
    wanted: dict[str, str] = {}
    for raw in names:
        name = " ".join((raw or "").strip().lstrip("#").split())
        if not name:
            continue
        if len(name) > 60:
            raise field_error("tags", f"Tag {name[:20]!r}… is longer than 60 characters.")
        wanted.setdefault(name.lower(), name)
    if not wanted:
        return []
    existing = {
        t.name.lower(): t
        for t in Tag.objects.annotate(lname=Lower("name")).filter(
            owner=owner, lname__in=list(wanted)
        )
    }
    tags = []
    for key, name in wanted.items():
        tag = existing.get(key) or Tag.objects.create(owner=owner, name=name)
        tags.append(tag)
    return tags


@transaction.atomic
def update_tag(*, owner, tag: Tag, name: str | None = None, cadence_days=UNSET) -> Tag:
    tag = resolve_owned(Tag, owner, tag, "tag")
    if name is not None:
        name = " ".join(name.strip().lstrip("#").split())
        if not name:
            raise field_error("name", "A tag needs a name.")
        clash = Tag.objects.filter(owner=owner, name__iexact=name).exclude(pk=tag.pk).exists()
        if clash:
            raise field_error("name", f"There is already a tag called {name!r}.")
        tag.name = name
    if cadence_days is not UNSET:
        tag.cadence_days = cadence_days or None
    clean_instance(tag, exclude=["owner"])
    tag.save()
    people = list(tag.people.values_list("pk", flat=True))
    reindex(people)
    cadence.refresh(owner=owner, person_ids=people)
    return tag


@transaction.atomic
def delete_tag(*, owner, tag: Tag) -> int:
    tag = resolve_owned(Tag, owner, tag, "tag")
    people = list(tag.people.values_list("pk", flat=True))
    tag.delete()
    reindex(people)
    cadence.refresh(owner=owner, person_ids=people)
    return len(people)
