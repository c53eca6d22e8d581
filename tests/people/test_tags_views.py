import datetime as dt

import pytest

from goodwill.people.models import Tag
from tests.support import HTMX

pytestmark = pytest.mark.django_db


def test_it_lists_tags_with_people_counts(alice_client, ana):
    page = alice_client.get("/tags/").content.decode()
    assert 'value="design"' in page and 'value="madrid"' in page
    assert "1 person" in page


def test_it_sets_a_tag_cadence_that_reaches_its_people(frozen_now, alice_client, alice, ana):
    tag = Tag.objects.get(owner=alice, name="design")
    prefix = f"tag{tag.pk}"
    response = alice_client.post(
        f"/tags/{tag.pk}/", {f"{prefix}-name": "design", f"{prefix}-cadence_days": "14"}
    )
    assert response.status_code == 302
    tag.refresh_from_db()
    ana.refresh_from_db()
    assert tag.cadence_days == 14
    assert ana.next_due_on == dt.date(2026, 6, 15) + dt.timedelta(days=14)


def test_it_renames_a_tag_and_refuses_a_clash(alice_client, alice, ana):
    tag = Tag.objects.get(owner=alice, name="design")
    prefix = f"tag{tag.pk}"
    clash = alice_client.post(f"/tags/{tag.pk}/", {f"{prefix}-name": "Madrid"})
    assert clash.status_code == 422 and b"already a tag" in clash.content
    tag.refresh_from_db()
    assert tag.name == "design"
    alice_client.post(f"/tags/{tag.pk}/", {f"{prefix}-name": "Design work"})
    tag.refresh_from_db()
    assert tag.name == "Design work"
    assert "design work" in type(ana).objects.get(pk=ana.pk).search_text


def test_it_answers_an_htmx_tag_edit_with_the_row_partial(alice_client, alice, ana):
    tag = Tag.objects.get(owner=alice, name="design")
    prefix = f"tag{tag.pk}"
    response = alice_client.post(
        f"/tags/{tag.pk}/",
        {f"{prefix}-name": "design", f"{prefix}-cadence_days": "30"},
        headers=HTMX,
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "<html" not in text and f'id="tag-{tag.pk}"' in text and "Saved" in text
    assert 'value="30"' in text


def test_it_deletes_a_tag_and_keeps_the_people(alice_client, alice, ana):
    tag = Tag.objects.get(owner=alice, name="design")
    assert alice_client.post(f"/tags/{tag.pk}/delete/").status_code == 302
    assert not Tag.objects.filter(pk=tag.pk).exists()
    assert [t.name for t in ana.tags.all()] == ["madrid"]
