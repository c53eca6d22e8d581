"""goodwill.web.views.handle_form, the one way a page hands a form to a service: through
real pages first (an add page, a form under another name on a detail page, an htmx
fragment), then the helper alone for what no page happens to show."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages import INFO, get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.test import RequestFactory
from django_htmx.middleware import HtmxDetails

from goodwill.giving.models import Need
from goodwill.interactions.models import AskNext
from goodwill.leads.models import Lead
from goodwill.web.views import handle_form
from tests.support import HTMX

pytestmark = pytest.mark.django_db


def flashed(response) -> list[str]:
    return [m.message for m in get_messages(response.wsgi_request)]


# ---------------------------------------------------------------- an add page


def test_an_add_page_answers_200_with_an_empty_form(alice_client):
    response = alice_client.get("/giving/needs/new/")
    assert response.status_code == 200
    assert not response.context["form"].is_bound
    assert "goodwill/giving/form.html" in [t.name for t in response.templates]


def test_an_invalid_form_answers_422_with_the_field_error_and_saves_nothing(alice_client, ana):
    response = alice_client.post("/giving/needs/new/", {"person": f"Ana Ruiz #{ana.pk}"})
    assert response.status_code == 422
    assert "text" in response.context["form"].errors
    assert "goodwill/giving/form.html" in [t.name for t in response.templates]
    assert not Need.objects.exists()
    assert flashed(response) == []


def test_a_valid_form_flashes_its_message_and_redirects_to_what_was_saved(alice_client, ana):
    response = alice_client.post(
        "/giving/needs/new/", {"person": f"Ana Ruiz #{ana.pk}", "text": "A first client"}
    )
    need = Need.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/giving/needs/{need.pk}/"
    assert flashed(response) == ["Noted. Here is who might help."]


def test_a_services_refusal_lands_on_the_aliased_field(alice_client, ana):
    # The form allows a longer name than create_lead does, which calls it "prospect_name";
    # the form calls that field "prospect".
    response = alice_client.post(
        "/leads/new/",
        {
            "referrer": f"Ana Ruiz #{ana.pk}",
            "prospect": "Cleo " + "x" * 205,
            "new_prospect": "on",
            "opportunity": "Looking for a designer",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["prospect"] == ["A name is at most 200 characters."]
    assert "goodwill/leads/form.html" in [t.name for t in response.templates]
    assert not Lead.objects.exists()


# ---------------------------------------------------------------- a form on another page


def test_a_wrong_form_shows_the_page_it_came_from_under_its_own_name(alice_client, need):
    response = alice_client.post(f"/giving/needs/{need.pk}/status/", {"status": "nonsense"})
    assert response.status_code == 422
    assert "status" in response.context["status_form"].errors
    assert response.context["need"] == need


def test_a_plain_form_goes_to_a_safe_next_and_not_elsewhere(alice_client, need):
    url = f"/giving/needs/{need.pk}/status/"
    response = alice_client.post(url, {"status": "met", "next": "/giving/"})
    assert response.status_code == 302 and response["Location"] == "/giving/"
    assert flashed(response) == ["Marked met."]
    response = alice_client.post(url, {"status": "open", "next": "https://evil.example/"})
    assert response["Location"] == f"/giving/needs/{need.pk}/"


# ---------------------------------------------------------------- htmx


def test_a_plain_form_gets_the_redirect(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": "Her new studio"})
    assert response.status_code == 302 and response["Location"] == f"/people/{ana.pk}/"
    assert AskNext.objects.filter(person=ana, text="Her new studio").exists()


def test_htmx_gets_the_updated_fragment_instead_of_the_redirect(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": "Her dog"}, headers=HTMX)
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and "Her dog" in text and "Timeline" not in text
    assert "HX-Request" in response["Vary"]


def test_htmx_gets_the_fragment_with_422_and_the_error_when_wrong(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": ""}, headers=HTMX)
    assert response.status_code == 422
    text = response.content.decode()
    assert "<html" not in text and "Things to ask next time" in text
    assert "This field is required." in text
    assert response.context["ask_form"].errors["text"]
    assert not AskNext.objects.exists()


def test_a_plain_form_gets_the_whole_page_with_422_when_wrong(alice_client, ana):
    response = alice_client.post(f"/people/{ana.pk}/asks/", {"text": ""})
    assert response.status_code == 422
    assert "<html" in response.content.decode()


# ---------------------------------------------------------------- the helper alone


class NameForm(forms.Form):
    name = forms.CharField()
    other = forms.CharField(required=False)


def _request(method="post", data=None, **headers):
    request = getattr(RequestFactory(), method)("/", data or {}, headers=headers)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _page():
    return HttpResponse("the page")


def test_save_is_not_called_when_the_form_does_not_parse():
    calls = []
    request = _request(data={})
    response = handle_form(
        request, NameForm(request.POST), calls.append, page=_page, success="/done/"
    )
    assert response.status_code == 422 and response.content == b"the page" and calls == []


def test_an_unbound_form_is_the_page_at_200():
    request = _request("get")
    response = handle_form(request, NameForm(None), lambda data: None, page=_page, success="/done/")
    assert response.status_code == 200


def test_save_gets_the_cleaned_data_and_its_result_picks_message_and_target():
    request = _request(data={"name": "Ana"})
    response = handle_form(
        request,
        NameForm(request.POST),
        lambda data: data["name"].upper(),
        message=lambda saved: f"{saved} saved.",
        success=lambda saved: f"/people/{saved}/",
        page=_page,
    )
    assert response.status_code == 302 and response["Location"] == "/people/ANA/"
    assert [m.message for m in request._messages] == ["ANA saved."]


def test_a_message_function_may_have_nothing_to_say_and_a_level_may_be_chosen():
    request = _request(data={"name": "Ana"})
    handle_form(
        request, NameForm(request.POST), str, message=lambda _: None, success="/", page=_page
    )
    assert list(request._messages) == []
    handle_form(
        request, NameForm(request.POST), str, message="Noted.", level=INFO, success="/", page=_page
    )
    assert [(m.level, m.message) for m in request._messages] == [(INFO, "Noted.")]


def test_service_errors_go_to_their_fields_through_aliases_or_to_the_form():
    def refuse(data):
        raise ValidationError({"b": ["Not them."], "elsewhere": ["Not now."]})

    request = _request(data={"name": "Ana"})
    form = NameForm(request.POST)
    response = handle_form(request, form, refuse, page=_page, success="/", aliases={"b": "other"})
    assert response.status_code == 422
    assert form.errors["other"] == ["Not them."]
    assert form.non_field_errors() == ["Not now."]


def test_an_error_with_no_field_goes_to_the_form():
    def refuse(data):
        raise ValidationError("Try again later.")

    request = _request(data={"name": "Ana"})
    form = NameForm(request.POST)
    assert handle_form(request, form, refuse, page=_page, success="/").status_code == 422
    assert form.non_field_errors() == ["Try again later."]
    assert list(request._messages) == []


def test_only_htmx_gets_the_partial():
    def partial(saved):
        return HttpResponse(f"the row of {saved}")

    for headers, status in (({}, 302), (HTMX, 200)):
        request = _request(data={"name": "Ana"}, **headers)
        request.htmx = HtmxDetails(request)
        response = handle_form(
            request,
            NameForm(request.POST),
            lambda data: data["name"],
            success="/",
            partial=partial,
            page=_page,
        )
        assert response.status_code == status
    assert response.content == b"the row of Ana"
