"""Random request bodies never make the API answer 500: only success or a 422."""

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from goodwill.interactions.schemas import CadenceIn, InteractionIn
from goodwill.network.schemas import RelationshipIn
from goodwill.people.schemas import PersonIn

KEYS = ["year", "month", "day", "label", "address", "number", "text", "person", "days", "until"]
values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.just(2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)
FUZZ = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def bodies(schema):
    return st.dictionaries(st.sampled_from(sorted(schema.model_fields)), values, max_size=5)


@FUZZ
@given(body=bodies(PersonIn))
def test_it_answers_any_person_body_with_success_or_422(api, ana, body):
    assert api.post("/people", body).status_code in (201, 422)
    assert api.patch(f"/people/{ana.pk}", body).status_code in (200, 422)


@FUZZ
@given(body=bodies(InteractionIn))
def test_it_answers_any_interaction_body_with_success_or_422(api, ana, body):
    assert api.post("/interactions", body).status_code in (201, 422)


@FUZZ
@given(body=bodies(RelationshipIn))
def test_it_answers_any_relationship_body_with_success_or_422(api, ana, body):
    assert api.post(f"/people/{ana.pk}/relationships", body).status_code in (201, 422)


@FUZZ
@given(body=bodies(CadenceIn))
def test_it_answers_any_cadence_body_with_success_or_422(api, ana, body):
    assert api.put(f"/people/{ana.pk}/cadence", body).status_code in (200, 422)
