"""The search behind warm introduction paths (see services/paths.py): a level-synchronous
bidirectional breadth-first search over the owner's relationship rows. Each level is ONE
indexed query ``src IN (frontier)``, and the smaller frontier is expanded first, so a path
over 100,000 people costs a handful of small queries. Every parent of a node at the level
it is found is kept, so every shortest path can be listed (and then ranked).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import QuerySet

from goodwill.network.models import Relationship

MAX_HOPS = 6
CHUNK = 5000  # ids per IN (): under every database's parameter limit
CANDIDATES = 300  # shortest paths listed before ranking
PROBE = 1000  # sources fetched to learn whether there are more than a frontier holds


# ---------------------------------------------------------------- the search


@dataclass
class Search:
    """The result of a bidirectional search: the shortest length and every parent."""

    length: int | None = None  # edges between a source and a target; None: not connected
    meet: list[int] = field(default_factory=list)
    fwd: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # node → (parent, s)
    bwd: dict[int, list[tuple[int, int]]] = field(default_factory=dict)
    queries: int = 0


def neighbours(owner_id: int, frontier: Iterable[int], exclude: int | None = None):
    """(src, dst, strength) of every relationship leaving ``frontier``: one query per
    CHUNK ids, usually one."""
    frontier = list(frontier)
    for start in range(0, len(frontier), CHUNK):
        rows = Relationship.objects.filter(
            owner_id=owner_id, src_id__in=frontier[start : start + CHUNK]
        )
        if exclude is not None:
            rows = rows.exclude(dst_id=exclude)
        yield from rows.values_list("src_id", "dst_id", "strength")


def search(
    owner_id: int,
    sources: Iterable[int],
    targets: Iterable[int],
    *,
    max_hops: int = MAX_HOPS,
    exclude: int | None = None,
) -> Search:
    """Shortest paths from any source to any target over the owner's relationships.

    ``exclude`` (your own record) is never stepped through."""
    result = Search()
    fdist = {s: 0 for s in sources if s != exclude}
    bdist = {t: 0 for t in targets if t != exclude}
    result.fwd = {s: [] for s in fdist}
    result.bwd = {t: [] for t in bdist}
    if not fdist or not bdist:
        return result
    both = [n for n in fdist if n in bdist]
    if both:
        result.length, result.meet = 0, both
        return result
    return _meet(
        owner_id, result, fdist, bdist, (list(fdist), 0), (list(bdist), 0), max_hops, exclude
    )


def _level(owner_id: int, front: list[int], dist: dict, exclude: int | None):
    """The nodes one step beyond ``front`` not yet in ``dist``, with their parents."""
    new: dict[int, list[tuple[int, int]]] = {}
    for src, dst, strength in neighbours(owner_id, front, exclude):
        if dst in dist:
            continue
        new.setdefault(dst, []).append((src, strength))
    return new, 1 + (len(front) - 1) // CHUNK


def _meet(owner_id, result: Search, fdist, bdist, fwd_at, bwd_at, max_hops, exclude) -> Search:
    """The level-synchronous bidirectional loop, from frontiers at the given depths."""
    (ffront, fdepth), (bfront, bdepth) = fwd_at, bwd_at
    while ffront and bfront and fdepth + bdepth < max_hops:
        forward = len(ffront) <= len(bfront)
        dist, parents, other = (fdist, result.fwd, bdist) if forward else (bdist, result.bwd, fdist)
        level = (fdepth if forward else bdepth) + 1
        new, queries = _level(owner_id, ffront if forward else bfront, dist, exclude)
        result.queries += queries
        for node, ps in new.items():
            dist[node] = level
            parents[node] = ps
        if forward:
            ffront, fdepth = list(new), level
        else:
            bfront, bdepth = list(new), level
        sums = {n: fdist[n] + bdist[n] for n in new if n in other}
        if sums:
            result.length = min(sums.values())
            result.meet = sorted(n for n, s in sums.items() if s == result.length)
            return result
    return result


def search_from_query(
    owner_id: int,
    sources: QuerySet,
    targets: Iterable[int],
    *,
    max_hops: int = MAX_HOPS,
    exclude: int | None = None,
) -> Search:
    """``search`` from sources given as a query of ids (everyone you know directly, maybe
    tens of thousands): the same levels and the same answer, without loading them all.

    The plain search expands the smaller side first. While the sources outnumber the
    targets' frontier they are never expanded, so it is enough to ask the database, level
    by level, which new nodes are sources (meeting there); how many sources there are is
    learnt from capped fetches (PROBE ids at first). A fetch that comes back short holds
    all of them, and the plain loop carries on from there."""
    result = Search()
    sources = sources.order_by() if exclude is None else sources.exclude(pk=exclude).order_by()
    bdist = {t: 0 for t in targets if t != exclude}
    result.bwd = {t: [] for t in bdist}
    bfront, bdepth, at_least = list(bdist), 0, 0
    while bfront:
        if len(bfront) >= at_least:  # not sure yet that the sources are more numerous
            cap = max(len(bfront) + 1, PROBE)
            some = list(sources[:cap])
            if len(some) < cap:  # all of the sources: the plain search from here
                if bdepth == 0:
                    return search(owner_id, some, bdist, max_hops=max_hops, exclude=exclude)
                fdist = {s: 0 for s in some}
                result.fwd = {s: [] for s in fdist}
                return _meet(
                    owner_id, result, fdist, bdist, (some, 0), (bfront, bdepth), max_hops, exclude
                )
            at_least = cap
        hits = among(sources, bfront if bdepth == 0 else [])
        if hits:  # a target is a source itself
            result.length, result.meet = 0, sorted(hits)
        if hits or bdepth >= max_hops:
            break
        new, queries = _level(owner_id, bfront, bdist, exclude)
        result.queries += queries
        bdepth += 1
        for node, ps in new.items():
            bdist[node] = bdepth
            result.bwd[node] = ps
        hits = among(sources, list(new))
        if hits:
            result.length, result.meet = bdepth, sorted(hits)
            break
        bfront = list(new)
    result.fwd = {m: [] for m in result.meet}
    return result


def among(sources: QuerySet, nodes: list[int]) -> set[int]:
    """Those of ``nodes`` that are sources: one query per CHUNK nodes."""
    found: set[int] = set()
    for start in range(0, len(nodes), CHUNK):
        found.update(sources.filter(pk__in=nodes[start : start + CHUNK]))
    return found


def _chains(parents, node: int, limit: int) -> list[list[int]]:
    """Up to ``limit`` parent chains from ``node`` back to a root (a node without parents),
    strongest links first; each chain starts at ``node``."""
    out: list[list[int]] = []
    stack = [[node]]
    while stack and len(out) < limit:
        chain = stack.pop()
        ps = parents.get(chain[-1]) or []
        if not ps:
            out.append(chain)
            continue
        for parent, _ in sorted(ps, key=lambda p: (p[1], -p[0])):
            stack.append([*chain, parent])
    return out


def shortest_paths(result: Search, limit: int = CANDIDATES) -> list[list[int]]:
    """Node lists source → target for the shortest paths found (up to ``limit``)."""
    if result.length is None:
        return []
    paths = []
    for m in result.meet:
        for back in _chains(result.fwd, m, limit):
            for ahead in _chains(result.bwd, m, limit):
                paths.append(back[::-1] + ahead[1:])
                if len(paths) >= limit:
                    return paths
    return paths
