"""The whole picture: your people and their links as a graph, its bridges, the graph view.

A **bridge** is someone whose absence would split the people you have recorded into
groups that no longer know each other (an articulation point of the relationship graph,
found with Tarjan's depth-first search in O(people + links)). Their score is how many
people would be cut off from the largest remaining group. You are left out of this graph:
you connect everyone you know, so you are never the answer.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import F

from goodwill.network.models import Relationship
from goodwill.network.queries.paths import direct_ids
from goodwill.people.models import Person
from goodwill.people.queries import me_id, person_page_prefix

GRAPH_LIMIT = 2000  # nodes drawn at most; beyond, the best-connected are kept
PALETTE = 8  # tags that get their own colour; the rest are "other"


@dataclass
class Graph:
    names: dict[int, str]  # person id -> display name (plain values: 30,000 models cost 0.3 s)
    adjacency: dict[int, set[int]]
    me: int | None
    direct: set[int]


def load_graph(owner, *, tag_id: int | None = None) -> Graph:
    """Everyone (not archived, not you) and their links: three queries."""
    me = me_id(owner)
    people = Person.objects.filter(owner=owner, archived=False, is_me=False)
    if tag_id is not None:
        people = people.filter(tags__id=tag_id)
    names = dict(people.values_list("pk", "display_name"))
    adjacency: dict[int, set[int]] = {pk: set() for pk in names}
    rows = Relationship.objects.filter(owner=owner, src_id__lt=F("dst_id"))
    for src, dst in rows.values_list("src_id", "dst_id"):
        if src in adjacency and dst in adjacency:
            adjacency[src].add(dst)
            adjacency[dst].add(src)
    return Graph(names, adjacency, me, direct_ids(owner, me) & set(names))


def articulation_points(adjacency: dict[int, set[int]]) -> dict[int, int]:
    """Bridge people → how many would be cut off from the largest remaining group.

    Iterative Tarjan: low-link values and subtree sizes in one depth-first pass."""
    disc: dict[int, int] = {}
    low: dict[int, int] = {}
    size: dict[int, int] = {}
    scores: dict[int, int] = {}
    clock = 0
    for root in sorted(adjacency):
        if root in disc:
            continue
        component_start = clock
        split: dict[int, list[int]] = {}
        disc[root] = low[root] = clock
        size[root] = 1
        clock += 1
        stack = [(root, None, iter(sorted(adjacency[root])))]
        while stack:
            node, parent, children = stack[-1]
            advanced = False
            for child in children:
                if child == parent:
                    continue
                if child in disc:
                    low[node] = min(low[node], disc[child])
                    continue
                disc[child] = low[child] = clock
                size[child] = 1
                clock += 1
                stack.append((child, node, iter(sorted(adjacency[child]))))
                advanced = True
                break
            if advanced:
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                size[parent] += size[node]
                if low[node] >= disc[parent]:
                    split.setdefault(parent, []).append(size[node])
        total = clock - component_start
        for node, pieces in split.items():
            if node == root and len(pieces) < 2:
                continue
            rest = total - 1 - sum(pieces)
            if node == root:
                rest = 0
            everything = [*pieces, rest] if rest else pieces
            scores[node] = sum(everything) - max(everything)
    return {n: s for n, s in scores.items() if s > 0}


@dataclass
class Ranked:
    person: Person
    links: int
    cut_off: int = 0


def overview(graph: Graph, *, limit: int = 12) -> dict:
    """Most connected people and the bridges, for the network page and its no-JS view."""
    degree = {pk: len(n) for pk, n in graph.adjacency.items()}
    connected = sorted((pk for pk in degree if degree[pk]), key=lambda pk: (-degree[pk], pk))
    bridges = articulation_points(graph.adjacency)
    ranked = sorted(bridges, key=lambda pk: (-bridges[pk], -degree[pk], pk))

    def person(pk: int) -> Person:
        return Person(pk=pk, display_name=graph.names[pk])

    return {
        "connected": [Ranked(person(pk), degree[pk]) for pk in connected[:limit]],
        "bridges": [Ranked(person(pk), degree[pk], bridges[pk]) for pk in ranked[:limit]],
        "people": len(graph.names),
        "links": sum(degree.values()) // 2,
    }


def graph_data(owner, *, tag_id: int | None = None, limit: int = GRAPH_LIMIT) -> dict:
    """Nodes and edges for the graph view: you in the centre, ring 1 the people you know,
    ring 2 those one introduction away, ring 3 the rest. Colour group = the person's most
    common tag. Above ``limit`` people, the best-connected (direct contacts first) stay."""
    graph = load_graph(owner, tag_id=tag_id)
    reach2 = {n for d in graph.direct for n in graph.adjacency.get(d, ())} - graph.direct
    ring = {pk: 1 if pk in graph.direct else 2 if pk in reach2 else 3 for pk in graph.names}
    degree = {pk: len(n) for pk, n in graph.adjacency.items()}
    keep = sorted(graph.names, key=lambda pk: (ring[pk], -degree[pk], pk))[:limit]
    kept = set(keep)
    tag_rows = Person.tags.through.objects.filter(person__owner=owner)
    tag_rows = tag_rows.values_list("person_id", "tag__name")
    tags_of: dict[int, list[str]] = {}
    for pk, name in tag_rows:
        if pk in kept:
            tags_of.setdefault(pk, []).append(name)
    counts = Counter(name for names in tags_of.values() for name in names)
    colours = [name for name, _ in counts.most_common(PALETTE)]
    detail = person_page_prefix()
    nodes = []
    if graph.me is not None:
        nodes.append({"id": graph.me, "label": "You", "ring": 0, "group": "", "url": ""})
    for pk in keep:
        names = sorted(tags_of.get(pk, []), key=lambda n: (-counts[n], n))
        group = next((n for n in names if n in colours), "other" if names else "")
        nodes.append(
            {
                "id": pk,
                "label": graph.names[pk],
                "ring": ring[pk],
                "group": group,
                "degree": degree[pk],
                "url": f"{detail}{pk}/",
            }
        )
    edges = [[a, b] for a in keep for b in graph.adjacency[a] if a < b and b in kept]
    if graph.me is not None:
        edges += [[graph.me, pk] for pk in keep if ring[pk] == 1]
    return {
        "nodes": nodes,
        "edges": edges,
        "groups": colours,
        "total": len(graph.names),
        "shown": len(keep),
    }
