"""The network page, the path finder page, the graph's JSON, and the person panel."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goodwill.network import services as network
from goodwill.people import services as people


@pytest.fixture
def world(frozen_now, alice, ana, coffee):
    mk = lambda name, **kw: people.create_person(owner=alice, display_name=name, **kw)  # noqa: E731
    ben = mk("Ben Ortega", organization="Acme", tags=["climbing"])
    cleo = mk("Cleo Vidal", organization="Acme", tags=["climbing"])
    network.connect_people(owner=alice, a=ana, b=ben, kind="colleague", strength=4)
    network.connect_people(owner=alice, a=ben, b=cleo)
    return {"ana": ana, "ben": ben, "cleo": cleo}


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


def test_it_shows_reach_bridges_and_the_graph_hook(alice_client, world):
    body = alice_client.get("/network/").content.decode()
    assert "people you know directly" in body and "network-graph" in body
    assert "vendor/cytoscape" in body and "network.js" in body
    assert "Ben Ortega" in body  # a bridge and the best connected
    assert "links 1 person to the rest" in body


def test_it_filters_the_page_by_tag(alice_client, alice, world):
    tag = world["ben"].tags.get(name="climbing")
    body = alice_client.get(f"/network/?tag={tag.pk}").content.decode()
    assert f"graph.json?tag={tag.pk}" in body and "Ana Ruiz" not in body.split("Most connected")[1]


def test_it_finds_a_path_on_the_page_and_as_an_htmx_fragment(alice_client, world):
    body = alice_client.get("/network/path/?to=Cleo+Vidal").content.decode()
    assert "1 warm path to Cleo Vidal · 3 hops" in body
    assert "Ben Ortega is Ana Ruiz&#x27;s colleague" in body and "<html" in body
    fragment = alice_client.get("/network/path/?to=org:acme", HTTP_HX_REQUEST="true")
    text = fragment.content.decode()
    assert "<html" not in text and "to Acme" in text


def test_it_names_the_problem_when_nobody_matches(alice_client, world):
    response = alice_client.get("/network/path/?to=Nobody+Here")
    assert response.status_code == 422 and "Nobody, no organization" in response.content.decode()
    assert alice_client.get("/network/path/").status_code == 200


def test_it_serves_the_graph_as_json(alice_client, alice, world):
    data = alice_client.get("/network/graph.json").json()
    rings = {n["label"]: n["ring"] for n in data["nodes"]}
    assert rings == {"You": 0, "Ana Ruiz": 1, "Ben Ortega": 2, "Cleo Vidal": 3}
    ids = {n["label"]: n["id"] for n in data["nodes"]}
    assert sorted(map(sorted, data["edges"])) == sorted(
        sorted(e)
        for e in (
            (ids["Ana Ruiz"], ids["Ben Ortega"]),
            (ids["Ben Ortega"], ids["Cleo Vidal"]),
            (ids["You"], ids["Ana Ruiz"]),
        )
    )
    assert data["groups"][0] == "climbing" and data["total"] == data["shown"] == 3
    node = next(n for n in data["nodes"] if n["label"] == "Ben Ortega")
    assert node["url"] == f"/people/{world['ben'].pk}/"


def test_it_limits_the_graph_to_the_best_connected(alice, world):
    from goodwill.network.queries import graph as network_graph

    data = network_graph.graph_data(alice, limit=2)
    assert data["shown"] == 2 and data["total"] == 3
    assert [n["label"] for n in data["nodes"]] == ["You", "Ana Ruiz", "Ben Ortega"]


def test_it_shows_bob_none_of_alices_network(bob_client, world):
    for url in ("/network/", "/network/path/?to=Cleo", "/network/graph.json"):
        body = bob_client.get(url).content.decode()
        for secret in ("Ana Ruiz", "Ben Ortega", "Cleo Vidal", "climbing"):
            assert secret not in body, url


@pytest.mark.parametrize("url", ["/network/", "/network/graph.json", "/network/path/?to=Cleo"])
def test_it_adds_no_queries_for_more_people_and_links(alice_client, alice, world, url):
    _queries(alice_client, url)
    few = _queries(alice_client, url)
    for i in range(10):
        # Not met yourself (the path to Cleo keeps its length), each with a tag.
        friend = people.create_person(owner=alice, display_name=f"Friend {i}", tags=[f"t{i}"])
        network.connect_people(owner=alice, a=friend, b=world["cleo"], strength=1 + i % 5)
    assert _queries(alice_client, url) == few


def test_it_shows_what_a_connection_adds_on_the_person_page(alice_client, world):
    body = alice_client.get(f"/people/{world['ana'].pk}/").content.decode()
    assert "In your network" in body and "Only Ana Ruiz connects you to 1 person" in body
