"""The Python examples of the layout, themes, i18n and multipage guides run."""

import re
from pathlib import Path

import pytest

import blocks as gr

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDES = ("layout.md", "themes.md", "i18n.md", "multipage.md")


def examples():
    for guide in GUIDES:
        text = (DOCS / guide).read_text(encoding="utf-8")
        for number, code in enumerate(re.findall(r"```python\n(.*?)```", text, re.S)):
            if code.startswith("import blocks as gr"):  # whole scripts, not fragments
                yield pytest.param(code, id=f"{guide}-{number}")


@pytest.mark.parametrize("code", list(examples()))
def test_guide_example_builds_an_app(code, monkeypatch):
    launched = []
    monkeypatch.setattr(gr.Blocks, "launch", lambda self, **kw: launched.append(kw))
    namespace = {}
    exec(compile(code, "<guide>", "exec"), namespace)
    demo = namespace["demo"]
    assert isinstance(demo, gr.Blocks)
    settings = launched[0] if launched else {}
    app = demo.create_app(**settings).test_client()  # the page and config build
    assert app.get("/").status_code == 200
    config = app.get("/config").json
    assert config["layout"]["children"]
    for page in config["pages"][1:]:
        assert app.get(f"/config?page={page['path']}").status_code == 200


def test_every_guide_has_examples():
    counts = {}
    for param in examples():
        counts[param.id.split("-")[0]] = counts.get(param.id.split("-")[0], 0) + 1
    assert set(counts) == set(GUIDES)
