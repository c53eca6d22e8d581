"""bob, logged in, asks for every route with an id of alice's: always a 404, never a leak."""

import pytest
from django.urls import URLPattern, reverse

from goodwill.models import Tag
from goodwill.services import accounts, network, people
from goodwill.views.urls import urlpatterns

pytestmark = pytest.mark.django_db


@pytest.fixture
def alices_ids(alice, ana, coffee):
    ben = people.create_person(owner=alice, display_name="Ben Ito")
    network.connect_people(owner=alice, a=ana, b=ben)
    token, _ = accounts.create_token(owner=alice, name="laptop")
    return {
        "people": ana.pk,
        "relationships": ana.pk,
        "interactions": coffee.pk,
        "asks.add": ana.pk,
        "asks": ana.ask_next.get().pk,
        "tags": Tag.objects.get(owner=alice, name="design").pk,
        "tokens": token.pk,
        "other": ben.pk,
    }


def _kwargs(name: str, pattern: URLPattern, ids: dict) -> dict:
    params = pattern.pattern.converters
    key = name if name in ids else name.split(".")[0]
    kwargs = {"pk": ids[key]} if "pk" in params else {}
    if "other" in params:
        kwargs["other"] = ids["other"]
    return kwargs


def test_it_404s_every_owned_route_for_another_account(bob_client, alices_ids):
    walked = 0
    for pattern in urlpatterns:
        if not pattern.pattern.converters:
            continue
        url = reverse(pattern.name, kwargs=_kwargs(pattern.name, pattern, alices_ids))
        for method in ("get", "post"):
            response = getattr(bob_client, method)(url)
            assert response.status_code == 404, (method, url, response.status_code)
            assert b"Ana Ruiz" not in response.content
        walked += 1
    assert walked >= 16


def test_it_shows_bob_none_of_alices_people(bob_client, alices_ids):
    for url in ["/", "/people/", "/people/?q=ana", "/people/search/?q=ana", "/tags/", "/log/"]:
        response = bob_client.get(url)
        assert response.status_code == 200
        assert b"Ana Ruiz" not in response.content and b"Ben Ito" not in response.content
