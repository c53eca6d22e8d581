"""What an MCP tool answers: structured content (the API's JSON shapes) and a short text
a person can read, and errors in the API's one shape ({"error", "message", "fields"}).
"""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.http import Http404
from mcp_types import CallToolResult, TextContent

from goodwill.api.errors import error_body, fields_from_django
from goodwill.mcp.rules import CONFIRM_SECONDS

READ_ONLY = (
    "This token is read-only; create a read-and-write token with the mcp scope to save things."
)


def ok(data: dict, text: str) -> CallToolResult:
    return CallToolResult(content=[TextContent(type="text", text=text)], structured_content=data)


def failed(error: str, message: str, fields: dict | None = None) -> CallToolResult:
    body = error_body(error, message, fields)
    return CallToolResult(
        content=[TextContent(type="text", text=message)], structured_content=body, is_error=True
    )


def from_exception(exc: Exception) -> CallToolResult:
    """A service's ValidationError (by field) or a lookup's 404, as the API words them."""
    if isinstance(exc, ValidationError):
        fields = fields_from_django(exc)
        message = "; ".join(f"{name}: {msgs[0]}" for name, msgs in fields.items() if msgs)
        return failed("validation_error", message or "The request is not valid.", fields)
    if isinstance(exc, Http404):
        return failed("not_found", str(exc) or "Not found.")
    raise exc


def read_only() -> CallToolResult:
    return failed("forbidden", READ_ONLY)


def written(tool: str, saved: bool, shown: tuple[dict, str], token: str | None) -> CallToolResult:
    """A write tool's answer: the preview with its confirmation, or what was saved."""
    data, text = shown
    if saved:
        return ok({"status": "saved", "result": data, "confirm": None}, f"Saved. {text}")
    return ok(
        {
            "status": "preview",
            "result": data,
            "confirm": token,
            "expires_in_seconds": CONFIRM_SECONDS,
        },
        f"Preview, nothing is saved yet: {text}\n"
        f"To save it, call {tool} again with the same details and confirm={json.dumps(token)}. "
        "Check with the user first.",
    )


def lines(title: str, items: list[str]) -> str:
    if not items:
        return ""
    return title + "\n" + "\n".join(f"- {item}" for item in items)


def join(*parts: str) -> str:
    return "\n\n".join(part for part in parts if part)


# ---------------------------------------------------------------- per tool texts


def today_text(data: dict) -> str:
    actions = [
        f"{i}. {a['title']}. {a['reason']} (key {a['key']})"
        for i, a in enumerate(data["actions"], 1)
    ]
    if not actions:
        return join(data["sentence"], "Nothing to do today. A quiet day is fine.")
    return join(data["sentence"], "\n".join(actions), "Each action's draft is in the result.")


def brief_text(data: dict) -> str:
    last = [
        f"{i['occurred_at'][:10]} {i['kind']}: {i['summary']}" for i in data["last_interactions"]
    ]
    return join(
        f"Before you meet {data['person']['display_name']} (#{data['person']['id']})",
        lines("Ask about", data["open_asks"]),
        lines("Last time", last),
        lines("What they need", data["needs"]),
        lines("What you owe them", data.get("you_owe", [])),
        lines("What you could offer", data["my_offers"]),
        lines("People you both know", [m["display_name"] for m in data["mutual"]]),
        lines("Leads between you", data["leads_given"] + data["leads_about"]),
        lines("Openers", data["openers"]),
        lines("Questions", data["questions"]),
    )


def people_text(rows: list[dict], query: str) -> str:
    if not rows:
        return f"Nobody matches {query!r}." if query else "No people yet."
    found = [
        f"#{p['id']} {p['display_name']}" + (f" ({p['organization']})" if p["organization"] else "")
        for p in rows
    ]
    return "\n".join(found)


def matches_text(asked: str, rows: list[dict]) -> str:
    if not rows:
        return f"Nobody stands out yet for: {asked}. Note offers as you hear them."
    found = [
        f"{i}. {m['name']} (#{m['person_id']})"
        + (f": {'; '.join(m['reasons'])}" if m["reasons"] else "")
        for i, m in enumerate(rows, 1)
    ]
    return join(f"Who could help with: {asked}", "\n".join(found))


def paths_text(data: dict) -> str:
    label = data["target"]["label"] if data["target"] else ""
    if data["known_directly"]:
        names = ", ".join(p["display_name"] for p in data["known_directly"])
        return f"You already know {names}."
    if not data["paths"]:
        return f"No path to {label} yet: nobody you know is linked to them."
    found = []
    for i, path in enumerate(data["paths"], 1):
        chain = " → ".join(p["display_name"] for p in path["people"])
        reasons = "; ".join(link["reason"] for link in path["links"] if link["reason"])
        found.append(
            f"{i}. {chain} (weakest link {path['weakest']}/5)" + (f": {reasons}" if reasons else "")
        )
    return join(f"Paths to {label}", "\n".join(found))


def draft_text(draft: dict) -> str:
    to = f"{draft['to_name']} <{draft['to_email']}>" if draft["to_email"] else draft["to_name"]
    subject = f"Subject: {draft['subject']}\n" if draft["subject"] else ""
    return f"To: {to}\n{subject}\n{draft['body']}"


def due_text(rows: list[dict]) -> str:
    if not rows:
        return "Nobody is due."
    found = []
    for p in rows:
        late = p["days_overdue"]
        when = (
            f"{late} days overdue"
            if late > 0
            else ("due today" if late == 0 else f"due {p['next_due_on']}")
        )
        found.append(f"#{p['id']} {p['display_name']}: {when}")
    return "\n".join(found)
