"""The account's default region for phone numbers: the service, the settings page, the
API (/me) and the CLI (`goodwill account region`); changing it re-keys the account's
phones (and nobody else's) at once."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from goodwill.accounts import services as accounts
from goodwill.accounts.forms import PhoneRegionForm
from goodwill.accounts.models import User
from goodwill.people import services as people
from goodwill.people.models import PersonPhone
from goodwill.web.forms import apply_errors
from tests.api_support import assert_error

pytestmark = pytest.mark.django_db

LONDON = "020 7946 0000"


def keys(owner) -> list[str]:
    return list(
        PersonPhone.objects.filter(owner=owner).order_by("pk").values_list("normalized", flat=True)
    )


@pytest.fixture
def chris(alice):
    """Saved while alice has no region: the London number is only its digits."""
    return people.create_person(owner=alice, display_name="Chris Hale", phones=[LONDON])


# ---------------------------------------------------------------- the service


def test_setting_the_region_rekeys_the_accounts_phones_and_no_one_elses(alice, bob, chris):
    people.create_person(owner=bob, display_name="Chris Hale", phones=[LONDON])
    assert keys(alice) == keys(bob) == ["02079460000"]
    user = accounts.set_phone_region(owner=alice, region="gb")
    assert user.phone_region == "GB" == User.objects.get(pk=alice.pk).phone_region
    assert keys(alice) == ["+442079460000"]
    assert keys(bob) == ["02079460000"]
    accounts.set_phone_region(owner=alice, region="")
    assert User.objects.get(pk=alice.pk).phone_region == ""
    assert keys(alice) == ["02079460000"]


def test_a_bad_region_changes_nothing_and_names_the_field(alice, chris):
    with pytest.raises(ValidationError) as caught:
        accounts.set_phone_region(owner=alice, region="XX")
    message = caught.value.message_dict["phone_region"][0]
    assert "'XX' is not a region" in message and "GB, US or DE" in message
    assert User.objects.get(pk=alice.pk).phone_region == ""
    assert keys(alice) == ["02079460000"]


# ---------------------------------------------------------------- the settings page


def test_the_settings_page_shows_the_region(alice_client, alice):
    accounts.set_phone_region(owner=alice, region="GB")
    page = alice_client.get(reverse("accounts.settings"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Phone numbers" in text and "GB" in text


def test_the_settings_form_puts_a_bad_region_on_its_field(alice):
    """What the page does with the form (see PhoneRegionForm): parse, call the service,
    put its error on the field."""
    form = PhoneRegionForm({"phone_region": "Narnia"})
    assert form.is_valid()
    with pytest.raises(ValidationError) as caught:
        accounts.set_phone_region(owner=alice, region=form.cleaned_data["phone_region"])
    apply_errors(form, caught.value)
    assert "'Narnia' is not a region" in form.errors["phone_region"][0]
    good = PhoneRegionForm({"phone_region": " de "})
    assert good.is_valid()
    assert accounts.set_phone_region(owner=alice, region=good.cleaned_data["phone_region"])
    assert User.objects.get(pk=alice.pk).phone_region == "DE"


def test_the_settings_page_saves_the_region(alice_client, alice, chris):
    url = reverse("accounts.region")
    response = alice_client.post(url, {"phone_region": "gb"})
    assert response.status_code == 302
    assert User.objects.get(pk=alice.pk).phone_region == "GB"
    assert keys(alice) == ["+442079460000"]
    refused = alice_client.post(url, {"phone_region": "XX"})
    assert refused.status_code == 422
    assert "&#x27;XX&#x27; is not a region" in refused.content.decode()
    assert User.objects.get(pk=alice.pk).phone_region == "GB"


# ---------------------------------------------------------------- the API


def test_the_api_shows_and_sets_the_region(api, alice, chris):
    assert api.get("/me").json()["phone_region"] == ""
    response = api.patch("/me", {"phone_region": "gb"})
    assert response.status_code == 200, response.content
    assert response.json()["phone_region"] == "GB"
    assert response.json()["username"] == "alice"
    assert api.get("/me").json()["phone_region"] == "GB"
    assert keys(alice) == ["+442079460000"]
    assert api.patch("/me", {}).json()["phone_region"] == "GB"  # nothing sent, nothing changed
    assert api.patch("/me", {"phone_region": None}).json()["phone_region"] == ""
    assert keys(alice) == ["02079460000"]


def test_the_api_refuses_a_bad_region_naming_the_field(api, alice):
    body = assert_error(api.patch("/me", {"phone_region": "XX"}), 422, "validation_error")
    assert "'XX' is not a region" in body["fields"]["phone_region"][0]
    assert_error(api.patch("/me", {"phone_region": 44}), 422, "validation_error", "phone_region")
    assert_error(api.patch("/me", {"username": "eve"}), 422, "validation_error", "username")
    assert User.objects.get(pk=alice.pk).phone_region == ""


def test_a_read_only_token_cannot_change_the_region(client, alice):
    from tests.api_support import Api

    _, secret = accounts.create_token(owner=alice, name="dashboard", scope="read")
    assert Api(client, secret).patch("/me", {"phone_region": "GB"}).status_code == 403
    assert User.objects.get(pk=alice.pk).phone_region == ""


# ---------------------------------------------------------------- the CLI


def test_the_cli_shows_sets_and_clears_the_region(run, alice, chris):
    shown = run("account", "region")
    assert shown.exit_code == 0 and "No default region" in shown.stdout
    set_ = run("account", "region", "gb")
    assert set_.exit_code == 0, set_.output
    assert "Default region for phone numbers: GB (+44)." in set_.stdout
    assert keys(alice) == ["+442079460000"]
    shown = json.loads(run("account", "region", "--json").stdout)
    assert (shown["username"], shown["phone_region"]) == ("alice", "GB")  # the API's shape
    cleared = run("account", "region", "--clear")
    assert cleared.exit_code == 0 and "No default region" in cleared.stdout
    assert User.objects.get(pk=alice.pk).phone_region == ""
    assert keys(alice) == ["02079460000"]


def test_the_cli_refuses_a_bad_region_naming_the_field(run, alice):
    result = run("account", "region", "XX")
    assert result.exit_code == 2
    assert "phone_region: 'XX' is not a region" in result.stderr
    both = run("account", "region", "GB", "--clear")
    assert both.exit_code == 2 and "not both" in both.stderr
    assert User.objects.get(pk=alice.pk).phone_region == ""


def test_the_cli_sets_the_region_of_the_account_it_acts_as(run, alice, bob):
    assert run("--user", "bob", "account", "region", "US").exit_code == 0
    assert User.objects.get(pk=bob.pk).phone_region == "US"
    assert User.objects.get(pk=alice.pk).phone_region == ""
