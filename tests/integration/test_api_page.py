"""The "Use via API" page: what it lists, and its snippets run as a user would run them.

One real server for the module. Each snippet is read from the served page
(the text a person copies) and run: the gradio_client ones with this
interpreter, the curl ones with bash and curl. A file parameter's snippet names
a local file, which the test puts in the folder it runs from.
"""

from __future__ import annotations

import base64
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest
import requests

import blocks as gr
from blocks.api_snippets import CLIENTS, curl_snippet
from blocks.server.api_page import Section

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")


def build():
    def greet(name, greeting="Hello"):
        """Greet someone.

        A second paragraph, not shown."""
        return f"{greeting}, {name}!"

    def scale(x, factor):
        return x * factor

    def size(image):
        return f"{image.size[0]}x{image.size[1]}"

    with gr.Blocks(title="Snippets") as demo:
        name = gr.Textbox(label="Name")
        greeting = gr.Textbox(label="Greeting", value="Hello")
        out = gr.Textbox(label="Out")
        x = gr.Number(label="X", value=3)
        factor = gr.Slider(1, 10, value=2, step=1, label="Factor")
        image = gr.Image(type="pil", label="Picture")
        button = gr.Button("Go")
        button.click(greet, [name, greeting], out, api_name="greet")
        button.click(scale, [x, factor], x, api_name="scale")
        button.click(size, image, out, api_name="size")
        button.click(greet, [name, greeting], out, api_name="hidden", api_visibility="undocumented")
        button.click(greet, [name, greeting], out, api_name="inner", api_visibility="private")
    return demo


@pytest.fixture(scope="module")
def served():
    demo = build()
    demo.launch(prevent_thread_lock=True, quiet=True, server_name="127.0.0.1")
    yield demo
    demo.close()


class Snippets(HTMLParser):
    """The text of every ``<pre><code>`` under a ``<h5 id="snippet-<endpoint>-<client>">``."""

    def __init__(self):
        super().__init__()
        self.found: dict[tuple[str, str], str] = {}
        self.headings: list[tuple[str, str]] = []
        self._key = None
        self._in = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if re.fullmatch(r"h[1-6]", tag):
            self._in, self._text = tag, []
            match = re.fullmatch(r"snippet-(.+)-(blocks_client|python|curl)", attrs.get("id") or "")
            if match:
                self._key = (match[1], match[2])
        elif tag == "code" and self._key and self._in is None:
            self._in, self._text = "code", []

    def handle_endtag(self, tag):
        if tag == self._in:
            text = "".join(self._text)
            if tag == "code":
                self.found[self._key] = text
                self._key = None
            else:
                self.headings.append((tag, " ".join(text.split())))
            self._in = None

    def handle_data(self, data):
        if self._in:
            self._text.append(data)


def read_page(url):
    response = requests.get(url + "?view=api", timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/html")
    parser = Snippets()
    parser.feed(response.text)
    return response.text, parser


def test_the_page_lists_public_endpoints_with_their_parameters(served):
    html, parser = read_page(served.local_url)
    assert ("h1", "Use via API") in parser.headings
    endpoint_headings = [text for tag, text in parser.headings if tag == "h3"]
    assert endpoint_headings == ["/greet", "/scale", "/size"]  # not undocumented, not private
    assert "Greet someone." in html and "A second paragraph" not in html
    # parameters: name, type, default, component
    assert re.search(r"<code>greeting</code></th>\s*<td><code>str</code>", html)
    assert re.search(r"<code>greeting</code>.*?<code>&#34;Hello&#34;</code>", html, re.S)
    assert "Slider (Factor)" in html and "Image (Picture)" in html
    assert "<code>filepath</code>" in html
    assert set(parser.found) == {(e, c.key) for e in ("greet", "scale", "size") for c in CLIENTS}


def _run(command, cwd, **kwargs):
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60,
                          **kwargs)


def expected_results(url) -> dict:
    """What each endpoint gives for its parameters' example values (the snippets' values)."""
    info = requests.get(url + "info", timeout=10).json()["named_endpoints"]

    def values(endpoint):
        return [p["parameter_default"] if p["parameter_has_default"] and
                p["parameter_default"] not in (None, "", [], {}) else p["example_input"]
                for p in info[endpoint]["parameters"]]

    name, greeting = values("/greet")
    x, factor = values("/scale")
    assert (greeting, x, factor) == ("Hello", 3, 2)  # the components' values
    return {"greet": f"{greeting}, {name}!", "scale": x * factor, "size": "1x1"}


def test_every_python_snippet_runs(served, tmp_path):
    _, parser = read_page(served.local_url)
    (tmp_path / "example.png").write_bytes(PNG)
    expected = expected_results(served.local_url)
    ran = set()
    for (endpoint, client), code in parser.found.items():
        if client not in ("python", "blocks_client"):
            continue
        ran.add(client)
        module = "blocks_client" if client == "blocks_client" else "gradio_client"
        assert code.startswith(f"from {module} import Client"), code
        assert served.local_url in code and f"api_name='/{endpoint}'" in code
        done = _run([sys.executable, "-c", code], tmp_path)
        assert done.returncode == 0, (endpoint, code, done.stderr)
        printed = done.stdout.strip().splitlines()[-1]  # after "Loaded as API: ..."
        wanted = expected[endpoint]
        assert (float(printed) if endpoint == "scale" else printed) == wanted, (client, endpoint)
    assert ran == {"python", "blocks_client"}


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_every_curl_snippet_runs(served, tmp_path):
    _, parser = read_page(served.local_url)
    (tmp_path / "example.png").write_bytes(PNG)
    expected = expected_results(served.local_url)
    for (endpoint, client), code in parser.found.items():
        if client != "curl":
            continue
        done = _run(["bash", "-e", "-o", "pipefail", "-c", code], tmp_path)
        assert done.returncode == 0, (endpoint, code, done.stderr)
        events = re.findall(r"^event: (\w+)\ndata: (.*)$", done.stdout, re.M)
        assert events and events[-1][0] == "complete", (endpoint, done.stdout)
        assert json.loads(events[-1][1]) == [expected[endpoint]], endpoint


def test_curl_snippet_quotes_what_the_shell_would_read(serve):
    from blocks.api_info import find_endpoint
    with gr.Blocks() as demo:
        text = gr.Textbox(label="T", value="it's $HOME `x` \\ \"q\"")
        text.submit(lambda t: t, text, text, api_name="echo")
    url = serve(demo)
    code = curl_snippet(find_endpoint(demo, "echo"), url)
    done = subprocess.run(["bash", "-c", code], capture_output=True, text=True, timeout=60)
    events = re.findall(r"^event: (\w+)\ndata: (.*)$", done.stdout, re.M)
    assert events[-1] == ("complete", json.dumps(["it's $HOME `x` \\ \"q\""])), \
        (code, done.stdout, done.stderr)


def test_show_api_false_takes_the_page_down(serve):
    url = serve(build(), show_api=False)
    assert requests.get(url + "?view=api", timeout=10).status_code == 404
    page = requests.get(url, timeout=10).text
    assert "Use via API" not in page and "Settings" in page


def test_footer_links_setting(serve):
    url = serve(build(), footer_links=["settings", {"label": "Source", "url": "https://example.org/src"}])
    page = requests.get(url, timeout=10).text
    assert "Use via API" not in page and "Built with Blocks" not in page
    assert '<a href="https://example.org/src">Source</a>' in page
    with pytest.raises(ValueError, match="footer_links"):
        gr.Blocks().launch(footer_links=[{"label": "x", "url": "javascript:alert(1)"}],
                           prevent_thread_lock=True, quiet=True)


class SectionsPlugin:
    @staticmethod
    @gr.hookimpl
    def blocks_api_page_sections(blocks, settings, url):
        return [Section(id="extra", title="Extra tools", html=f"<p>At <code>{url}</code>.</p>")]


def test_plugins_add_sections(serve):
    url = serve(build(), plugins=[SectionsPlugin()])
    html, parser = read_page(url)
    assert ("h2", "Extra tools") in parser.headings
    assert f"<p>At <code>{url}</code>.</p>" in html
