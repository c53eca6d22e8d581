"""Needs, offers, gives, double-opt-in introductions, matches and the give-first balance.

Every route calls the same services as the web and the CLI, with the same rules.
"""

from ninja import Query, Router, Status
from ninja.pagination import paginate

from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner
from goodwill.core.rules import resolve_owned
from goodwill.giving import queries
from goodwill.giving import services as service
from goodwill.giving.matching import search as matching
from goodwill.giving.models import Give, Introduction, Need, Offer
from goodwill.giving.schemas import (
    BalanceOut,
    DeclineIn,
    GiveFilters,
    GiveIn,
    GiveOut,
    GivePatch,
    IntroDetailOut,
    IntroFilters,
    IntroIn,
    IntroOut,
    MadeIn,
    MatchOut,
    NeedFilters,
    NeedIn,
    NeedMatchOut,
    NeedOut,
    NeedPatch,
    OfferFilters,
    OfferIn,
    OfferOut,
    OfferPatch,
    OutcomeIn,
    StepIn,
)
from goodwill.giving.services import intros as intro_service
from goodwill.people.models import Person
from goodwill.people.services import ensure_me

router = Router(tags=["giving"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"need_id": Need, "offer_id": Offer, "give_id": Give, "intro_id": Introduction}


def _person(request, value, field: str = "person"):
    if value is None:
        return None
    if value == "me":
        return ensure_me(owner=owner(request))
    return resolve_owned(Person, owner(request), value, field)


# ---------------------------------------------------------------- needs


@router.get("/needs", response={200: list[NeedOut], **READ_ERRORS}, url_name="needs.list")
@paginate(Page)
def list_needs(request, filters: Query[NeedFilters]):
    """Needs, newest heard first; filter by status (open, met, moot) or person id."""
    return queries.needs(
        owner(request), status=filters.status, person=_person(request, filters.person)
    )


@router.post("/needs", response={201: NeedOut, **WRITE_ERRORS}, url_name="needs.create")
def create_need(request, payload: NeedIn):
    return Status(201, service.create_need(owner=owner(request), **payload.model_dump()))


@router.get("/needs/{int:need_id}", response={200: NeedOut, **READ_ERRORS}, url_name="needs.get")
def get_need(request, need_id: int):
    return owned(request, queries.needs(owner(request)), need_id)


@router.patch(
    "/needs/{int:need_id}", response={200: NeedOut, **WRITE_ERRORS}, url_name="needs.update"
)
def update_need(request, need_id: int, payload: NeedPatch):
    """Change the text, details or day heard; status moves it to open, met or moot."""
    need = owned(request, Need, need_id)
    data = changes(payload)
    status = data.pop("status", None)
    if data:
        service.update_need(owner=owner(request), need=need, **data)
    if status:
        service.set_need_status(owner=owner(request), need=need, status=status)
    return owned(request, queries.needs(owner(request)), need_id)


@router.delete(
    "/needs/{int:need_id}", response={204: None, **WRITE_ERRORS}, url_name="needs.delete"
)
def delete_need(request, need_id: int):
    service.delete_need(owner=owner(request), need=owned(request, Need, need_id))
    return Status(204, None)


@router.get(
    "/needs/{int:need_id}/matches",
    response={200: list[MatchOut], **READ_ERRORS},
    url_name="needs.matches",
)
def need_matches(request, need_id: int, limit: int = 10):
    """People (you included) who could meet the need, best first, with the reasons."""
    need = owned(request, queries.needs(owner(request)), need_id)
    return matching.match_need(owner(request), need, limit=max(1, min(limit, 50)))


@router.get(
    "/people/{int:person_id}/can-meet",
    response={200: list[NeedMatchOut], **READ_ERRORS},
    url_name="people.can_meet",
)
def person_can_meet(request, person_id: int, limit: int = 10):
    """Open needs of others that this person could meet, best first."""
    person = owned(request, Person, person_id)
    return matching.needs_person_can_meet(owner(request), person, limit=max(1, min(limit, 50)))


# ---------------------------------------------------------------- offers


@router.get("/offers", response={200: list[OfferOut], **READ_ERRORS}, url_name="offers.list")
@paginate(Page)
def list_offers(request, filters: Query[OfferFilters]):
    """Offers, newest first; filter by person (an id or "me") and active."""
    return queries.offers(
        owner(request), active=filters.active, person=_person(request, filters.person)
    )


@router.post("/offers", response={201: OfferOut, **WRITE_ERRORS}, url_name="offers.create")
def create_offer(request, payload: OfferIn):
    return Status(201, service.create_offer(owner=owner(request), **payload.model_dump()))


@router.get(
    "/offers/{int:offer_id}", response={200: OfferOut, **READ_ERRORS}, url_name="offers.get"
)
def get_offer(request, offer_id: int):
    return owned(request, queries.offers(owner(request)), offer_id)


@router.patch(
    "/offers/{int:offer_id}", response={200: OfferOut, **WRITE_ERRORS}, url_name="offers.update"
)
def update_offer(request, offer_id: int, payload: OfferPatch):
    offer = owned(request, Offer, offer_id)
    service.update_offer(owner=owner(request), offer=offer, **changes(payload))
    return owned(request, queries.offers(owner(request)), offer_id)


@router.delete(
    "/offers/{int:offer_id}", response={204: None, **WRITE_ERRORS}, url_name="offers.delete"
)
def delete_offer(request, offer_id: int):
    service.delete_offer(owner=owner(request), offer=owned(request, Offer, offer_id))
    return Status(204, None)


# ---------------------------------------------------------------- gives


@router.get("/gives", response={200: list[GiveOut], **READ_ERRORS}, url_name="gives.list")
@paginate(Page)
def list_gives(request, filters: Query[GiveFilters]):
    """Help given and received, newest first; filter by a person on either side."""
    return queries.gives(owner(request), person=_person(request, filters.person))


@router.post("/gives", response={201: GiveOut, **WRITE_ERRORS}, url_name="gives.create")
def create_give(request, payload: GiveIn):
    return Status(201, service.record_give(owner=owner(request), **payload.model_dump()))


@router.get("/gives/{int:give_id}", response={200: GiveOut, **READ_ERRORS}, url_name="gives.get")
def get_give(request, give_id: int):
    return owned(request, queries.gives(owner(request)), give_id)


@router.patch(
    "/gives/{int:give_id}", response={200: GiveOut, **WRITE_ERRORS}, url_name="gives.update"
)
def update_give(request, give_id: int, payload: GivePatch):
    give = owned(request, Give, give_id)
    service.update_give(owner=owner(request), give=give, **changes(payload))
    return owned(request, queries.gives(owner(request)), give_id)


@router.delete(
    "/gives/{int:give_id}", response={204: None, **WRITE_ERRORS}, url_name="gives.delete"
)
def delete_give(request, give_id: int):
    service.delete_give(owner=owner(request), give=owned(request, Give, give_id))
    return Status(204, None)


@router.get("/giving/balance", response={200: BalanceOut, **READ_ERRORS}, url_name="giving.balance")
def get_balance(request):
    """Are you leading with giving? Given vs received, by month and by person."""
    return queries.balance(owner(request))


# ---------------------------------------------------------------- introductions


def _detail(request, intro_id: int):
    return queries.intro_detail(owner(request), intro_id)


@router.get("/intros", response={200: list[IntroOut], **READ_ERRORS}, url_name="intros.list")
@paginate(Page)
def list_intros(request, filters: Query[IntroFilters]):
    """Introductions, newest first; state "open" means still in flight."""
    return queries.intros(
        owner(request), state=filters.state, person=_person(request, filters.person)
    )


@router.post("/intros", response={201: IntroDetailOut, **WRITE_ERRORS}, url_name="intros.create")
def create_intro(request, payload: IntroIn):
    """Suggest introducing a to b (a is asked first), optionally for a need."""
    intro = intro_service.suggest_intro(owner=owner(request), **payload.model_dump())
    return Status(201, _detail(request, intro.pk))


@router.get(
    "/intros/{int:intro_id}", response={200: IntroDetailOut, **READ_ERRORS}, url_name="intros.get"
)
def get_intro(request, intro_id: int):
    return _detail(request, intro_id)


@router.delete(
    "/intros/{int:intro_id}", response={204: None, **WRITE_ERRORS}, url_name="intros.delete"
)
def delete_intro(request, intro_id: int):
    intro_service.delete_intro(owner=owner(request), intro=owned(request, Introduction, intro_id))
    return Status(204, None)


def _advance(request, intro_id: int, action: str, **kwargs):
    intro = owned(request, Introduction, intro_id)
    intro_service.advance_intro(owner=owner(request), intro=intro, action=action, **kwargs)
    return _detail(request, intro_id)


@router.post(
    "/intros/{int:intro_id}/ask-a",
    response={200: IntroDetailOut, **WRITE_ERRORS},
    url_name="intros.ask_a",
)
def ask_a(request, intro_id: int, payload: StepIn):
    """You asked a. Refused (422 naming `action`) unless the introduction is suggested."""
    return _advance(request, intro_id, "ask_a", **payload.model_dump())


@router.post(
    "/intros/{int:intro_id}/ask-b",
    response={200: IntroDetailOut, **WRITE_ERRORS},
    url_name="intros.ask_b",
)
def ask_b(request, intro_id: int, payload: StepIn):
    """a said yes and you asked b."""
    return _advance(request, intro_id, "ask_b", **payload.model_dump())


@router.post(
    "/intros/{int:intro_id}/made",
    response={200: IntroDetailOut, **WRITE_ERRORS},
    url_name="intros.made",
)
def made(request, intro_id: int, payload: MadeIn):
    """b said yes and you introduced them: adds their relationship and a give to each."""
    return _advance(request, intro_id, "made", **payload.model_dump())


@router.post(
    "/intros/{int:intro_id}/outcome",
    response={200: IntroDetailOut, **WRITE_ERRORS},
    url_name="intros.outcome",
)
def outcome(request, intro_id: int, payload: OutcomeIn):
    """How it turned out, once made (may be updated)."""
    return _advance(request, intro_id, "outcome", **payload.model_dump())


@router.post(
    "/intros/{int:intro_id}/decline",
    response={200: IntroDetailOut, **WRITE_ERRORS},
    url_name="intros.decline",
)
def decline(request, intro_id: int, payload: DeclineIn):
    """Someone said no (a, b, or you dropped it) before the introduction was made."""
    return _advance(request, intro_id, "decline", **payload.model_dump())
