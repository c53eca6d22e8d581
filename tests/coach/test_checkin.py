"""The check-in: the user's situation (asked once, kept on retakes, editable on the
results page, the CLI and the API) and results that read as "what to work on first"."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError

from goodwill.coach import queries
from goodwill.coach.models import Assessment
from goodwill.coach.rules import content
from goodwill.coach.services import assessment

pytestmark = pytest.mark.django_db
FIVES = {s["key"]: 5 for s in content.statements()}
ONES = {s["key"]: 1 for s in content.statements()}


def test_the_situation_is_kept_on_retakes_and_can_change(alice, frozen_now):
    assert queries.current_situation(alice) == "" and queries.current_scores(alice) == {}
    assessment.take_assessment(owner=alice, answers=FIVES, situation="between_jobs")
    frozen_now(days=30)
    assessment.take_assessment(owner=alice, answers=ONES)
    assert queries.current_situation(alice) == "between_jobs"
    assert queries.current_scores(alice)["rejection"] == 0
    assessment.set_situation(owner=alice, situation="business")
    assert queries.current_situation(alice) == "business"
    assert Assessment.objects.order_by("taken_at").first().situation == "between_jobs"


def test_a_wrong_situation_is_named_and_nothing_is_saved(alice, bob):
    with pytest.raises(ValidationError) as exc:
        assessment.take_assessment(owner=alice, answers=FIVES, situation="retired")
    assert set(exc.value.message_dict) == {"situation"}
    assert not Assessment.objects.exists()
    with pytest.raises(ValidationError) as exc:
        assessment.set_situation(owner=bob, situation="employed")
    assert "check-in first" in exc.value.message_dict["situation"][0]


def test_the_web_check_in_asks_the_situation_and_results_lead_to_the_plan(
    alice_client, alice, frozen_now
):
    form = alice_client.get("/coach/assess/").content.decode()
    assert "Where are you right now?" in form and "Between jobs or changing careers" in form
    response = alice_client.post("/coach/assess/", {**FIVES, "situation": "new"})
    assert response.status_code == 302
    assert queries.current_situation(alice) == "new"
    page = alice_client.get("/coach/results/").content.decode()
    assert "What to work on first" in page and "New in a place or a field." in page
    # No grade colours: no <meter> (browsers paint it red/green), a neutral bar instead.
    assert "<meter" not in page and "100 out of 100" in page and "/100" not in page
    buttons = re.findall(r'class="button[^"]*" href="([^"]+)"', page)
    assert buttons[:2] == ["/coach/plan/", "/"]  # the plan first, then Today
    assert buttons[-1] == "/coach/assess/"  # taking it again comes last
    alice_client.post("/coach/situation/", {"situation": "employed"})
    assert queries.current_situation(alice) == "employed"
    alice_client.post("/coach/situation/", {"situation": "astronaut"})
    assert queries.current_situation(alice) == "employed"


def test_the_five_choices_sit_on_one_line_on_a_phone(alice_client):
    """Five equal grid columns: the choices cannot wrap and leave "5" alone."""
    page = alice_client.get("/coach/assess/").content.decode()
    assert 'class="checkin-scale"' in page and 'class="assess-scale"' not in page
    css = (content.CONTENT_DIR.parent / "static/goodwill/app.css").read_text()
    rule = re.search(r"\.checkin-scale \{([^}]*)\}", css).group(1)
    assert "grid-template-columns: repeat(5, minmax(0, 1fr))" in rule and "wrap" not in rule


def test_the_situation_from_the_cli(run, alice, frozen_now):
    args = [x for key, v in FIVES.items() for x in ("-a", f"{key}={v}")]
    assert run("assess", *args, "--situation", "business").exit_code == 0
    assert queries.current_situation(alice) == "business"
    shown = run("situation", "--json")
    assert json.loads(shown.output) == {"situation": "business", "label": "Growing a business"}
    assert run("situation", "none").exit_code == 0
    assert queries.current_situation(alice) == ""
    wrong = run("situation", "retired")
    assert wrong.exit_code == 2 and "situation" in wrong.output


def test_the_situation_prompt_asks_by_number(run, alice, frozen_now):
    answers = "3\n" + "4\n" * len(FIVES)
    result = run("assess", input=answers)
    assert result.exit_code == 0, result.output
    assert queries.current_situation(alice) == "between_jobs"


def test_the_situation_over_the_api(api, alice, frozen_now):
    response = api.post("/coach/assessments", {"answers": FIVES, "situation": "employed"})
    assert response.status_code == 201
    assert api.get("/coach/assessments").json()[0]["situation"] == "employed"
    response = api.put("/coach/situation", {"situation": "new"})
    assert response.status_code == 200 and response.json()["label"] == "New in a place or a field"
    response = api.put("/coach/situation", {"situation": "retired"})
    assert response.status_code == 422 and "situation" in response.json()["fields"]
    assert api.get("/coach/situation").json()["situation"] == "new"
