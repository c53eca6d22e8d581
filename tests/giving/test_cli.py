"""`goodwill need|offer|give|intro ...` and `goodwill balance`."""

from __future__ import annotations

import json

from goodwill.api.schemas import dump_many
from goodwill.giving import queries
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.search import Match
from goodwill.giving.models import Give, Introduction, Need, Offer
from goodwill.giving.schemas import NeedOut
from goodwill.giving.services import intros
from goodwill.network.models import Relationship


def test_it_adds_a_need_and_lists_it_as_a_table_and_as_json(run, alice, ana, frozen_now):
    result = run("need", "add", "Ana Ruiz", "Hiring a designer")
    assert result.exit_code == 0, result.output
    need = Need.objects.get()
    assert f"Need {need.pk} noted for Ana Ruiz" in result.stdout
    assert f"goodwill need match {need.pk}" in result.stdout
    table = run("need", "list")
    assert "Hiring a designer" in table.stdout
    listed = json.loads(run("need", "list", "--json").stdout)
    assert listed == dump_many(NeedOut, queries.needs(alice, status="open"))


def test_it_names_the_field_of_a_bad_need_and_saves_nothing(run, alice, ana):
    blank = run("need", "add", "Ana Ruiz", "  ")
    assert blank.exit_code == 2 and "error: text:" in blank.stderr
    nobody = run("need", "add", "Zed", "x")
    assert nobody.exit_code == 2 and "error: person:" in nobody.stderr
    assert not Need.objects.exists()


def test_it_prints_ranked_matches_with_reasons(run, alice, ben, need, monkeypatch):
    found = [Match(ben.pk, "Ben Ortega", 0.8, ["React development (offer, March)"])]
    monkeypatch.setattr(matching, "match_need", lambda owner, n, limit=10: found)
    result = run("need", "match", str(need.pk))
    assert "1. Ben Ortega" in result.stdout and "React development (offer, March)" in result.stdout
    as_json = json.loads(run("need", "match", str(need.pk), "--json").stdout)
    assert as_json[0]["person_id"] == ben.pk and as_json[0]["reasons"]


def test_it_refuses_a_need_id_of_another_account(run, alice, bob, need, settings):
    settings.GOODWILL_CLI_USER = "bob"
    result = run("--user", "bob", "need", "match", str(need.pk))
    assert result.exit_code == 2 and f"No need with id {need.pk}" in result.stderr


def test_it_adds_offers_including_yours(run, alice, ana):
    assert run("offer", "add", "me", "Python code reviews").exit_code == 0
    assert run("offer", "add", "Ana", "Figma workshops").exit_code == 0
    assert Offer.objects.get(person__is_me=True).text == "Python code reviews"
    listed = json.loads(run("offer", "list", "--json").stdout)
    assert {o["text"] for o in listed} == {"Python code reviews", "Figma workshops"}


def test_it_logs_a_give_that_meets_a_need_with_met(run, alice, need):
    result = run("give", "add", "Sent two names", "--need", str(need.pk), "--kind", "referral")
    assert result.exit_code == 0, result.output
    assert Need.objects.get().status == "open"
    run("give", "add", "Introduced Ben", "--need", str(need.pk), "--met")
    assert Need.objects.get().status == "met" and Give.objects.count() == 2
    received = run("give", "add", "Reviewed my CV", "--from", "Ana", "--to", "me")
    assert received.exit_code == 0 and Give.objects.filter(receiver__is_me=True).count() == 1
    listed = json.loads(run("give", "list", "--json").stdout)
    assert len(listed) == 3
    balance = json.loads(run("balance", "--json").stdout)
    assert balance["given"] == 2 and balance["received"] == 1


def test_it_runs_an_introduction_from_suggest_to_outcome(run, alice, ana, ben, need):
    result = run("intro", "suggest", "Ben", "Ana", "--need", str(need.pk))
    assert result.exit_code == 0, result.output
    intro = Introduction.objects.get()
    assert "Next: ask-a" in result.stdout and "Hi Ben" in result.stdout
    assert "Next: ask-b" in run("intro", "ask", str(intro.pk)).stdout
    assert run("intro", "ask", str(intro.pk), "b").exit_code == 0
    made = run("intro", "made", str(intro.pk), "--met", "--json")
    assert json.loads(made.stdout)["status"] == "made"
    assert Relationship.objects.filter(src=ben, dst=ana).exists()
    assert Need.objects.get().status == "met"
    outcome = run("intro", "outcome", str(intro.pk), "Working together")
    assert "Outcome: Working together" in outcome.stdout
    listed = json.loads(run("intro", "list", "--state", "made", "--json").stdout)
    assert [i["id"] for i in listed] == [intro.pk]


def test_it_refuses_an_intro_step_out_of_order(run, alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    result = run("intro", "made", str(intro.pk))
    assert result.exit_code == 2 and "error: action:" in result.stderr
    declined = run("intro", "decline", str(intro.pk))
    assert declined.exit_code == 0 and Introduction.objects.get().declined_by == "me"
