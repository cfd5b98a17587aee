"""``pip install "blocks-core[all]"`` names every distribution of the repository.

A package or plugin folder added to ``packages/`` or ``plugins/`` must be added to
the ``all`` extra of ``core/pyproject.toml`` (and the extra names nothing else: a
distribution that does not exist breaks the install). The install itself is run by
``tests/test_wheels.py``, which follows the README's lines, this one included.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project(path: Path) -> dict:
    return tomllib.loads(path.read_text())["project"]


def test_the_all_extra_names_every_distribution_folder():
    folders = {project(path)["name"] for group in ("packages", "plugins")
               for path in (ROOT / group).glob("*/pyproject.toml")}
    extra = project(ROOT / "core" / "pyproject.toml")["optional-dependencies"]["all"]
    named = {re.match(r"[A-Za-z0-9._-]+", requirement).group(0) for requirement in extra}
    assert named == folders, (f"add to the 'all' extra: {sorted(folders - named)}; "
                              f"remove from it: {sorted(named - folders)}")


def test_the_readme_documents_it():
    readme = (ROOT / "README.md").read_text()
    assert 'pip install --find-links dist "blocks-core[all]"' in readme
    assert 'pip install "blocks-core[all]"' in readme
