"""The page shell: its inlined config, the modules it preloads, its stylesheets, and
the versioned, cached and compressed static files it names (Flask's test client)."""

from __future__ import annotations

import gzip
import json
import re

import blocks as gr
from blocks.server.page_assets import PageAssets

CONFIG = re.compile(r'<script type="application/json" id="blocks-config">(.*?)</script>', re.S)
HOSTILE = "</script><script>alert(1)</script><!-- <script> & \u2028 '\""


def greet_app(label="Name"):
    with gr.Blocks() as demo:
        name = gr.Textbox(label=label)
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, out)
        with demo.route("Second"):
            gr.Slider(label="Size")
    return demo


def inlined(html: str) -> dict:
    found = CONFIG.findall(html)
    assert len(found) == 1
    return json.loads(found[0])


def versioned(html: str, name: str) -> str:
    return re.search(rf'"(/assets/v-[0-9a-f]+/blocks/{re.escape(name)})"', html).group(1)


def test_the_page_carries_the_config_of_config():
    client = greet_app().create_app().test_client()
    assert inlined(client.get("/").text) == client.get("/config").json
    second = inlined(client.get("/second").text)
    assert second == client.get("/config?page=second").json
    assert "slider" in {component["type"] for component in second["components"]}


def test_a_hostile_label_cannot_end_the_config_script():
    client = greet_app(label=HOSTILE).create_app().test_client()
    html = client.get("/").text
    assert "<script>alert(1)" not in html and "<!--" not in html.split("<body>")[0]
    labels = {c["props"].get("label") for c in inlined(html)["components"]}
    assert HOSTILE in labels


def test_a_config_that_cannot_be_made_leaves_the_page_to_ask_for_it():
    class Unshowable(gr.Textbox):
        def get_props(self):
            raise RuntimeError("this component cannot describe itself")

    with gr.Blocks() as demo:
        Unshowable(label="Broken")
    client = demo.create_app().test_client()
    page = client.get("/")
    assert page.status_code == 200 and not CONFIG.search(page.text)
    assert client.get("/config").status_code == 500  # what the page then shows


def test_the_page_holds_its_stylesheets():
    # (its modules come in one bundle: core/tests/test_bundle.py)
    client = greet_app().create_app().test_client()
    html = client.get("/").text
    import_map = re.search(r'<script type="importmap">(.*?)</script>', html).group(1)
    assert "components/slider.js" not in import_map  # the other page's
    styles = re.findall(r'<style data-href="([^"]+)">', html)
    assert [url.split("/blocks/", 1)[1] for url in styles] == [
        "blocks.css", "components/navbar.css", "components/button.css"]
    assert '<link rel="stylesheet"' not in html
    second = client.get("/second").text
    assert "components/slider.js" in second and "components/slider.css" in second


def test_versioned_static_files_are_kept_for_a_year_and_gzipped():
    client = greet_app().create_app().test_client()
    url = versioned(client.get("/").text, "runtime.js")
    response = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert response.status_code == 200 and response.mimetype == "text/javascript"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    plain = client.get(url)
    assert "Content-Encoding" not in plain.headers
    assert gzip.decompress(response.data) == plain.data == client.get(
        "/assets/blocks/runtime.js").data
    again = client.get(url, headers={"If-None-Match": response.headers["ETag"]})
    assert again.status_code == 304 and not again.data
    # the plain URL, or an old version's, is revalidated each time
    for other in ("/assets/blocks/runtime.js", "/assets/v-000000000000/blocks/runtime.js"):
        answer = client.get(other)
        assert answer.status_code == 200 and answer.headers["Cache-Control"] == "no-cache"
        assert answer.headers["ETag"]


def test_versioned_urls_stay_inside_the_static_folders():
    client = greet_app().create_app().test_client()
    prefix = versioned(client.get("/").text, "runtime.js").rsplit("/blocks/", 1)[0]
    for path in ("/blocks/../__init__.py", "/blocks/..%2f__init__.py", "/nothing/x.js",
                 "/blocks/", "/blocks", "/../blocks/runtime.js"):
        assert client.get(prefix + path).status_code == 404, path


def test_the_page_is_gzipped_and_never_kept_by_shared_caches():
    client = greet_app().create_app().test_client()
    page = client.get("/", headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"] == "private, no-cache"
    assert gzip.decompress(page.data).decode() == client.get("/").text


def test_the_version_changes_with_the_files(tmp_path):
    (tmp_path / "a.js").write_text("export const a = 1;\n")
    assets = PageAssets({"pkg": tmp_path})
    first = assets.version()
    (tmp_path / "a.js").write_text("export const a = 22;\n")
    assets._version = ("", 0.0)  # as when the reuse period has passed
    assert assets.version() != first and assets.version().startswith("v-")


def test_imports_and_stylesheets_are_followed_inside_the_static_folders(tmp_path):
    (tmp_path / "parts").mkdir()
    (tmp_path / "a.js").write_text(
        'import { b } from "./parts/b.js";\n'
        'import "./side.js";\n'
        'export {\n  c,\n} from "./c.js";\n'
        'import { gone } from "./missing.js";\n'
        'import { out } from "../../outside.js";\n'
        'stylesheet(new URL("./a.css", import.meta.url));\n'
        'const later = () => import("./lazy.js");\n')
    (tmp_path / "parts" / "b.js").write_text('import { a } from "../a.js";\n'
                                            'stylesheet(new URL("./b.css", import.meta.url));\n')
    for name in ("side.js", "c.js", "lazy.js"):
        (tmp_path / name).write_text("export const x = 1;\n")
    (tmp_path / "a.css").write_text(".a { color: red; }\n")
    (tmp_path / "parts" / "b.css").write_text('.b { background: url("./b.png"); }\n')
    assets = PageAssets({"pkg": tmp_path, "blocks": tmp_path / "none"})
    modules, sheets = assets.needs(["pkg/a.js", "pkg/../../etc/passwd.js", None])
    assert modules == ["pkg/a.js", "pkg/parts/b.js", "pkg/side.js", "pkg/c.js"]
    assert sheets == ["pkg/a.css", "pkg/parts/b.css"]
    assert assets.inline_text("pkg/a.css") == ".a { color: red; }\n"
    assert assets.inline_text("pkg/parts/b.css") is None  # url(): linked, not inlined
