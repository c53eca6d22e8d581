"""Paths from everyone you know, without loading them: ``search_from_query`` gives exactly
what ``search`` gives from the same sources loaded, whatever their number."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.network.models import Relationship
from goodwill.network.queries import paths, search
from goodwill.network.queries import search as path_search
from goodwill.people.models import Person
from goodwill.people.services import ensure_me

graphs = st.integers(min_value=2, max_value=16).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=3 * n,
        ),
        st.lists(st.integers(0, n - 1), max_size=n, unique=True),  # the sources
        st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True),
        st.sampled_from([1, 2, 3, 1000]),  # PROBE: tiny ones take every lazy branch
        st.integers(1, 6),
    )
)


def _build(owner, n, edges, sources):
    folks = Person.objects.bulk_create(
        Person(
            owner=owner, display_name=f"P{i}", met_on=dt.date(2025, 1, 1) if i in sources else None
        )
        for i in range(n)
    )
    ids = [p.pk for p in folks]
    pairs = {(ids[a], ids[b]) for a, b in edges} | {(ids[b], ids[a]) for a, b in edges}
    Relationship.objects.bulk_create(
        Relationship(owner=owner, src_id=s, dst_id=d, strength=1 + (s + d) % 5) for s, d in pairs
    )
    return ids


@pytest.mark.django_db
@settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
@given(graphs)
def test_it_finds_what_the_plain_search_finds(alice, monkeypatch, graph):
    n, edges, src, dst, probe, hops = graph
    monkeypatch.setattr(path_search, "PROBE", probe)
    Relationship.objects.filter(owner=alice).delete()
    Person.objects.filter(owner=alice, is_me=False).delete()
    ids = _build(alice, n, edges, set(src))
    query = Person.objects.filter(owner=alice, met_on__isnull=False).values_list("pk", flat=True)
    targets = {ids[i] for i in dst}
    plain = search.search(alice.pk, set(query), targets, max_hops=hops)
    lazy = search.search_from_query(alice.pk, query, targets, max_hops=hops)
    assert lazy.length == plain.length
    listed, expected = search.shortest_paths(lazy), search.shortest_paths(plain)
    if plain.length == 0:  # targets you know, in any order (find_paths answers them before)
        listed, expected = sorted(listed), sorted(expected)
    else:
        assert lazy.meet == plain.meet
    assert listed == expected


@pytest.mark.django_db
@pytest.mark.parametrize("probe", [1, 2, 1000])
def test_it_turns_to_the_sources_side_when_the_plain_search_would(alice, monkeypatch, probe):
    """Two sources, each three steps from the target through its own branch: once the
    target's frontier has two nodes, the plain search expands the two sources (not the
    frontier again), and so meets one step from the target, not at the sources."""
    monkeypatch.setattr(path_search, "PROBE", probe)
    edges = [(0, 1), (0, 2), (1, 3), (2, 4), (3, 5), (4, 6)]
    ids = _build(alice, 7, edges, {5, 6})
    query = Person.objects.filter(owner=alice, met_on__isnull=False).values_list("pk", flat=True)
    plain = search.search(alice.pk, set(query), {ids[0]})
    lazy = search.search_from_query(alice.pk, query, {ids[0]})
    assert (lazy.length, lazy.meet) == (plain.length, plain.meet) == (3, [ids[1], ids[2]])
    assert search.shortest_paths(lazy) == search.shortest_paths(plain)


def test_it_never_loads_everyone_you_know(alice, monkeypatch, django_assert_max_num_queries):
    """30 people known directly, PROBE 4: a path two steps beyond one of them is found
    without ever fetching them all (the plain loop, which needs them, is never entered)."""
    monkeypatch.setattr(path_search, "PROBE", 4)
    me = ensure_me(owner=alice)
    ids = _build(alice, 40, [(i, i + 1) for i in range(39)], set(range(30)))

    def loaded(*args, **kwargs):
        raise AssertionError("all the sources were loaded")

    monkeypatch.setattr(path_search, "search", loaded)
    monkeypatch.setattr(path_search, "_meet", loaded)
    with django_assert_max_num_queries(12):
        answer = paths.find_paths(alice, f"#{ids[31]}")
    assert [p.pk for p in answer.paths[0].people] == [me.pk, ids[29], ids[30], ids[31]]
    assert answer.direct == []
