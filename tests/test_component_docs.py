"""The component reference is generated from the classes, and the committed one is current."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_committed_component_docs_are_current():
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "component_docs.py"),
                             "--check"], capture_output=True, text=True, check=False)
    assert result.returncode == 0, (result.stderr or result.stdout) + (
        "\nRegenerate them: .nox/tests/bin/python tools/component_docs.py")


def test_every_registered_component_is_in_the_reference():
    from blocks.registry import catalog
    from blocks.tree import BlockContext
    text = (ROOT / "docs" / "reference" / "components.md").read_text()
    guide = (ROOT / "docs" / "components.md").read_text()
    for name, cls in catalog().components.items():
        assert f"### `gr.{cls.__name__}`" in text, name
        for spec in cls.EVENTS:
            assert f"| `{spec.name}` | {' '.join(spec.doc.split())}" in text, (name, spec.name)
        if not issubclass(cls, BlockContext):  # layouts are named after the table
            assert f"[`gr.{cls.__name__}`](reference/components.md#" in guide, name
