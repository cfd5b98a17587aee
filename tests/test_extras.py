"""``pip install "blocks-core[all]"`` names every distribution of the repository.

blocks-core's build (``core/hatch_build.py``) makes the ``all`` extra from the
folders of ``packages/`` and ``plugins/``, so a new distribution is in it without
editing the core. This checks the installed blocks-core's metadata against the
folders (the extra names nothing else: a distribution that does not exist breaks
the install). The install itself is run by ``tests/test_wheels.py``, which follows
the README's lines, this one included.
"""

from __future__ import annotations

import re
import tomllib
from importlib.metadata import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def project(path: Path) -> dict:
    return tomllib.loads(path.read_text())["project"]


def extra(name: str) -> dict[str, str]:
    """Distribution -> requirement, for the requirements of blocks-core's extra ``name``."""
    found = {}
    for requirement in metadata("blocks-core").get_all("Requires-Dist") or []:
        spec, _, marker = requirement.partition(";")
        if re.search(rf"""extra\s*==\s*["']{name}["']""", marker):
            found[re.match(r"[A-Za-z0-9._-]+", spec.strip()).group(0)] = spec.strip()
    return found


def test_the_all_extra_names_every_distribution_folder():
    folders = {project(path)["name"]: project(path)["version"] for group in ("packages", "plugins")
               for path in (ROOT / group).glob("*/pyproject.toml")}
    named = extra("all")
    assert set(named) == set(folders), (
        f"missing from the 'all' extra: {sorted(set(folders) - set(named))}; named but not a "
        f"folder: {sorted(set(named) - set(folders))} (reinstall blocks-core)")
    for name, version in folders.items():
        assert named[name].replace(" ", "") == f"{name}>={version}"


def test_the_other_extras_are_the_declared_ones():
    declared = tomllib.loads((ROOT / "core" / "pyproject.toml").read_text())
    for name, requirements in declared["tool"]["blocks"]["optional-dependencies"].items():
        got = sorted(spec.replace(" ", "") for spec in extra(name).values())
        assert got == sorted(r.replace(" ", "") for r in requirements), name


def test_the_readme_documents_it():
    readme = (ROOT / "README.md").read_text()
    assert 'pip install --find-links dist "blocks-core[all]"' in readme
    assert 'pip install "blocks-core[all]"' in readme
