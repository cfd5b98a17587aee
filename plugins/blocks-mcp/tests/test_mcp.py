"""blocks-mcp against a real server, with the official MCP Python SDK's client."""

from __future__ import annotations

import asyncio
import base64
import concurrent.futures
import io
import json
import time

import pytest
import requests

import blocks as gr

mcp = pytest.importorskip("mcp")
from mcp import ClientSession  # noqa: E402
from mcp.client.streamable_http import streamable_http_client  # noqa: E402


def letter_counter(word: str, letter: str) -> int:
    """Count how many times a letter appears in a word.

    Args:
        word: The word to look in.
        letter: The letter to count; one character.

    Returns:
        How many there are.
    """
    return word.lower().count(letter.lower())


def scale(value: int, factor: float = 2.0) -> float:
    """Multiply a whole number by a factor."""
    return value * factor


def slow(steps: int, progress=gr.Progress()) -> str:
    """Count to steps, reporting progress."""
    for _ in progress.tqdm(range(int(steps)), desc="Counting"):
        pass
    return f"counted to {int(steps)}"


def refuse(text: str) -> str:
    """Always fails."""
    raise gr.Error(f"No luck with {text}")


def mirror(image: str) -> str:
    """Give the image back."""
    return image


@gr.mcp.resource("greeting://{name}")
def get_greeting(name: str) -> str:
    """A personal greeting."""
    return f"Hello, {name}!"


@gr.mcp.prompt()
def greet_user(name: str, style: str = "friendly") -> str:
    """A prompt asking for a greeting.

    Args:
        name: Who to greet.
        style: friendly or formal.
    """
    return f"Please write a {style} greeting for {name}."


@gr.mcp.tool(name="shout", description="Upper-case a text.", structured_output=True)
def loud(text: str) -> str:
    return text.upper()


def slice_list(lst: list[int], start: int, end: int = 3) -> list[int]:
    """Slice a list.

    Args:
        lst: The list.
        start: Where the slice starts.
        end: Where it ends (not included).
    """
    return lst[start:end]


TICKS: list[int] = []


def ticking(n: int):
    """Yields for a long time."""
    for i in range(int(n)):
        TICKS.append(i)
        time.sleep(0.05)
        yield str(i)


def hidden(text: str) -> str:
    return text


def build():
    with gr.Blocks(title="MCP test app") as demo:
        word, letter = gr.Textbox(label="Word"), gr.Textbox(label="Letter")
        count = gr.Number(label="Count")
        gr.Button("Count").click(letter_counter, [word, letter], count, api_name="letter_counter")
        value, factor = gr.Number(label="Value"), gr.Number(label="Factor", value=2)
        gr.Button("Scale").click(scale, [value, factor], gr.Number(label="Scaled"),
                                 api_name="scale")
        steps, said = gr.Number(label="Steps"), gr.Textbox(label="Said")
        gr.Button("Slow").click(slow, steps, said, api_name="slow")
        gr.Button("Refuse").click(refuse, word, said, api_name="refuse")
        image = gr.Image(label="Image", type="filepath")
        gr.Button("Mirror").click(mirror, image, gr.Image(label="Back", type="filepath"),
                                  api_name="mirror")
        name, style = gr.Textbox(label="Name"), gr.Textbox(label="Style", value="friendly")
        gr.Button("Greeting").click(get_greeting, name, said, api_name="get_greeting")
        gr.Button("Prompt").click(greet_user, [name, style], said, api_name="greet_user")
        gr.Button("Shout").click(loud, word, said, api_name="loud")
        gr.api(slice_list)
        gr.Button("Tick").click(ticking, steps, said, api_name="ticking")
        gr.Button("Private").click(hidden, word, said, api_name="private",
                                   api_visibility="private")
        gr.Button("Undocumented").click(hidden, word, said, api_name="undocumented",
                                        show_api=False)
    return demo


@pytest.fixture(scope="module")
def app_url():
    demo = build()
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True, mcp_server=True)
    yield demo.local_url
    demo.close()


def run(url, work):
    """Run ``work(session)`` in an initialized MCP client session against ``url``."""
    async def main():
        async with streamable_http_client(url + "gradio_api/mcp/") as (read, write):
            async with ClientSession(read, write) as session:
                await session.initialize()
                return await work(session)
    # a thread of its own: the session's Playwright fixture may hold this thread's loop
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, main()).result(timeout=120)


def png_bytes() -> bytes:
    from PIL import Image
    buffer = io.BytesIO()
    Image.new("RGB", (3, 2), (200, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


# -- tools -----------------------------------------------------------------------------------
def test_tools_are_the_public_endpoints_described(app_url):
    async def work(session):
        return (await session.list_tools()).tools
    tools = {tool.name: tool for tool in run(app_url, work)}
    assert set(tools) == {"letter_counter", "scale", "slow", "refuse", "mirror", "shout",
                          "slice_list", "ticking"}
    counter = tools["letter_counter"]
    assert counter.description == "Count how many times a letter appears in a word."
    schema = counter.input_schema
    assert schema["required"] == ["word", "letter"]
    assert schema["properties"]["word"] == {"type": "string", "description": "The word to look in."}
    assert schema["properties"]["letter"]["description"] == "The letter to count; one character."
    scaled = tools["scale"].input_schema
    assert scaled["properties"]["value"]["type"] == "integer"  # the int hint on a gr.Number
    assert scaled["properties"]["factor"]["default"] == 2
    assert scaled["required"] == ["value"]
    assert tools["mirror"].input_schema["properties"]["image"]["type"] == "string"
    assert tools["shout"].description == "Upper-case a text."
    assert tools["shout"].output_schema == {
        "type": "object", "properties": {"result": {"type": "string"}}, "required": ["result"]}
    sliced = tools["slice_list"].input_schema  # gr.api: the type hints alone
    assert sliced["properties"]["lst"] == {"type": "array", "items": {"type": "integer"},
                                           "description": "The list."}
    assert sliced["properties"]["end"]["default"] == 3 and sliced["required"] == ["lst", "start"]


def test_call_with_text_and_numbers(app_url):
    async def work(session):
        return (await session.call_tool("letter_counter", {"word": "strawberry", "letter": "r"}),
                await session.call_tool("scale", {"value": 4}),
                await session.call_tool("shout", {"text": "hey"}),
                await session.call_tool("slice_list", {"lst": [5, 6, 7, 8], "start": 1}))
    counted, scaled, shouted, sliced = run(app_url, work)
    assert sliced.structured_content == {"result": [6, 7]}
    assert sliced.content[0].text == "[6, 7]"
    assert not counted.is_error
    assert counted.content[0].text == "3"
    assert counted.structured_content == {"result": 3}
    assert scaled.structured_content == {"result": 8}
    assert shouted.content[0].text == "HEY"


def test_progress_notifications(app_url):
    seen = []

    async def on_progress(progress, total, message):
        seen.append((progress, total, message))

    async def work(session):
        return await session.call_tool("slow", {"steps": 3}, progress_callback=on_progress)
    result = run(app_url, work)
    assert result.content[0].text == "counted to 3"
    assert seen, "no progress notification arrived"
    values = [progress for progress, _, _ in seen]
    assert values == sorted(values) and len(set(values)) == len(values)
    assert all(total == 100 for _, total, _ in seen)
    assert any(message and message.startswith("Counting") for _, _, message in seen)


def test_gr_error_is_a_tool_error(app_url):
    async def work(session):
        return await session.call_tool("refuse", {"text": "this"})
    result = run(app_url, work)
    assert result.is_error
    assert result.content[0].text == "No luck with this"


def test_values_that_do_not_fit_are_tool_errors(app_url):
    async def work(session):
        return await session.call_tool("letter_counter", {"word": "x", "unknown": 1})
    result = run(app_url, work)
    assert result.is_error
    assert "unknown" in result.content[0].text


def test_files_in_as_data_url_and_out_as_image_and_link(app_url):
    png = png_bytes()
    data_url = "data:image/png;base64," + base64.b64encode(png).decode()

    async def work(session):
        first = await session.call_tool("mirror", {"image": data_url})
        link = next(item for item in first.content if item.type == "resource_link")
        again = await session.call_tool("mirror", {"image": str(link.uri)})
        return first, again
    first, again = run(app_url, work)
    assert not first.is_error, first.content
    image = next(item for item in first.content if item.type == "image")
    assert image.mime_type == "image/png"
    assert base64.b64decode(image.data) == png
    link = next(item for item in first.content if item.type == "resource_link")
    assert requests.get(str(link.uri), timeout=10).content == png
    assert not again.is_error, again.content  # a file the app gave out is taken back


def test_files_the_app_never_gave_out_are_refused(app_url):
    async def work(session):
        return (await session.call_tool("mirror", {"image": app_url + "file=/etc/passwd"}),
                await session.call_tool("mirror", {"image": "https://example.com/cat.png"}),
                await session.call_tool("mirror", {"image": "data:image/png;base64,@@"}))
    for result in run(app_url, work):
        assert result.is_error
    assert "not a file this app gave out" in run(app_url, work)[0].content[0].text


def test_unknown_tool_is_a_protocol_error(app_url):
    from mcp.shared.exceptions import MCPError

    async def work(session):
        with pytest.raises(MCPError, match="Unknown tool 'private'"):
            await session.call_tool("private", {"text": "x"})
        return True
    assert run(app_url, work)


def test_a_client_that_goes_away_cancels_the_call(app_url):
    with requests.post(app_url + "gradio_api/mcp/", stream=True, timeout=10, json={
            "jsonrpc": "2.0", "id": 1, "method": "tools/call",
            "params": {"name": "ticking", "arguments": {"n": 2000},
                       "_meta": {"progressToken": "t"}}}) as response:
        assert response.headers["Content-Type"].startswith("text/event-stream")
        deadline = time.monotonic() + 10
        while len(TICKS) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
    # the stream is closed: the server notices at its next write and cancels the job
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        seen = len(TICKS)
        time.sleep(0.5)
        if len(TICKS) == seen:
            break
    assert 3 <= len(TICKS) < 2000


# -- resources and prompts -------------------------------------------------------------------
def test_resources(app_url):
    async def work(session):
        templates = (await session.list_resource_templates()).resource_templates
        fixed = (await session.list_resources()).resources
        read = await session.read_resource("greeting://Alice")
        return templates, fixed, read
    templates, fixed, read = run(app_url, work)
    assert [t.uri_template for t in templates] == ["greeting://{name}"]
    assert templates[0].description == "A personal greeting."
    assert fixed == []
    assert read.contents[0].text == "Hello, Alice!"


def test_prompts(app_url):
    async def work(session):
        prompts = (await session.list_prompts()).prompts
        got = await session.get_prompt("greet_user", {"name": "Bo", "style": "formal"})
        return prompts, got
    prompts, got = run(app_url, work)
    assert [p.name for p in prompts] == ["greet_user"]
    arguments = {a.name: a for a in prompts[0].arguments}
    assert arguments["name"].required and not arguments["style"].required
    assert arguments["name"].description == "Who to greet."
    assert got.messages[0].role == "user"
    assert got.messages[0].content.text == "Please write a formal greeting for Bo."


# -- the transport ---------------------------------------------------------------------------
def post(url, body, headers=None):
    data = body if isinstance(body, (bytes, str)) else json.dumps(body)
    return requests.post(url + "gradio_api/mcp/", data=data, timeout=10,
                         headers={"Content-Type": "application/json",
                                  "Accept": "application/json, text/event-stream",
                                  **(headers or {})})


@pytest.mark.parametrize("body, status, code", [
    (b"{not json", 400, -32700),
    ([{"jsonrpc": "2.0", "id": 1, "method": "ping"}], 400, -32600),
    ({"id": 1, "method": "ping"}, 400, -32600),
    ({"jsonrpc": "2.0", "id": {"x": 1}, "method": "ping"}, 400, -32600),
    ({"jsonrpc": "2.0", "id": 1, "method": 5}, 400, -32600),
    ({"jsonrpc": "2.0", "id": 1, "method": "nope"}, 200, -32601),
    ({"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": [1]}, 200, -32602),
    ({"jsonrpc": "2.0", "id": 1, "method": "tools/call",
      "params": {"name": "scale", "arguments": "x"}}, 200, -32602),
    ({"jsonrpc": "2.0", "id": 1, "method": "resources/read", "params": {"uri": "x://y"}},
     200, -32002),
    ({"jsonrpc": "2.0", "id": 1, "method": "prompts/get", "params": {"name": "nope"}},
     200, -32602),
])
def test_bad_requests_get_json_rpc_errors(app_url, body, status, code):
    response = post(app_url, body)
    assert response.status_code == status
    assert response.json()["error"]["code"] == code
    assert response.json()["error"]["message"]


def test_transport_edges(app_url):
    assert post(app_url, {"jsonrpc": "2.0", "method": "notifications/initialized"}
                ).status_code == 202
    wrong_type = requests.post(app_url + "gradio_api/mcp/", data="{}", timeout=10,
                               headers={"Content-Type": "text/plain"})
    assert wrong_type.status_code == 415
    assert requests.get(app_url + "gradio_api/mcp/", timeout=10).status_code == 405
    assert requests.delete(app_url + "gradio_api/mcp/", timeout=10).status_code == 405
    old = post(app_url, {"jsonrpc": "2.0", "id": 1, "method": "ping"},
               {"MCP-Protocol-Version": "1999-01-01"})
    assert old.status_code == 400 and "1999-01-01" in old.json()["error"]["message"]
    big = post(app_url, b'{"jsonrpc": "2.0", "id": 1, "method": "ping", "x": "'
               + b"a" * (17 * 1024 * 1024) + b'"}')
    assert big.status_code == 413
    foreign = post(app_url, {"jsonrpc": "2.0", "id": 1, "method": "ping"},
                   {"Origin": "http://evil.example"})
    assert foreign.status_code == 403  # the app's own before-request checks apply
    assert post(app_url, {"jsonrpc": "2.0", "id": 7, "method": "ping"}).json() == \
        {"jsonrpc": "2.0", "id": 7, "result": {}}
    schema = requests.get(app_url + "gradio_api/mcp/schema", timeout=10).json()
    assert "letter_counter" in {tool["name"] for tool in schema}
    assert requests.get(app_url + "info", timeout=10).status_code == 200  # the app still serves


# -- switching it on -------------------------------------------------------------------------
def test_off_unless_asked(serve, monkeypatch):
    monkeypatch.delenv("BLOCKS_MCP_SERVER", raising=False)
    monkeypatch.delenv("GRADIO_MCP_SERVER", raising=False)
    url = serve(build())
    response = post(url, {"jsonrpc": "2.0", "id": 1, "method": "ping"})
    assert response.status_code in (404, 405)
    assert "jsonrpc" not in response.text


def test_without_the_plugin_mcp_server_names_the_package(monkeypatch):
    monkeypatch.setenv("BLOCKS_LOAD_PLUGINS", "")  # no plugin from entry points
    with pytest.raises(RuntimeError, match="pip install blocks-mcp"):
        build().create_app(mcp_server=True)


def test_environment_variable_switches_it_on(serve, monkeypatch):
    monkeypatch.setenv("BLOCKS_MCP_SERVER", "true")
    url = serve(build())
    assert post(url, {"jsonrpc": "2.0", "id": 1, "method": "ping"}).status_code == 200


def test_a_scripts_launch_setting_applies_under_wsgi(tmp_path):
    from blocks.wsgi import app as wsgi_app
    script = tmp_path / "app.py"
    script.write_text("import blocks as gr\n"
                      "def echo(text: str) -> str:\n    return text\n"
                      "with gr.Blocks() as demo:\n"
                      "    gr.api(echo)\n"
                      "demo.launch(mcp_server=True)\n")
    client = wsgi_app(str(script)).test_client()
    listed = client.post("/gradio_api/mcp/", json={"jsonrpc": "2.0", "id": 1,
                                                   "method": "tools/list"})
    assert [tool["name"] for tool in listed.get_json()["result"]["tools"]] == ["echo"]


def test_the_api_page_shows_the_mcp_configuration(app_url):
    import html
    import re
    page = requests.get(app_url + "?view=api", timeout=30)
    assert page.status_code == 200
    assert '<h2 id="mcp">MCP</h2>' in page.text
    snippet = re.search(r'<code class="language-json">(.*?)</code>', page.text, re.S)
    config = json.loads(html.unescape(snippet.group(1)))
    url = config["mcpServers"]["mcp-test-app"]["url"]
    assert url == app_url + "gradio_api/mcp/"
    # the configured URL is the server a client reaches
    assert requests.get(url + "schema", timeout=30).status_code == 200
    assert 'aria-label="Copy the MCP client configuration"' in page.text


def test_without_mcp_the_api_page_has_no_mcp_section():
    with gr.Blocks() as demo:
        gr.Textbox().submit(lambda text: text, gr.Textbox(), gr.Textbox(), api_name="echo")
    demo.launch(server_name="127.0.0.1", prevent_thread_lock=True, quiet=True)
    try:
        page = requests.get(demo.local_url + "?view=api", timeout=30)
        assert page.status_code == 200 and 'id="mcp"' not in page.text
    finally:
        demo.close()
