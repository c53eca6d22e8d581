"""Paths, reach, bridges, the graph and a person's network over the API and the CLI."""

from __future__ import annotations

import json

import pytest

from goodwill.network import services as network
from goodwill.people import services as people
from tests.api_support import api_for, assert_error


@pytest.fixture
def world(frozen_now, alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben Ortega", organization="Acme")
    cleo = people.create_person(owner=alice, display_name="Cleo Vidal", tags=["investor"])
    network.connect_people(owner=alice, a=ana, b=ben, kind="colleague", strength=4)
    network.connect_people(owner=alice, a=ben, b=cleo, strength=2)
    return {"ana": ana, "ben": ben, "cleo": cleo}


def test_it_answers_a_path_over_the_api(api, world):
    body = api.get("/network/path", to="tag:investor").json()
    assert body["target"]["kind"] == "tag" and body["hops"] == 3
    [path] = body["paths"]
    assert [p["display_name"] for p in path["people"]] == [
        "You",
        "Ana Ruiz",
        "Ben Ortega",
        "Cleo Vidal",
    ]
    assert path["weakest"] == 2 and path["links"][2]["reason"].startswith("Ben Ortega knows")
    assert api.get("/network/path").json()["target"] is None


def test_it_names_the_field_for_an_unknown_target(api, world):
    assert_error(api.get("/network/path", to="org:Nowhere"), 422, "validation_error", "to")


def test_it_reports_reach_bridges_graph_and_a_person(api, world):
    reach = api.get("/network/reach").json()
    assert (reach["direct"], reach["through_one_intro"], len(reach["months"])) == (1, 1, 12)
    assert [b["person"]["display_name"] for b in api.get("/network/bridges").json()] == [
        "Ben Ortega"
    ]
    graph = api.get("/network/graph").json()
    assert graph["total"] == 3 and len(graph["edges"]) == 3
    ana = api.get(f"/people/{world['ana'].pk}/network").json()
    assert (
        ana["is_direct"]
        and ana["adds"] == 1
        and ana["only_through"][0]["display_name"] == "Ben Ortega"
    )


def test_it_keeps_bob_out_of_alices_network_over_the_api(client, bob, world):
    api = api_for(client, bob)
    assert_error(api.get(f"/people/{world['ana'].pk}/network"), 404, "not_found")
    assert_error(api.get("/network/path", to="Cleo Vidal"), 422, "validation_error", "to")
    tag = world["cleo"].tags.get()
    assert_error(api.get("/network/graph", tag=tag.pk), 404, "not_found")
    assert api.get("/network/reach").json()["direct"] == 0


def test_it_finds_a_path_from_the_cli(run, alice, world):
    result = run("--user", "alice", "path", "Cleo Vidal")
    assert result.exit_code == 0, result.output
    assert "1 path to Cleo Vidal, 3 hops" in result.output
    assert "You → Ana Ruiz → Ben Ortega → Cleo Vidal" in result.output
    data = json.loads(run("--user", "alice", "path", "org:Acme", "--json").output)
    assert data["hops"] == 2 and data["paths"][0]["people"][-1]["display_name"] == "Ben Ortega"
    assert "You already know Ana Ruiz" in run("--user", "alice", "path", "Ana Ruiz").output


def test_it_fails_clearly_from_the_cli_when_nobody_matches(run, alice, world):
    result = run("--user", "alice", "path", "Nobody Here")
    assert result.exit_code == 2 and "to: Nobody, no organization and no tag" in result.output


def test_it_prints_reach_from_the_cli(run, alice, world):
    result = run("--user", "alice", "reach")
    assert result.exit_code == 0, result.output
    assert "You know 1 person directly" in result.output
    assert "One introduction reaches 1 more" in result.output and "Ben Ortega" in result.output
    data = json.loads(run("--user", "alice", "reach", "--json").output)
    assert data["through_one_intro"] == 1 and data["months"][-1]["new"] == 1
