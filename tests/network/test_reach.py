"""Reach (who you know, who one introduction reaches, month by month), what one
connection adds, dormant strong ties and bridges (checked against networkx)."""

from __future__ import annotations

import datetime as dt

import networkx as nx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.interactions import services as interactions
from goodwill.network import queries as network_queries
from goodwill.network import services as network
from goodwill.network.models import Relationship
from goodwill.network.queries import graph as network_graph
from goodwill.people import services as people
from goodwill.people.models import Person


@pytest.fixture
def world(frozen_now, alice, ana, coffee):
    """You know Ana (coffee) and Eve (met in 2025); Ana knows Ben and Cleo, Eve knows
    Cleo and Dan; Gus is recorded but knows nobody."""
    mk = lambda name, **kw: people.create_person(owner=alice, display_name=name, **kw)  # noqa: E731
    w = {"ana": ana, "eve": mk("Eve Stone", met_on=dt.date(2025, 11, 3))}
    for name in ("ben", "cleo", "dan", "gus"):
        w[name] = mk(name.title())
    network.connect_people(owner=alice, a=ana, b=w["ben"], since=dt.date(2026, 1, 10))
    network.connect_people(owner=alice, a=ana, b=w["cleo"], since=dt.date(2026, 3, 2))
    network.connect_people(owner=alice, a=w["eve"], b=w["cleo"])
    network.connect_people(owner=alice, a=w["eve"], b=w["dan"])
    return w


def test_it_counts_who_you_know_and_who_one_introduction_reaches(alice, world):
    counts = network_queries.reach_counts(alice)
    assert (counts.direct, counts.through_one_intro) == (2, 3)
    full = network_queries.reach(alice)
    assert (full.direct, full.through_one_intro, full.total) == (2, 3, 5)


def test_it_counts_reach_month_by_month(alice, world):
    months = {m.start: m for m in network_queries.reach(alice).months}
    assert len(months) == 12 and max(months) == dt.date(2026, 6, 1)
    nov, jan, mar, jun = (
        months[dt.date(y, m, 1)] for y, m in ((2025, 11), (2026, 1), (2026, 3), (2026, 6))
    )
    assert (nov.direct, nov.new, nov.reach) == (1, 1, 0)  # Eve; her links came later
    assert (jan.direct, jan.reach) == (1, 0)  # Ana knew Ben, but you met Ana in June
    assert (jun.direct, jun.new, jun.reach) == (2, 3 - 2, 3)  # Ana; then Ben, Cleo, Dan
    assert mar.reach == 0  # the links to Eve were recorded in June


def test_it_leaves_archived_and_unmet_people_out_of_direct(alice, world):
    people.set_archived(owner=alice, person=world["eve"], archived=True)
    assert network_queries.reach_counts(alice).direct == 1


def test_it_draws_the_two_charts(alice, world):
    charts = network_queries.reach_charts(network_queries.reach(alice))
    assert [c.empty for c in charts] == [False, False]
    assert any("reachable" in bar.title for bar in charts[0].bars)


def test_it_says_what_a_connection_adds(alice, world):
    eve = network_queries.person_network(alice, world["eve"])
    assert eve.is_direct and eve.mutual == []
    assert eve.introduces == [world["cleo"], world["dan"]]
    assert eve.only_through == [world["dan"]]  # Ana also knows Cleo
    ben = network_queries.person_network(alice, world["ben"])
    assert not ben.is_direct and ben.mutual == [world["ana"]] and ben.adds == 0
    assert network_queries.person_network(alice, world["gus"]) is None


def test_it_warns_about_a_strong_tie_going_dormant(alice, world, frozen_now):
    for _ in range(3):
        interactions.log_interaction(owner=alice, participants=[world["eve"].pk], kind="call")
    assert network_queries.dormant_strong_ties(alice) == []
    frozen_now(days=200)
    assert network_queries.dormant_strong_ties(alice) == [world["eve"]]
    world["eve"].refresh_from_db()
    assert network_queries.person_network(alice, world["eve"]).dormant
    assert not network_queries.person_network(alice, world["ana"]).dormant  # one coffee


def test_it_keeps_another_accounts_people_out_of_reach(alice, bob, world):
    twin = people.create_person(owner=bob, display_name="Ana Ruiz", met_on=dt.date(2024, 1, 1))
    other = people.create_person(owner=bob, display_name="Zed")
    network.connect_people(owner=bob, a=twin, b=other)
    Relationship.objects.create(owner=bob, src=world["ana"], dst=other)  # forged
    assert (network_queries.reach_counts(alice).direct,) == (2,)
    assert network_queries.reach_counts(alice).through_one_intro == 3
    assert (network_queries.reach_counts(bob).direct, network_queries.reach(bob).total) == (1, 2)


# ---------------------------------------------------------------- bridges vs networkx

graphs = st.integers(min_value=1, max_value=16).flatmap(
    lambda n: st.tuples(
        st.just(n),
        st.lists(
            st.tuples(st.integers(0, n - 1), st.integers(0, n - 1)).filter(lambda e: e[0] != e[1]),
            max_size=2 * n,
        ),
    )
)


@settings(max_examples=200, deadline=None, suppress_health_check=list(HealthCheck))
@given(graphs)
def test_it_finds_the_same_bridges_as_networkx(graph):
    n, edges = graph
    adjacency = {i: set() for i in range(n)}
    for a, b in edges:
        adjacency[a].add(b)
        adjacency[b].add(a)
    reference = nx.Graph(list(edges))
    reference.add_nodes_from(range(n))
    found = network_graph.articulation_points(adjacency)
    assert set(found) == set(nx.articulation_points(reference))
    for node, score in found.items():
        rest = reference.copy()
        component = nx.node_connected_component(reference, node)
        rest.remove_node(node)
        sizes = [len(c) for c in nx.connected_components(rest.subgraph(component - {node}))]
        assert score == sum(sizes) - max(sizes)


def test_it_lists_bridges_and_the_best_connected(alice, world):
    overview = network_graph.overview(network_graph.load_graph(alice))
    assert [(r.person, r.cut_off) for r in overview["bridges"]] == [
        (world["cleo"], 2),
        (world["ana"], 1),
        (world["eve"], 1),
    ]
    assert overview["links"] == 4 and overview["people"] == 6
    assert all(isinstance(r.person, Person) for r in overview["connected"])
