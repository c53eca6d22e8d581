"""Personal access tokens: list, create (the secret is shown once), revoke; the account
calling (/me) and its settings."""

from ninja import Router, Status
from ninja.pagination import paginate

from goodwill.accounts import queries as account_queries
from goodwill.accounts import services as accounts
from goodwill.accounts.models import ApiToken
from goodwill.accounts.schemas import MeOut, MePatch, TokenCreatedOut, TokenIn, TokenOut
from goodwill.api.common import READ_ERRORS, WRITE_ERRORS, Page, changes, owned, owner

router = Router(tags=["tokens"])

# Path parameters that name one of your objects (see goodwill.api.errors).
PATH_MODELS = {"token_id": ApiToken}


@router.get("/tokens", response={200: list[TokenOut], **READ_ERRORS}, url_name="tokens.list")
@paginate(Page)
def list_tokens(request):
    """Your tokens, newest first, revoked ones included (with revoked_at set)."""
    return account_queries.tokens(owner(request))


@router.post("/tokens", response={201: TokenCreatedOut, **WRITE_ERRORS}, url_name="tokens.create")
def create_token(request, payload: TokenIn):
    """Create a token named after where it will be used. `secret` is in this response
    only: Goodwill keeps just its hash."""
    token, secret = accounts.create_token(
        owner=owner(request), name=payload.name, scope=payload.scope
    )
    return Status(201, {**TokenOut.from_orm(token).model_dump(), "secret": secret})


@router.delete(
    "/tokens/{int:token_id}", response={200: TokenOut, **WRITE_ERRORS}, url_name="tokens.revoke"
)
def revoke_token(request, token_id: int):
    """Revoke a token: it stops working at once. The record stays, marked revoked."""
    token = owned(request, ApiToken, token_id)
    return accounts.revoke_token(owner=owner(request), token=token)


@router.get("/me", response={200: MeOut, **READ_ERRORS}, url_name="me", tags=["people"])
def me(request):
    """The account calling the API, with its own person record."""
    return owner(request)


@router.patch("/me", response={200: MeOut, **WRITE_ERRORS}, url_name="me_update", tags=["people"])
def update_me(request, payload: MePatch):
    """Change your account's settings; only the fields sent change. `phone_region` is
    the default region for phone numbers written without + (two letters, e.g. "GB";
    "" or null for none): your people's phones are compared again with it at once."""
    account = owner(request)
    sent = changes(payload)
    if "phone_region" in sent:
        account = accounts.set_phone_region(owner=account, region=sent["phone_region"])
    return account
