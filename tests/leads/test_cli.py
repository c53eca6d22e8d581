"""`goodwill lead ...` and `goodwill referral ...`."""

from __future__ import annotations

import json

from goodwill.api.schemas import dump_many
from goodwill.interactions.models import Interaction
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as service
from goodwill.leads.models import Lead, LeadSettings, Referral
from goodwill.leads.schemas import LeadOut
from goodwill.leads.services import referrals
from goodwill.people.models import Person


def test_it_adds_a_lead_about_a_new_person(run, alice, ana, frozen_now):
    result = run(
        "lead", "add", "--from", "Ana Ruiz", "--about", "Ben Ortega", "--new",
        "Needs a designer for their app",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lead = Lead.objects.get(owner=alice)
    assert lead.prospect.display_name == "Ben Ortega" and lead.referrer == ana
    assert f"Lead {lead.pk} saved" in result.stdout and "2026-06-17" in result.stdout


def test_it_names_the_option_of_an_unknown_person_and_saves_nothing(run, alice, ana):
    result = run("lead", "add", "--from", "Ana Ruiz", "--about", "Nobody Here", "x")
    assert result.exit_code == 2
    assert "error: prospect: Nobody matches 'Nobody Here'. Add --new" in result.stderr
    unknown = run("lead", "add", "--from", "Zed", "--about", "Ana", "--new", "x")
    assert unknown.exit_code == 2 and "error: referrer:" in unknown.stderr
    assert not Lead.objects.exists() and not Person.objects.filter(display_name="Nobody Here")


def test_it_lists_leads_as_a_table_and_as_json(run, alice, ana, ben, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")
    table = run("lead", "list")
    assert table.exit_code == 0 and "Designer" in table.stdout and "contact by" in table.stdout
    listed = run("lead", "list", "--json")
    assert json.loads(listed.stdout) == dump_many(LeadOut, lead_queries.leads(alice))
    assert json.loads(listed.stdout)[0]["id"] == lead.pk


def test_it_moves_a_lead_and_explains_a_refusal(run, alice, ana, ben, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")
    moved = run("lead", "move", str(lead.pk), "won", "--note", "Signed")
    assert moved.exit_code == 0, moved.output
    assert "now won, tell Ana Ruiz" in moved.stdout
    refused = run("lead", "move", str(lead.pk), "lost")
    assert refused.exit_code == 2 and "error: status: The lead is won, which is final" in (
        refused.stderr
    )
    reopened = run("lead", "move", str(lead.pk), "in_progress", "--reopen", "--json")
    assert json.loads(reopened.stdout)["events"][-1]["reopened"] is True
    missing = run("lead", "move", "999", "won")
    assert missing.exit_code == 2 and "No lead with id 999" in missing.stderr


def test_it_prints_the_draft_then_records_it_as_sent(run, alice, ana, ben, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")
    draft = run("lead", "report", str(lead.pk))
    assert draft.exit_code == 0, draft.output
    assert "To: Ana Ruiz <ana@ruiz.example>" in draft.stdout and "Hi Ana," in draft.stdout
    assert "mailto:ana@ruiz.example?subject=" in draft.stdout
    assert not Interaction.objects.exists()
    sent = run("lead", "report", str(lead.pk), "--sent")
    assert sent.exit_code == 0 and "logged on Ana Ruiz's timeline" in sent.stdout
    interaction = Interaction.objects.get()
    assert interaction.summary == "Thanked Ana for the lead about Ben Ortega"
    shown = run("lead", "show", str(lead.pk))
    assert "told Ana Ruiz: thanks" in shown.stdout and "arrived" in shown.stdout


def test_it_lists_what_is_due_and_the_figures(run, alice, ana, ben, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")
    frozen_now(days=3)
    due = run("lead", "due", "--json")
    assert [(a["kind"], a["lead_id"]) for a in json.loads(due.stdout)] == [
        ("contact", lead.pk),
        ("thanks", lead.pk),
    ]
    assert "Contact Ben Ortega" in run("lead", "due").stdout
    stats = json.loads(run("lead", "stats", "--json").stdout)
    assert stats["total"] == 1 and stats["follow_through_rate"] == 0.0
    assert "Follow-through" in run("lead", "stats").stdout


def test_it_changes_the_clocks(run, alice):
    result = run("lead", "settings", "--contact-within", "3", "--check-after", "45")
    assert result.exit_code == 0 and "within 3 days" in result.stdout
    config = LeadSettings.objects.get(owner=alice)
    assert (config.contact_within_days, config.referral_check_days) == (3, 45)
    bad = run("lead", "settings", "--update-every", "0")
    assert bad.exit_code == 2 and "update_every_days" in bad.stderr


def test_it_adds_lists_and_checks_referrals(run, alice, ana, ben, frozen_now):
    added = run("referral", "add", "Ben Ortega", "--to", "Ana Ruiz", "--why", "Needs a dev")
    assert added.exit_code == 0, added.output
    referral = Referral.objects.get(owner=alice)
    assert "2026-07-15" in added.stdout
    assert json.loads(run("referral", "list", "--json").stdout)[0]["id"] == referral.pk
    checked = run("referral", "check", str(referral.pk), "helped", "--note", "Hired")
    assert checked.exit_code == 0 and "it helped" in checked.stdout
    referral.refresh_from_db()
    assert (referral.outcome, referral.outcome_note) == ("helped", "Hired")
    missing = run("referral", "check", "999", "helped")
    assert missing.exit_code == 2 and "No referral with id 999" in missing.stderr


def test_it_deletes_a_lead_only_when_told_to(run, alice, ana, ben, bob, frozen_now):
    lead = service.create_lead(owner=alice, referrer=ana, prospect=ben, opportunity="Designer")
    for answer in (None, "n\n"):  # nobody answers (a script), or a no
        asked = run("--user", "alice", "lead", "delete", str(lead.pk), input=answer)
        assert asked.exit_code == 2
        assert "Delete the lead about Ben Ortega from Ana Ruiz?" in asked.stdout
        assert "Nothing was deleted. (Add --yes to skip the question.)" in asked.stderr
        assert Lead.objects.filter(pk=lead.pk).exists()
    theirs = service.create_lead(
        owner=bob,
        referrer=Person.objects.create(owner=bob, display_name="Cleo"),
        prospect=Person.objects.create(owner=bob, display_name="Dan"),
        opportunity="Bob's lead",
    )
    foreign = run("--user", "alice", "lead", "delete", str(theirs.pk), "--yes")
    assert foreign.exit_code == 2 and f"No lead with id {theirs.pk}" in foreign.stderr
    assert Lead.objects.filter(pk=theirs.pk).exists()
    done = run("--user", "alice", "lead", "delete", str(lead.pk), input="y\n")
    assert done.exit_code == 0, done.output
    assert "Deleted the lead about Ben Ortega from Ana Ruiz." in done.stdout
    assert not Lead.objects.filter(pk=lead.pk).exists()
    assert Person.objects.filter(pk__in=[ana.pk, ben.pk]).count() == 2  # the people stay


def test_it_deletes_a_referral_with_yes(run, alice, ana, ben, frozen_now):
    referral = referrals.create_referral(
        owner=alice, person=ana, referred_to=ben, reason="Needs a designer"
    )
    kept = run("referral", "delete", str(referral.pk))
    assert kept.exit_code == 2 and Referral.objects.filter(pk=referral.pk).exists()
    done = run("referral", "delete", str(referral.pk), "-y")
    assert done.exit_code == 0, done.output
    assert "Deleted the referral of Ana Ruiz to Ben Ortega." in done.stdout
    assert not Referral.objects.exists()
