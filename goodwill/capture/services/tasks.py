"""Capture in the background: one task per connector, queued by the worker's tick.

`goodwill worker` runs django.tasks; its tick (reminders.services.outbox.tick) calls
``run_due_connectors``, which queues a run for each connector that is due.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.tasks import task
from django.utils import timezone

from goodwill.capture.models import Connector
from goodwill.capture.services import runs


@task
def run_connector(connector_id: int) -> str:
    connector = Connector.objects.select_related("owner").filter(pk=connector_id).first()
    if connector is None or connector.paused:
        return "skipped"
    report = runs.run_connector(connector)
    return report.skipped or report.status


def run_due_connectors(now: dt.datetime | None = None) -> int:
    """Queue a run of every connector that is due; how many were queued."""
    ids = runs.schedule_due(now or timezone.now())
    for connector_id in ids:
        transaction.on_commit(lambda pk=connector_id: run_connector.enqueue(pk))
    return len(ids)


def run_soon(*, owner, connector) -> Connector:
    """Queue a run of this connector now (the page's and the API's "read now")."""
    connector = runs.queue_now(owner=owner, connector=connector)
    transaction.on_commit(lambda: run_connector.enqueue(connector.pk))
    return connector
