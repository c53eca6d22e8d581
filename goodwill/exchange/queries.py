"""Read-side queries of imports and likely duplicates, shared by the pages, the API and
the CLI."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from urllib.parse import urlparse

from anyascii import anyascii
from django.db.models import QuerySet
from rapidfuzz import fuzz

from goodwill.exchange.models import ImportBatch, NotDuplicate
from goodwill.people.models import Person, PersonEmail, PersonPhone
from goodwill.people.rules import phone_match_key


def batches(owner) -> QuerySet[ImportBatch]:
    """The owner's imports, newest first, without the uploaded bytes."""
    return ImportBatch.objects.owned_by(owner).defer("data").order_by("-created_at", "-id")


def batch(owner, pk) -> ImportBatch:
    """One of the owner's imports (404 for anyone else's), without the uploaded bytes."""
    return ImportBatch.objects.defer("data").get_owned_or_404(owner, pk=pk)


NAME_ALONE = 90  # names this alike are suggested without any other evidence
NAME_WITH_ORG = 85  # ... or this alike when they work at the same organization
IDENTIFIER_BLOCK_MAX = 25  # an address shared by more people is a shared inbox, not a person
NAME_BLOCK_MAX = 400  # bigger name blocks are compared with the stricter sorted-name key only
GMAIL = {"gmail.com", "googlemail.com"}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class DuplicatePair:
    a_id: int
    b_id: int
    a_name: str
    b_name: str
    score: int
    reasons: list[str] = field(default_factory=list)

    @property
    def reason(self) -> str:
        text = ", ".join(self.reasons)
        return text[:1].upper() + text[1:]


def fold(text: str) -> str:
    return " ".join(_WORD.findall(anyascii(text or "").lower()))


def normalize_email(address: str) -> str:
    address = (address or "").strip().lower()
    local, at, domain = address.rpartition("@")
    if not at:
        return address
    if domain in GMAIL:
        local = local.split("+", 1)[0].replace(".", "")
        domain = "gmail.com"
    return f"{local}@{domain}"


def linkedin_key(url: str) -> str:
    """The profile slug of a LinkedIn URL ('linkedin.com/in/ana-ruiz/' → 'in/ana-ruiz')."""
    url = (url or "").strip().lower()
    if not url:
        return ""
    parsed = urlparse(url if "://" in url else "https://" + url)
    parts = [p for p in parsed.path.split("/") if p]
    if "linkedin." not in parsed.netloc or len(parts) < 2:
        return parsed.netloc + parsed.path.rstrip("/")
    return f"{parts[0]}/{parts[1]}"


def name_score(a: str, b: str) -> int:
    """0-100: word order does not matter; a missing middle name costs a little."""
    if not a or not b:
        return 0
    score = fuzz.token_sort_ratio(a, b)
    if min(a.count(" "), b.count(" ")) >= 1:  # both have two words or more
        score = max(score, fuzz.token_set_ratio(a, b) - 6)
    return round(score)


class _People:
    """Everything the finder needs, as plain tuples and dicts."""

    def __init__(self, owner, person_ids=None):
        qs = Person.objects.filter(owner=owner)
        if person_ids is not None:
            qs = qs.filter(pk__in=list(person_ids))
        rows = qs.values_list(
            "pk", "display_name", "given_name", "family_name", "organization_id", "linkedin_url"
        )
        self.name, self.folded, self.org, self.linkedin = {}, {}, {}, {}
        self.given_family: dict[int, tuple[str, str]] = {}
        for pk, display, given, family, org, linkedin in rows.iterator(chunk_size=5000):
            self.name[pk] = display
            folded = fold(display)
            self.folded[pk] = folded
            self.org[pk] = org
            self.linkedin[pk] = linkedin_key(linkedin)
            words = folded.split()
            g, f = fold(given), fold(family)
            if not (g and f) and len(words) >= 2:
                g, f = words[0], words[-1]
            self.given_family[pk] = (g.replace(" ", ""), f.replace(" ", ""))
        emails = PersonEmail.objects.filter(owner=owner).values_list("person_id", "address")
        phones = PersonPhone.objects.filter(owner=owner).values_list("person_id", "normalized")
        self.emails: dict[int, dict[str, str]] = defaultdict(dict)
        for pk, address in emails.iterator(chunk_size=5000):
            if pk in self.name:
                self.emails[pk][normalize_email(address)] = address
        self.phones: dict[int, dict[str, str]] = defaultdict(dict)
        for pk, normalized in phones.iterator(chunk_size=5000):
            if pk in self.name and (key := phone_match_key(normalized)):
                self.phones[pk][key] = normalized


def _blocks(people: _People) -> tuple[dict, dict]:
    identifiers: dict[str, list[int]] = defaultdict(list)
    names: dict[str, list[int]] = defaultdict(list)
    for pk in people.name:
        for key in people.emails.get(pk, ()):
            identifiers["e:" + key].append(pk)
        for key in people.phones.get(pk, ()):
            identifiers["p:" + key].append(pk)
        if people.linkedin[pk]:
            identifiers["l:" + people.linkedin[pk]].append(pk)
        folded = people.folded[pk]
        if folded:
            names["n:" + " ".join(sorted(folded.split()))].append(pk)
        given, family = people.given_family[pk]
        if given and family:
            names[f"f:{family[:3]}{given[0]}"].append(pk)
            names[f"g:{given[:3]}{family[0]}"].append(pk)
    return identifiers, names


def _evidence(people: _People, a: int, b: int) -> tuple[int, list[str]] | None:
    """The pair's score and the reasons for it, or None when it is not worth showing."""
    reasons = []
    for key in people.emails.get(a, {}).keys() & people.emails.get(b, {}).keys():
        reasons.append(f"same email {people.emails[a][key]}")
    for key in people.phones.get(a, {}).keys() & people.phones.get(b, {}).keys():
        reasons.append(f"same phone {people.phones[a][key]}")
    if people.linkedin[a] and people.linkedin[a] == people.linkedin[b]:
        reasons.append("same LinkedIn profile")
    same_org = people.org[a] is not None and people.org[a] == people.org[b]
    similar = name_score(people.folded[a], people.folded[b])
    if reasons:
        # A shared identifier is strong evidence; alike names make it near-certain.
        score = 90 + similar // 10 if similar >= 75 else 70 + similar // 10
        if similar >= 75:
            reasons.append("same name" if similar == 100 else f"names {similar}% alike")
    elif similar >= NAME_ALONE or (same_org and similar >= NAME_WITH_ORG):
        # Emails or phones on both sides that share nothing speak against it.
        conflicts = 8 * bool(people.emails.get(a) and people.emails.get(b))
        conflicts += 5 * bool(people.phones.get(a) and people.phones.get(b))
        score = similar - (0 if same_org else 5) - conflicts
        reasons.append("same name" if similar == 100 else f"names {similar}% alike")
    else:
        return None
    if same_org:
        reasons.append("same organization")
        score += 3
    return min(score, 100), reasons


def find_duplicates(owner, *, limit: int | None = None, person_ids=None) -> list[DuplicatePair]:
    """Likely pairs of the same person, best first, without those marked not the same.

    ``person_ids`` limits the search to pairs among these people.
    """
    people = _People(owner, person_ids)
    dismissed = set(NotDuplicate.objects.filter(owner=owner).values_list("a_id", "b_id"))
    identifiers, names = _blocks(people)
    candidates: set[tuple[int, int]] = set()
    for members in identifiers.values():
        if 2 <= len(members) <= IDENTIFIER_BLOCK_MAX:
            candidates.update(combinations(sorted(set(members)), 2))
    for key, members in names.items():
        if len(members) < 2 or (len(members) > NAME_BLOCK_MAX and not key.startswith("n:")):
            continue
        members = sorted(set(members))
        folded = [people.folded[m] for m in members]
        for i, j in combinations(range(len(members)), 2):
            if name_score(folded[i], folded[j]) >= NAME_WITH_ORG:
                candidates.add((members[i], members[j]))
    pairs = []
    for a, b in candidates - dismissed:
        found = _evidence(people, a, b)
        if found:
            score, reasons = found
            pairs.append(DuplicatePair(a, b, people.name[a], people.name[b], score, reasons))
    pairs.sort(key=lambda p: (-p.score, p.a_name.casefold(), p.a_id, p.b_id))
    return pairs[:limit] if limit else pairs
