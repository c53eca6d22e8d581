"""Where a lower area's extension points meet the higher areas that fill them.

Areas import only from the areas below them (see docs/architecture.md). When a lower
area must let a higher one react to its writes or add to its pages, it offers a signal
or a registry, and this module, above every area, connects them at start-up
(GoodwillConfig.ready). Everything connected here is listed in one place.
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from goodwill.accounts.services import security
from goodwill.capture import queries as capture_queries
from goodwill.capture import schemas as capture_schemas
from goodwill.coach.services import launch as launch_service
from goodwill.core import rules as core_rules
from goodwill.core import zones
from goodwill.giving import queries as giving_queries
from goodwill.giving import services as giving_services
from goodwill.giving.matching import index as match_index
from goodwill.giving.models import Give, Need, Offer
from goodwill.interactions import queries as interaction_queries
from goodwill.interactions import schemas as interaction_schemas
from goodwill.interactions.models import (
    AskNext,
    Interaction,
    interaction_logged,
    interactions_logged,
)
from goodwill.leads import queries as lead_queries
from goodwill.leads.models import ReportBack
from goodwill.network import queries as network_queries
from goodwill.network import schemas as network_schemas
from goodwill.network import services as network_services
from goodwill.network.queries import paths
from goodwill.people import queries as people_queries
from goodwill.people.models import Person, people_reindexed, person_introduced
from goodwill.reminders import queries as reminder_queries


def connect() -> None:
    # reminders -> every area: the account's time zone, kept in its reminder settings.
    zones.offer_zone_source(reminder_queries.zone_name)
    # The person page: sections of data (web and CLI), then the web page's panels, named
    # by dotted path: a process that draws no page (the CLI) imports no view.
    people_queries.add_person_section(
        "timeline", interaction_queries.person_timeline, dump=interaction_schemas.person_page_json
    )
    people_queries.add_person_section(
        "relationships", network_queries.person_relationships, dump=network_schemas.person_page_json
    )
    # capture -> the timeline: "from mail" / "from calendar" on what capture logged.
    people_queries.add_person_section(
        "capture", capture_queries.person_marks, dump=capture_schemas.person_page_json
    )
    for panel in (
        "goodwill.interactions.views.person_panel",
        "goodwill.network.views.person_panel",
        "goodwill.leads.views.person_panel",
        "goodwill.giving.views.person_panel",
    ):
        people_queries.add_page_panel(panel)
    # people -> network: who introduced you is an edge of your network.
    person_introduced.connect(
        network_services.on_person_introduced, sender=Person, dispatch_uid="network.introducer"
    )
    # interactions -> giving: the needs and offers heard at a coffee.
    interaction_logged.connect(
        giving_services.on_interaction_logged, sender=Interaction, dispatch_uid="giving.heard"
    )
    # people and giving -> the matcher's index: which people to index again.
    post_save.connect(match_index.on_person_saved, sender=Person, dispatch_uid="match.person")
    for model in (Offer, Need):
        uid = f"match.{model._meta.model_name}"
        post_save.connect(match_index.on_offer_or_need_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(match_index.on_offer_or_need_changed, sender=model, dispatch_uid=uid)
    m2m_changed.connect(
        match_index.on_tags_changed, sender=Person.tags.through, dispatch_uid="match.tags"
    )
    people_reindexed.connect(
        match_index.on_people_reindexed, sender=Person, dispatch_uid="match.reindexed"
    )
    # leads -> giving: a report on how a lead ended offers help with the referrer's needs.
    lead_queries.add_needs_source(giving_queries.open_need_texts)
    # network paths -> giving: "offering:…" ends a path at people who offer it.
    paths.add_target("offering", giving_queries.people_offering)
    # everything the user does -> the coach's launch plan ticks the steps it sees done.
    interaction_logged.connect(
        launch_service.on_interaction_logged, sender=Interaction, dispatch_uid="coach.launch"
    )
    interactions_logged.connect(  # many at once (capture's pages): one tick for them all
        launch_service.on_interactions_logged, sender=Interaction, dispatch_uid="coach.launch.many"
    )
    post_save.connect(
        launch_service.on_person_saved, sender=Person, dispatch_uid="coach.launch.person"
    )
    for model in (Need, Give, AskNext, ReportBack):
        post_save.connect(
            launch_service.on_owned_created,
            sender=model,
            dispatch_uid=f"coach.launch.{model._meta.model_name}",
        )
    # A login starts the session's clocks (idle and absolute expiry, middleware.py).
    user_logged_in.connect(security.stamp_login, dispatch_uid="goodwill.stamp_login")
    # Every row of the project: no date the databases or Python cannot hold (issue 16).
    pre_save.connect(_check_moments, dispatch_uid="core.moments")


def _check_moments(sender, instance, raw=False, **kwargs) -> None:
    if not raw and sender._meta.app_label == "goodwill":
        core_rules.check_moments(instance)
