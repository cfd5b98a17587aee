"""``blocks/providers.json`` (the missing-package hint) matches what the distributions register.

blocks-core's build collects the file from the ``[tool.blocks]`` table of each
distribution's ``pyproject.toml`` (``core/hatch_build.py``). The test environment
has every distribution of the repository installed; for each one, what its
plugins register is compared with the file, so adding a component or theme to a
package without listing it in its ``[tool.blocks]`` (or listing one it does not
register) fails here.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from blocks.registry import catalog, providers

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = sorted(p.parent for group in ("packages", "plugins")
                 for p in (ROOT / group).glob("*/pyproject.toml"))


def distribution_name(folder: Path) -> str:
    return tomllib.loads((folder / "pyproject.toml").read_text())["project"]["name"]


REPOSITORY = {distribution_name(folder): folder for folder in FOLDERS}


def registered() -> dict[str, dict[str, set[str]]]:
    """Distribution -> {"components": class names and aliases, "themes": theme names}."""
    registry = catalog()
    found: dict[str, dict[str, set[str]]] = {}
    for plugin, kinds in registry.provided.items():
        dist = registry.pm.blocks_info[plugin].distribution
        entry = found.setdefault(dist, {"components": set(), "themes": set()})
        for cls in kinds.get("components", []):
            entry["components"].update((cls.__name__, *cls.ALIASES))
        # other gr.<Name> objects (gr.ChatMessage) are listed with the components
        entry["components"].update(obj.__name__ for obj in kinds.get("exports", []))
        entry["themes"].update(cls.name for cls in kinds.get("themes", []))
    return found


def test_the_file_is_what_the_pyprojects_declare():
    """The installed file is fresh: one entry per folder, its ``[tool.blocks]`` names."""
    declared = {}
    for name, folder in REPOSITORY.items():
        data = tomllib.loads((folder / "pyproject.toml").read_text())
        hint = data.get("tool", {}).get("blocks", {})
        declared[name] = {"version": data["project"]["version"],
                          **{kind: hint[kind] for kind in ("components", "themes", "planned")
                             if hint.get(kind)}}
    assert providers() == declared, (
        "blocks/providers.json differs from the [tool.blocks] tables: reinstall blocks-core "
        "(`python3 tools/dev.py test` does when a pyproject.toml changes)")


def test_the_file_is_well_formed():
    data = providers()
    assert data, "no distribution listed"
    seen: dict[str, str] = {}
    for dist, entry in data.items():
        assert dist.startswith("blocks-"), dist
        assert set(entry) <= {"version", "components", "themes", "planned"}, dist
        for kind, names in entry.items():
            if kind == "version":
                continue
            assert names and len(names) == len(set(names)), (dist, kind)
            for name in names:
                key = f"{'theme' if kind == 'themes' else 'component'} {name}"
                assert key not in seen, f"{key} is listed for {seen.get(key)} and {dist}"
                seen[key] = dist


@pytest.mark.parametrize("dist", sorted(REPOSITORY))
def test_what_a_distribution_registers_is_listed(dist):
    from importlib.metadata import PackageNotFoundError, distribution
    try:
        distribution(dist)
    except PackageNotFoundError:
        pytest.fail(f"{dist} is not installed in the test environment")
    # a plugin that adds only routes or hooks (blocks-mcp) registers no component or theme
    provided = registered().get(dist, {"components": set(), "themes": set()})
    entry = providers().get(dist, {})
    for kind in ("components", "themes"):
        listed = set(entry.get(kind, []))
        assert provided[kind] <= listed, (
            f"{dist} registers {kind} {sorted(provided[kind] - listed)} that "
            "the [tool.blocks] table of its pyproject.toml does not list")
        assert listed <= provided[kind], (
            f"[tool.blocks] of {dist} lists {kind} {sorted(listed - provided[kind])}, which it "
            f"does not register (move them to 'planned' until it does)")
    planned = set(entry.get("planned", []))
    assert not planned & provided["components"], (
        f"{dist} now registers {sorted(planned & provided['components'])}: move them from "
        "'planned' to 'components' in its [tool.blocks] table")


def test_the_core_registers_nothing_listed_for_another_distribution():
    core = registered()["blocks-core"]
    for dist, entry in providers().items():
        names = set(entry.get("components", [])) | set(entry.get("planned", []))
        assert not core["components"] & names, dist
        assert not core["themes"] & set(entry.get("themes", [])), dist
