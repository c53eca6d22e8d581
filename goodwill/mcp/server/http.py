"""Streamable HTTP: the server as an ASGI app at /mcp, behind the token gate, with
DNS-rebinding protection for the site's hosts."""

from __future__ import annotations

from urllib.parse import urlsplit

from django.conf import settings
from mcp.server.transport_security import TransportSecuritySettings
from starlette.datastructures import Headers
from starlette.responses import JSONResponse

from goodwill.accounts import services as accounts
from goodwill.api.errors import error_body
from goodwill.mcp.server.common import PRINCIPAL, Principal, in_django
from goodwill.mcp.server.tools import build_server

UNAUTHORIZED = (
    "Send a Goodwill access token with the mcp scope: Authorization: Bearer <token>. Make one "
    "under Settings → Access tokens, or with `goodwill token create NAME --scope mcp`."
)
NOT_FOR_MCP = (
    "This token is not for MCP. Make one with the mcp scope under Settings → Access tokens, "
    "or with `goodwill token create NAME --scope mcp`."
)


class TokenGate:
    """ASGI middleware: every HTTP request carries an active token with the mcp scope
    (401 with ``WWW-Authenticate: Bearer`` when there is none, 403 when the token is not
    for MCP), and the tools act for its owner, with its level (read or write)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        header = Headers(scope=scope).get("authorization", "")
        kind, _, secret = header.partition(" ")
        token = None
        if kind.lower() == "bearer" and secret.strip():
            token = await in_django(lambda: accounts.find_token(secret.strip()))
        if token is None:
            response = JSONResponse(
                error_body("unauthorized", UNAUTHORIZED),
                status_code=401,
                headers={"WWW-Authenticate": 'Bearer realm="goodwill"'},
            )
        elif not token.can_mcp:
            response = JSONResponse(
                error_body("forbidden", NOT_FOR_MCP),
                status_code=403,
                headers={
                    "WWW-Authenticate": 'Bearer realm="goodwill", error="insufficient_scope", '
                    'scope="mcp"'
                },
            )
        else:
            principal = Principal(user_id=token.owner_id, can_write=token.can_write)
            await self.app({**scope, PRINCIPAL: principal}, receive, send)
            return
        await response(scope, receive, send)


def transport_security() -> TransportSecuritySettings:
    """DNS-rebinding protection for the site's hosts: the Host header must be one of
    GOODWILL_ALLOWED_HOSTS (any port), and a browser's Origin one of their origins or
    GOODWILL_SITE_URL's. "*" among the hosts turns the check off, as it does for Django."""
    hosts, origins = [], []
    for host in settings.ALLOWED_HOSTS:
        if host == "*":
            return TransportSecuritySettings(enable_dns_rebinding_protection=False)
        host = host.lstrip(".")
        hosts += [host, f"{host}:*"]
        origins += [f"https://{host}", f"http://{host}", f"https://{host}:*", f"http://{host}:*"]
    site = urlsplit(settings.GOODWILL_SITE_URL or "")
    if site.netloc:
        hosts.append(site.netloc)
        origins.append(f"{site.scheme}://{site.netloc}")
    return TransportSecuritySettings(
        enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins
    )


def http_app():
    """The streamable HTTP app at /mcp, behind the token gate (an ASGI app for uvicorn)."""
    app = build_server().streamable_http_app(
        streamable_http_path="/mcp",
        stateless_http=True,
        json_response=True,
        transport_security=transport_security(),
    )
    return TokenGate(app)
