"""The relationship graph stays symmetric (every row has its reverse, with the inverse
kind), with no self-links and no duplicate pairs, under any mix of connect, disconnect,
merge and delete."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.exchange.services import duplicates
from goodwill.network import services as network
from goodwill.network.models import Relationship, inverse_kind
from goodwill.people import services as people
from goodwill.people.models import Person

N = 6
KINDS = ["knows", "colleague", "mentor", "client", "friend"]
steps = st.lists(
    st.one_of(
        st.tuples(
            st.just("connect"),
            st.integers(0, N - 1),
            st.integers(0, N - 1),
            st.sampled_from(KINDS),
            st.integers(1, 5),
        ),
        st.tuples(st.just("disconnect"), st.integers(0, N - 1), st.integers(0, N - 1)),
        st.tuples(st.just("merge"), st.integers(0, N - 1), st.integers(0, N - 1)),
        st.tuples(st.just("delete"), st.integers(0, N - 1)),
    ),
    max_size=25,
)


def assert_symmetric(owner):
    rows = {
        (r.src_id, r.dst_id): (r.kind, r.strength) for r in Relationship.objects.filter(owner=owner)
    }
    assert Relationship.objects.filter(owner=owner).count() == len(rows)  # no duplicates
    for (src, dst), (kind, strength) in rows.items():
        assert src != dst
        assert rows.get((dst, src)) == (inverse_kind(kind), strength), (src, dst)


@pytest.mark.django_db
@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(steps)
def test_it_keeps_the_graph_symmetric_under_every_edit(alice, steps):
    Relationship.objects.filter(owner=alice).delete()
    Person.objects.filter(owner=alice, is_me=False).delete()
    folks = [people.create_person(owner=alice, display_name=f"P{i}") for i in range(N)]
    alive = {i: p for i, p in enumerate(folks)}
    for step in steps:
        op, a = step[0], step[1]
        if a not in alive:
            continue
        try:
            if op == "connect" and step[2] in alive:
                network.connect_people(
                    owner=alice, a=alive[a], b=alive[step[2]], kind=step[3], strength=step[4]
                )
            elif op == "disconnect" and step[2] in alive:
                network.disconnect_people(owner=alice, a=alive[a], b=alive[step[2]])
            elif op == "merge" and step[2] in alive and step[2] != a:
                duplicates.merge_people(owner=alice, keep=alive[a], merge=alive[step[2]])
                del alive[step[2]]
            elif op == "delete":
                people.delete_person(owner=alice, person=alive.pop(a))
        except ValidationError:
            pass
        assert_symmetric(alice)


def test_it_keeps_a_merged_persons_links_symmetric(alice):
    a, b, c, d = (people.create_person(owner=alice, display_name=n) for n in "ABCD")
    network.connect_people(owner=alice, a=a, b=c, kind="mentor", strength=2)
    network.connect_people(owner=alice, a=b, b=c, kind="colleague", strength=5)
    network.connect_people(owner=alice, a=b, b=d, kind="client")
    network.connect_people(owner=alice, a=a, b=b)
    duplicates.merge_people(owner=alice, keep=a, merge=b)
    assert_symmetric(alice)
    pairs = set(Relationship.objects.filter(owner=alice).values_list("src_id", "dst_id"))
    assert pairs == {(a.pk, c.pk), (c.pk, a.pk), (a.pk, d.pk), (d.pk, a.pk)}
