"""The other helpers of goodwill.web.views, through the pages that use them: a button
that calls a service (attempt), a deletion with a confirmation page (confirm_delete),
the method guards and ids from query strings."""

from __future__ import annotations

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.test import Client

from goodwill.leads import services as leads
from goodwill.leads.models import Lead
from goodwill.web.views import int_param

pytestmark = pytest.mark.django_db


def flashed(response) -> list[tuple[int, str]]:
    return [(m.level, m.message) for m in get_messages(response.wsgi_request)]


def test_a_button_flashes_its_success(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/archive/")
    assert response.status_code == 302 and response["Location"] == f"/people/{ana.pk}/"
    ana.refresh_from_db()
    assert ana.archived
    assert len(flashed(response)) == 1 and flashed(response)[0][0] == SUCCESS


def test_a_button_flashes_a_services_refusal_as_one_error(alice_client, alice):
    response = alice_client.post("/coach/act/", {"key": "catch_up:1", "choice": "nonsense"})
    assert response.status_code == 302
    [(level, message)] = flashed(response)
    assert level == ERROR and message.startswith("'nonsense' is not one of")


def test_a_deletion_asks_first_then_deletes_on_post(alice_client, alice, ana, ben):
    lead = leads.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="A designer")
    confirm = alice_client.get(f"/leads/{lead.pk}/delete/")
    assert confirm.status_code == 200
    assert "goodwill/leads/delete.html" in [t.name for t in confirm.templates]
    assert Lead.objects.filter(pk=lead.pk).exists()
    response = alice_client.post(f"/leads/{lead.pk}/delete/")
    assert response.status_code == 302 and response["Location"] == "/leads/"
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert flashed(response) == [(SUCCESS, "Lead deleted. Messages you sent stay on the timeline.")]


def test_a_read_only_page_refuses_other_methods_after_the_owned_look_up(alice_client, bob, need):
    assert alice_client.head(f"/giving/needs/{need.pk}/").status_code == 200
    refused = alice_client.post(f"/giving/needs/{need.pk}/")
    assert refused.status_code == 405 and refused["Allow"] == "GET, HEAD"
    outsider = Client()
    outsider.force_login(bob)
    assert outsider.post(f"/giving/needs/{need.pk}/").status_code == 404


def test_int_param_takes_only_a_plain_id():
    assert int_param("42") == 42 and int_param(7) == 7
    for value in (None, "", "-1", "4.2", "abc", "9" * 19):
        assert int_param(value) is None
