"""The reference docs cover what the code defines."""

import inspect
import re
from pathlib import Path

from blocks import hookspecs

DOCS = Path(__file__).resolve().parents[2] / "docs"


def test_every_hook_is_in_the_plugin_reference():
    text = (DOCS / "plugins.md").read_text()
    hooks = [name for name, fn in inspect.getmembers(hookspecs, inspect.isfunction)
             if name.startswith("blocks_")]
    assert len(hooks) >= 6
    for name in hooks:
        params = ", ".join(inspect.signature(getattr(hookspecs, name)).parameters)
        assert f"### `{name}({params})`" in text, name


def test_every_hook_has_a_docstring():
    for name, fn in inspect.getmembers(hookspecs, inspect.isfunction):
        if name.startswith("blocks_"):
            assert fn.__doc__ and len(fn.__doc__.strip()) > 20, name


def test_docs_link_to_existing_files():
    for page in DOCS.glob("*.md"):
        for target in re.findall(r"\]\(([^)#:]+\.md)\)", page.read_text()):
            assert (page.parent / target).exists(), f"{page.name} links to {target}"
