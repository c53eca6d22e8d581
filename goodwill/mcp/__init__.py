"""The MCP server: the coach's verbs for AI assistants, over stdio and streamable HTTP."""
