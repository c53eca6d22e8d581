"""`goodwill mcp`: the MCP server (goodwill.mcp.server), over stdio for a desktop
assistant, or over streamable HTTP (`--http`) for a hosted instance behind the reverse
proxy at /mcp."""

from __future__ import annotations

from typing import Annotated

import typer

from goodwill.cli.common import current_user, ensure_migrated, err, fail


def mcp(
    http: Annotated[
        bool,
        typer.Option(
            "--http",
            help="Serve streamable HTTP at /mcp (tokens with the mcp scope) instead of stdio.",
        ),
    ] = False,
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="With --http.")] = 8001,
    host: Annotated[
        str,
        typer.Option("--host", metavar="ADDRESS", help="With --http: the address to listen on."),
    ] = "127.0.0.1",
    read_only: Annotated[
        bool, typer.Option("--read-only", help="Over stdio: offer the read tools only.")
    ] = False,
) -> None:
    """Let an AI assistant (Claude Desktop, Claude Code, others) use the coach.

    Over stdio it acts as your account (--user or GOODWILL_USER when there are several):

    claude mcp add goodwill -- goodwill --user ana mcp

    With --http it serves everyone on this install, each with their own token:

    goodwill mcp --http --port 8001   (then proxy https://your.site/mcp to it)

    Tools that save something show a preview first and save only when confirmed.
    See docs/mcp.md.
    """
    # Imported here, not at the top: the MCP SDK (pydantic models, starlette, uvicorn)
    # costs over a second of CPU to import, which no other command should pay.
    import anyio

    from goodwill.mcp.server import Principal, build_server, http_app

    if http:
        if read_only:
            raise fail("--read-only is for stdio; over HTTP each token's scope decides.")
        import uvicorn

        ensure_migrated()
        err().print(f"MCP server on http://{host}:{port}/mcp (Ctrl+C stops it).", markup=False)
        uvicorn.run(http_app(), host=host, port=port, log_level="warning", access_log=False)
        return
    owner = current_user()
    server = build_server(Principal(user_id=owner.pk, can_write=not read_only))
    anyio.run(server.run_stdio_async)


def register(root) -> None:
    """Add this area's command to the root typer app."""
    root.command("mcp")(mcp)
