"""The giving pages: home, needs with ranked helpers, offers, the give form, the
introduction workflow, the balance, the person panel and the log form's need capture;
query counts on the list pages; bob's 404s."""

from __future__ import annotations

import pytest

from goodwill.giving import services as giving
from goodwill.giving.matching import search as matching
from goodwill.giving.matching.search import Match
from goodwill.giving.models import Give, Introduction, Need, Offer
from goodwill.giving.services import intros
from goodwill.interactions.models import Interaction
from goodwill.people import services as people
from tests.support import make_ben, queries_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def ben(alice):
    # Overrides the shared ben (conftest.py): a title, which matches and intros quote.
    return make_ben(alice, title="React developer")


def add_rows(alice, n: int) -> None:
    for i in range(n):
        p = people.create_person(owner=alice, display_name=f"Person {i}")
        q = people.create_person(owner=alice, display_name=f"Other {i}")
        giving.create_need(owner=alice, person=p, text=f"Need {i}")
        giving.create_offer(owner=alice, person=p, text=f"Offer {i}")
        giving.create_offer(owner=alice, person="me", text=f"My offer {i}")
        giving.record_give(owner=alice, receiver=p, summary=f"Help {i}")
        giving.record_give(owner=alice, giver=p, receiver="me", summary=f"Back {i}")
        intros.suggest_intro(owner=alice, a=p, b=q)


def test_it_shows_the_giving_home_with_needs_offers_gives_and_balance(
    alice_client, alice, ana, ben, need
):
    giving.create_offer(owner=alice, person="me", text="Python code reviews")
    giving.record_give(owner=alice, receiver=ana, summary="Sent a portfolio link")
    intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    body = alice_client.get("/giving/").content.decode()
    for text in (
        "Looking for a React developer",
        "Python code reviews",
        "Sent a portfolio link",
        "Ben Ortega ↔ Ana Ruiz",
        "leading with giving",
    ):
        assert text in body, text


@pytest.mark.parametrize(
    "url",
    ["/giving/", "/giving/balance/", "/giving/intros/", "/giving/intros/?state="],
)
def test_it_adds_no_queries_for_more_rows_on_list_pages(alice_client, alice, frozen_now, url):
    add_rows(alice, 2)
    few = queries_for(alice_client, url)
    add_rows(alice, 6)
    assert queries_for(alice_client, url) == few


def test_it_lists_what_match_need_returns_with_reasons_and_actions(
    alice_client, alice, ana, ben, need, monkeypatch
):
    me = people.ensure_me(owner=alice)
    found = [
        Match(ben.pk, "Ben Ortega", 0.9, ["React developer (title)"]),
        Match(me.pk, "alice", 0.5, ["you offered React mentoring"]),
    ]
    monkeypatch.setattr(matching, "match_need", lambda owner, n, limit=10: found)
    body = alice_client.get(f"/giving/needs/{need.pk}/").content.decode()
    assert body.index("Ben Ortega") < body.index("I'll help")
    assert "React developer (title)" in body and "Suggest an intro" in body
    assert f'value="#{ben.pk}"' in body and f"/giving/gives/new/?need={need.pk}" in body


def test_it_suggests_an_intro_from_the_need_page_button(alice_client, alice, ana, ben, need):
    response = alice_client.post(
        "/giving/intros/new/", {"a": f"#{ben.pk}", "b": f"#{ana.pk}", "need": need.pk}
    )
    intro = Introduction.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/giving/intros/{intro.pk}/"
    assert (intro.a, intro.b, intro.need) == (ben, ana, need)


def test_it_adds_a_need_and_refuses_a_blank_one(alice_client, alice, ana, frozen_now):
    response = alice_client.post("/giving/needs/new/", {"person": "Ana Ruiz", "text": "A mentor"})
    need = Need.objects.get()
    assert response["Location"] == f"/giving/needs/{need.pk}/"
    response = alice_client.post("/giving/needs/new/", {"person": "Ana Ruiz", "text": " "})
    assert response.status_code == 422 and "text" in response.context["form"].errors
    assert Need.objects.count() == 1


def test_it_marks_a_need_met_and_reopens_it(alice_client, need):
    alice_client.post(f"/giving/needs/{need.pk}/status/", {"status": "met"})
    assert Need.objects.get().status == "met"
    response = alice_client.post(f"/giving/needs/{need.pk}/status/", {"status": "met"})
    assert response.status_code == 422
    alice_client.post(f"/giving/needs/{need.pk}/status/", {"status": "open"})
    assert Need.objects.get().status == "open"


def test_it_logs_a_give_meeting_a_need_only_when_ticked(alice_client, alice, ana, need):
    response = alice_client.get(f"/giving/gives/new/?need={need.pk}")
    assert f'value="Ana Ruiz #{ana.pk}"' in response.content.decode()
    data = {"giver": "me", "receiver": f"#{ana.pk}", "kind": "advice", "summary": "Two names"}
    alice_client.post("/giving/gives/new/", {**data, "need": need.pk})
    assert Need.objects.get().status == "open" and Give.objects.count() == 1
    alice_client.post("/giving/gives/new/", {**data, "need": need.pk, "meets_need": "on"})
    assert Need.objects.get().status == "met" and Give.objects.count() == 2


def test_it_refuses_a_give_to_a_stranger_naming_the_field(alice_client, alice):
    data = {"giver": "me", "receiver": "Nobody", "kind": "advice", "summary": "x"}
    response = alice_client.post("/giving/gives/new/", data)
    assert response.status_code == 422 and "receiver" in response.context["form"].errors
    assert not Give.objects.exists()


def test_it_adds_your_own_offer_and_retires_it(alice_client, alice):
    alice_client.post("/giving/offers/new/", {"person": "me", "text": "Pitch deck reviews"})
    offer = Offer.objects.get()
    assert offer.person.is_me
    alice_client.post(f"/giving/offers/{offer.pk}/toggle/")
    assert not Offer.objects.get().active


def test_it_walks_the_intro_workflow_page_with_drafts(alice_client, alice, ana, ben, need):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    url = f"/giving/intros/{intro.pk}/"
    body = alice_client.get(url).content.decode()
    assert "Ask Ben Ortega first" in body and 'data-copy="intro-message"' in body
    alice_client.post(url + "step/", {"action": "ask_a", "message": "Hi Ben, edited"})
    body = alice_client.get(url).content.decode()
    assert "Now ask Ana Ruiz" in body and "Hi Ben, edited" in body
    alice_client.post(url + "step/", {"action": "ask_b"})
    alice_client.post(url + "step/", {"action": "made", "meets_need": "on"})
    assert Introduction.objects.get().status == "made" and Need.objects.get().status == "met"
    alice_client.post(url + "step/", {"action": "outcome", "outcome": "Ben got the gig"})
    assert "Ben got the gig" in alice_client.get(url).content.decode()


def test_it_refuses_a_step_out_of_order_naming_it(alice_client, alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    response = alice_client.post(f"/giving/intros/{intro.pk}/step/", {"action": "made"})
    assert response.status_code == 422 and "Double opt-in" in response.content.decode()
    assert Introduction.objects.get().status == "suggested"


def test_it_records_a_decline_from_the_page(alice_client, alice, ana, ben):
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    alice_client.post(f"/giving/intros/{intro.pk}/step/", {"action": "ask_a"})
    alice_client.post(f"/giving/intros/{intro.pk}/step/", {"action": "decline"})
    intro.refresh_from_db()
    assert intro.status == "declined" and intro.declined_by == "a"


def test_it_shows_the_person_panel_with_what_you_did_for_each_other(alice_client, alice, ana, need):
    giving.record_give(owner=alice, receiver=ana, summary="Sent a portfolio link")
    giving.record_give(owner=alice, giver=ana, receiver="me", summary="Reviewed my CV")
    giving.create_offer(owner=alice, person=ana, text="Brand workshops")
    body = alice_client.get(f"/people/{ana.pk}/").content.decode()
    assert "You helped Ana Ruiz 1 time; they helped you 1 time." in body
    for text in ("Looking for a React developer", "Brand workshops", "Reviewed my CV"):
        assert text in body


def test_it_captures_a_need_and_an_offer_on_the_log_form(alice_client, alice, ana, frozen_now):
    data = {
        "kind": "coffee",
        "participants": [ana.pk],
        "needs": "Hiring a designer\nMoving to Berlin",
        "offers": "Intro to her investor",
    }
    alice_client.post("/log/", data)
    interaction = Interaction.objects.get()
    assert sorted(Need.objects.values_list("text", flat=True)) == [
        "Hiring a designer",
        "Moving to Berlin",
    ]
    assert Need.objects.filter(interaction=interaction, person=ana).count() == 2
    assert Offer.objects.get().text == "Intro to her investor"


def test_it_saves_nothing_from_the_log_form_when_a_need_is_unclaimed(alice_client, alice, ana, ben):
    data = {"kind": "coffee", "participants": [ana.pk, ben.pk], "needs": "A flat"}
    response = alice_client.post("/log/", data)
    assert response.status_code == 422 and "needs" in response.context["form"].errors
    assert not Interaction.objects.exists() and not Need.objects.exists()


def test_it_shows_bob_404_on_alices_giving_pages(bob_client, alice, ana, ben, need):
    offer = giving.create_offer(owner=alice, person=ana, text="x")
    give = giving.record_give(owner=alice, receiver=ana, summary="y")
    intro = intros.suggest_intro(owner=alice, a=ben, b=ana)
    for url in (
        f"/giving/needs/{need.pk}/",
        f"/giving/intros/{intro.pk}/",
        f"/giving/gives/new/?need={need.pk}",
    ):
        response = bob_client.get(url)
        assert response.status_code in (404, 200) and "React developer" not in (
            response.content.decode()
        ), url
    for url in (
        f"/giving/needs/{need.pk}/status/",
        f"/giving/offers/{offer.pk}/delete/",
        f"/giving/gives/{give.pk}/delete/",
        f"/giving/intros/{intro.pk}/step/",
    ):
        assert bob_client.post(url, {"status": "met", "action": "ask_a"}).status_code == 404
    response = bob_client.post(
        "/giving/intros/new/", {"a": f"#{ben.pk}", "b": f"#{ana.pk}", "need": need.pk}
    )
    assert response.status_code == 422 and Introduction.objects.count() == 1
    assert Need.objects.get().status == "open"


def test_it_renders_the_person_panel_from_person_giving(alice, ana, ben, need, rf):
    from django.template.loader import render_to_string

    from goodwill.giving.queries import person_giving

    giving.record_give(owner=alice, receiver=ana, summary="Sent a portfolio link")
    intros.suggest_intro(owner=alice, a=ben, b=ana, need=need)
    request = rf.get("/")
    request.user = alice
    body = render_to_string(
        "goodwill/giving/_person_panel.html",
        {"person": ana, "person_giving": person_giving(alice, ana)},
        request=request,
    )
    assert "You helped Ana Ruiz 1 time; they helped you 0 times." in body
    assert "Looking for a React developer" in body and "Ben Ortega ↔ Ana Ruiz" in body
    assert f"/giving/needs/new/?person={ana.pk}" in body


def test_it_edits_a_need_an_offer_and_a_give_on_the_web(alice_client, alice, ana, ben, need):
    page = alice_client.get(f"/giving/needs/{need.pk}/edit/")
    assert page.status_code == 200 and need.text in page.content.decode()
    saved = alice_client.post(
        f"/giving/needs/{need.pk}/edit/", {"text": "Hiring a senior React developer"}
    )
    assert saved.status_code == 302
    need.refresh_from_db()
    assert need.text == "Hiring a senior React developer" and need.person == ana

    offer = giving.create_offer(owner=alice, person=ben, text="React development")
    back = f"/people/{ben.pk}/"
    saved = alice_client.post(
        f"/giving/offers/{offer.pk}/edit/?next={back}", {"text": "React and React Native"}
    )
    assert saved["Location"] == back
    offer.refresh_from_db()
    assert offer.text == "React and React Native"

    give = giving.record_give(owner=alice, receiver=ana, summary="Sent a reading list")
    saved = alice_client.post(
        f"/giving/gives/{give.pk}/edit/",
        {"kind": "resource", "summary": "Sent two books", "given_on": "2026-06-10"},
    )
    assert saved.status_code == 302
    give.refresh_from_db()
    assert (give.kind, give.summary, str(give.given_on)) == (
        "resource",
        "Sent two books",
        "2026-06-10",
    )


def test_it_refuses_a_bad_edit_and_saves_nothing(alice_client, need):
    for data in ({"text": ""}, {"text": "x", "heard_on": "2999-01-01"}):
        response = alice_client.post(f"/giving/needs/{need.pk}/edit/", data)
        assert response.status_code == 422
    need.refresh_from_db()
    assert need.text != "x"
