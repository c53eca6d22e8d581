"""Leads, report-backs, referrals, what is due and the follow-through figures.

Every route calls the same services as the web and the CLI, with the same rules.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.leads import queries as lead_queries
from goodwill.leads import services as lead_service
from goodwill.leads.models import Lead, Referral
from goodwill.leads.queries import stats as stats_queries
from goodwill.leads.schemas import (
    LeadActionOut,
    LeadDetailOut,
    LeadFilters,
    LeadIn,
    LeadOut,
    LeadPatch,
    LeadSettingsIn,
    LeadSettingsOut,
    LeadStatsOut,
    MoveIn,
    ReferralCheckIn,
    ReferralIn,
    ReferralOut,
    ReportBackIn,
    ReportBackOut,
    detail_object,
)
from goodwill.leads.services import referrals as referral_service

router = Router(tags=["leads"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"lead_id": Lead, "referral_id": Referral}


def _detail(request, lead_id: int):
    return detail_object(lead_queries.lead_detail(owner(request), lead_id))


@router.get("/leads", response={200: list[LeadOut], **READ_ERRORS}, url_name="leads.list")
@paginate(Page)
def list_leads(request, filters: Query[LeadFilters]):
    """Leads, overdue ones first. Filter by referrer (a person id), status, or state
    (open: not closed yet; tell: won/lost but the referrer has not heard; closed)."""
    return lead_queries.leads(
        owner(request), referrer=filters.referrer, status=filters.status, state=filters.state
    )


@router.post("/leads", response={201: LeadDetailOut, **WRITE_ERRORS}, url_name="leads.create")
def create_lead(request, payload: LeadIn):
    lead = lead_service.create_lead(owner=owner(request), **payload.model_dump())
    return Status(201, _detail(request, lead.pk))


@router.get("/leads/due", response={200: list[LeadActionOut], **READ_ERRORS}, url_name="leads.due")
def due(request):
    """What the leads area asks of you now, most urgent first, each with a reason and a
    draft: prospects to contact, report-backs owed, referral checks due."""
    return lead_queries.due_actions(owner(request))


@router.get("/leads/stats", response={200: LeadStatsOut, **READ_ERRORS}, url_name="leads.stats")
def stats(request):
    """Follow-through rate, median days to first contact, report-back rate, leads by
    outcome and by referrer, and the last twelve months."""
    return stats_queries.lead_stats(owner(request))


@router.get(
    "/leads/settings", response={200: LeadSettingsOut, **READ_ERRORS}, url_name="leads.settings"
)
def get_settings(request):
    return lead_queries.settings_for(owner(request))


@router.put(
    "/leads/settings",
    response={200: LeadSettingsOut, **WRITE_ERRORS},
    url_name="leads.settings_update",
)
def put_settings(request, payload: LeadSettingsIn):
    """Contact prospects within N days; update referrers every N days; check referrals
    after N days. Only the fields sent change."""
    return lead_service.update_lead_settings(owner=owner(request), **changes(payload))


@router.get(
    "/leads/{int:lead_id}", response={200: LeadDetailOut, **READ_ERRORS}, url_name="leads.detail"
)
def get_lead(request, lead_id: int):
    return _detail(request, lead_id)


@router.patch(
    "/leads/{int:lead_id}", response={200: LeadDetailOut, **WRITE_ERRORS}, url_name="leads.update"
)
def update_lead(request, lead_id: int, payload: LeadPatch):
    lead = owned(request, Lead, lead_id)
    lead_service.update_lead(owner=owner(request), lead=lead, **changes(payload))
    return _detail(request, lead_id)


@router.delete(
    "/leads/{int:lead_id}", response={204: None, **WRITE_ERRORS}, url_name="leads.delete"
)
def delete_lead(request, lead_id: int):
    lead = owned(request, Lead, lead_id)
    lead_service.delete_lead(owner=owner(request), lead=lead)
    return Status(204, None)


@router.post(
    "/leads/{int:lead_id}/move",
    response={200: LeadDetailOut, **WRITE_ERRORS},
    url_name="leads.move",
)
def move_lead(request, lead_id: int, payload: MoveIn):
    """Move the lead to another status. Refused moves are a 422 naming `status`."""
    lead = owned(request, Lead, lead_id)
    lead_service.move_lead(
        owner=owner(request),
        lead=lead,
        status=payload.status or "",
        note=payload.note,
        reopen=payload.reopen,
    )
    return _detail(request, lead_id)


@router.get(
    "/leads/{int:lead_id}/report-backs",
    response={200: list[ReportBackOut], **READ_ERRORS},
    url_name="leads.report_backs",
)
def list_report_backs(request, lead_id: int):
    lead = owned(request, Lead, lead_id)
    return list(lead.report_backs.order_by("sent_at", "id"))


@router.post(
    "/leads/{int:lead_id}/report-backs",
    response={201: ReportBackOut, **WRITE_ERRORS},
    url_name="leads.report",
)
def send_report_back(request, lead_id: int, payload: ReportBackIn):
    """Mark a report-back as sent: it is stored and logged on the referrer's timeline."""
    lead = owned(request, Lead, lead_id)
    report = lead_service.send_report_back(owner=owner(request), lead=lead, **payload.model_dump())
    return Status(201, report)


@router.get(
    "/referrals", response={200: list[ReferralOut], **READ_ERRORS}, url_name="referrals.list"
)
@paginate(Page)
def list_referrals(request):
    """Referrals you gave, latest first."""
    return lead_queries.referrals(owner(request))


@router.post("/referrals", response={201: ReferralOut, **WRITE_ERRORS}, url_name="referrals.create")
def create_referral(request, payload: ReferralIn):
    referral = referral_service.create_referral(owner=owner(request), **payload.model_dump())
    return Status(201, lead_queries.referrals(owner(request)).get(pk=referral.pk))


@router.get(
    "/referrals/{int:referral_id}",
    response={200: ReferralOut, **READ_ERRORS},
    url_name="referrals.detail",
)
def get_referral(request, referral_id: int):
    return owned(request, lead_queries.referrals(owner(request)), referral_id)


@router.delete(
    "/referrals/{int:referral_id}",
    response={204: None, **WRITE_ERRORS},
    url_name="referrals.delete",
)
def delete_referral(request, referral_id: int):
    referral = owned(request, Referral, referral_id)
    referral_service.delete_referral(owner=owner(request), referral=referral)
    return Status(204, None)


@router.post(
    "/referrals/{int:referral_id}/check",
    response={200: ReferralOut, **WRITE_ERRORS},
    url_name="referrals.check",
)
def check_referral(request, referral_id: int, payload: ReferralCheckIn):
    """Record how the referral went: helped, no_luck or unknown, with a note."""
    referral = owned(request, Referral, referral_id)
    referral_service.check_referral(
        owner=owner(request), referral=referral, outcome=payload.outcome or "", note=payload.note
    )
    return lead_queries.referrals(owner(request)).get(pk=referral.pk)
