"""`goodwill mcp` as the user meets it: a real process on a file SQLite database in a
temporary data dir (pytest-django's test database is not visible to another process),
talked to with the SDK's stdio client, and `goodwill mcp --http` on loopback with the
streamable HTTP client and Goodwill's tokens."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time

import httpx
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client

from tests.support import ROOT

PASSWORD = "correct horse battery staple\n"
PORTS = range(14750, 14800)


def environ(data_dir) -> dict:
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "GOODWILL_DATA_DIR": str(data_dir),
        "GOODWILL_DATABASE_URL": "",
        "GOODWILL_USER": "",
    }


def goodwill(data_dir, *args, input=None) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "goodwill", *args],
        input=input,
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environ(data_dir),
        timeout=120,
    )
    assert done.returncode == 0, (args, done.stderr)
    return done.stdout


def account(data_dir, name: str) -> None:
    goodwill(data_dir, "account", "create", "--username", name, input=PASSWORD)


def person(data_dir, user: str, name: str) -> int:
    return json.loads(goodwill(data_dir, "--user", user, "person", "add", name, "--json"))["id"]


def token(data_dir, user: str, *scope: str) -> str:
    words = [arg for word in scope for arg in ("--scope", word)]
    return goodwill(data_dir, "--user", user, "token", "create", "t", *words).strip()


def run(coro):
    return asyncio.run(coro)


# ---------------------------------------------------------------- stdio


@pytest.fixture(scope="module")
def ana_dir(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("stdio")
    account(data_dir, "ana")
    account(data_dir, "zed")  # two accounts: the server must be told which one
    ben = person(data_dir, "ana", "Ben Ortega")
    goodwill(
        data_dir, "--user", "ana", "log", "coffee", "Ben Ortega",
        "--ask-next", "How is the new job?",
    )  # fmt: skip
    return data_dir, ben


def test_stdio_serves_the_selected_account(ana_dir):
    data_dir, ben = ana_dir
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "goodwill", "--user", "ana", "mcp"],
        env=environ(data_dir),
        cwd=str(ROOT),
    )

    async def main():
        async with Client(params) as client:
            names = {tool.name for tool in (await client.list_tools()).tools}
            found = await client.call_tool("find_people", {"query": "ortega"})
            brief = await client.call_tool("person_brief", {"person": "Ben"})
            preview = await client.call_tool("record_need", {"person": "Ben", "text": "A mentor"})
            saved = await client.call_tool(
                "record_need",
                {
                    "person": "Ben",
                    "text": "A mentor",
                    "confirm": preview.structured_content["confirm"],
                },
            )
            return names, found, brief, preview, saved

    names, found, brief, preview, saved = run(main())
    assert {"today", "person_brief", "log_interaction", "lead_add"} <= names
    assert [p["id"] for p in found.structured_content["people"]] == [ben]
    assert "How is the new job?" in brief.structured_content["open_asks"]
    assert preview.structured_content["status"] == "preview"
    assert saved.structured_content["status"] == "saved", saved.content[0].text
    needs = json.loads(goodwill(data_dir, "--user", "ana", "need", "list", "--json"))
    assert [n["text"] for n in needs] == ["A mentor"]


def test_stdio_read_only_refuses_writes(ana_dir):
    data_dir, _ = ana_dir
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "goodwill", "--user", "ana", "mcp", "--read-only"],
        env=environ(data_dir),
        cwd=str(ROOT),
    )

    async def main():
        async with Client(params) as client:
            return await client.call_tool("record_offer", {"person": "me", "text": "Advice"})

    refused = run(main())
    assert refused.is_error and "read-only" in refused.content[0].text


def test_stdio_without_an_account_choice_says_how_to_choose(ana_dir):
    data_dir, _ = ana_dir
    done = subprocess.run(
        [sys.executable, "-m", "goodwill", "mcp"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=environ(data_dir),
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    assert done.returncode == 2
    assert "--user USERNAME" in done.stderr and not done.stdout


# ---------------------------------------------------------------- streamable HTTP


def free_port() -> int:
    for port in PORTS:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    pytest.skip("no free port in 14750-14799")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """alice (one person, Ana Ruiz) and bob on one install, `goodwill mcp --http` serving
    both; the tokens: alice's write+mcp, read+mcp and plain write, bob's write+mcp."""
    data_dir = tmp_path_factory.mktemp("http")
    account(data_dir, "alice")
    account(data_dir, "bob")
    ana = person(data_dir, "alice", "Ana Ruiz")
    tokens = {
        "write": token(data_dir, "alice", "write", "mcp"),
        "read": token(data_dir, "alice", "read", "mcp"),
        "plain": token(data_dir, "alice", "write"),
        "bob": token(data_dir, "bob", "write", "mcp"),
    }
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "goodwill", "mcp", "--http", "--port", str(port)],
        cwd=ROOT,
        env=environ(data_dir),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/mcp"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                httpx.post(url, timeout=2)
                break
            except httpx.TransportError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"the MCP server did not start: {server.stderr.read()}")
                time.sleep(0.3)
        yield {"url": url, "ana": ana, "tokens": tokens, "dir": data_dir}
    finally:
        server.terminate()
        server.wait(timeout=30)


def as_token(site, secret: str) -> Client:
    http = create_mcp_http_client(headers={"Authorization": f"Bearer {secret}"})
    return Client(streamable_http_client(site["url"], http_client=http))


def test_http_without_a_token_is_401_with_www_authenticate(site):
    for headers in ({}, {"Authorization": "Bearer gw_not-a-token"}, {"Authorization": "Basic x"}):
        answer = httpx.post(site["url"], json={}, headers=headers, timeout=30)
        assert answer.status_code == 401
        assert answer.headers["www-authenticate"].startswith("Bearer")
        assert answer.json()["error"] == "unauthorized"


def test_http_refuses_a_token_without_the_mcp_scope(site):
    headers = {"Authorization": f"Bearer {site['tokens']['plain']}"}
    answer = httpx.post(site["url"], json={}, headers=headers, timeout=30)
    assert answer.status_code == 403
    assert 'scope="mcp"' in answer.headers["www-authenticate"]
    assert "mcp scope" in answer.json()["message"]


def test_http_refuses_a_host_it_does_not_serve(site):
    headers = {
        "Authorization": f"Bearer {site['tokens']['write']}",
        "Host": "evil.example",
        "Accept": "application/json, text/event-stream",
    }
    ping = {"jsonrpc": "2.0", "id": 1, "method": "ping"}
    answer = httpx.post(site["url"], json=ping, headers=headers, timeout=30)
    assert answer.status_code in (403, 421)


def test_http_read_token_reads_but_cannot_write(site):
    async def main():
        async with as_token(site, site["tokens"]["read"]) as client:
            found = await client.call_tool("find_people", {"query": "Ana"})
            brief = await client.call_tool("person_brief", {"person": str(site["ana"])})
            write = await client.call_tool("record_need", {"person": "Ana", "text": "A flat"})
            return found, brief, write

    found, brief, write = run(main())
    assert [p["id"] for p in found.structured_content["people"]] == [site["ana"]]
    assert not brief.is_error
    assert write.is_error and write.structured_content["error"] == "forbidden"
    assert "read-only" in write.content[0].text


def test_http_write_token_previews_then_confirms(site):
    arguments = {"people": ["Ana Ruiz"], "kind": "call", "summary": "Call about the launch"}

    async def main():
        async with as_token(site, site["tokens"]["write"]) as client:
            preview = await client.call_tool("log_interaction", arguments)
            confirm = preview.structured_content["confirm"]
            saved = await client.call_tool("log_interaction", {**arguments, "confirm": confirm})
            return preview, saved

    preview, saved = run(main())
    assert preview.structured_content["status"] == "preview"
    assert saved.structured_content["status"] == "saved", saved.content[0].text
    shown = json.loads(
        goodwill(site["dir"], "--user", "alice", "person", "show", "Ana Ruiz", "--json")
    )
    summaries = [i["summary"] for i in shown["timeline"]]
    assert summaries.count("Call about the launch") == 1


def test_http_bob_sees_none_of_alices_data(site):
    async def main():
        async with as_token(site, site["tokens"]["bob"]) as client:
            found = await client.call_tool("find_people", {"query": ""})
            brief = await client.call_tool("person_brief", {"person": str(site["ana"])})
            people = (await client.read_resource("goodwill://people")).contents[0].text
            return found, brief, people

    found, brief, people = run(main())
    assert found.structured_content["people"] == []
    assert brief.is_error and "Ana" not in brief.content[0].text
    assert json.loads(people)["people"] == []
