"""The page bundle (blocks.server.bundle): modules rewritten into one, run by Node as a
browser would run it, what stays out of it, and how the server hands it out."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess

import pytest

import blocks as gr
from blocks.server import bundle as bundle_module
from blocks.server.bundle import Unbundleable, link, make_bundle

# Modules in every form the bundler reads, in a package folder "blocks" (the one it bundles)
MODULES = {
    "base.js": (
        "// import.meta.url in a comment, and import( in one too\n"
        "let counter = 0;\n"
        "export function next() { return ++counter; }\n"
        "export async function later() { return 'later'; }\n"
        "export class Thing {}\n"
        "export const ANSWER = 42;\n"
        "const hidden = 'h';\n"
        "const shown = 's';\n"
        "export { hidden as renamed, shown };\n"
        "export default function main() { return 'main'; }\n"),
    "parts/widget.js": (
        "import main, { next, Thing as Base,\n"
        "  ANSWER } from \"../base.js\";\n"
        "import * as everything from '../base.js';\n"
        "import \"../side.js\";\n"
        "export default class Widget extends Base {}\n"
        "export const here = import.meta.url;\n"
        "export const load = () => import(\"./lazy.js\");\n"
        "export const facts = [main(), next(), next(), ANSWER, everything.renamed,\n"
        "                      everything.shown, typeof everything.later];\n"),
    "side.js": "globalThis.sideEffects = (globalThis.sideEffects || 0) + 1;\n",
    "parts/lazy.js": "export const lazy = 'loaded by URL';\n",
    "anonymous.js": "export default class extends Object {}\n",
    "expression.js": "export default [1, 2]\n  .map((x) => x * 2);\n",
    "throws.js": "import { next } from './base.js';\nnext();\nthrow new Error('boom');\n",
    "after.js": "import './throws.js';\nexport const never = 1;\n",
}


def write_modules(root, modules=MODULES):
    for name, text in modules.items():
        path = root / "blocks" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)


def reader(root):
    def read(module):
        path = root / module
        return path.read_text() if path.is_file() else None
    return read


NODE_CHECK = """\
import { load } from "./page-bundle/bundle.mjs";
const result = {};
for (const name of %s) {
  try {
    const module = load(name);
    result[name] = module === undefined ? "missing" : Object.keys(module).sort();
  } catch (error) {
    result[name] = "failed: " + error.message;
  }
}
const widget = load("blocks/parts/widget.js");
result.widget = {
  facts: widget.facts,
  here: widget.here.endsWith("/blocks/parts/widget.js"),
  lazy: (await widget.load()).lazy,
  default: widget.default.name,
  extends: Object.getPrototypeOf(widget.default) === load("blocks/base.js").Thing,
  side: globalThis.sideEffects,
  anonymous: typeof load("blocks/anonymous.js").default,
  expression: load("blocks/expression.js").default,
};
console.log(JSON.stringify(result));
"""


def test_a_bundle_runs_as_its_modules_would(tmp_path):
    node = shutil.which("node")
    if node is None:
        pytest.skip("Node.js runs this test's bundle; it is not installed here")
    write_modules(tmp_path)
    names = [f"blocks/{name}" for name in MODULES]
    made = make_bundle("v-test", names, reader(tmp_path))
    assert made.modules.index("blocks/base.js") < made.modules.index("blocks/parts/widget.js")
    (tmp_path / "page-bundle").mkdir()
    (tmp_path / "page-bundle" / "bundle.mjs").write_text(made.text)
    # Node reads .js files as CommonJS: the lazy module, loaded by its own URL, is ESM
    (tmp_path / "package.json").write_text('{"type": "module"}')
    (tmp_path / "check.mjs").write_text(NODE_CHECK % json.dumps(names))
    result = json.loads(subprocess.run([node, str(tmp_path / "check.mjs")], check=True,
                                       capture_output=True, text=True).stdout)
    assert result["blocks/base.js"] == ["ANSWER", "Thing", "default", "later", "next",
                                        "renamed", "shown"]
    assert result["blocks/parts/widget.js"] == ["default", "facts", "here", "load"]
    assert result["blocks/throws.js"] == "failed: boom"  # kept, and raised to who asks
    assert result["blocks/after.js"] == "failed: boom"
    assert result["widget"] == {
        "facts": ["main", 1, 2, 42, "h", "s", "function"], "here": True,
        "lazy": "loaded by URL", "default": "Widget", "extends": True, "side": 1,
        "anonymous": "function", "expression": [2, 4]}


@pytest.mark.parametrize("text, why", [
    ("export let x = 1;\n", "does not read"),
    ("export * from './base.js';\n", "does not read"),
    ("export { a } from './base.js';\n", "exports from another module"),
    ("var shared = 1;\n", "var at the top level"),
    ("import x from 'library';\n", "not a relative path"),
    ("import x from '../../outside.js';\n", "outside the static folders"),
    ("const u = import.meta.resolve('./x.js');\n", "import.meta otherwise"),
    ("import {\n  x, // a comment\n} from './base.js';\n", "does not read"),
])
def test_a_module_written_otherwise_is_left_out(text, why):
    with pytest.raises(Unbundleable, match=why):
        link("blocks/odd.js", text)


def test_what_is_left_out_takes_its_importers_along_and_other_packages_stay_out(tmp_path):
    write_modules(tmp_path, {"base.js": "export const a = 1;\n",
                             "odd.js": "export let b = 2;\n",
                             "uses_odd.js": "import { b } from './odd.js';\n",
                             "uses_user.js": "import './uses_odd.js';\n",
                             "fine.js": "import { a } from './base.js';\n"})
    (tmp_path / "pkg").mkdir()
    (tmp_path / "pkg" / "c.js").write_text("export const c = 3;\n")
    closure = ["blocks/uses_user.js", "blocks/fine.js", "pkg/c.js", "blocks/uses_odd.js",
               "blocks/base.js", "blocks/odd.js"]  # as PageAssets.needs finds them
    made = make_bundle("v-test", closure, reader(tmp_path))
    assert made.modules == ["blocks/base.js", "blocks/fine.js"]
    assert make_bundle("v-test", ["pkg/c.js"], reader(tmp_path)) is None


def test_an_import_cycle_is_not_bundled(tmp_path):
    write_modules(tmp_path, {"a.js": "import './b.js';\n", "b.js": "import './a.js';\n"})
    assert make_bundle("v-test", ["blocks/a.js", "blocks/b.js"], reader(tmp_path)) is None


# --- the server -------------------------------------------------------------------------

def greet_app():
    with gr.Blocks() as demo:
        name = gr.Textbox(label="Name")
        out = gr.Textbox(label="Greeting")
        gr.Button("Greet").click(lambda n: f"Hello, {n}!", name, out)
        with demo.route("Second"):
            gr.Slider(label="Size")
    return demo


def page_bundle(html: str) -> tuple[str, dict]:
    """The bundle's URL and the import map that a page shell names."""
    url = re.search(r'<link rel="modulepreload" href="([^"]+/page-bundle/[0-9a-f]+\.js)">',
                    html).group(1)
    found = re.search(r'<script type="importmap">(.*?)</script>', html, re.S).group(1)
    return url, json.loads(found)


def test_the_page_names_one_bundle_and_maps_its_modules_to_facades():
    client = greet_app().create_app().test_client()
    html = client.get("/").text
    url, import_map = page_bundle(html)
    assert not re.findall(r'<link rel="modulepreload" href="(?![^"]+/page-bundle/)', html)
    assert f'import {{ load }} from "{url}";' in html
    mapped = {key.split("/blocks/", 1)[1]: value for key, value in
              import_map["imports"].items()}
    assert {"runtime.js", "base.js", "runtime/jobs.js", "components/textbox.js",
            "components/button.js", "components/navbar.js", "pages.js"} == set(mapped)
    answer = client.get(url, headers={"Accept-Encoding": "gzip"})
    assert answer.status_code == 200 and answer.mimetype == "text/javascript"
    assert answer.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    text = gzip.decompress(answer.data).decode()
    assert text == client.get(url).text and "// --- blocks/components/textbox.js" in text
    facade = client.get(mapped["base.js"])
    assert facade.status_code == 200 and facade.mimetype == "text/javascript"
    assert "export const { BlocksElement," in facade.text
    assert 'from "../../' in facade.text  # the bundle, whatever the app's root path
    second = page_bundle(client.get("/second").text)[0]
    assert second != url and "components/slider.js" in client.get(second).text


def test_unknown_bundles_and_facades_are_not_found():
    client = greet_app().create_app().test_client()
    url, import_map = page_bundle(client.get("/").text)
    prefix = url.rsplit("/", 1)[0]
    facade = next(iter(import_map["imports"].values()))
    for wrong in (f"{prefix}/0123456789abcdef.js", f"{prefix}/{url.rsplit('/', 1)[1][:-3]}",
                  facade.replace("/blocks/", "/blocks/../../"),
                  facade.rsplit("/blocks/", 1)[0] + "/blocks/components/slider.js",
                  facade.rsplit("/blocks/", 1)[0] + "/../../blocks/base.js"):
        assert client.get(wrong).status_code == 404, wrong


def test_another_process_serves_a_bundle_it_did_not_make(monkeypatch):
    url, import_map = page_bundle(greet_app().create_app().test_client().get("/second").text)
    other = greet_app().create_app().test_client()  # the same app in another process
    made = []
    real = bundle_module.make_bundle
    monkeypatch.setattr("blocks.server.page_assets.make_bundle",
                        lambda *a: made.append(1) or real(*a))
    assert other.get(url).status_code == 200
    assert other.get(next(iter(import_map["imports"].values()))).status_code == 200
    count = len(made)
    assert other.get(url.rsplit("/", 1)[0] + "/0123456789abcdef.js").status_code == 404
    assert len(made) == count  # unknown keys do not make the pages' bundles again
