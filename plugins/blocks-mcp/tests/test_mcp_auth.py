"""The MCP endpoint of an app with a login requires it, like every route of the app."""

from __future__ import annotations

import asyncio
import concurrent.futures

import pytest
import requests

import blocks as gr

pytest.importorskip("mcp")
from mcp import ClientSession
from mcp.client.streamable_http import streamable_http_client
from mcp.shared._httpx_utils import create_mcp_http_client


def whoami(text: str, request: gr.Request) -> str:
    """Say who called."""
    return f"{request.username}: {text}"


def build():
    with gr.Blocks() as demo:
        text, out = gr.Textbox(label="Text"), gr.Textbox(label="Out")
        gr.Button("Go").click(whoami, text, out, api_name="whoami")
    return demo


def call_tool(url, headers):
    async def main():
        async with create_mcp_http_client(headers=headers) as http, \
                streamable_http_client(url + "gradio_api/mcp/", http_client=http) as (r, w), \
                ClientSession(r, w) as session:
            await session.initialize()
            return await session.call_tool("whoami", {"text": "hi"})
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=120)


PING = {"jsonrpc": "2.0", "id": 1, "method": "ping"}


def test_a_login_is_required_and_its_cookie_accepted(serve):
    url = serve(build(), auth=("ann", "secret-pass"), mcp_server=True)
    refused = requests.post(url + "gradio_api/mcp/", json=PING, timeout=10)
    assert refused.status_code == 401
    login = requests.post(url + "login", data={"username": "ann", "password": "secret-pass"},
                          timeout=10)
    assert login.status_code == 200
    cookie = "; ".join(f"{name}={value}" for name, value in login.cookies.items())
    result = call_tool(url, {"Cookie": cookie})
    assert not result.is_error and result.content[0].text == "ann: hi"


def test_auth_dependency_reads_the_clients_header(serve):
    def user_of(request: gr.Request):
        return "bot" if request.headers.get("authorization") == "Bearer t0ken" else None
    url = serve(build(), auth_dependency=user_of, mcp_server=True)
    assert requests.post(url + "gradio_api/mcp/", json=PING, timeout=10,
                         headers={"Authorization": "Bearer wrong"}).status_code == 401
    result = call_tool(url, {"Authorization": "Bearer t0ken"})
    assert result.content[0].text == "bot: hi"
