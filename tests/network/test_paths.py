"""Introduction paths: agree with networkx on random graphs, rank warm ties first, explain
each link, resolve people / organizations / tags, and never use another account's people."""

from __future__ import annotations

import datetime as dt
import itertools

import networkx as nx
import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.interactions import services as interactions
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.network.queries import paths, search
from goodwill.people import services as people
from goodwill.people.models import Person

# ---------------------------------------------------------------- against networkx

graphs = st.integers(min_value=2, max_value=14).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=3 * n,
        ),
        st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True),
        st.lists(st.integers(0, n - 1), min_size=1, max_size=3, unique=True),
    )
)


def _build(owner, n, edges):
    folks = Person.objects.bulk_create(Person(owner=owner, display_name=f"P{i}") for i in range(n))
    ids = [p.pk for p in folks]
    pairs = {(ids[a], ids[b]) for a, b in edges} | {(ids[b], ids[a]) for a, b in edges}
    Relationship.objects.bulk_create(
        Relationship(owner=owner, src_id=s, dst_id=d, strength=3) for s, d in pairs
    )
    reference = nx.Graph()
    reference.add_nodes_from(ids)
    reference.add_edges_from(pairs)
    return ids, reference


@pytest.mark.django_db
@settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
@given(graphs)
def test_it_finds_the_same_shortest_paths_as_networkx(alice, graph):
    n, edges, src, dst = graph
    Relationship.objects.filter(owner=alice).delete()
    Person.objects.filter(owner=alice, is_me=False).delete()
    ids, reference = _build(alice, n, edges)
    sources, targets = {ids[i] for i in src}, {ids[i] for i in dst}
    reference.add_edges_from(("S", s) for s in sources)
    reference.add_edges_from(("T", t) for t in targets)
    expected = (
        nx.shortest_path_length(reference, "S", "T") - 2
        if nx.has_path(reference, "S", "T")
        else None
    )
    found = search.search(alice.pk, sources, targets, max_hops=n)
    assert found.length == expected
    listed = search.shortest_paths(found, limit=10_000)
    if expected is None:
        assert listed == []
        return
    # Every path listed is real and shortest, and networkx's shortest paths are all there.
    for p in listed:
        assert p[0] in sources and p[-1] in targets and len(p) - 1 == expected
        assert all(reference.has_edge(a, b) for a, b in itertools.pairwise(p))
    want = {tuple(p[1:-1]) for p in nx.all_shortest_paths(reference, "S", "T")}
    assert {tuple(p) for p in listed} == want


def test_it_costs_one_query_per_level(alice, django_assert_max_num_queries):
    ids, _ = _build(alice, 7, [(i, i + 1) for i in range(6)])
    with django_assert_max_num_queries(6):
        found = search.search(alice.pk, {ids[0]}, {ids[6]})
    assert found.length == 6 and found.queries == 6


# ---------------------------------------------------------------- from you, explained


@pytest.fixture
def world(frozen_now, alice, ana, coffee):
    """You know Ana (coffee); Ana's colleague Ben works at Acme with Cleo; Dan is
    Cleo's friend; Eve knows Dan weakly, and you met Eve long ago."""
    mk = lambda name, **kw: people.create_person(owner=alice, display_name=name, **kw)  # noqa: E731
    ben = mk("Ben Ortega", organization="Acme", tags=["climbing"])
    cleo = mk("Cleo Vidal", organization="Acme")
    dan = mk("Dan Wu", tags=["investor"])
    eve = mk("Eve Stone", met_on=dt.date(2019, 5, 1))
    network.connect_people(owner=alice, a=ana, b=ben, kind="colleague", strength=4)
    network.connect_people(owner=alice, a=ben, b=cleo, strength=3)
    network.connect_people(owner=alice, a=cleo, b=dan, kind="friend", strength=5)
    network.connect_people(owner=alice, a=eve, b=dan, strength=1)
    return {"ana": ana, "ben": ben, "cleo": cleo, "dan": dan, "eve": eve}


def test_it_finds_a_path_through_the_people_you_know(alice, world):
    answer = paths.find_paths(alice, "Cleo Vidal")
    assert answer.target.kind == "person" and answer.hops == 3
    best = answer.paths[0]
    assert [p.display_name for p in best.people[1:]] == ["Ana Ruiz", "Ben Ortega", "Cleo Vidal"]
    assert best.people[0].is_me
    assert "you last talked today" in best.links[0].reason
    assert best.links[1].reason.startswith("Ben Ortega is Ana Ruiz's colleague")


def test_it_ranks_stronger_ties_first_among_equally_short_paths(alice, world):
    answer = paths.find_paths(alice, "Dan Wu")
    assert [p.hops for p in answer.paths] == [2]
    assert answer.paths[0].introducers == [world["eve"]]
    # Make the chain through Ana as short as Eve's and stronger: it wins.
    network.connect_people(owner=alice, a=world["ana"], b=world["dan"], strength=4)
    answer = paths.find_paths(alice, "Dan Wu")
    assert [p.introducers for p in answer.paths] == [[world["ana"]], [world["eve"]]]
    assert answer.paths[0].weakest > answer.paths[1].weakest


def test_it_prefers_the_fresher_tie_when_strength_is_equal(alice, world, frozen_now):
    frank = people.create_person(owner=alice, display_name="Frank Hale")
    interactions.log_interaction(owner=alice, participants=[frank.pk], kind="call")
    network.connect_people(owner=alice, a=frank, b=world["dan"], strength=1)
    ranked = [p.introducers for p in paths.find_paths(alice, "Dan Wu").paths]
    assert ranked == [[frank], [world["eve"]]]


def test_it_answers_for_an_organization_a_tag_and_an_id(alice, world):
    org = paths.find_paths(alice, "org:acme")
    assert org.target.kind == "organization" and org.target.label == "Acme"
    assert org.hops == 2 and org.paths[0].people[-1] == world["ben"]
    assert paths.find_paths(alice, "Acme").target.kind == "organization"
    tag = paths.find_paths(alice, "tag:investor")
    assert tag.target.kind == "tag" and tag.paths[0].people[-1] == world["dan"]
    assert paths.find_paths(alice, f"#{world['cleo'].pk}").hops == 3


def test_it_says_when_you_know_the_target_already(alice, world):
    answer = paths.find_paths(alice, "Ana Ruiz")
    assert answer.direct == [world["ana"]] and answer.hops == 1


def test_it_explains_an_introduction_and_a_shared_meeting(alice, world, frozen_now):
    people.create_person(owner=alice, display_name="Gia Park", introduced_by=world["dan"])
    last = paths.find_paths(alice, "Gia Park").paths[0].links[-1]
    assert last.reason == "Dan Wu introduced Gia Park to you, strength 3"
    hal = people.create_person(owner=alice, display_name="Hal Berg")
    interactions.log_interaction(
        owner=alice, participants=[world["eve"].pk, hal.pk], summary="Design meetup"
    )
    me = Person.objects.get(owner=alice, is_me=True)
    [explained] = paths.explain(alice, [[me.pk, world["eve"].pk, hal.pk]])
    assert (
        explained.links[-1].reason
        == "Eve Stone knows Hal Berg, met at 'Design meetup' (15 Jun 2026), strength 1"
    )


def test_it_returns_no_path_when_nobody_connects(alice, world):
    people.create_person(owner=alice, display_name="Ivy Lone")
    answer = paths.find_paths(alice, "Ivy Lone")
    assert answer.paths == [] and answer.hops is None


@pytest.mark.parametrize("text", ["", "   ", "Nobody Here", "org:Nowhere", "tag:nothing"])
def test_it_names_the_field_when_the_target_is_unknown(alice, world, text):
    with pytest.raises(ValidationError) as caught:
        paths.find_paths(alice, text)
    assert "to" in caught.value.message_dict


def test_it_never_uses_another_accounts_people(alice, bob, world):
    """bob has the same names and links that would make a shortcut: none is used."""
    mine = {p.pk for p in Person.objects.filter(owner=alice)}
    twins = {
        name: people.create_person(owner=bob, display_name=name)
        for name in ("Ana Ruiz", "Cleo Vidal", "Dan Wu")
    }
    network.connect_people(owner=bob, a=twins["Ana Ruiz"], b=twins["Dan Wu"], strength=5)
    # A forged cross-account row must not be followed either.
    Relationship.objects.create(owner=bob, src=world["ana"], dst=twins["Dan Wu"], strength=5)
    answer = paths.find_paths(alice, "Dan Wu")
    assert answer.target.people == [world["dan"]]
    for p in answer.paths:
        assert {x.pk for x in p.people} <= mine
    with pytest.raises(ValidationError):
        paths.find_paths(bob, "Eve Stone")
