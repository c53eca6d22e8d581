"""Plan the demo data in plain Python: who exists, who met whom, what was said.

Nothing here touches the database. Everything is drawn from one random.Random and
seeded Faker instances, so a seed always gives the same plan (for the same "now").
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import itertools
import random
from dataclasses import dataclass, field

from anyascii import anyascii
from faker import Faker

from goodwill.demo.services import words
from goodwill.network.models import inverse_kind
from goodwill.people.rules import phone_key

ME = -1  # stands for the owner's own record in initiated_by
DAY = 86400.0
YEARS_OF_HISTORY = 5
INTERACTIONS_PER_PERSON = 6.5
# Closeness tiers: (share of people, weight for being in an interaction, own-cadence odds)
TIERS = [(0.06, 30.0, 0.4), (0.24, 6.0, 0.1), (0.70, 1.0, 0.02)]


@dataclass(slots=True)
class PersonPlan:
    given: str
    family: str
    tier: int
    added_at: float
    org: int | None = None
    title: str = ""
    location: str = ""
    linkedin_url: str = ""
    birthday: tuple[int | None, int, int] | None = None
    met_how: str = ""
    met_on: dt.date | None = None
    introducer: int | None = None
    tags: list[int] = field(default_factory=list)
    cadence_days: int | None = None
    archived: bool = False
    snoozed_until: dt.date | None = None
    about: str = ""
    emails: list[tuple[str, str]] = field(default_factory=list)
    phones: list[tuple[str, str, str]] = field(default_factory=list)
    first_at: float | None = None
    last_at: float | None = None


@dataclass(slots=True)
class InteractionPlan:
    at: float
    kind: str
    summary: str
    notes: str
    initiator: int | None
    people: tuple[int, ...]


@dataclass
class Plan:
    people: list[PersonPlan]
    org_names: list[str]
    interactions: list[InteractionPlan]
    # (a, b) with a < b -> (kind of the row a→b, strength, since, source, interaction index)
    edges: dict[tuple[int, int], tuple[str, int, dt.date | None, str, int | None]]
    # (person, text, source interaction, interaction it was asked in or None)
    asks: list[tuple[int, str, int, int | None]]


class _Slots(dict):
    """Template slots, each drawn only when a template uses it."""

    def __init__(self, planner: Planner, extra: dict):
        super().__init__(extra)
        self.planner = planner

    def __missing__(self, key: str) -> str:
        pick = self.planner.pick
        if key == "city":
            value = pick(ALL_CITIES)
        elif key == "org":
            value = pick(self.planner.org_names) if self.planner.org_names else "work"
        elif key == "first":
            value = "They"
        else:
            value = pick(SLOTS[key]).format_map(self)
        self[key] = value
        return value


SLOTS = {
    "event": words.EVENTS,
    "news": words.NEWS,
    "place": words.PLACES,
    "topic": words.TOPICS,
}
ALL_CITIES = [city for *_rest, cities in words.LOCALES for city in cities]
ORG_SUFFIXES = ["Labs", "Studio", "Partners", "Group", "Health", "Capital", "Works"]


@functools.cache
def _faker(locale: str) -> Faker:
    return Faker(locale)  # creating one costs ~50 ms: keep them


def slug(text: str) -> str:
    return "".join(ch for ch in anyascii(text).lower() if ch.isalnum())


class Planner:
    def __init__(self, *, people: int, seed: int, now: dt.datetime, region: str = ""):
        self.n = people
        self.region = region  # the account's default region: phone keys are read in it
        self.rng = random.Random(seed)
        self.random = self.rng.random
        # Midnight UTC today: the same seed gives the same data all day long.
        self.now = now.timestamp() // DAY * DAY
        self.today = now.date()
        self.locales = words.LOCALES
        self.locale_cum = list(itertools.accumulate(w for _, w, *_ in self.locales))
        self.pools = []
        for i, (code, *_rest) in enumerate(self.locales):
            fake = _faker(code)
            fake.seed_instance(seed * 1000 + i)
            self.pools.append(
                (
                    [fake.first_name() for _ in range(120)],
                    [fake.last_name() for _ in range(160)],
                    [fake.company() for _ in range(250)],
                )
            )
        self.org_names: list[str] = []

    def pick(self, seq):
        """rng.choice, four times faster (it matters: called millions of times)."""
        return seq[int(self.random() * len(seq))]

    # ------------------------------------------------------------ small helpers

    def fill(self, template: str, **extra) -> str:
        return template.format_map(_Slots(self, extra))

    def moment(self, start: float, end: float | None = None) -> float:
        end = self.now if end is None else end
        t = start + self.rng.random() * max(0.0, end - start)
        return t - t % 60

    def date_of(self, ts: float) -> dt.date:
        return dt.datetime.fromtimestamp(ts, dt.UTC).date()

    # ------------------------------------------------------------ people

    def make_orgs(self) -> None:
        wanted = max(2, round(self.n / 10))
        seen: set[str] = set()
        for attempt in range(wanted * 4):
            _firsts, lasts, companies = self.pools[attempt % len(self.pools)]
            name = self.pick(companies)
            if self.random() < 0.3:
                name = f"{self.pick(lasts)} {self.pick(ORG_SUFFIXES)}"
            if name.lower() not in seen:
                seen.add(name.lower())
                self.org_names.append(name)
            if len(self.org_names) >= wanted:
                break
        self.org_cum = list(
            itertools.accumulate(1 / (rank + 1) ** 0.8 for rank in range(len(self.org_names)))
        )

    def make_person(self, i: int, used_emails: set[str]) -> PersonPlan:
        rng = self.rng
        loc = bisect.bisect_right(self.locale_cum, rng.random() * self.locale_cum[-1])
        _code, _w, cc, phone_pattern, cities = self.locales[loc]
        firsts, lasts, _companies = self.pools[loc]
        r = rng.random()
        tier = 0 if r < TIERS[0][0] else 1 if r < TIERS[0][0] + TIERS[1][0] else 2
        added = self.now - DAY * (7 + rng.random() ** 0.7 * 365 * YEARS_OF_HISTORY)
        p = PersonPlan(given=self.pick(firsts), family=self.pick(lasts), tier=tier, added_at=added)
        if rng.random() < 0.75:
            p.org = bisect.bisect_right(self.org_cum, rng.random() * self.org_cum[-1])
        if rng.random() < 0.8:
            p.title = self.pick(words.TITLES)
        if rng.random() < 0.85:
            p.location = self.pick(cities)
        if rng.random() < 0.55:
            p.linkedin_url = (
                f"https://www.linkedin.com/in/{slug(p.given)}-{slug(p.family)}-"
                f"{rng.getrandbits(24):06x}"
            )
        if rng.random() < 0.55:
            day = dt.date(2000, 1, 1) + dt.timedelta(days=rng.randrange(366))
            year = rng.randint(1955, 2003) if rng.random() < 0.7 else None
            if year and (day.month, day.day) == (2, 29) and year % 4:
                year = None
            p.birthday = (year, day.month, day.day)
        if rng.random() < 0.65:
            p.met_on = self.date_of(added - DAY * rng.randrange(0, 3650))
        if rng.random() < 0.7:
            p.met_how = self.fill(self.pick(words.MET_HOW))
        if i > 0 and rng.random() < 0.12:
            p.introducer = rng.randrange(i)
        p.tags = self.pick_tags(tier)
        if rng.random() < TIERS[tier][2]:
            p.cadence_days = self.pick(words.OWN_CADENCES)
        p.archived = rng.random() < 0.03
        if rng.random() < 0.01:
            p.snoozed_until = self.today + dt.timedelta(days=rng.randint(1, 30))
        if rng.random() < 0.4:
            p.about = self.fill(self.pick(words.ABOUT))
        self.add_contacts(p, used_emails, cc, phone_pattern)
        return p

    def pick_tags(self, tier: int) -> list[int]:
        rng = self.rng
        count = rng.choices([0, 1, 2, 3], weights=[25, 45, 22, 8])[0]
        chosen = set(rng.choices(range(len(words.TAGS)), weights=self.tag_weights, k=count))
        if tier == 2:  # acquaintances rarely carry a keep-in-touch tag
            chosen = {t for t in chosen if not words.TAGS[t][1] or rng.random() < 0.2}
        if tier == 0 and rng.random() < 0.5:
            chosen.add(self.close_tag if rng.random() < 0.8 else self.family_tag)
        return sorted(chosen)

    def add_contacts(self, p: PersonPlan, used: set[str], cc: str, pattern: str) -> None:
        rng = self.rng
        first, last = slug(p.given) or "friend", slug(p.family) or "contact"
        domains = []
        if rng.random() < 0.9:
            domains.append(("personal", self.pick(words.FREE_MAIL)))
        if p.org is not None and (not domains or rng.random() < 0.25):
            domains.insert(0, ("work", slug(self.org_names[p.org])[:30] + ".example"))
        for label, domain in domains:
            local = f"{first}.{last}" if label == "personal" else first
            address = f"{local}@{domain}"
            while address in used:
                address = f"{local}{rng.randint(2, 999)}@{domain}"
            used.add(address)
            p.emails.append((label, address))
        if rng.random() < 0.6:
            digits = "".join(self.pick("0123456789") if ch == "#" else ch for ch in pattern)
            number = f"{cc} {digits}"
            p.phones.append(("mobile", number, phone_key(number, self.region)))

    # ------------------------------------------------------------ who knows whom

    def make_edges(self, people: list[PersonPlan]) -> dict:
        rng, n = self.rng, len(people)
        members: dict[int, list[int]] = {}
        for i, p in enumerate(people):
            if p.org is not None:
                members.setdefault(p.org, []).append(i)
        want = [rng.randint(2, 6) for _ in range(n)]
        deg = [0] * n
        edges: dict = {}
        kinds = ["knows", "friend", "colleague", "client", "provider", "mentor", "mentee", "family"]
        for i in range(n):
            tries = 0
            while deg[i] < want[i] and tries < 24:
                tries += 1
                r = rng.random()
                org = people[i].org
                same_org = r < 0.35 and org is not None and len(members[org]) > 1
                if same_org:
                    j = self.pick(members[org])
                elif r < 0.8:
                    block = i - i % 40
                    j = rng.randrange(block, min(n, block + 40))
                else:
                    j = rng.randrange(n)
                key = (i, j) if i < j else (j, i)
                if j == i or key in edges or deg[j] > want[j]:
                    continue
                kind = "colleague" if same_org and rng.random() < 0.8 else None
                kind = kind or rng.choices(kinds, weights=[45, 25, 10, 4, 4, 3, 3, 1])[0]
                if key[0] != i:  # the kind was drawn for the row i→j; store it for a→b
                    kind = inverse_kind(kind)
                since = (
                    self.date_of(self.moment(self.now - DAY * 3650)) if rng.random() < 0.7 else None
                )
                strength = rng.choices([1, 2, 3, 4, 5], weights=[15, 25, 30, 20, 10])[0]
                edges[key] = (kind, strength, since, "manual", None)
                deg[i] += 1
                deg[j] += 1
        for i, p in enumerate(people):
            if p.introducer is not None:
                key = (p.introducer, i)
                edges.setdefault(key, ("knows", 3, p.met_on, "introduced_by", None))
        return edges

    # ------------------------------------------------------------ interactions

    def make_interactions(self, people: list[PersonPlan], edges: dict) -> list[InteractionPlan]:
        rng, n = self.rng, len(people)
        adj: list[list[int]] = [[] for _ in range(n)]
        for a, b in edges:
            adj[a].append(b)
            adj[b].append(a)
        # People with a cadence get more attention (that is why they have one).
        keeps = {i for i, (_name, days, _w) in enumerate(words.TAGS) if days}
        weights = [
            TIERS[p.tier][1]
            * (0.3 if p.archived else 1.0)
            * (4.0 if p.cadence_days or keeps.intersection(p.tags) else 1.0)
            for p in people
        ]
        total = round(n * INTERACTIONS_PER_PERSON)
        primaries = rng.choices(range(n), weights=weights, k=total)
        kinds, kind_w = list(words.KIND_WEIGHTS), list(words.KIND_WEIGHTS.values())
        kind_seq = rng.choices(kinds, weights=kind_w, k=total)
        sizes = rng.choices([1, 2, 3, 4], weights=[85, 10, 4, 1], k=total)
        planned = []
        for primary, kind, size in zip(primaries, kind_seq, sizes, strict=True):
            p = people[primary]
            who = [primary]
            pool = adj[primary] or range(n)
            for _ in range(size - 1):
                other = self.pick(pool)
                if other not in who:
                    who.append(other)
            at = self.moment(p.added_at)
            org = self.org_names[p.org] if p.org is not None else "their office"
            summary = self.fill(self.pick(words.SUMMARIES[kind]), org=org)[:200]
            notes = ""
            if rng.random() < 0.5:
                count = self.pick([1, 1, 2, 3])
                notes = " ".join(
                    self.fill(self.pick(words.NOTES), first=p.given, org=org) for _ in range(count)
                )
            r = rng.random()
            initiator = ME if r < 0.45 else primary if r < 0.8 else None
            planned.append(InteractionPlan(at, kind, summary, notes, initiator, tuple(who)))
        planned.sort(key=lambda x: x.at)
        return planned

    def link_and_ask(self, people, interactions, edges) -> list:
        """Edges between co-participants, first/last contact times, things to ask."""
        rng = self.rng
        timeline: list[list[int]] = [[] for _ in people]
        position: list[int] = []
        for k, it in enumerate(interactions):
            position.append(len(timeline[it.people[0]]))
            for pid in it.people:
                timeline[pid].append(k)
            if len(it.people) > 1:
                for a, b in itertools.combinations(sorted(it.people), 2):
                    edges.setdefault((a, b), ("knows", 1, self.date_of(it.at), "interaction", k))
        for pid, ks in enumerate(timeline):
            if ks:
                p = people[pid]
                p.first_at, p.last_at = interactions[ks[0]].at, interactions[ks[-1]].at
                if p.met_on and self.date_of(p.first_at) < p.met_on:
                    p.met_on = self.date_of(p.first_at)
        asks = []
        for k, it in enumerate(interactions):
            if rng.random() >= 0.12:
                continue
            pid = it.people[0]
            org = people[pid].org
            text = self.fill(
                self.pick(words.ASKS), org=self.org_names[org] if org is not None else "work"
            )
            later = timeline[pid][position[k] + 1 : position[k] + 2]
            done = later[0] if later and rng.random() < 0.7 else None
            asks.append((pid, text, k, done))
        return asks

    def plan(self) -> Plan:
        self.tag_weights = [t[2] for t in words.TAGS]
        names = [t[0] for t in words.TAGS]
        self.close_tag, self.family_tag = names.index("close friend"), names.index("family")
        self.make_orgs()
        used: set[str] = set()
        people = [self.make_person(i, used) for i in range(self.n)]
        edges = self.make_edges(people)
        interactions = self.make_interactions(people, edges)
        asks = self.link_and_ask(people, interactions, edges)
        return Plan(people, self.org_names, interactions, edges, asks)
