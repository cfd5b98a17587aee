"""Files through the real server: what a function may return, how files are served, bad names.

One app serves the module; each test attacks one route or rule the way a
hostile page would (docs/deployment.md, "Security").
"""

from __future__ import annotations

import base64
import json
import os
from pathlib import Path

import pytest
import requests
import websocket

import blocks as gr
from blocks.server.launch import Server

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAQAAAAECAIAAAAmkwkpAAAAEklEQVR42mP838AAB0wMDMRwAEzRAYc7k6kdAA"
    "AAAElFTkSuQmCC")
HTML = b"<!doctype html><title>report</title><script>document.title = 'ran'</script>"
FILE_DATA = {"_type": "blocks.FileData"}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("site")
    data = root / "data"
    data.mkdir()
    (data / "ok.png").write_bytes(PNG)
    secret = root / "secret"
    secret.mkdir()
    (secret / "key.png").write_bytes(PNG)
    (root / "secret-link").symlink_to(secret)  # blocked through a symlink: the real path counts
    project = root / "project"
    (project / ".git").mkdir(parents=True)
    (project / ".git" / "config").write_text("[remote] url = secret")
    trusted = root / "trusted"
    trusted.mkdir()
    (trusted / "report.html").write_bytes(HTML)
    outside = Path(os.path.realpath(os.__file__))  # not in the working or temp directory

    with gr.Blocks() as demo:
        name = gr.Textbox()
        image = gr.Image(type="filepath")
        gr.Button().click(lambda n: f"{data}/{n}", name, image)              # fn 0
        gr.Button().click(lambda p: p, name, image)                          # fn 1
        gr.Button().click(lambda p: {"path": p, "meta": FILE_DATA}, name, image)  # fn 2
        gr.Button().click(lambda value: value, image, image)                 # fn 3
    app = demo.create_app(allowed_paths=[str(outside)], blocked_paths=[str(root / "secret-link")])
    server = Server(app, "127.0.0.1", None).start()
    yield {"url": f"http://127.0.0.1:{server.port}/", "root": root, "data": data,
           "secret": secret, "project": project, "trusted": trusted, "outside": outside,
           "demo": demo}
    server.stop()


@pytest.fixture(scope="module")
def strict(site):
    """The same app with a trusted folder and small upload limits."""
    app = site["demo"].create_app(inline_paths=[str(site["trusted"])], max_upload_files=3,
                                  max_upload_size="64kb")
    server = Server(app, "127.0.0.1", None).start()
    yield f"http://127.0.0.1:{server.port}/"
    server.stop()


class Page:
    def __init__(self, url):
        self.ws = websocket.create_connection(url.replace("http", "ws", 1) + "ws", timeout=30)
        assert json.loads(self.ws.recv())["type"] == "session"
        self.count = 0

    def send(self, message) -> list[dict]:
        """Send a frame; the frames it got, up to its ``done`` or ``error``."""
        self.ws.send(json.dumps(message))
        frames = []
        while not frames or frames[-1]["type"] not in ("done", "error", "pong"):
            frames.append(json.loads(self.ws.recv()))
        return frames

    def run(self, fn, value) -> list[dict]:
        self.count += 1
        return self.send({"type": "event", "id": f"j{self.count}", "fn": fn, "data": [value]})

    def alive(self) -> bool:
        return self.send({"type": "ping"})[-1]["type"] == "pong"


@pytest.fixture
def page(site):
    client = Page(site["url"])
    yield client
    client.ws.close()


def refused(frames, *words):
    done = frames[-1]
    assert done["type"] == "done" and done["state"] == "failed", frames
    message = done["error"]["message"]
    for word in words:
        assert word in message, message
    return message


def served_url(frames) -> str:
    assert frames[-1]["state"] == "completed", frames
    return frames[-2]["data"][0]["value"]["url"]


# -- 1. paths a function returns ---------------------------------------------------------
def test_traversal_out_of_a_folder_is_refused_with_the_setting_that_would_allow_it(site, page):
    depth = len(site["data"].parts) - 1
    frames = page.run(0, "../" * depth + "proc/self/environ")
    message = refused(frames, "proc/self/environ", "allowed_paths")
    assert "PATH=" not in json.dumps(frames) and "url" not in json.dumps(frames)
    assert "Cannot serve" in message
    # the same path returned as a FileData dict (no copying component in between)
    refused(page.run(2, "/proc/self/environ"), "/proc/self/environ", "allowed_paths")


def test_files_in_the_temp_directory_or_allowed_paths_are_served(site, page):
    url = served_url(page.run(0, "ok.png"))
    assert requests.get(site["url"].rstrip("/") + url, timeout=10).content == PNG
    url = served_url(page.run(2, str(site["outside"])))
    body = requests.get(site["url"].rstrip("/") + url, timeout=10).content
    assert body == site["outside"].read_bytes()


def test_blocked_paths_win_even_through_a_symlink(site, page):
    real = site["secret"] / "key.png"
    refused(page.run(1, str(real)), "blocked_paths")
    refused(page.run(2, str(real)), "blocked_paths")
    refused(page.run(1, str(site["root"] / "secret-link" / "key.png")), "blocked_paths")
    response = requests.get(f"{site['url']}file={real}", timeout=10)
    assert response.status_code == 404


def test_dot_names_are_refused(site, page):
    config = site["project"] / ".git" / "config"
    refused(page.run(1, str(config)), "'.'")
    refused(page.run(2, str(config)), "'.'")
    assert requests.get(f"{site['url']}file={config}", timeout=10).status_code == 404


def test_a_file_the_app_gave_out_may_come_back(site, page):
    first = page.run(0, "ok.png")
    value = first[-2]["data"][0]["value"]
    again = page.run(3, value)
    assert again[-1]["state"] == "completed", again


def test_static_paths_are_served_as_they_are(tmp_path):
    assets = tmp_path / "assets"
    assets.mkdir()
    (assets / "logo.png").write_bytes(PNG)
    (assets / ".hidden.png").write_bytes(PNG)
    with gr.Blocks() as demo:
        gr.Textbox()
    server = Server(demo.create_app(), "127.0.0.1", None).start()
    base = f"http://127.0.0.1:{server.port}/"
    try:
        assert requests.get(f"{base}file={assets / 'logo.png'}", timeout=10).status_code == 404
        gr.set_static_paths([str(assets)])
        response = requests.get(f"{base}file={assets / 'logo.png'}", timeout=10)
        assert response.status_code == 200 and response.content == PNG
        assert requests.get(f"{base}file={assets / '.hidden.png'}", timeout=10).status_code \
            == 404
    finally:
        gr.set_static_paths([])
        server.stop()


# -- 2. how files are served ------------------------------------------------------------------
def upload(site, name, body, mime="application/octet-stream"):
    response = requests.post(site["url"] + "upload", files={"files": (name, body, mime)},
                             timeout=10)
    return response


def test_every_file_has_nosniff_and_a_sandbox_and_active_types_are_downloads(site):
    for name, body, mime in (("page.html", HTML, "text/html"),
                             ("drawing.svg", (b"<svg xmlns='http://www.w3.org/2000/svg'>"
                                              b"<script>alert(1)</script></svg>"),
                              "image/svg+xml"),
                             ("data.xml", b"<x/>", "text/xml"),
                             ("page.xhtml", HTML, "application/xhtml+xml"),
                             ("code.js", b"alert(1)", "text/javascript"),
                             ("blob.unknownext", b"<script>alert(1)</script>", "")):
        saved = upload(site, name, body, mime).json()[0]
        response = requests.get(f"{site['url']}file={saved['path']}", timeout=10)
        assert response.status_code == 200 and response.content == body
        headers = response.headers
        assert headers["X-Content-Type-Options"] == "nosniff", name
        assert "sandbox" in headers["Content-Security-Policy"].split("; "), name
        assert "default-src 'none'" in headers["Content-Security-Policy"], name
        assert headers["Content-Disposition"].startswith("attachment"), name
        assert not headers["Content-Type"].startswith(("text/html", "text/xml",
                                                       "application/xhtml", "text/javascript"))


def test_plain_images_and_text_are_shown_inline(site):
    for name, body in (("pic.png", PNG), ("notes.txt", b"hello")):
        saved = upload(site, name, body).json()[0]
        response = requests.get(f"{site['url']}file={saved['path']}", timeout=10)
        assert "attachment" not in response.headers.get("Content-Disposition", ""), name
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert "sandbox" in response.headers["Content-Security-Policy"]


def test_inline_paths_are_shown_in_a_sandbox_that_runs_scripts(site, strict):
    path = site["trusted"] / "report.html"
    # trusting a folder does not serve it: the file must be handed out (or allowed) too
    assert requests.get(f"{strict}file={path}", timeout=10).status_code == 404
    client = Page(strict)
    url = served_url(client.run(2, str(path)))
    client.ws.close()
    response = requests.get(strict.rstrip("/") + url, timeout=10)
    assert response.headers["Content-Type"].startswith("text/html")
    assert "attachment" not in response.headers.get("Content-Disposition", "")
    assert response.headers["Content-Security-Policy"].startswith("sandbox allow-scripts")
    assert response.headers["X-Content-Type-Options"] == "nosniff"


# -- 3. NUL bytes and over-long names ------------------------------------------------------
@pytest.mark.parametrize("path", ["file=/tmp/a%00b", "file=/" + "a" * 5000,
                                  "file=/tmp/" + "b" * 300 + "/c", "assets/blocks/x%00.js",
                                  "page%00name", "file=/tmp/%00"])
def test_bad_names_in_urls_get_a_4xx(site, path):
    response = requests.get(site["url"] + path, timeout=10)
    assert 400 <= response.status_code < 500, (path, response.status_code)


def test_uploads_without_max_file_size_are_capped_by_default(site):
    files = [("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(101)]
    response = requests.post(site["url"] + "upload", files=files, timeout=30)
    assert response.status_code == 413 and "max_upload_files" in response.json()["error"]


def test_bad_names_in_uploads(site):
    response = upload(site, "a\x00b.txt", b"x")
    assert response.status_code == 400 and "NUL" in response.json()["error"]
    response = upload(site, "c" * 300 + ".txt", b"x")
    assert response.status_code == 200, response.text
    saved = response.json()[0]
    assert len(Path(saved["path"]).name.encode()) <= 255 and saved["path"].endswith(".txt")
    response = upload(site, ".env", b"x")
    assert not Path(response.json()[0]["path"]).name.startswith(".")


def test_bad_names_in_websocket_values_get_an_error_frame(site, page):
    for path, why in (("/tmp/a\x00b", "NUL"), ("/tmp/" + "x" * 10_000, "longer"),
                      ("/" + "y/" * 3000, "longer")):
        frames = page.run(3, {"path": path, "meta": FILE_DATA})  # an input naming the path
        assert frames[-1]["type"] == "error", frames
        refused(page.run(1, path), why)  # a function returning it
        refused(page.run(2, path), why)
    assert page.alive()


def test_uploads_have_a_cap_on_files_and_bytes(strict):
    url = strict + "upload"
    files = [("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(4)]
    response = requests.post(url, files=files, timeout=10)
    assert response.status_code == 413 and "max_upload_files" in response.json()["error"]
    response = requests.post(url, files={"files": ("big.bin", b"z" * 100_000)}, timeout=10)
    assert response.status_code == 413 and "max_upload_size" in response.json()["error"]
    many = [("files", (f"f{i}.txt", b"x", "text/plain")) for i in range(100)]
    response = requests.post(url, files=many, timeout=30)
    assert response.status_code == 413 and "max_upload_files" in response.json()["error"]
