"""Who could meet a need: a lexical / structured matcher over the owner's network.

Interface used by the giving area (need pages, `goodwill need match`), the person page,
Today and the digest. Never crosses accounts: every function takes the owner, and every
query is filtered by it.

How a score is made (docs/matching.md has the long version): the need's text becomes
terms (stems and synonym concepts, see matching_text); each person's fields are stored
as weighted terms in MatchTerm (offers count most, then title, tags, organization,
notes; their own open needs count against them). A person's score is the sum, over the
need's terms, of their weight for the term, times how rare the term is in the network,
times 1 for a word or CONCEPT for a synonym concept. Where someone lives counts for needs
about moving (LOC_MOVE), and only a little otherwise (LOC_PLAIN).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db import connection
from django.db.models import Count

from goodwill.giving.matching.index import fresh_index
from goodwill.giving.matching.reasons import load_people, reasons_for
from goodwill.giving.matching.text import terms
from goodwill.giving.models import MatchTerm, Need, NeedStatus
from goodwill.people.models import Person

CONCEPT = 0.6  # a synonym concept counts for less than the same word
LOC_MOVE = 1.2  # where someone lives, for a need about moving there
LOC_PLAIN = 0.25  # … for any other need that names a place
MIN_SCORE = 0.7  # below this a suggestion is noise (tuned on the labeled set)
MAX_DF_SHARE = 0.05  # in big networks, terms this common are dropped from the query…
MAX_DF_FLOOR = 500  # …but only when more than this many people have them
OPEN_NEEDS_SCANNED = 10  # open_needs_with_helpers looks at the most recent needs


@dataclass
class Match:
    """Someone who could meet a need, with the reasons shown to the user."""

    person_id: int
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)  # e.g. "React developer (title)"
    is_me: bool = False

    @property
    def summary(self) -> str:
        """ "Ben Ortega — React developer (title); offered “mentoring” in March 2026"."""
        return f"{self.name} — {'; '.join(self.reasons)}" if self.reasons else self.name


@dataclass
class NeedMatch:
    """An open need of someone else that a given person could meet."""

    need_id: int
    text: str
    person_id: int  # whose need it is
    name: str
    score: float
    reasons: list[str] = field(default_factory=list)


# ---------------------------------------------------------------- the query side


def query_terms(text: str) -> dict[str, float]:
    """term → factor for a need's text (before weighting by rarity)."""
    found = terms(text)
    moving = "@relocate" in found
    query: dict[str, float] = {}
    for term in found:
        kind = CONCEPT if term.startswith("@") else 1.0
        query[term] = kind
        query[f"loc:{term}"[:48]] = kind * (LOC_MOVE if moving else LOC_PLAIN)
    return query


class _NeedRow(NamedTuple):
    pk: int
    text: str
    details: str
    person_id: int
    name: str  # whose need it is


def _need_text(need) -> str:
    return f"{need.text}. {need.details}" if need.details else need.text


class _TermCounts:
    """How many people have each term, per owner, for as long as the index's token stays
    the same (it changes with every write to the index). A few recent owners are kept."""

    OWNERS = 32

    def __init__(self):
        self.by_owner: dict[int, tuple[str, int, dict[str, int]]] = {}

    def get(self, owner, token: str, terms: set[str], cap: int) -> dict[str, int]:
        kept = self.by_owner.pop(owner.pk, None)
        if kept is None or not token or kept[:2] != (token, cap):
            kept = (token, cap, {})
        known = kept[2]
        missing = sorted(terms - known.keys())
        if missing:
            counted = _count_terms(owner, missing, cap)
            known.update({t: counted.get(t, 0) for t in missing})
        self.by_owner[owner.pk] = kept
        while len(self.by_owner) > self.OWNERS:
            del self.by_owner[next(iter(self.by_owner))]
        return {t: known[t] for t in terms}


_term_counts = _TermCounts()
CAPPED_TERMS = 300  # up to this many terms are counted one by one, each stopping at the cap


def _count_terms(owner, terms: list[str], cap: int) -> dict[str, int]:
    """term → people with it, counted only up to ``cap`` (past it the term is too common
    to be used, and counting the rest would be most of the work)."""
    if len(terms) > CAPPED_TERMS:
        rows = (
            MatchTerm.objects.filter(owner=owner, term__in=terms)
            .values_list("term")
            .annotate(df=Count("id"))
            .order_by()
        )
        return {t: min(df, cap) for t, df in rows}
    one = (
        f"SELECT %s, COUNT(*) FROM (SELECT 1 FROM {_table('MatchTerm')}"  # noqa: S608
        " WHERE owner_id = %s AND term = %s LIMIT %s) AS c"
    )
    params = [x for t in terms for x in (t, owner.pk, t, cap)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join([one] * len(terms)), params)
        return dict(cursor.fetchall())


def _rarity(owner, query_sets: list[dict[str, float]], built: tuple[int, str]) -> dict[str, float]:
    """term → ln(1 + N/df) / ln(1 + N) for every term the queries use and someone has,
    leaving out terms too common to say anything (more than MAX_DF_SHARE of a big
    network). ``built`` is (N, the index's token) from ``fresh_index``."""
    wanted = {t for q in query_sets for t in q}
    if not wanted:
        return {}
    people = built[0]
    cutoff = int(max(MAX_DF_FLOOR, MAX_DF_SHARE * people))
    counts = _term_counts.get(owner, built[1], wanted, cutoff + 1)
    n = max(people, 1)
    scale = math.log(1 + n)  # a term only one person has weighs 1, whatever the network size
    return {t: math.log(1 + n / df) / scale for t, df in counts.items() if 0 < df <= cutoff}


def _weighted(query: dict[str, float], rarity: dict[str, float]) -> list[tuple[str, float]]:
    return [(t, round(f * rarity[t], 4)) for t, f in query.items() if t in rarity]


def _table(name: str) -> str:
    model = {"MatchTerm": MatchTerm, "Person": Person}[name]
    return connection.ops.quote_name(model._meta.db_table)


def _top(owner, weighted, *, exclude: int | None, limit: int) -> list[tuple[int, float]]:
    """(person id, score) of the best non-archived people for one weighted query."""
    if not weighted:
        return []
    values = ", ".join(["(%s, CAST(%s AS DOUBLE PRECISION))"] * len(weighted))
    sql = (
        f"WITH q(term, w) AS (VALUES {values}) "  # noqa: S608 (placeholders only)
        "SELECT s.person_id, s.score FROM ("
        " SELECT t.person_id, SUM(t.weight * q.w) AS score"
        f" FROM q JOIN {_table('MatchTerm')} t ON t.owner_id = %s AND t.term = q.term"
        " GROUP BY t.person_id) s"
        f" JOIN {_table('Person')} p ON p.id = s.person_id"
        " WHERE p.archived = %s AND p.owner_id = %s AND s.person_id <> %s AND s.score >= %s"
        " ORDER BY s.score DESC, s.person_id LIMIT %s"
    )
    params = [x for pair in weighted for x in pair]
    params += [owner.pk, False, owner.pk, exclude or 0, MIN_SCORE, limit]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(pid, float(score)) for pid, score in cursor.fetchall()]


def _matches(owner, ranked, query: dict[str, float], people=None) -> list[Match]:
    people = people if people is not None else load_people(owner, [pid for pid, _ in ranked])
    out = []
    for pid, score in ranked:
        info = people.get(pid)
        if info is None:
            continue
        p = info["person"]
        out.append(
            Match(
                person_id=pid,
                name=p.display_name,
                score=round(score, 2),
                reasons=reasons_for(info, set(query)),
                is_me=p.is_me,
            )
        )
    return out


def _match(owner, text: str, *, exclude: int | None, limit: int) -> list[Match]:
    built = fresh_index(owner)
    query = query_terms(text)
    rarity = _rarity(owner, [query], built)
    ranked = _top(owner, _weighted(query, rarity), exclude=exclude, limit=limit)
    return _matches(owner, ranked, query)


# ---------------------------------------------------------------- the interface


def match_need(owner, need, *, limit: int = 10) -> list[Match]:
    """People (you included) who could meet ``need``, best first; never its own person."""
    need = Need.objects.get_owned_or_404(owner, pk=getattr(need, "pk", need))
    return _match(owner, _need_text(need), exclude=need.person_id, limit=limit)


def match_text(owner, text: str, *, limit: int = 10) -> list[Match]:
    """The same matcher for free text ("someone offering React help")."""
    return _match(owner, text or "", exclude=None, limit=limit)


def needs_person_can_meet(owner, person, *, limit: int = 10) -> list[NeedMatch]:
    """Open needs of other people that ``person`` could meet, best first."""
    person = Person.objects.get_owned_or_404(owner, pk=getattr(person, "pk", person))
    built = fresh_index(owner)
    mine = dict(
        MatchTerm.objects.filter(owner=owner, person_id=person.pk).values_list("term", "weight")
    )
    if not mine:
        return []
    # Plain rows, not models: 500 needs with their people as objects cost the person
    # page ~15 ms at 30,000 people.
    needs = [
        _NeedRow(*row)
        for row in Need.objects.filter(owner=owner, status=NeedStatus.OPEN, person__archived=False)
        .exclude(person=person)
        .order_by("-heard_on", "-id")
        .values_list("pk", "text", "details", "person_id", "person__display_name")[:500]
    ]
    queries = [query_terms(_need_text(n)) for n in needs]
    rarity = _rarity(owner, [{t: 1 for t in q if t in mine} for q in queries], built)
    scored = []
    for need, query in zip(needs, queries, strict=True):
        if mine.keys().isdisjoint(query):
            continue
        score = sum(w * mine[t] for t, w in _weighted(query, rarity) if t in mine)
        if score >= MIN_SCORE:
            scored.append((score, need, query))
    scored.sort(key=lambda s: (-s[0], -s[1].pk))
    info = load_people(owner, [person.pk]).get(person.pk) if scored else None
    return [
        NeedMatch(
            need_id=need.pk,
            text=need.text,
            person_id=need.person_id,
            name=need.name,
            score=round(score, 2),
            reasons=reasons_for(info, set(query)),
        )
        for score, need, query in scored[:limit]
    ]


def open_needs_with_helpers(owner, *, limit: int = 5, per_need: int = 3) -> list[tuple]:
    """(need, [Match, ...]) for open needs that someone can meet, best first.
    Today and the digest call this through goodwill.giving.queries.needs_you_can_meet.
    A fixed number of queries whatever the size of the network."""
    built = fresh_index(owner)
    needs = list(
        Need.objects.filter(owner=owner, status=NeedStatus.OPEN, person__archived=False)
        .select_related("person")
        .order_by("-heard_on", "-id")[: max(limit * 2, OPEN_NEEDS_SCANNED)]
    )
    queries = [query_terms(_need_text(n)) for n in needs]
    rarity = _rarity(owner, queries, built)
    rows = []
    for i, (need, query) in enumerate(zip(needs, queries, strict=True)):
        rows += [(i, t, w, need.person_id) for t, w in _weighted(query, rarity)]
    best = _top_many(owner, rows, per_need)
    # Rank by the best helper first, so that only the needs shown are explained (the rest
    # only if a helper vanished in between).
    ranked = sorted(best, key=lambda i: (-round(best[i][0][1], 2), -needs[i].pk))
    result = []
    for part in (ranked[:limit], ranked[limit:]):
        if len(result) >= limit or not part:
            break
        helpers = load_people(owner, {pid for i in part for pid, _ in best[i]})
        for i in part:
            matches = _matches(owner, best[i], queries[i], helpers)
            if matches:
                result.append((needs[i], matches))
    result.sort(key=lambda item: (-item[1][0].score, -item[0].pk))
    return result[:limit]


def _top_many(owner, rows, per_need: int) -> dict[int, list[tuple[int, float]]]:
    """Several needs in one query: the best ``per_need`` helpers of each."""
    if not rows:
        return {}
    values = ", ".join(["(%s, %s, CAST(%s AS DOUBLE PRECISION), %s)"] * len(rows))
    sql = (
        f"WITH q(need, term, w, own) AS (VALUES {values}) "  # noqa: S608
        "SELECT need, person_id, score FROM ("
        " SELECT s.need, s.person_id, s.score, ROW_NUMBER() OVER"
        "  (PARTITION BY s.need ORDER BY s.score DESC, s.person_id) AS rn FROM ("
        "  SELECT q.need, t.person_id, SUM(t.weight * q.w) AS score"
        f"  FROM q JOIN {_table('MatchTerm')} t ON t.owner_id = %s AND t.term = q.term"
        "   AND t.person_id <> q.own GROUP BY q.need, t.person_id) s"
        f" JOIN {_table('Person')} p ON p.id = s.person_id"
        " WHERE p.archived = %s AND p.owner_id = %s AND s.score >= %s) r"
        " WHERE rn <= %s ORDER BY need, rn"
    )
    params = [x for row in rows for x in row] + [owner.pk, False, owner.pk, MIN_SCORE, per_need]
    best: dict[int, list[tuple[int, float]]] = {}
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for need, pid, score in cursor.fetchall():
            best.setdefault(need, []).append((pid, float(score)))
    return best
