"""The MCP server: the coach's verbs as tools, your people as resources, two prompts.

tools.py builds it (the read tools), writes.py adds the tools that save (preview, then
confirm), context.py the resources and prompts, work.py holds the read tools' work,
common.py who they act for and how Django runs, http.py the streamable HTTP app. It is
a package beside cli.py (which runs it) rather than the area's api.py: the CLI may not
import the api layer.
"""

from goodwill.mcp.server.common import Principal
from goodwill.mcp.server.http import http_app
from goodwill.mcp.server.tools import build_server

__all__ = ["Principal", "build_server", "http_app"]
